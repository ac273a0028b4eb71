/**
 * `cdk-fastapi-gke deploy dist/<environment>`, run as a pipeline runs it (the compiled bin), against a fake `kubectl`
 * on PATH that records its calls in order (and the kinds each apply reads on its input), and can be told to fail the
 * migration Job, to run out of time, or to fail an apply.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PLATFORM } from '../apps/platform';
import { synthKubernetes } from '../lib/synth/kubernetes';
import { platformWithMigrations } from './helpers/synth';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'build/lib/cli.js');

/**
 * The fake kubectl. `apply` logs the kinds of the List it reads; `wait` for complete/failed exits 0 after a moment,
 * or waits to be stopped, as FAKE_KUBECTL says: `fail` (the Job fails), `late` (the complete waiter gives up, as
 * kubectl does at --timeout), `apply-fails`.
 */
const FAKE_KUBECTL = `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
const mode = process.env.FAKE_KUBECTL || '';
const log = (entry) => fs.appendFileSync(process.env.FAKE_KUBECTL_LOG, JSON.stringify(entry) + '\\n');
const later = (code) => setTimeout(() => process.exit(code), 300);
if (args.includes('apply')) {
  let input = '';
  process.stdin.on('data', (d) => { input += d; });
  process.stdin.on('end', () => {
    log({ args, kinds: JSON.parse(input).items.map((o) => o.kind) });
    process.exit(mode === 'apply-fails' ? 1 : 0);
  });
} else if (args.includes('priorityclass')) {
  log({ args });
  process.exit(mode === 'no-priority-class' ? 1 : 0);
} else if (args.includes('--for=condition=complete')) {
  log({ args });
  if (mode === 'late') { process.stderr.write('error: timed out waiting for the condition on jobs/x\\n'); later(1); }
  else if (mode === 'fail') setTimeout(() => {}, 30000);
  else later(0);
} else if (args.includes('--for=condition=failed')) {
  log({ args });
  if (mode === 'fail') later(0); else setTimeout(() => {}, 30000);
} else {
  log({ args });
}
`;

let tmp: string;
let bin: string;
/** A directory with node alone, for the fake's `#!/usr/bin/env node`: no real kubectl can be found beside it. */
let nodeOnly: string;
let withMigrations: string;
let reference: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-'));
  bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'kubectl'), FAKE_KUBECTL, { mode: 0o755 });
  nodeOnly = path.join(tmp, 'node-only');
  fs.mkdirSync(nodeOnly);
  fs.symlinkSync(process.execPath, path.join(nodeOnly, 'node'));
  withMigrations = path.join(tmp, 'dist');
  synthKubernetes(platformWithMigrations(), { outdir: withMigrations, log: () => undefined });
  reference = path.join(tmp, 'reference');
  synthKubernetes(PLATFORM, { outdir: reference, log: () => undefined });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Call { args: string[]; kinds?: string[] }

function deploy(args: string[], mode = '', pathDirs = [bin]) {
  const logFile = path.join(tmp, `calls-${Math.random().toString(36).slice(2)}.jsonl`);
  const env = { ...process.env, PATH: [...pathDirs, nodeOnly].join(path.delimiter), FAKE_KUBECTL: mode, FAKE_KUBECTL_LOG: logFile };
  const run = spawnSync(process.execPath, [BIN, 'deploy', ...args], { cwd: ROOT, encoding: 'utf8', env });
  const all: Call[] = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  // The PriorityClass checks come first; the other calls are the deploy proper.
  const checks = all.filter((c) => c.args.includes('priorityclass'));
  return { code: run.status, out: run.stdout, err: run.stderr, calls: all.filter((c) => !checks.includes(c)), checks, all };
}

const isApply = (c: Call) => c.args.includes('apply');
const waitFor = (condition: string) => (c: Call) => c.args.includes(`--for=condition=${condition}`);

test('apply the migration stage, wait for its Job, then apply the app', () => {
  const { code, err, out, calls } = deploy([path.join(withMigrations, 'production'), '--context', 'prod']);
  expect(err).toBe('');
  expect(code).toBe(0);
  const applies = calls.filter(isApply);
  expect(applies).toHaveLength(2);
  const [stage, app] = applies;
  expect(calls[0]).toBe(stage);
  expect(calls[calls.length - 1]).toBe(app);
  expect(stage.kinds!.sort()).toEqual(['Job', 'Namespace', 'NetworkPolicy', 'ServiceAccount']);
  expect(app.kinds).toEqual(expect.arrayContaining(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'Ingress']));
  expect(app.kinds).not.toContain('Job');
  // Between them, the waits (complete and failed, started together, so logged in either order): up to the Job's
  // deadline (migrations.timeoutSeconds), on the Job of the stage.
  const complete = calls.find(waitFor('complete'))!;
  expect(calls.slice(1, -1).every((c) => waitFor('complete')(c) || waitFor('failed')(c))).toBe(true);
  expect(calls.slice(1, -1)).toContain(complete);
  expect(complete.args).toEqual(['--context', 'prod', 'wait', '--for=condition=complete', '--timeout=600s', '-n', 'orders', expect.stringMatching(/^job\/orders-migrate-[0-9a-f]{8}$/)]);
  for (const call of calls) expect(call.args.slice(0, 2)).toEqual(['--context', 'prod']);
  expect(out).toMatch(/deploy: waiting for job orders\/orders-migrate-[0-9a-f]{8} to complete \(at most 600s\)/);
});

