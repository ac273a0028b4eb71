/**
 * scripts/run.js, the launcher that cdk8s.yaml, cdktf.json and `npm run synth` run: it must never run stale compiled
 * code. Checked on small trees in a temporary directory, with a fake compiler (fast, and counts its runs) and once
 * with the real one. No timings: how fast it is belongs to `npm run bench`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
interface Layout { sourceDirs: string[]; configFiles: string[]; outDir: string }
const run = require(path.join(ROOT, 'scripts/run.js')) as {
  snapshot(root: string, layout?: Layout): Record<string, string>;
  staleReason(root: string, current?: Record<string, string>, entry?: string, layout?: Layout): string | undefined;
  ensureBuilt(options: { root: string; tsc?: string[]; log?: (t: string) => void; entry?: string; layout?: Layout; name?: string }): boolean;
  SOURCE_DIRS: string[];
  CONFIG_FILES: string[];
  MANIFEST: string;
};

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'run-js-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * A compiler that copies every lib/ and apps/ .ts file to build/<same>.js and counts its runs in build/runs; when a
 * file `fail` exists it fails, and when a file `edit` exists it appends to the source it names while it "compiles".
 */
const FAKE_TSC = `
const fs = require('fs'); const path = require('path');
if (fs.existsSync('fail')) { console.error('error TS2322: nope'); process.exit(2); }
const walk = (d) => fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]) : [];
for (const f of [...walk('lib'), ...walk('apps')].filter((f) => f.endsWith('.ts'))) {
  const out = path.join('build', f.replace(/\\.ts$/, '.js'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, fs.readFileSync(f));
}
if (fs.existsSync('edit')) fs.appendFileSync(fs.readFileSync('edit', 'utf8'), '// saved during the build\\n');
fs.writeFileSync('build/runs', String(Number(fs.existsSync('build/runs') ? fs.readFileSync('build/runs', 'utf8') : 0) + 1));
`;

let n = 0;
/** A fresh project tree: lib/a.ts, lib/k8s/b.ts, apps/main.ts, tsconfig.json, package.json. */
function tree(): string {
  const root = path.join(tmp, `tree-${n++}`);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('lib/a.ts', 'export const a = 1;\n');
  write('lib/k8s/b.ts', 'export const b = 2;\n');
  write('lib/types.d.ts', 'export type T = number;\n');
  write('apps/main.ts', 'console.log("main");\n');
  write('tsconfig.json', '{}\n');
  write('package.json', '{}\n');
  write('fake-tsc.js', FAKE_TSC);
  return root;
}

function build(root: string, controls: { fail?: boolean; edit?: string } = {}): boolean {
  if (controls.fail) fs.writeFileSync(path.join(root, 'fail'), '');
  if (controls.edit) fs.writeFileSync(path.join(root, 'edit'), controls.edit);
  try {
    return run.ensureBuilt({ root, tsc: [path.join(root, 'fake-tsc.js')], log: () => undefined });
  } finally {
    fs.rmSync(path.join(root, 'fail'), { force: true });
    fs.rmSync(path.join(root, 'edit'), { force: true });
  }
}

const runs = (root: string) => Number(fs.readFileSync(path.join(root, 'build/runs'), 'utf8'));

/** Sets a file's modification time to `seconds` from now (a later save). */
function touch(file: string, seconds = 5): void {
  const t = new Date(Date.now() + seconds * 1000);
  fs.utimesSync(file, t, t);
}

