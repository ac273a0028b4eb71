/** The `cdk-fastapi-gke check` command, run as a user runs it (the compiled bin; `npm test` compiles first). */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BIN, ROOT, SEED, backgroundedDeployment, runCheck, tempDir } from './cli-helpers';

const { dir: tmp, write } = tempDir('check-');
const check = (...args: string[]) => runCheck(args);

test('the seed manifests: exit 1, with their problems named', () => {
  const { code, out, err } = check(SEED);
  expect(code).toBe(1);
  expect(err).toBe('');
  for (const rule of ['seed-missing-probes', 'prod-requests', 'prod-memory-limit', 'seed-replicas-beside-hpa', 'seed-autoscaling-v1', 'seed-plaintext-loadbalancer', 'pss-run-as-non-root', 'pss-seccomp']) {
    expect(out).toContain(rule);
  }
  expect(out).toMatch(/Deployment kf-api \(.*api\.yaml:\d+\)/);
});

test('--format json gives one row per finding', () => {
  const { code, out } = check(SEED, '--format', 'json');
  expect(code).toBe(1);
  const report = JSON.parse(out);
  expect(report.summary.errors).toBeGreaterThan(5);
  expect(report.findings[0]).toEqual(expect.objectContaining({ rule: expect.any(String), level: expect.any(String), resource: expect.any(String), message: expect.any(String), suppressedBy: null }));
});

test('the reference app\'s own output: exit 0, zero findings', () => {
  const dist = path.join(tmp, 'dist');
  const out = path.join(tmp, 'cdktf.out');
  execFileSync(process.execPath, [path.join(ROOT, 'build/apps/k8s.js')], { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: dist } });
  execFileSync(process.execPath, [path.join(ROOT, 'build/apps/gcp.js')], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out } });
  const result = check(dist, out, '--format', 'json');
  const findings = JSON.parse(result.out).findings;
  expect(findings.filter((f: { suppressedBy: string | null }) => f.suppressedBy === null)).toEqual([]);
  // The suppressions, in each environment, say why: Google Groups for RBAC needs the user's own domain, and a
  // customer-managed key a Cloud KMS key of the user's.
  expect(findings.map((f: { rule: string }) => f.rule).sort()).toEqual(['gke-google-groups-rbac', 'gke-google-groups-rbac', 'gke-registry-cmek', 'gke-registry-cmek']);
  expect(findings.every((f: { suppressedBy: string | null }) => (f.suppressedBy ?? '').length >= 10)).toBe(true);
  expect(result.code).toBe(0);
});

test('a server started in the background is reported, naming CrashLoopBackOff', () => {
  const file = write('nohup.yaml', backgroundedDeployment('api'));
  const { code, out } = check(file, '--pack', 'seed-pitfalls');
  expect(code).toBe(1);
  expect(out).toContain('seed-backgrounded-server');
  expect(out).toContain('CrashLoopBackOff');
});

test('malformed YAML: one line naming the file and line, no stack trace, and the other files are still checked', () => {
  const bad = write('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   labels: [\n');
  const { code, out, err } = check(bad, SEED);
  expect(code).toBe(1);
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).toBe(`error: ${bad}:4:9: invalid YAML: Nested mappings are not allowed in compact mappings\n`);
  expect(err).not.toContain('    at ');
  expect(out).toContain('seed-missing-probes');
});

test('unknown kinds, bad JSON and unreadable paths each get their own line', () => {
  const notK8s = write('values.yaml', 'replicaCount: 2\n');
  const badJson = write('broken.json', '{ "resource": ');
  const { code, err } = check(notK8s, badJson, path.join(tmp, 'missing.yaml'));
  expect(code).toBe(1);
  expect(err.trim().split('\n')).toEqual([
    `error: ${notK8s}:1: not a Kubernetes object or Terraform JSON (no apiVersion and kind)`,
    `error: ${badJson}:1:15: invalid JSON: Unexpected end of JSON input`,
    `error: ${path.join(tmp, 'missing.yaml')}: cannot read: no such file or directory`,
  ]);
});

test('usage mistakes exit 2', () => {
  expect(check().code).toBe(2);
  expect(check(SEED, '--format', 'xml').code).toBe(2);
  expect(check(SEED, '--pack', 'nope').err).toContain('unknown pack \'nope\'');
  expect(spawnSync(process.execPath, [BIN, 'deploy'], { encoding: 'utf8' }).status).toBe(2);
  expect(spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout).toContain('usage: cdk-fastapi-gke check');
});

test('the README shows the real output of check on the seed manifests', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const shown = /\$ npx cdk-fastapi-gke check test\/fixtures\/seed-manifests\/\n([\s\S]*?)\$ echo \$\?\n1\n/.exec(readme);
  expect(shown).not.toBeNull();
  const { out, code } = check('test/fixtures/seed-manifests/');
  expect(code).toBe(1);
  expect(shown![1]).toBe(out);
});
