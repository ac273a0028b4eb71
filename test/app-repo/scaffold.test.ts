/**
 * What a new app team does, from the packed tarball: `npm pack` of a fresh copy of this repository (no build/:
 * `prepare` builds it), then in an empty folder `npx <tarball> init`, `npm install`, `npm run synth` and `npm test`,
 * for a Kubernetes-only app and for a full one in infra/ of a FastAPI repository. The npm registry is reached for
 * the dependencies (cdk8s, TypeScript...; the provider for the full app), preferring npm's cache.
 *
 * As the package is not published, `npm install <tarball>` stands for `npm install`: it installs what package.json
 * names and takes the library from the tarball (package.json then names the file).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, errorLines, run } from '../helpers/app-repo';

jest.setTimeout(300_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-'));
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
let tarball: string;
let npxCache: string;
let npxBefore: Set<string>;

/** The folders in npm's npx cache, so that the ones this test adds can be removed. */
function npxEntries(): Set<string> {
  return new Set(fs.existsSync(npxCache) ? fs.readdirSync(npxCache) : []);
}

beforeAll(() => {
  // A fresh clone of the working tree: what git tracks, and what it would (untracked, not ignored); no build/.
  const clone = path.join(tmp, 'clone');
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!fs.existsSync(from) || fs.lstatSync(from).isSymbolicLink()) continue;
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.copyFileSync(from, path.join(clone, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  expect(fs.existsSync(path.join(clone, 'build'))).toBe(false);
  const pack = run('npm', ['pack', '--json', '--pack-destination', tmp], clone);
  expect(pack.status).toBe(0);
  const packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))[0];
  expect(packed.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['build/lib/cli.js', 'build/lib/k8s/index.js', 'templates/app/src/platform.ts.tmpl']));
  tarball = path.join(tmp, packed.filename);
  npxCache = path.join(run('npm', ['config', 'get', 'cache'], tmp).stdout.trim(), '_npx');
  npxBefore = npxEntries();
});

afterAll(() => {
  for (const entry of npxEntries()) if (!npxBefore.has(entry)) fs.rmSync(path.join(npxCache, entry), { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** `npx <tarball> init ARGS...` in `dir`, then `npm install` (of the tarball). */
function initAndInstall(dir: string, args: string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const init = run('npx', ['--yes', ...NPM_FLAGS, '--package', tarball, 'cdk-fastapi-gke', 'init', ...args], dir);
  expect(init.stderr).toBe('');
  expect(init.status).toBe(0);
  const install = run('npm', ['install', ...NPM_FLAGS, tarball], dir);
  expect(install.status).toBe(0);
}

function expectPasses(dir: string, ...npmArgs: string[]): string {
  const r = run('npm', npmArgs, dir);
  if (r.status !== 0) throw new Error(`npm ${npmArgs.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

test('a Kubernetes-only app: installs without cdktf or the provider, synthesizes, passes its tests', () => {
  const dir = path.join(tmp, 'orders');
  initAndInstall(dir, ['--k8s-only']);
  const installed = fs.readdirSync(path.join(dir, 'node_modules'));
  expect(installed).toEqual(expect.arrayContaining(['cdk-fastapi-gke', 'cdk8s', 'cdk8s-plus-28', 'constructs', 'typescript']));
  expect(installed.filter((name) => /cdktf/.test(name))).toEqual([]);
  expect(expectPasses(dir, 'run', 'synth')).toContain('cdk-fastapi-gke: wrote dist/ (staging, production)');
  expect(fs.existsSync(path.join(dir, 'dist/production/orders.yaml'))).toBe(true);
  expect(expectPasses(dir, 'test')).toMatch(/^# pass 2$/m);
  expect(expectPasses(dir, 'run', 'check')).toContain('0 errors, 0 warnings');
  expect(expectPasses(dir, 'run', 'plan')).toContain('Environment production');

  // The subpaths, as the app resolves them: no cdktf module, none installed.
  const loaded = run(process.execPath, ['-e', "require('cdk-fastapi-gke/k8s'); require('cdk-fastapi-gke/synth/kubernetes'); require('cdk-fastapi-gke/cdk8s-plugin'); console.log(Object.keys(require.cache).filter((m) => /cdktf/.test(m)).length)"], dir);
  expect(loaded.stdout).toBe('0\n');
  // Both sides need what this app did not install: one line says what.
  const both = run('npx', ['cdk-fastapi-gke', 'synth'], dir);
  expect(both.status).toBe(1);
  expect(errorLines(both)).toEqual([expect.stringMatching(/^error: the Terraform side needs cdktf, which is not installed: npm install cdktf@'~0\.21\.0' @cdktf\/provider-google@'\^16\.\d+\.\d+', or synth the Kubernetes side alone \(--k8s-only\)$/)]);

  // Node10 module resolution (an older tsconfig) finds the subpaths' types too.
  fs.writeFileSync(path.join(dir, 'node10.ts'), "import { WebApi } from 'cdk-fastapi-gke/k8s';\nimport { runMain, synthKubernetes } from 'cdk-fastapi-gke/synth/kubernetes';\nexport const used = [WebApi, runMain, synthKubernetes];\n");
  const tsc = run(path.join(dir, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--module', 'commonjs', '--moduleResolution', 'node10', '--types', 'node', 'node10.ts'], dir);
  expect(tsc.stdout).toBe('');
  expect(tsc.status).toBe(0);
});

test('a full app in infra/ of a FastAPI repository: both sides, named after the repository', () => {
  const repo = path.join(tmp, 'payments-api');
  fs.mkdirSync(repo);
  fs.writeFileSync(path.join(repo, 'requirements.txt'), 'fastapi\nuvicorn\n');
  const dir = path.join(repo, 'infra');
  initAndInstall(dir, []);
  expect(expectPasses(dir, 'run', 'synth')).toContain('cdk-fastapi-gke: wrote dist/ and cdktf.out/ (staging, production)');
  expect(fs.existsSync(path.join(dir, 'dist/production/payments-api.yaml'))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'cdktf.out/stacks/production/cdk.tf.json'))).toBe(true);
  expect(expectPasses(dir, 'test')).toMatch(/^# pass 2$/m);
});