describe('staleness', () => {
  test('a tree never built is stale; after a build it is not, and a second build compiles nothing', () => {
    const root = tree();
    expect(run.staleReason(root)).toBe('no record of a previous build');
    expect(build(root)).toBe(true);
    expect(runs(root)).toBe(1);
    expect(run.staleReason(root)).toBeUndefined();
    expect(build(root)).toBe(true);
    expect(runs(root)).toBe(1);
  });

  test.each([
    ['a source is touched', (r: string) => touch(path.join(r, 'lib/k8s/b.ts')), 'lib/k8s/b.ts changed'],
    ['a source is edited', (r: string) => fs.writeFileSync(path.join(r, 'lib/a.ts'), 'export const a = 10;\n'), 'lib/a.ts changed'],
    ['an entry point is edited', (r: string) => fs.appendFileSync(path.join(r, 'apps/main.ts'), '// more\n'), 'apps/main.ts changed'],
    ['a declaration file is edited', (r: string) => touch(path.join(r, 'lib/types.d.ts')), 'lib/types.d.ts changed'],
    ['a source is added', (r: string) => fs.writeFileSync(path.join(r, 'lib/new.ts'), 'export {};\n'), 'lib/new.ts is new'],
    ['a source is removed', (r: string) => fs.rmSync(path.join(r, 'lib/a.ts')), 'lib/a.ts was removed'],
    ['tsconfig.json changes', (r: string) => touch(path.join(r, 'tsconfig.json')), 'tsconfig.json changed'],
    ['package.json changes', (r: string) => fs.writeFileSync(path.join(r, 'package.json'), '{ "name": "x" }\n'), 'package.json changed'],
    ['the lock file appears', (r: string) => fs.writeFileSync(path.join(r, 'package-lock.json'), '{}\n'), 'package-lock.json changed'],
    ['build/ is deleted', (r: string) => fs.rmSync(path.join(r, 'build'), { recursive: true }), 'no record of a previous build'],
    ['a compiled file is deleted', (r: string) => fs.rmSync(path.join(r, 'build/lib/k8s/b.js')), 'build/lib/k8s/b.js is missing'],
  ])('it is stale when %s, and one build makes it fresh', (_, change, reason) => {
    const root = tree();
    build(root);
    change(root);
    expect(run.staleReason(root)).toBe(reason);
    const before = fs.existsSync(path.join(root, 'build/runs')) ? runs(root) : 0;
    expect(build(root)).toBe(true);
    expect(runs(root)).toBe(before + 1);
    expect(run.staleReason(root)).toBeUndefined();
  });

  test('a missing compiled entry point is stale even when the sources are not', () => {
    const root = tree();
    build(root);
    expect(run.staleReason(root, run.snapshot(root), 'apps/other.ts')).toBe('build/apps/other.js is missing');
  });

  test('a failed build records nothing, so the next run compiles again', () => {
    const root = tree();
    build(root);
    touch(path.join(root, 'lib/a.ts'));
    expect(build(root, { fail: true })).toBe(false);
    expect(run.staleReason(root)).toBe('lib/a.ts changed');
  });

  test('a source saved while the compiler runs is compiled again next time', () => {
    const root = tree();
    build(root);
    fs.appendFileSync(path.join(root, 'apps/main.ts'), '// edit\n');
    expect(build(root, { edit: 'lib/a.ts' })).toBe(true);
    expect(run.staleReason(root)).toBe('lib/a.ts changed');
  });

  test('another layout (an app repository: src/ and test/, built to out/) is watched and recorded the same way', () => {
    const root = tree();
    const layout = { sourceDirs: ['src', 'test'], configFiles: ['tsconfig.json'], outDir: 'out' };
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src/main.ts'), 'export {};\n');
    const fakeTsc = path.join(root, 'fake-tsc-out.js');
    fs.writeFileSync(fakeTsc, "const fs = require('fs'); fs.mkdirSync('out/src', { recursive: true }); fs.writeFileSync('out/src/main.js', '');\n");
    const logs: string[] = [];
    const built = () => run.ensureBuilt({ root, layout, tsc: [fakeTsc], log: (t) => logs.push(t), name: 'cdk-fastapi-gke' });
    expect(built()).toBe(true);
    expect(logs).toEqual(['cdk-fastapi-gke: compiling (no record of a previous build)\n']);
    expect(Object.keys(run.snapshot(root, layout))).toEqual(['src/main.ts', 'tsconfig.json']);
    expect(run.staleReason(root, run.snapshot(root, layout), 'src/main.ts', layout)).toBeUndefined();
    fs.writeFileSync(path.join(root, 'lib/a.ts'), 'export const a = 5;\n'); // not a source of this layout
    expect(run.staleReason(root, run.snapshot(root, layout), 'src/main.ts', layout)).toBeUndefined();
    fs.mkdirSync(path.join(root, 'test'));
    fs.writeFileSync(path.join(root, 'test/main.test.ts'), 'export {};\n');
    expect(run.staleReason(root, run.snapshot(root, layout), 'src/main.ts', layout)).toBe('test/main.test.ts is new');
    fs.rmSync(path.join(root, 'out/src/main.js'));
    expect(built()).toBe(true);
    expect(run.staleReason(root, run.snapshot(root, layout), 'src/main.ts', layout)).toBe('out/test/main.test.js is missing');
  });

  test('the launcher watches what tsconfig.json compiles', () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.include).toEqual(run.SOURCE_DIRS.map((d) => `${d}/**/*.ts`));
    expect(tsconfig.compilerOptions.outDir).toBe('build');
    expect(tsconfig.compilerOptions.rootDir).toBe('.');
    expect(run.MANIFEST.startsWith('build')).toBe(true);
    expect(run.CONFIG_FILES).toEqual(['tsconfig.json', 'package.json', 'package-lock.json']);
  });
});

