import { Testing } from 'cdk8s';
import { TerraformStack, Testing as TfTesting } from 'cdktf';
import { Construct } from 'constructs';
import { ALL_PACKS, Pack, jsonReport, runChecks, suppressCheck, summarize, tableReport } from '../../lib';
import { WebApi } from '../../lib/k8s/web-api';
import { MINIMAL } from '../helpers/synth';
import { app, broken } from './fixtures';

const noProbes = () => broken('Deployment', (d) => { delete app(d).livenessProbe; });
const run = (set: object[], packs: readonly Pack[] = ALL_PACKS) => runChecks({ manifests: set.map((manifest) => ({ manifest: manifest as never, file: 'x.yaml', line: 3 })) }, packs);

test('a finding names the rule, the level, the resource and where it is', () => {
  const [f] = run(noProbes());
  expect(f).toMatchObject({ rule: 'seed-missing-probes', level: 'error', pack: 'seed-pitfalls', resource: 'Deployment api/api', file: 'x.yaml', line: 3 });
  expect(f.suppressedBy).toBeUndefined();
});

test('an annotation with a reason suppresses, and the report still shows it', () => {
  const set = broken('Deployment', (d) => {
    delete app(d).livenessProbe;
    d.metadata.annotations['suppress.cdk-fastapi-gke.io/seed-missing-probes'] = 'a batch worker with no HTTP port to probe';
  });
  const findings = run(set);
  expect(findings).toEqual([expect.objectContaining({ rule: 'seed-missing-probes', suppressedBy: 'a batch worker with no HTTP port to probe' })]);
  expect(summarize(findings)).toMatchObject({ errors: 0, suppressed: 1 });
  expect(tableReport(findings)).toContain('suppressed seed-missing-probes');
  expect(tableReport(findings)).toContain('reason: a batch worker with no HTTP port to probe');
  expect(JSON.parse(jsonReport(findings)).findings[0].suppressedBy).toBe('a batch worker with no HTTP port to probe');
});

test('a suppression without a real reason suppresses nothing and is an error itself', () => {
  const set = broken('Deployment', (d) => {
    delete app(d).livenessProbe;
    d.metadata.annotations['suppress.cdk-fastapi-gke.io/seed-missing-probes'] = 'ok';
  });
  const rules = run(set).map((f) => [f.rule, f.suppressedBy]);
  expect(rules).toEqual([['suppression-reason', undefined], ['seed-missing-probes', undefined]]);
});

test('suppressCheck marks every Kubernetes object of a construct', () => {
  const chart = Testing.chart();
  const api = new WebApi(chart, 'api', MINIMAL);
  expect(suppressCheck(api.deployment, 'seed-missing-probes', 'probes are served by the sidecar')).toBe(1);
  const deployment = Testing.synth(chart).find((m) => m.kind === 'Deployment');
  expect(deployment.metadata.annotations['suppress.cdk-fastapi-gke.io/seed-missing-probes']).toBe('probes are served by the sidecar');
});

test('suppressCheck marks Terraform resources in their comment block', () => {
  const stack = new TerraformStack(TfTesting.app(), 's');
  const { StorageBucket } = require('@cdktf/provider-google/lib/storage-bucket');
  const { GoogleProvider } = require('@cdktf/provider-google/lib/provider');
  new GoogleProvider(stack, 'google', { project: 'p' });
  const scope = new Construct(stack, 'scope');
  new StorageBucket(scope, 'bucket', { name: 'b', location: 'EU' });
  expect(suppressCheck(scope, 'gke-private-nodes', 'not a cluster; shows the mechanism')).toBe(1);
  // Testing.synth drops the "//" comment blocks; a full synth keeps them, as `cdktf synth` does.
  const outdir = TfTesting.fullSynth(stack);
  const json = JSON.parse(require('fs').readFileSync(require('path').join(outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8'));
  const bucket = Object.values(json.resource.google_storage_bucket)[0] as Record<string, any>;
  expect(bucket['//'].suppress).toEqual({ 'gke-private-nodes': 'not a cluster; shows the mechanism' });
  expect(bucket['//'].metadata).toBeDefined();
  const findings = runChecks({ terraform: [{ resources: [{ type: 'google_container_cluster', name: 'c', body: { '//': { suppress: { x: 'short' } } } }] }] }, []);
  expect(findings.map((f) => f.rule)).toEqual(['suppression-reason']);
});

test('suppressCheck refuses a short reason or a bad id', () => {
  const chart = Testing.chart();
  expect(() => suppressCheck(chart, 'seed-missing-probes', 'because')).toThrow('Suppression \'seed-missing-probes\': \'reason\' ("because") must say why');
  expect(() => suppressCheck(chart, 'Missing Probes', 'a long enough reason')).toThrow('\'ruleId\' ("Missing Probes") must be a rule id');
});

test('the table groups by resource, errors first, with a closing count', () => {
  const set = broken('Deployment', (d) => { delete app(d).livenessProbe; app(d).command.push('--workers', '2'); });
  const table = tableReport(run(set));
  expect(table.split('\n')[0]).toBe('Deployment api/api (x.yaml:3)');
  expect(table.indexOf('seed-missing-probes')).toBeLessThan(table.indexOf('seed-multiple-workers'));
  expect(table.trim().split('\n').pop()).toBe('1 error, 1 warning, 0 suppressed');
  expect(table).not.toContain('\x1b[');
  expect(tableReport(run(set), { colour: true })).toContain('\x1b[31m');
});