test('a failed migration stops the deploy with one line, before the app is applied', () => {
  const { code, err, calls } = deploy([path.join(withMigrations, 'production')], 'fail');
  expect(code).toBe(1);
  expect(err).toMatch(/^error: migration job orders\/orders-migrate-[0-9a-f]{8} failed: the app was not applied, and the previous version keeps serving \(kubectl -n orders logs job\/orders-migrate-[0-9a-f]{8}; delete the Job to run the same release again\)\n$/);
  expect(calls.filter(isApply)).toHaveLength(1);
  expect(calls[0].kinds).toContain('Job');
  expect(calls.some(waitFor('failed'))).toBe(true);
});

test('a migration that runs out of time stops it too, saying what kubectl said', () => {
  const { code, err, calls } = deploy([path.join(withMigrations, 'production')], 'late');
  expect(code).toBe(1);
  expect(err).toMatch(/^error: migration job orders\/\S+ did not complete \(kubectl wait: timed out waiting for the condition on jobs\/x\): the app was not applied[^\n]*\n$/);
  expect(calls.filter(isApply)).toHaveLength(1);
});

test('a stage that cannot be applied is not waited for', () => {
  const { code, err, calls } = deploy([path.join(withMigrations, 'production')], 'apply-fails');
  expect(code).toBe(1);
  expect(err).toBe('error: the migration stage could not be applied, and nothing else was (kubectl apply exited with 1)\n');
  expect(calls.map((c) => c.args[0])).toEqual(['apply']);
});

test('without a migration stage, one apply of everything', () => {
  const { code, calls } = deploy([path.join(reference, 'production')]);
  expect(code).toBe(0);
  expect(calls).toHaveLength(1);
  expect(calls[0].args).toEqual(['apply', '-f', '-']);
  expect(calls[0].kinds).toEqual(expect.arrayContaining(['Namespace', 'Deployment', 'Ingress']));
});

test('--dry-run prints the commands and runs none', () => {
  const { code, out, calls } = deploy([path.join(withMigrations, 'staging'), '--dry-run']);
  expect(code).toBe(0);
  expect(calls).toEqual([]);
  const lines = out.trim().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe('kubectl apply -f -   # the migration stage: 4 objects from 00-migrate.yaml');
  expect(lines[1]).toMatch(/^kubectl wait --for=condition=complete --timeout=600s -n orders job\/orders-migrate-[0-9a-f]{8} {3}#/);
  expect(lines[2]).toMatch(/^kubectl apply -f - {3}# the app: \d+ objects from 10-kf-api\.yaml$/);
});

test.each([
  ['no directory', [], /^error: deploy: name the directory of one environment/],
  ['every environment at once', ['DIST'], /^error: deploy applies one environment at a time, and \S+ holds manifests in \S+_cluster, \S+production, \S+staging: name one of them/],
  ['a directory that is not there', ['/nonexistent/dist/production'], /^error: \/nonexistent\/dist\/production: cannot read/],
  ['an unknown option', ['DIST/production', '--force'], /^error: unknown option '--force'/],
])('a usage mistake exits 2 with one line: %s', (_, args, message) => {
  const { code, err, calls } = deploy(args.map((a) => a.replace('DIST', withMigrations)));
  expect(code).toBe(2);
  expect(err).toMatch(message);
  expect(err.split('\n')).toHaveLength(2);
  expect(calls).toEqual([]);
});

test('no kubectl on PATH: one line', () => {
  const { code, err } = deploy([path.join(reference, 'production')], '', []);
  expect(code).toBe(1);
  expect(err).toBe('error: cannot run kubectl: not found on PATH\n');
});

test('a PriorityClass the pods name and the cluster lacks stops the deploy before anything is applied', () => {
  const ok = deploy([withMigrations + '/production']);
  expect(ok.checks.map((c) => c.args)).toEqual([['get', 'priorityclass', 'web-api-serving', '-o', 'name']]);
  expect(ok.all.indexOf(ok.checks[0])).toBe(0);
  const missing = deploy([withMigrations + '/production'], 'no-priority-class');
  expect(missing.code).toBe(1);
  expect(missing.err).toBe('error: PriorityClass web-api-serving, which the pods name, is not in the cluster: the platform owner applies dist/_cluster/<environment>.yaml first (its cluster-scoped objects); nothing was applied\n');
  expect(missing.calls).toEqual([]);
});
