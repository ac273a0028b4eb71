/**
 * lib/checks/checkov-baseline.ts: our suppressions of rules that restate Checkov reach Checkov as a baseline file,
 * in the shape checkov/common/output/baseline.py reads (failed_checks[].findings[] of resource and check_ids).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PLATFORM, configureStack } from '../../apps/platform';
import { synthTerraform } from '../../lib';
import { CHECKOV_BASELINE_FILE, checkovBaseline, checkovIdsOf } from '../../lib/checks/checkov-baseline';
import { Finding } from '../../lib/checks/model';
import { ALL_PACKS } from '../../lib/checks/packs';

const TF_RULES = ALL_PACKS.flatMap((p) => p.rules).filter((r) => r.target === 'terraform');
const rule = (id: string) => TF_RULES.find((r) => r.id === id)!;

describe('checkovIdsOf', () => {
  test('reads the ids a source cites first, several when it lists several', () => {
    expect(checkovIdsOf(rule('gke-private-nodes'))).toEqual(['CKV_GCP_25', 'CKV_GCP_64']);
    expect(checkovIdsOf(rule('gke-registry-cmek'))).toEqual(['CKV_GCP_84']);
    expect(checkovIdsOf({ source: 'Checkov CKV2_GCP_18; more' })).toEqual(['CKV2_GCP_18']);
  });

  test('a deleted check named for history, or a source that is not Checkov, gives none', () => {
    expect(rule('gke-basic-auth-off').source).toContain('CKV_GCP_19');
    expect(checkovIdsOf(rule('gke-basic-auth-off'))).toEqual([]);
    expect(checkovIdsOf(rule('gke-deletion-protection'))).toEqual([]);
  });

  test('every rule that cites Checkov first maps to at least one id', () => {
    const citing = TF_RULES.filter((r) => r.source.startsWith('Checkov'));
    expect(citing.length).toBeGreaterThan(20);
    for (const r of citing) expect([r.id, checkovIdsOf(r).length > 0]).toEqual([r.id, true]);
  });
});

describe('checkovBaseline', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    rule: 'gke-private-nodes', level: 'error', pack: 'gke-hardening', resource: 'google_container_cluster.c', message: 'm', fix: 'f', ...over,
  });

  test('only suppressed findings of Checkov rules; ids merged per resource and sorted', () => {
    const text = checkovBaseline([
      finding({ suppressedBy: 'a reason long enough' }),
      finding({ rule: 'gke-google-groups-rbac', suppressedBy: 'a reason long enough' }),
      finding({ rule: 'gke-registry-cmek', resource: 'google_artifact_registry_repository.r' }),
      finding({ rule: 'gke-deletion-protection', resource: 'google_container_cluster.d', suppressedBy: 'a reason long enough' }),
    ], TF_RULES, '/cdk.tf.json');
    expect(JSON.parse(text!)).toEqual({
      failed_checks: [{ file: '/cdk.tf.json', findings: [{ resource: 'google_container_cluster.c', check_ids: ['CKV_GCP_25', 'CKV_GCP_64', 'CKV_GCP_65'] }] }],
    });
  });

  test('nothing to write when no suppressed finding maps to Checkov', () => {
    expect(checkovBaseline([finding({})], TF_RULES, '/cdk.tf.json')).toBeUndefined();
    expect(checkovBaseline([], TF_RULES, '/cdk.tf.json')).toBeUndefined();
  });
});

test('synth writes each stack\'s baseline from its report: the reference suppresses CKV_GCP_65 and CKV_GCP_84', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'checkov-baseline-'));
  try {
    const outdir = path.join(tmp, 'cdktf.out');
    synthTerraform(PLATFORM, { outdir, lockFile: false, configureStack, log: () => undefined });
    const report = JSON.parse(fs.readFileSync(`${outdir}.checks.json`, 'utf8'));
    for (const env of ['production', 'staging']) {
      const dir = path.join(outdir, 'stacks', env);
      const baseline = JSON.parse(fs.readFileSync(path.join(dir, CHECKOV_BASELINE_FILE), 'utf8'));
      const resources = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).resource;
      const listed = baseline.failed_checks[0].findings;
      const ids = listed.flatMap((f: { check_ids: string[] }) => f.check_ids).sort();
      expect(ids).toEqual(['CKV_GCP_65', 'CKV_GCP_84']);
      for (const f of listed) {
        // Each entry names a resource of the stack as Checkov names it (type.name) and a finding the report suppresses.
        const [type, name] = f.resource.split('.');
        expect(resources[type][name]).toBeDefined();
        expect(report.findings.some((r: Finding) => r.resource === f.resource && r.suppressedBy && r.file?.endsWith(`stacks/${env}/cdk.tf.json`))).toBe(true);
      }
    }
    // Deterministic: a second synth writes the same bytes.
    const first = fs.readFileSync(path.join(outdir, 'stacks', 'production', CHECKOV_BASELINE_FILE), 'utf8');
    synthTerraform(PLATFORM, { outdir, lockFile: false, configureStack, log: () => undefined });
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'production', CHECKOV_BASELINE_FILE), 'utf8')).toBe(first);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
