/**
 * Output you can trust (lib/synth/output-*.ts), tried as an operator would, through the compiled entry point
 * `npm run synth` runs: killed at a spread of moments, run twice at once, pointed at directories of odd shapes and at
 * file systems that fail. The output is always exactly the old one or exactly the new one, and what a killed run
 * leaves is gone after the next run.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recoverOutput } from '../../lib/synth/atomic-output';

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'output-safety-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * An app's entry point, as an app repository writes one: the reference platform with its image tag from $TAG, so
 * that an old and a new output differ, synthesized with the library's pipeline into $CDK8S_OUTDIR.
 */
const ENTRY = path.join(tmp, 'app.js');
fs.writeFileSync(ENTRY, `
const { runMain, synthKubernetes } = require(${JSON.stringify(path.join(ROOT, 'build/lib'))});
const { PLATFORM } = require(${JSON.stringify(path.join(ROOT, 'build/apps/platform'))});
const tag = process.env.TAG || '1.0.0';
const platform = { ...PLATFORM, apis: PLATFORM.apis.map((api) => ({ ...api, image: { ...api.image, tag } })) };
runMain(() => synthKubernetes(platform, { outdir: process.env.CDK8S_OUTDIR, log: () => {} }));
`);

/** The files of a directory (recursively) with their contents; `undefined` when it is missing. */
function snapshot(dir: string): Record<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Runs the Kubernetes synth of the reference platform into `outdir`, as release 1.0.0 (old) or 2.0.0 (new). */
function synth(outdir: string, release: 'old' | 'new', extra: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return spawnSync(process.execPath, [ENTRY], {
    cwd: extra.cwd ?? tmp, env: { ...process.env, CDK8S_OUTDIR: outdir, TAG: TAGS[release], ...extra.env }, encoding: 'utf8',
  });
}
const TAGS = { old: '1.0.0', new: '2.0.0' } as const;

/** What synth leaves beside `dist` besides its output and report: temporaries, old outputs, journals, locks. */
function leftovers(parent: string): string[] {
  return fs.readdirSync(parent).filter((name) => /^\.dist(\.checks\.json)?\.(tmp|old|journal)-|^\.dist(\.checks\.json)?\.lock$/.test(name));
}

// The two outputs a test tells apart.
const layouts = (() => {
  const dir = path.join(tmp, 'layouts');
  expect(synth(path.join(dir, 'old'), 'old').status).toBe(0);
  expect(synth(path.join(dir, 'new'), 'new').status).toBe(0);
  const found = { old: snapshot(path.join(dir, 'old'))!, new: snapshot(path.join(dir, 'new'))! };
  expect(found.old).not.toEqual(found.new);
  return found;
})();

describe('killed at any moment, the output is the old one or the new one', () => {
  // A spread of moments over the whole run, as fractions of how long a synth takes on this machine right now.
  const moments = [0.05, 0.3, 0.55, 0.8, 1.05, 1.5];
  test.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)('%s', async (signal) => {
    const seen = new Set<string>();
    for (const [round, fraction] of moments.entries()) {
      const parent = path.join(tmp, `kill-${signal}-${round}`);
      const dist = path.join(parent, 'dist');
      const started = Date.now();
      expect(synth(dist, 'old').status).toBe(0);
      const ms = (Date.now() - started) * fraction;
      const child = spawn(process.execPath, [ENTRY], { cwd: parent, env: { ...process.env, CDK8S_OUTDIR: dist, TAG: TAGS.new }, stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, ms));
      child.kill(signal); // a no-op when it has finished already
      await exited;
      // What the next run does first: finish a dead run's switch, remove its leftovers.
      recoverOutput(dist);
      recoverOutput(`${dist}.checks.json`, 'file');
      const after = snapshot(dist);
      expect([layouts.old, layouts.new]).toContainEqual(after);
      seen.add(JSON.stringify(after) === JSON.stringify(layouts.new) ? 'new' : 'old');
      JSON.parse(fs.readFileSync(`${dist}.checks.json`, 'utf8')); // never half-written
      expect(leftovers(parent)).toEqual([]);
    }
    // The spread covers both ends: some runs were stopped before the switch, some finished it.
    expect([...seen].sort()).toEqual(['new', 'old']);
  }, 60_000);
});

test('two synths at once into the same directory: both succeed, one after the other, and the output is whole', async () => {
  for (let round = 0; round < 4; round++) {
    const parent = path.join(tmp, `concurrent-${round}`);
    const dist = path.join(parent, 'dist');
    fs.mkdirSync(parent, { recursive: true });
    const run = (tag: string) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [ENTRY], { cwd: parent, env: { ...process.env, CDK8S_OUTDIR: dist, TAG: tag } });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    const results = await Promise.all([run(TAGS.old), run(TAGS.new)]);
    for (const r of results) {
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.code).toBe(0);
    }
    expect([layouts.old, layouts.new]).toContainEqual(snapshot(dist));
    expect(leftovers(parent)).toEqual([]);
  }
}, 60_000);

