/**
 * `cdk-fastapi-gke synth` and `plan` in an app repository made by `init`, run as a user runs them: npm scripts, the
 * bin, and the cdk8s and cdktf CLIs through cdk8s.yaml and cdktf.json. The folder links this repository's
 * node_modules (no install); test/app-repo/scaffold.test.ts does the same from the packed tarball.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, cli, errorLines, linkNodeModules, run } from '../helpers/app-repo';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'app-synth-'));
const app = path.join(tmp, 'orders');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  fs.mkdirSync(app);
  expect(cli(['init'], app).status).toBe(0);
  linkNodeModules(app);
});

const npm = (...args: string[]) => run('npm', args, app);
const synth = (...args: string[]) => run(path.join(app, 'node_modules/.bin/cdk-fastapi-gke'), ['synth', ...args], app);
const read = (file: string) => fs.readFileSync(path.join(app, file), 'utf8');
const platformFile = path.join(app, 'src/platform.ts');

/** Runs `body` with src/platform.ts edited by `edit`, and puts it back. */
function withPlatform(edit: (text: string) => string, body: () => void): void {
  const original = fs.readFileSync(platformFile, 'utf8');
  fs.writeFileSync(platformFile, edit(original));
  try {
    body();
  } finally {
    fs.writeFileSync(platformFile, original);
  }
}

test('npm run synth compiles, then writes both sides, one file per API, with their reports', () => {
  const r = npm('run', 'synth');
  expect(r.status).toBe(0);
  expect(errorLines(r)).toEqual(['cdk-fastapi-gke: wrote dist/ and cdktf.out/ (staging, production)']);
  expect(r.stderr).toContain('cdk-fastapi-gke: compiling (no record of a previous build)');
  for (const env of ['staging', 'production']) {
    expect(read(`dist/${env}/orders.yaml`)).toMatch(/^kind: HorizontalPodAutoscaler$/m);
    expect(JSON.parse(read(`cdktf.out/stacks/${env}/cdk.tf.json`)).resource.google_container_cluster).toBeDefined();
  }
  expect(JSON.parse(read('dist.checks.json')).summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 0 });
  // Nothing changed: no compiler.
  const again = synth();
  expect(again.status).toBe(0);
  expect(again.stderr).not.toContain('compiling');
}, 120_000);

test("the scaffold's own npm test passes, and npm run check finds nothing", () => {
  const t = npm('test');
  expect(t.stdout).toMatch(/^# pass 2$/m);
  expect(t.status).toBe(0);
  const c = npm('run', 'check');
  expect(c.stdout).toContain('0 errors, 0 warnings');
  expect(c.status).toBe(0);
}, 120_000);

test('--k8s-only loads no cdktf module', () => {
  const probe = path.join(tmp, 'probe.js');
  const out = path.join(tmp, 'loaded.json');
  fs.writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const r = run(process.execPath, ['--require', probe, path.join(ROOT, 'build/lib/cli.js'), 'synth', '--k8s-only', '--outdir', 'dist-k8s'], app);
  expect(r.status).toBe(0);
  const loaded: string[] = JSON.parse(fs.readFileSync(out, 'utf8'));
  expect(loaded.some((m) => m.includes('/cdk8s-plus-28/'))).toBe(true);
  expect(loaded.filter((m) => /\/(cdktf|@cdktf)\//.test(m))).toEqual([]);
  expect(fs.readdirSync(path.join(app, 'dist-k8s')).sort()).toEqual(['_cluster', 'production', 'staging']);
});

test('a wrong prop prints one line, and the last good output stays', () => {
  const before = read('dist/production/orders.yaml');
  withPlatform((t) => t.replace('maxReplicas: 12', 'maxReplicas: 1'), () => {
    const r = synth();
    expect(r.status).toBe(1);
    expect(errorLines(r)).toEqual(["error: WebApi 'orders' in environment 'production': 'autoscaling.maxReplicas' (1) must be at least 'autoscaling.minReplicas' (5)"]);
    expect(r.stdout).toBe('');
  });
  expect(read('dist/production/orders.yaml')).toBe(before);
}, 60_000);

test('a type error prints the compiler\'s message and one line, and nothing is written', () => {
  const before = read('dist/production/orders.yaml');
  withPlatform((t) => t.replace('port: 8000', "port: '8000'"), () => {
    const r = synth();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/src\/platform\.ts\(\d+,\d+\): error TS2322/);
    expect(errorLines(r)).toEqual(['error: the TypeScript build failed (see above); nothing was synthesized']);
  });
  expect(read('dist/production/orders.yaml')).toBe(before);
}, 60_000);

test.each([
  [['--app', 'src/nope.ts'], 'error: src/nope.ts does not exist in'],
  [['--app', 'README.md'], 'error: README.md is not compiled: tsconfig.json includes src/ and test/ only'],
  [['--app', 'test/synth.test.ts'], 'error: test/synth.test.ts must export `platform`, a PlatformSpec ({ apis, environments })'],
])('synth %j: one line', (args, message) => {
  const r = synth(...args);
  expect(r.status).toBe(1);
  expect(errorLines(r)).toHaveLength(1);
  expect(errorLines(r)[0].startsWith(message)).toBe(true);
}, 60_000);

test('a usage mistake prints the usage, exit 2', () => {
  const r = synth('--k8s-only', '--terraform-only');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^error: --k8s-only and --terraform-only exclude each other\nusage: cdk-fastapi-gke synth /);
});

test('npx cdk8s synth (cdk8s.yaml) goes through it: dist/ written, a copy for the CLI, and with the validation plugin no metadata in either', () => {
  fs.appendFileSync(path.join(app, 'cdk8s.yaml'), 'validations:\n  - package: ./node_modules/cdk-fastapi-gke/cdk8s-plugin.js\n    version: 0.1.0\n    class: Cdk8sChecks\n');
  const r = run(path.join(app, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], app);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('.cdk8s.out/production/orders.yaml');
  expect(r.stdout).toContain('Validations ended succesfully'); // sic, the CLI's spelling
  expect(read('.cdk8s.out/production/orders.yaml')).toBe(read('dist/production/orders.yaml'));
  for (const dir of ['dist', '.cdk8s.out']) {
    expect(fs.readdirSync(path.join(app, dir)).sort()).toEqual(['_cluster', 'production', 'staging']); // no construct-metadata.json
    expect(read(`${dir}/production/orders.yaml`)).not.toContain('cdk8s.io/metadata');
  }
}, 120_000);

test('npx cdktf synth (cdktf.json) goes through it', () => {
  fs.rmSync(path.join(app, 'cdktf.out'), { recursive: true, force: true });
  const r = run(path.join(app, 'node_modules/.bin/cdktf'), ['synth'], app);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Generated Terraform code for the stacks: production, staging');
  expect(JSON.parse(read('cdktf.out/stacks/production/cdk.tf.json')).resource.google_container_cluster).toBeDefined();
}, 120_000);

test('npm run plan prints the plan and writes reports/; --format json gives data', () => {
  const r = npm('run', 'plan');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Environment production: node pool e2-standard-2');
  expect(read('reports/plan.md')).toContain('Generated by `npm run plan` from `src/main.ts`.');
  const json = cli(['plan', '--format', 'json'], app);
  expect(JSON.parse(json.stdout).map((p: { environment: string }) => p.environment)).toEqual(['staging', 'production']);
  const wrong = cli(['plan', '--format', 'xml'], app);
  expect(wrong.status).toBe(2);
  expect(wrong.stderr.split('\n')[0]).toBe("error: --format must be table or json, not 'xml'");
}, 60_000);
