/**
 * lib/checks/upstream.ts: every third-party check a rule cites is one its tool defines, at a known file; a wrong
 * name (as `pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas` once was) fails here.
 */
import { ALL_PACKS } from '../../lib/checks/packs';
import { UPSTREAM_CHECKS, citedChecks } from '../../lib/checks/upstream';

const RULES = ALL_PACKS.flatMap((p) => p.rules);

test('citedChecks reads the ids of each tool\'s part, before any parenthesis', () => {
  expect(citedChecks('kube-score pod-probes; Polaris readinessProbeMissing/livenessProbeMissing; kube-linter no-readiness-probe (not on by default)')).toEqual([
    { tool: 'kube-score', id: 'pod-probes' },
    { tool: 'Polaris', id: 'readinessProbeMissing' }, { tool: 'Polaris', id: 'livenessProbeMissing' },
    { tool: 'kube-linter', id: 'no-readiness-probe' },
  ]);
  expect(citedChecks('Checkov CKV_GCP_25, CKV_GCP_64')).toEqual([{ tool: 'Checkov', id: 'CKV_GCP_25' }, { tool: 'Checkov', id: 'CKV_GCP_64' }]);
  expect(citedChecks('GKE: basic authentication removed in 1.19 (Checkov CKV_GCP_19, deleted in PR #6010)')).toEqual([]);
  expect(citedChecks('seed 000 "restarts"')).toEqual([]);
});

test('every check a rule cites is defined upstream, at a file of that tool', () => {
  const unknown = RULES.flatMap((r) => citedChecks(r.source).filter((c) => !UPSTREAM_CHECKS[c.tool].files[c.id]).map((c) => `${r.id}: ${c.tool} ${c.id}`));
  expect(unknown).toEqual([]);
  // The rules cite enough of each tool for the check to mean something.
  for (const tool of Object.keys(UPSTREAM_CHECKS)) {
    expect([tool, RULES.some((r) => citedChecks(r.source).some((c) => c.tool === tool))]).toEqual([tool, true]);
  }
});

test('every upstream entry is cited by some rule (the table holds no dead entries)', () => {
  const cited = new Set(RULES.flatMap((r) => citedChecks(r.source).map((c) => `${c.tool} ${c.id}`)));
  const dead = Object.entries(UPSTREAM_CHECKS).flatMap(([tool, t]) => Object.keys(t.files).map((id) => `${tool} ${id}`)).filter((k) => !cited.has(k));
  expect(dead).toEqual([]);
});

test('each tool is pinned to a full commit', () => {
  for (const t of Object.values(UPSTREAM_CHECKS)) expect(t.commit).toMatch(/^[0-9a-f]{40}$/);
});
