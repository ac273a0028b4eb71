/**
 * Objects no rule reads never pass silently: custom resources with a pod template get the pod rules, and what no
 * pack reads is reported as not checked (a line in the table, `notChecked` in the JSON report).
 */
import { ALL_PACKS, Manifest, POD_SECURITY_RESTRICTED, describeManifest, runChecks, uncheckedObjects } from '../../lib';
import { goodSet } from './fixtures';
import { runCheck, tempDir } from './cli-helpers';

const { write } = tempDir('unchecked-');

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: canary }
spec:
  strategy: { canary: { steps: [{ setWeight: 20 }] } }
  template:
    metadata: { labels: { app: canary } }
    spec:
      containers:
        - name: api
          image: api:1.0.0
          securityContext: { privileged: true }
`;

test('an Argo Rollout with a privileged container: the pod rules read its template, and the run fails', () => {
  const run = runCheck([write('rollout.yaml', ROLLOUT)]);
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/Rollout canary \(.*rollout\.yaml:1\)\n(.*\n)*  ✖ error\s+pss-privileged\s+container api is privileged/);
  expect(run.out).not.toContain('not checked');
});

test('a custom resource no rule reads: exit 0, with a line naming it', () => {
  const file = write('widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: 3 }\n');
  const run = runCheck([file]);
  expect(run.code).toBe(0);
  expect(run.out).toBe(`0 errors, 0 warnings, 0 suppressed\nnot checked (no rule reads its kind): Widget w (${file}:1)\n`);
  const json = JSON.parse(runCheck([file, '--format', 'json']).out);
  expect(json.summary.notChecked).toBe(1);
  expect(json.notChecked).toEqual([{ resource: 'Widget w', file, line: 1 }]);
});

test('many objects not checked: a count per kind', () => {
  const docs = Array.from({ length: 7 }, (_, i) => `apiVersion: v1\nkind: ${i % 2 ? 'Secret' : 'Namespace'}\nmetadata: { name: n${i} }\n`);
  expect(runCheck([write('many.yaml', docs.join('---\n'))]).out).toContain('not checked (no rule reads their kinds): 7 objects: 4 Namespace, 3 Secret\n');
});

test('a built-in kind with a template in the wrong place is not taken for a workload', () => {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { template: { spec: { containers: [{ name: 'x', securityContext: { privileged: true } }] } } } };
  expect(runChecks({ manifests: [{ manifest: svc }] }, [POD_SECURITY_RESTRICTED])).toEqual([]);
});

test('what counts as read depends on the packs that run', () => {
  const set = goodSet().map((manifest) => ({ manifest: manifest as Manifest }));
  const kinds = (packs: typeof ALL_PACKS) => [...new Set(uncheckedObjects({ manifests: set }, packs).map((m) => m.manifest.kind))].sort();
  // Of WebApi's own objects, no rule reads these (GKE's CRDs, the Namespace, the PriorityClass): said, not hidden.
  expect(kinds(ALL_PACKS)).toEqual(['BackendConfig', 'FrontendConfig', 'ManagedCertificate', 'Namespace', 'PriorityClass']);
  expect(kinds([POD_SECURITY_RESTRICTED])).not.toContain('Deployment');
  expect(kinds([POD_SECURITY_RESTRICTED])).toContain('Service');
  expect(uncheckedObjects({ manifests: set }, []).map((m) => describeManifest(m.manifest))).toHaveLength(set.length);
});
