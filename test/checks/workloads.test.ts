import { ContainerRef, ContainerScope, Manifest, eachContainer } from '../../lib';

const podSpec = {
  securityContext: { runAsNonRoot: true },
  initContainers: [{ name: 'migrate' }, { name: 'warm' }],
  containers: [{ name: 'api' }, { name: 'proxy' }],
  ephemeralContainers: [{ name: 'debugger' }],
};
const deployment: Manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { template: { spec: podSpec } } };
const labels = (m: Manifest, scope: ContainerScope) => eachContainer(m, scope, (c: ContainerRef) => c.label);

test('scope all: init containers first, then app containers', () => {
  expect(labels(deployment, { scope: 'all' })).toEqual(['init container migrate', 'init container warm', 'container api', 'container proxy']);
});

test('scope app: the app containers only', () => {
  expect(labels(deployment, { scope: 'app' })).toEqual(['container api', 'container proxy']);
});

test('scope init: the init containers only', () => {
  expect(labels(deployment, { scope: 'init' })).toEqual(['init container migrate', 'init container warm']);
});

test('ephemeral: the ephemeral containers come last, and only when asked for', () => {
  expect(labels(deployment, { scope: 'all', ephemeral: true })).toEqual([
    'init container migrate', 'init container warm', 'container api', 'container proxy', 'ephemeral container debugger',
  ]);
  expect(labels(deployment, { scope: 'app', ephemeral: true })).toEqual(['container api', 'container proxy', 'ephemeral container debugger']);
  const refs = eachContainer(deployment, { scope: 'init', ephemeral: true }, (c) => c);
  expect(refs.map((c) => c.init)).toEqual([true, true, false]);
});

test('kinds: other kinds of workload give nothing', () => {
  const kinds = new Set(['StatefulSet']);
  expect(labels(deployment, { scope: 'all', kinds })).toEqual([]);
  expect(labels({ ...deployment, kind: 'StatefulSet' }, { scope: 'app', kinds })).toEqual(['container api', 'container proxy']);
});

test('objects without a pod template give nothing; CronJobs and Pods are read where their pods are', () => {
  expect(labels({ apiVersion: 'v1', kind: 'Service', spec: { template: { spec: podSpec } } }, { scope: 'all' })).toEqual([]);
  expect(labels({ apiVersion: 'apps/v1', kind: 'Deployment' }, { scope: 'all' })).toEqual([]);
  expect(labels({ apiVersion: 'v1', kind: 'Pod', spec: podSpec }, { scope: 'app' })).toEqual(['container api', 'container proxy']);
  const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } };
  expect(labels(cronJob, { scope: 'init' })).toEqual(['init container migrate', 'init container warm']);
});

test('the visit gets the pod spec, and may return one value, several, or none', () => {
  expect(eachContainer(deployment, { scope: 'app' }, (c, pod) => `${c.container.name} ${pod.securityContext.runAsNonRoot}`)).toEqual(['api true', 'proxy true']);
  expect(eachContainer(deployment, { scope: 'all' }, (c) => (c.init ? undefined : [c.container.name, c.container.name.toUpperCase()])))
    .toEqual(['api', 'API', 'proxy', 'PROXY']);
  expect(eachContainer(deployment, { scope: 'all' }, () => undefined)).toEqual([]);
});
