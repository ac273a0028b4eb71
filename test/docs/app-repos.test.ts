/**
 * docs/app-repos.md and the README promise commands, flags and code: each command and flag they name exists in the
 * real CLI (its usage), the example runs, and the versions it states are the ones init pins. That the commands do
 * what the page says is test/cli/*.test.ts and test/app-repo/scaffold.test.ts, through the same CLI.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT, cli } from '../helpers/app-repo';

const doc = fs.readFileSync(path.join(ROOT, 'docs/app-repos.md'), 'utf8');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Every `cdk-fastapi-gke <command> [--flag...]` the text names, as [command, flags]. */
function invocations(text: string): Array<[string, string[]]> {
  return [...text.matchAll(/cdk-fastapi-gke (init|synth|plan|check)((?: (?:\[?--[a-z0-9-]+\]?|[A-Za-z./-]+))*)/g)]
    .map((m) => [m[1], [...m[2].matchAll(/--[a-z0-9-]+/g)].map((f) => f[0])]);
}

test.each([['docs/app-repos.md', doc], ['README.md', readme]])('every command and flag %s names is in the CLI', (_, text) => {
  const found = invocations(text);
  expect(found.length).toBeGreaterThan(0);
  for (const [command, flags] of found) {
    const usage = cli(command === 'check' ? ['--help'] : [command, '--help'], ROOT).stdout;
    expect(usage).toMatch(new RegExp(`^usage: cdk-fastapi-gke ${command} `));
    for (const flag of flags) expect([command, flag, usage.includes(flag)]).toEqual([command, flag, true]);
  }
});

test('the page states the versions init pins and the package supports', () => {
  expect(pkg.engines.node).toBe('>=20');
  expect(doc).toContain('Node.js 20 or later');
  expect(pkg.devDependencies.typescript).toBe('~5.9.3');
  expect(doc).toContain('TypeScript 5.9: `init` pins `~5.9.3`');
  expect(readme).toContain('[docs/app-repos.md](docs/app-repos.md)');
});

test('the subpaths the page lists are the package exports', () => {
  const listed = [...doc.matchAll(/^\| `(cdk-fastapi-gke[^`]*)` \|/gm)].map((m) => m[1].replace('cdk-fastapi-gke', '.'));
  expect(listed.sort()).toEqual(Object.keys(pkg.exports).filter((k) => k !== './package.json').sort());
});

test('the runMain and writeAtomically example runs, and writes dist/ without construct metadata, even when the cdk8s CLI asks for it', () => {
  const example = /```ts\n([\s\S]*?)```/.exec(doc)![1];
  const js = ts.transpileModule(example, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText
    .replace(/require\("cdk-fastapi-gke\/(k8s|synth\/kubernetes)"\)/g, (_, sub: string) => `require(${JSON.stringify(path.join(ROOT, 'build/lib', sub === 'k8s' ? 'k8s' : 'synth/kubernetes-index'))})`)
    .replace(/require\("cdk8s"\)/g, `require(${JSON.stringify(require.resolve('cdk8s'))})`);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'app-repos-doc-'));
  try {
    fs.writeFileSync(path.join(cwd, 'main.js'), js);
    const r = require('child_process').spawnSync(process.execPath, ['main.js'], { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_RECORD_CONSTRUCT_METADATA: 'true' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(cwd, 'dist'))).toEqual(['orders.k8s.yaml']); // no construct-metadata.json
    const yaml = fs.readFileSync(path.join(cwd, 'dist/orders.k8s.yaml'), 'utf8');
    expect(yaml).toMatch(/^kind: Deployment$/m);
    expect(yaml).not.toContain('cdk8s.io/metadata');
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});
