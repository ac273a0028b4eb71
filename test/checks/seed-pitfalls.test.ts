import { SEED_PITFALLS } from '../../lib';
import { app, broken, findingsOf, goodSet, messagesOf, pod, ruleOf } from './fixtures';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const hpa = (set: Obj[]) => set.find((m) => m.kind === 'HorizontalPodAutoscaler')!;

/** [rule, a set that breaks it, words the message must contain]. Every rule of the pack appears. */
const FAILING: Array<[string, () => Obj[], string]> = [
  ['seed-backgrounded-server', () => broken('Deployment', (d) => { app(d).command = ['sh', '-c', 'nohup uvicorn main:app &']; }), 'CrashLoopBackOff'],
  ['seed-non-exec-shell', () => broken('Deployment', (d) => { app(d).command = ['sh', '-c', 'alembic upgrade head && uvicorn main:app --proxy-headers']; }), 'SIGTERM'],
  ['seed-migrations-race', () => broken('Deployment', (d) => { pod(d).initContainers = [{ ...app(d), name: 'migrate', command: ['alembic', 'upgrade', 'head'] }]; }), 'up to 10 pods'],
  ['seed-workers-memory', () => broken('Deployment', (d) => {
    app(d).command = ['uvicorn', 'main:app', '--workers', '4', '--proxy-headers'];
    app(d).resources.limits.memory = '3Gi';
    d.metadata.annotations['cdk-fastapi-gke.io/memory-per-worker'] = '1Gi';
  }), '4 workers × 1Gi is above the memory limit 3Gi'],
  ['seed-hpa-without-cpu-request', () => broken('Deployment', (d) => { delete app(d).resources.requests.cpu; }), 'requests no CPU'],
  ['seed-replicas-beside-hpa', () => broken('Deployment', (d) => { d.spec.replicas = 1; }), 'replicas: 1 beside an HPA'],
  ['seed-autoscaling-v1', () => broken('HorizontalPodAutoscaler', (h) => { h.apiVersion = 'autoscaling/v1'; }), 'autoscaling/v1'],
  ['seed-plaintext-ingress', () => broken('Ingress', (i) => { delete i.metadata.annotations['networking.gke.io/managed-certificates']; }), 'plain HTTP'],
  ['seed-plaintext-loadbalancer', () => broken('Service', (s) => { s.spec.type = 'LoadBalancer'; }), 'port 80 on a public IP'],
  ['seed-missing-probes', () => broken('Deployment', (d) => { delete app(d).livenessProbe; }), 'no livenessProbe'],
  ['seed-identical-probes', () => broken('Deployment', (d) => { app(d).livenessProbe = { ...app(d).readinessProbe, periodSeconds: 60 }; }), 'readiness and liveness check the same GET'],
  ['seed-multiple-workers', () => broken('Deployment', (d) => { app(d).command.push('--workers', '2'); }), '2 worker processes'],
  ['seed-proxy-headers', () => broken('Deployment', (d) => { app(d).command = ['uvicorn', 'main:app', '--port', '8000']; }), 'without --proxy-headers'],
  ['seed-image-tag', () => broken('Deployment', (d) => { app(d).image = 'python:latest'; }), 'the tag latest'],
  ['seed-limit-below-request', () => broken('Deployment', (d) => { app(d).resources.limits.memory = '128Mi'; }), 'memory limit 128Mi is below its request 256Mi'],
];

test('every rule has a failing fixture', () => {
  expect(FAILING.map(([id]) => id).sort()).toEqual(SEED_PITFALLS.rules.map((r) => r.id).sort());
});

test('the good set passes every rule', () => {
  expect(findingsOf(SEED_PITFALLS, goodSet())).toEqual([]);
});

test.each(FAILING)('%s fails on its fixture', (id, set, words) => {
  const messages = messagesOf(ruleOf(SEED_PITFALLS, id), set());
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.join('\n')).toContain(words);
});

describe('rules that read more than one object', () => {
  test('migrations: fine in a Job, in one pod, or under a declared lock', () => {
    const rule = ruleOf(SEED_PITFALLS, 'seed-migrations-race');
    const migrate = (d: Obj) => { pod(d).initContainers = [{ ...app(d), name: 'migrate', command: ['alembic', 'upgrade', 'head'] }]; };
    const locked = broken('Deployment', (d) => { migrate(d); d.metadata.annotations['cdk-fastapi-gke.io/migrations'] = 'locked-init-container'; });
    expect(messagesOf(rule, locked)).toEqual([]);
    const single = broken('Deployment', (d) => { migrate(d); d.spec.replicas = 1; }).filter((m) => m.kind !== 'HorizontalPodAutoscaler');
    expect(messagesOf(rule, single)).toEqual([]);
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'm' }, spec: { template: { spec: { containers: [{ name: 'm', command: ['alembic', 'upgrade', 'head'] }] } } } };
    expect(messagesOf(rule, [job])).toEqual([]);
  });

  test('an HPA on a ContainerResource metric only needs that container\'s request', () => {
    const set = broken('Deployment', (d) => { pod(d).containers.push({ name: 'sidecar', image: 'x:1' }); });
    hpa(set).spec.metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'api', target: { type: 'Utilization', averageUtilization: 50 } } }];
    expect(messagesOf(ruleOf(SEED_PITFALLS, 'seed-hpa-without-cpu-request'), set)).toEqual([]);
  });

  test('workers with no memory limit at all', () => {
    const set = broken('Deployment', (d) => { app(d).command.push('--workers', '2'); delete app(d).resources.limits.memory; });
    expect(messagesOf(ruleOf(SEED_PITFALLS, 'seed-workers-memory'), set).join()).toContain('no memory limit');
  });

  test('proxy headers only matter behind an Ingress; fastapi run trusts them by default', () => {
    const rule = ruleOf(SEED_PITFALLS, 'seed-proxy-headers');
    const noIngress = broken('Deployment', (d) => { app(d).command = ['uvicorn', 'main:app']; }).filter((m) => m.kind !== 'Ingress');
    expect(messagesOf(rule, noIngress)).toEqual([]);
    expect(messagesOf(rule, broken('Deployment', (d) => { app(d).command = ['fastapi', 'run', 'main.py']; }))).toEqual([]);
    expect(messagesOf(rule, broken('Deployment', (d) => { app(d).command = ['fastapi', 'run', 'main.py', '--no-proxy-headers']; }))).toHaveLength(1);
  });

  test('an internal LoadBalancer and an HTTPS port are not plaintext on a public IP', () => {
    const rule = ruleOf(SEED_PITFALLS, 'seed-plaintext-loadbalancer');
    expect(messagesOf(rule, broken('Service', (s) => { s.spec.type = 'LoadBalancer'; s.metadata.annotations = { 'networking.gke.io/load-balancer-type': 'Internal' }; }))).toEqual([]);
    expect(messagesOf(rule, broken('Service', (s) => { s.spec.type = 'LoadBalancer'; s.spec.ports = [{ name: 'https', port: 443 }]; }))).toEqual([]);
  });

  test('a digest pins an image', () => {
    expect(messagesOf(ruleOf(SEED_PITFALLS, 'seed-image-tag'), broken('Deployment', (d) => { app(d).image = 'repo/api@sha256:abc'; }))).toEqual([]);
  });
});
