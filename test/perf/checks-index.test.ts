/**
 * The checks index each set of objects once (lib/checks/workloads.ts, indexObjects) so that cross-object rules stay
 * linear in the number of objects. An indexed set must give every rule exactly the results a plain scan gives.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ALL_PACKS, Manifest, indexObjects, objectsInNamespace, objectsOfKind, runChecks } from '../../lib';
import { goodSet } from '../checks/fixtures';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEED_DIR = path.join(__dirname, '../fixtures/seed-manifests');

/** Objects in several namespaces, some with none (read as `default`), cluster-scoped ones, and the seed's mistakes. */
function mixedSet(): Manifest[] {
  const seed = fs.readdirSync(SEED_DIR).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(SEED_DIR, f), 'utf8')).map((d) => d.toJS()).filter((d) => d));
  const inNamespace = (set: Obj[], ns: string | undefined) => set.map((m) => ({ ...m, metadata: { ...m.metadata, namespace: ns } }));
  const good = goodSet();
  const moved = inNamespace(goodSet(), 'other');
  const unset = inNamespace(goodSet(), undefined);
  const defaulted = inNamespace(goodSet().filter((m) => m.kind === 'Service' || m.kind === 'NetworkPolicy'), 'default');
  const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'exec' }, rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }] };
  const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'other' }, roleRef: { kind: 'ClusterRole', name: 'exec' }, subjects: [] };
  const missingSa = { ...good.find((m) => m.kind === 'Deployment'), metadata: { name: 'lonely', namespace: 'third' } };
  return [...seed, ...good, ...moved, ...unset, ...defaulted, clusterRole, binding, missingSa, ...oddSelectors(good)] as Manifest[];
}

/** Selectors and labels of unexpected shapes, a custom workload, and one object twice: the indexes must not care. */
function oddSelectors(good: Obj[]): Obj[] {
  const deployment = good.find((m) => m.kind === 'Deployment')!;
  const labels = deployment.spec.template.metadata.labels;
  const ns = deployment.metadata.namespace;
  const meta = (name: string) => ({ name, namespace: ns });
  const service = { apiVersion: 'v1', kind: 'Service', metadata: meta('twice'), spec: { selector: { ...labels }, ports: [{ port: 80 }] } };
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: meta('numbers'), spec: { selector: { app: 1 }, ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('a-string'), spec: { selector: 'app', ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('reordered'), spec: { selector: Object.fromEntries(Object.entries(labels).reverse()), ports: [{ port: 80 }] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('expressions'), spec: { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'Exists' }] } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('both'), spec: { podSelector: { matchLabels: { ...labels }, matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] } } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('everything'), spec: { selector: {}, minAvailable: '100%' } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('odd'), spec: { selector: { matchLabels: 'x' }, maxUnavailable: 1 } },
    { ...deployment, metadata: meta('numeric-labels'), spec: { ...deployment.spec, template: { ...deployment.spec.template, metadata: { labels: { app: 5 } } } } },
    { ...deployment, metadata: meta('string-labels'), spec: { ...deployment.spec, template: { ...deployment.spec.template, metadata: { labels: 'app' } } } },
    { ...deployment, metadata: { namespace: ns } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('no-name'), spec: { scaleTargetRef: { kind: 'Deployment' }, maxReplicas: 3 } },
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: meta('rollout'), spec: { template: deployment.spec.template } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('to-twice'), spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'twice', port: { number: 80 } } } }, { backend: { service: { name: 'numbers' } } }] } }] } },
    service,
    service,
  ];
}

test('lookups on an indexed set return what a scan returns, in the same order', () => {
  const all = mixedSet();
  const scanned = [...all];
  const indexed = indexObjects([...all]);
  const kinds = [...new Set(all.map((m) => m.kind)), 'Nothing', undefined];
  const namespaces = [...new Set(all.map((m) => m.metadata?.namespace ?? 'default')), 'nowhere', undefined];
  for (const kind of kinds) {
    for (const ns of namespaces) {
      expect(objectsOfKind(indexed, kind, ns)).toEqual(objectsOfKind(scanned, kind, ns));
      expect(objectsOfKind(scanned, kind, ns)).toEqual(all.filter((m) => m.kind === kind && (ns === undefined || (m.metadata?.namespace ?? 'default') === ns)));
    }
  }
  for (const ns of namespaces.filter((n): n is string => n !== undefined)) {
    expect(objectsInNamespace(indexed, ns)).toEqual(objectsInNamespace(scanned, ns));
  }
});

test('every rule gives the same messages on an indexed set as on a scanned one', () => {
  const all = mixedSet();
  const indexed = indexObjects([...all]);
  let compared = 0;
  for (const pack of ALL_PACKS) {
    for (const rule of pack.rules) {
      if (rule.target !== 'kubernetes') continue;
      for (const manifest of all) {
        expect(rule.check({ manifest, all: indexed })).toEqual(rule.check({ manifest, all: [...all] }));
        compared++;
      }
    }
  }
  expect(compared).toBeGreaterThan(1000);
});

test('runChecks finds the cross-object mistakes of a mixed set', () => {
  const findings = runChecks({ manifests: mixedSet().map((manifest) => ({ manifest, file: 'dist/env/all.yaml' })) }, ALL_PACKS);
  const rules = new Set(findings.map((f) => f.rule));
  for (const id of ['seed-replicas-beside-hpa', 'prod-network-policy', 'prod-pdb', 'prod-rbac-exec-attach']) expect(rules).toContain(id);
});
