import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cdk8sChecks, ChecksFailedError, enforceChecks } from '../../lib';
import { app, broken, goodSet } from './fixtures';

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'enforce-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const input = (set: object[]) => ({ manifests: set.map((manifest) => ({ manifest: manifest as never, file: 'dist/api.yaml' })) });

test('errors throw a readable list and the report is still written', () => {
  const reportFile = path.join(tmp, 'dist.checks.json');
  const set = broken('Deployment', (d) => { delete app(d).readinessProbe; });
  expect(() => enforceChecks(input(set), { reportFile })).toThrow(ChecksFailedError);
  try {
    enforceChecks(input(set), { reportFile });
  } catch (err) {
    expect((err as Error).message).toContain('the checks found 1 error(s); nothing was written:');
    expect((err as Error).message).toContain('seed-missing-probes  container api has no readinessProbe');
  }
  expect(JSON.parse(fs.readFileSync(reportFile, 'utf8')).summary.errors).toBe(1);
});

test('warnings are printed and do not fail', () => {
  const printed: string[] = [];
  const set = broken('Deployment', (d) => { app(d).command.push('--workers', '2'); });
  const findings = enforceChecks(input(set), { log: (t) => printed.push(t) });
  expect(findings.map((f) => f.rule)).toEqual(['seed-multiple-workers']);
  expect(printed.join()).toContain('seed-multiple-workers');
});

test('a clean set prints nothing', () => {
  const printed: string[] = [];
  expect(enforceChecks(input(goodSet()), { log: (t) => printed.push(t) })).toEqual([]);
  expect(printed).toEqual([]);
});

test('a synth that fails its checks exits 1 with the list, and writes no output directory', () => {
  const outdir = path.join(tmp, 'dist');
  const script = `
    const { App, Chart, ApiObject } = require('cdk8s');
    const { runMain, writeAtomically, enforceOnDirectory } = require(${JSON.stringify(path.join(ROOT, 'build/lib'))});
    runMain(() => writeAtomically(process.env.OUT, (dir) => {
      const app = new App({ outdir: dir });
      new ApiObject(new Chart(app, 'c'), 's', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kf-api-svc' },
        spec: { type: 'LoadBalancer', ports: [{ port: 8080 }], selector: { app: 'kf-api' } } });
      app.synth();
      enforceOnDirectory(dir, process.env.OUT);
    }));`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, OUT: outdir }, encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^error: the checks found \d+ error\(s\); nothing was written:/);
  expect(run.stderr).toContain(`Service kf-api-svc (${path.join(outdir, 'c.k8s.yaml')}:1)`);
  expect(run.stderr).toContain('seed-plaintext-loadbalancer');
  expect(run.stderr).not.toContain('    at ');
  expect(fs.existsSync(outdir)).toBe(false);
  expect(fs.existsSync(`${outdir}.checks.json`)).toBe(true);
});

describe('the cdk8s validation plugin', () => {
  function fakeContext(files: Record<string, object[]>) {
    const violations: Array<{ ruleName: string; violatingResources: unknown[] }> = [];
    let status = '';
    return {
      context: {
        manifests: Object.keys(files),
        parseManifest: (f: string) => files[f],
        report: { addViolation: (v: never) => violations.push(v), submit: (s: string) => { status = s; } },
      },
      violations,
      status: () => status,
    };
  }

  test('reports violations by rule, and fails on errors', async () => {
    const fake = fakeContext({ 'dist/api.yaml': broken('Deployment', (d) => { delete app(d).readinessProbe; app(d).command.push('--workers', '2'); }) });
    await new Cdk8sChecks().validate(fake.context);
    expect(fake.violations.map((v) => v.ruleName)).toEqual(['seed-missing-probes (error)', 'seed-multiple-workers (warning)']);
    expect(fake.status()).toBe('failure');
  });

  test('passes a clean set, and runs only the packs it is given', async () => {
    const clean = fakeContext({ 'dist/api.yaml': goodSet() });
    await new Cdk8sChecks().validate(clean.context);
    expect(clean.status()).toBe('success');
    const onlyPss = fakeContext({ 'dist/api.yaml': broken('Deployment', (d) => { delete app(d).readinessProbe; }) });
    await new Cdk8sChecks({ packs: ['pod-security-restricted'] }).validate(onlyPss.context);
    expect(onlyPss.status()).toBe('success');
    await expect(new Cdk8sChecks({ packs: ['nope'] }).validate(onlyPss.context)).rejects.toThrow('unknown check pack(s): nope');
  });
});
