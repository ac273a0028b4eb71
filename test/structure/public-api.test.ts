/**
 * The public API is chosen, not everything: each area's index names its exports, helpers shared inside lib/ are
 * `@internal` (stripped from the declarations), and what is left type-checks for a consumer of the built package.
 * `npm test` builds first (`tsc -b`).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as lib from '../../lib';

const ROOT = path.resolve(__dirname, '../..');

test('the root exports the description, the resolver, the constructs, the synth pipeline and the checks', () => {
  for (const name of [
    'WebApi', 'PlatformChart', 'PlatformStack', 'GkePlatformStack', 'resolveWebApi', 'resolveEnvironment', 'synthPlatform',
    'synthKubernetes', 'synthTerraform', 'runMain', 'ConfigError', 'TlsMode', 'defineRule', 'ALL_PACKS', 'suppressCheck', 'planCapacity',
  ]) expect(lib).toHaveProperty(name);
});

test('helpers shared inside lib/ are not exported', () => {
  for (const name of [
    'checkPathPrefix', 'checkEgress', 'gcpChecker', 'checkName', 'collectErrors', 'resolveClusterSettings', 'setResources',
    'approximateResources', 'stringifyDocument', 'saveManifests', 'checkPlatform', 'resolveScaling', 'restrictedCidrProblem', 'block',
  ]) expect(lib).not.toHaveProperty(name);
});

/** Type-checks a consumer of the built package (build/lib) and returns the problems in our own files. */
function checkConsumer(lines: string[]): { files: number; problems: string[] } {
  const consumer = path.join(ROOT, 'build', 'public-api-consumer.ts');
  fs.writeFileSync(consumer, lines.join('\n'));
  try {
    const program = ts.createProgram([consumer], {
      strict: true, noEmit: true, skipLibCheck: false, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'], esModuleInterop: true,
    });
    // Only our own declarations and the consumer: third-party ones are not ours to check.
    const ours = program.getSourceFiles().filter((f) => f.fileName.startsWith(path.join(ROOT, 'build')));
    const problems = ours.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    return { files: ours.length, problems };
  } finally {
    fs.rmSync(consumer);
  }
}

const IMPORTS = [
  "import { App, Chart } from 'cdk8s';",
  "import { App as TfApp } from 'cdktf';",
  "import { PlatformSpec, PlatformStack, TlsMode, WebApi, WebApiModel, resolveWebApi, synthPlatform } from './lib';",
];

test('the built declarations hold no @internal helper and type-check for a consumer', () => {
  expect(fs.readFileSync(path.join(ROOT, 'build/lib/plan/tls.d.ts'), 'utf8')).not.toContain('checkPathPrefix');
  const { files, problems } = checkConsumer([
    ...IMPORTS,
    "const platform: PlatformSpec = { apis: [{ name: 'api', image: 'ghcr.io/a/api:1.0.0', tls: { mode: TlsMode.GATEWAY } }], environments: [] };",
    "const model: WebApiModel = resolveWebApi({ name: 'api', image: 'ghcr.io/a/api:1.0.0' });",
    "new WebApi(new Chart(new App(), 'c'), 'api', { image: model.image });",
    "export const run = () => { synthPlatform(platform); new PlatformStack(new TfApp(), { platform, environment: 'production' }); };",
  ]);
  expect(files).toBeGreaterThan(20);
  expect(problems).toEqual([]);
  // The same check sees a consumer's mistake.
  const wrong = checkConsumer([...IMPORTS, "new WebApi(new Chart(new App(), 'c'), 'api', { image: 1 });"]);
  expect(wrong.problems.join('\n')).toContain("Type 'number' is not assignable to type 'string'");
}, 120_000);