test('a synth that cannot get the lock in time fails with one line and leaves the output alone', () => {
  const parent = path.join(tmp, 'locked');
  const dist = path.join(parent, 'dist');
  expect(synth(dist, 'old').status).toBe(0);
  // A lock held by a running process: this test's own.
  fs.writeFileSync(path.join(parent, '.dist.lock'), `${process.pid}\n`);
  const result = synth(dist, 'new', { env: { CDK_FASTAPI_GKE_LOCK_TIMEOUT: '0.3' } });
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(`error: another synth (pid ${process.pid}) is writing dist; waited 0.3 s (remove ${path.join(parent, '.dist.lock')} if no synth is running, or set CDK_FASTAPI_GKE_LOCK_TIMEOUT)\n`);
  expect(snapshot(dist)).toEqual(layouts.old);
  // A lock whose owner died is taken over.
  fs.writeFileSync(path.join(parent, '.dist.lock'), '999999999\n');
  expect(synth(dist, 'new').status).toBe(0);
  expect(snapshot(dist)).toEqual(layouts.new);
  expect(leftovers(parent)).toEqual([]);
});

describe('directory shapes', () => {
  test('the output follows the umask, as any directory the user makes', () => {
    const parent = path.join(tmp, 'umask');
    fs.mkdirSync(parent);
    const result = spawnSync('sh', ['-c', `umask 022 && exec "${process.execPath}" "${ENTRY}"`], { cwd: parent, env: { ...process.env, CDK8S_OUTDIR: 'dist' } });
    expect(result.status).toBe(0);
    expect(fs.statSync(path.join(parent, 'dist')).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(parent, 'dist', 'production')).mode & 0o777).toBe(0o755);
  });

  test('an output path that is a regular file is refused, and the file kept', () => {
    const parent = path.join(tmp, 'file');
    fs.mkdirSync(parent);
    fs.writeFileSync(path.join(parent, 'dist'), 'notes\n');
    const result = synth('dist', 'old', { cwd: parent });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: refusing output directory "dist": it is a file, not a directory; name a directory of its own, such as \'dist\'\n');
    expect(fs.readFileSync(path.join(parent, 'dist'), 'utf8')).toBe('notes\n');
  });

  test('a symbolic link is written through: the link stays, what it points to is replaced', () => {
    const parent = path.join(tmp, 'link');
    fs.mkdirSync(path.join(parent, 'elsewhere', 'real'), { recursive: true });
    fs.symlinkSync(path.join(parent, 'elsewhere', 'real'), path.join(parent, 'dist'));
    expect(synth('dist', 'old', { cwd: parent }).status).toBe(0);
    expect(fs.lstatSync(path.join(parent, 'dist')).isSymbolicLink()).toBe(true);
    expect(snapshot(path.join(parent, 'elsewhere', 'real'))).toEqual(layouts.old);
  });

  test('a parent that is a file: one line naming the path and the cause', () => {
    const parent = path.join(tmp, 'parent-file');
    fs.mkdirSync(parent);
    fs.writeFileSync(path.join(parent, 'out'), '');
    const result = synth('out/dist', 'old', { cwd: parent });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`error: cannot write ${path.join(parent, 'out')}: a file is in the way (EEXIST); the previous output is kept\n`);
  });
});

/** Runs `script` as root of its own mount namespace (works unprivileged too), with `sh`. */
function inMountNamespace(script: string) {
  return spawnSync('unshare', ['--mount', '--map-root-user', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, ENTRY, NODE: process.execPath } });
}
const canMount = inMountNamespace('mkdir -p /tmp/x-probe && mount -t tmpfs tmpfs /tmp/x-probe').status === 0;

(canMount ? describe : describe.skip)('file systems that fail or cannot rename (in a mount namespace of the test)', () => {
  test('a mount point as the output (a container volume): its contents are replaced', () => {
    const parent = path.join(tmp, 'mount');
    fs.mkdirSync(path.join(parent, 'dist'), { recursive: true });
    const result = inMountNamespace(`set -e; cd ${parent}; mount -t tmpfs tmpfs dist; echo old > dist/stale.yaml;
      CDK8S_OUTDIR=dist "$NODE" "$ENTRY"; ls -A dist; cat dist/production/kf-api.yaml | head -1`);
    expect(result.stderr).not.toContain('error');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual(['_cluster', 'production', 'staging']); // the stale file and temporaries gone
  });

  test('no space left (ENOSPC) and a read-only file system (EROFS): one line, the previous output kept', () => {
    const parent = path.join(tmp, 'full');
    fs.mkdirSync(parent, { recursive: true });
    const result = inMountNamespace(`cd ${parent}; mkdir small ro; mount -t tmpfs -o size=4k tmpfs small;
      CDK8S_OUTDIR=small/dist "$NODE" "$ENTRY" 2>&1 | head -3; echo "exit $?";
      mount -t tmpfs tmpfs ro; mkdir ro/dist; echo kept > ro/dist/old.yaml; mount -o remount,ro ro;
      CDK8S_OUTDIR=ro/dist "$NODE" "$ENTRY" 2>&1 | head -3; cat ro/dist/old.yaml`);
    const lines = result.stdout.split('\n').filter((l) => !l.startsWith('warning: '));
    expect(lines[0]).toMatch(/^error: cannot write small\/dist and small\/dist.checks.json: no space left on the device \(ENOSPC\); the previous output is kept$/);
    expect(lines).toContainEqual(expect.stringMatching(/^error: cannot write \S*ro\S*: the file system is read-only \(EROFS\); the previous output is kept$/));
    expect(lines).toContain('kept');
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });
});
