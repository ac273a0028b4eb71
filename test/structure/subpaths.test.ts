/**
 * The package's subpaths (package.json `exports`): a Kubernetes-only app imports `cdk-fastapi-gke/k8s`,
 * `/plan`, `/checks` and `/synth/kubernetes`, and none of them loads cdktf or the Google provider, which are
 * optional peers. Each subpath is required in a fresh process, by its package name (Node.js's self-reference), as
 * an app requires it. test/app-repo/scaffold.test.ts installs a Kubernetes-only app from the packed tarball.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The modules a fresh Node.js process has loaded after requiring `specifier`. */
function modulesLoadedBy(specifier: string): string[] {
  const script = `require(${JSON.stringify(specifier)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

const TERRAFORM = /node_modules\/(cdktf|@cdktf)\//;
const CDK8S = /node_modules\/cdk8s(-plus-28)?\//;

test.each([
  ['cdk-fastapi-gke/k8s', true],
  ['cdk-fastapi-gke/synth/kubernetes', true],
  ['cdk-fastapi-gke/plan', false],
  ['cdk-fastapi-gke/checks', false],
  ['cdk-fastapi-gke/cdk8s-plugin', false],
])('%s loads no cdktf module (cdk8s: %s)', (specifier, loadsCdk8s) => {
  const loaded = modulesLoadedBy(specifier);
  expect(loaded.length).toBeGreaterThan(5);
  expect(loaded.filter((m) => TERRAFORM.test(m))).toEqual([]);
  expect(loaded.some((m) => CDK8S.test(m))).toBe(loadsCdk8s);
});

test('the root, /gcp and /synth load cdktf, through deep provider imports only', () => {
  for (const specifier of ['cdk-fastapi-gke', 'cdk-fastapi-gke/gcp', 'cdk-fastapi-gke/synth']) {
    const loaded = modulesLoadedBy(specifier);
    expect(loaded.some((m) => /node_modules\/cdktf\//.test(m))).toBe(true);
    expect(loaded).not.toContain(path.join(ROOT, 'node_modules/@cdktf/provider-google/lib/index.js'));
  }
});

test('every subpath has its file and its types, for Node16 and Node10 module resolution alike', () => {
  const subpaths = Object.keys(pkg.exports).filter((k) => k !== '.' && k !== './package.json');
  expect(subpaths.sort()).toEqual(['./cdk8s-plugin', './checks', './gcp', './k8s', './plan', './synth', './synth/kubernetes']);
  for (const key of ['.', ...subpaths]) {
    const target = pkg.exports[key];
    expect(fs.existsSync(path.join(ROOT, target.default))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, target.types))).toBe(true);
    if (key !== '.') expect(pkg.typesVersions['*'][key.slice(2)]).toEqual([target.types.slice(2)]);
  }
});

test('cdk8s, cdk8s-plus-28 and constructs are peers; cdktf and the provider optional peers; none a dependency', () => {
  expect(Object.keys(pkg.dependencies).sort()).toEqual(['ipaddr.js', 'yaml']);
  expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@cdktf/provider-google', 'cdk8s', 'cdk8s-plus-28', 'cdktf', 'constructs']);
  expect(pkg.peerDependenciesMeta).toEqual({ '@cdktf/provider-google': { optional: true }, cdktf: { optional: true } });
  // The library's own tests and builds use the same versions.
  for (const [name, range] of Object.entries(pkg.peerDependencies)) expect(pkg.devDependencies[name]).toBe(range);
});

test('only lib/gcp/ and the Terraform synth import cdktf or the provider', () => {
  const importers: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts') && /from '(cdktf|@cdktf\/[^']+)'/.test(fs.readFileSync(full, 'utf8'))) importers.push(path.relative(ROOT, full));
    }
  };
  walk(path.join(ROOT, 'lib'));
  expect(importers.filter((f) => !f.startsWith('lib/gcp/'))).toEqual(['lib/synth/terraform.ts']);
});

test('a git install or a pack of a fresh clone builds first; the package holds the build, the templates and the docs', () => {
  expect(pkg.scripts.prepare).toBe('node scripts/run.js --build-only');
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  const files: string[] = JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path);
  expect(files.filter((f) => /^(apps|test|bench|lib|crds)\/|^build\/(?!lib\/)|^build\/.*\.test\.|tsbuildinfo/.test(f))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining([
    'build/lib/index.js', 'build/lib/k8s/index.d.ts', 'build/lib/cli.js', 'cdk8s-plugin.js', 'scripts/run.js', 'scripts/compile-cache.js',
    'README.md', 'docs/app-repos.md', 'templates/app/package.json.tmpl', 'templates/app/test/synth.test.ts.tmpl', 'templates/app/gitignore',
  ]));
}, 60_000);