describe('the synth entry points run through the launcher', () => {
  test('cdk8s.yaml, cdktf.json and npm run synth run their entry points through the launcher', () => {
    const cdk8s = /^app:\s*(.+)$/m.exec(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'))![1].trim();
    const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app as string;
    const synth = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.synth as string;
    expect(cdk8s).toMatch(/^node (--[\w-]+=\S+ )*scripts\/run\.js apps\/k8s\.ts --outdir dist$/);
    expect(cdktf).toMatch(/^node (--[\w-]+=\S+ )*scripts\/run\.js apps\/gcp\.ts$/);
    expect(synth).toMatch(/^node (--[\w-]+=\S+ )*scripts\/run\.js apps\/synth\.ts$/);
  });

  test('end to end, with the real compiler: an edit is compiled before the next run, and a type error stops it', () => {
    const root = path.join(tmp, 'real');
    fs.mkdirSync(path.join(root, 'scripts'), { recursive: true });
    fs.mkdirSync(path.join(root, 'lib'));
    fs.mkdirSync(path.join(root, 'apps'));
    fs.copyFileSync(path.join(ROOT, 'scripts/run.js'), path.join(root, 'scripts/run.js'));
    fs.copyFileSync(path.join(ROOT, 'scripts/compile-cache.js'), path.join(root, 'scripts/compile-cache.js'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(root, 'package.json'), '{ "private": true }\n');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, rootDir: '.', outDir: 'build', composite: true, tsBuildInfoFile: 'build/.tsbuildinfo', types: [], lib: ['ES2022'], skipLibCheck: true },
      include: ['lib/**/*.ts', 'apps/**/*.ts'],
    }));
    fs.writeFileSync(path.join(root, 'lib/value.ts'), 'export const value: number = 1;\n');
    fs.writeFileSync(path.join(root, 'apps/main.ts'), [
      'declare const process: { argv: string[] };', // no @types/node: a smaller, faster program
      'declare const console: { log(text: string): void };',
      'import { value } from \'../lib/value\';',
      'console.log(`value ${value} ${process.argv.slice(2).join(\' \')}`);',
      '',
    ].join('\n'));
    const launch = () => spawnSync(process.execPath, ['scripts/run.js', 'apps/main.ts', 'a', 'b'], { cwd: root, encoding: 'utf8', env: { ...process.env, CDK_FASTAPI_GKE_COMPILE_CACHE: '0' } });

    let r = launch();
    expect(r.stderr).toContain('scripts/run.js: compiling (no record of a previous build)');
    expect(r.stdout).toBe('value 1 a b\n');
    r = launch();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('value 1 a b\n');

    fs.writeFileSync(path.join(root, 'lib/value.ts'), 'export const value: number = 2;\n');
    r = launch();
    expect(r.stderr).toContain('compiling (lib/value.ts changed)');
    expect(r.stdout).toBe('value 2 a b\n');

    fs.writeFileSync(path.join(root, 'lib/value.ts'), 'export const value: number = \'three\';\n');
    r = launch();
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('TS2322');
    expect(r.stderr).toContain('error: the TypeScript build failed; nothing was synthesized');
    expect(r.stdout).not.toContain('value ');
  });

  test('an entry point outside the build is refused', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.js'), 'bench/index.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not a source of the build');
  });
});
