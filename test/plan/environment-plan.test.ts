import { Testing } from 'cdk8s';
import { Testing as TfTesting } from 'cdktf';
import {
  ApiSpec, EnvironmentSpec, PlatformChart, PlatformSpec, PlatformStack, capacityInput, environmentDiagram, mermaidDiagram, resolveEnvironment,
} from '../../lib';

const KF_API: ApiSpec = {
  name: 'kf-api', image: '4oh4/kubernetes-fastapi:1.0.0', port: 8080,
  resources: { cpu: { request: '250m' } }, autoscaling: { minReplicas: 2, maxReplicas: 10 },
};
const ENV: EnvironmentSpec = {
  name: 'production', projectId: 'my-project-id', location: 'europe-west2-a',
  authorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'ops' }],
  cluster: { name: 'kf-cluster', machineType: 'e2-standard-2', minNodes: 3, maxNodes: 3 },
};
const platform = (api: ApiSpec, env: Partial<EnvironmentSpec> = {}): PlatformSpec => ({ apis: [api], environments: [{ ...ENV, ...env }] });

test('the pod cost is max(largest init container, sum of app containers)', () => {
  const withBigStep = { ...KF_API, preStartSteps: [{ name: 'warm', command: ['x'], resources: { cpu: { request: '1' }, memory: { request: '512Mi' } } }] };
  const input = capacityInput(resolveEnvironment(platform(withBigStep), 'production'))!;
  expect(input.apis[0].pod).toEqual({ cpuMillis: 1000, memoryBytes: 512 * 2 ** 20 });
  expect(capacityInput(resolveEnvironment(platform(KF_API), 'production'))!.apis[0].pod).toEqual({ cpuMillis: 250, memoryBytes: 256 * 2 ** 20 });
});

describe('cdk8s-plus\'s default init-container request (1000m) makes kf-api 10 × 1000m on 3 × e2-standard-2', () => {
  const inflated = platform({ ...KF_API, preStartSteps: [{ name: 'check-app', command: ['python', '-c', 'import service.main'], resources: { cpu: { request: '1000m' }, memory: { request: '512Mi' } } }] });
  const message = 'Platform \'production\': \'environments[0].cluster\' ("3–3 × e2-standard-2") cannot hold its APIs: kf-api at 10 replicas needs 10 × 1000m = 10 CPU; node pool max 3 × e2-standard-2 holds 4.45 CPU';

  test('the Kubernetes side refuses it at synth', () => {
    expect(() => new PlatformChart(Testing.app(), 'c', { platform: inflated, environment: 'production' })).toThrow(message);
  });

  test('and so does the Terraform side', () => {
    expect(() => new PlatformStack(TfTesting.app(), { platform: inflated, environment: 'production' })).toThrow(message);
  });

  test('while the same API with requests sized to the work fits', () => {
    const chart = new PlatformChart(Testing.app(), 'c', { platform: platform(KF_API), environment: 'production' });
    expect(chart.capacity?.errors).toEqual([]);
    expect(chart.capacity?.warnings).toEqual([expect.stringContaining('below the 50–90% band on both')]);
  });
});

test('a machine type the table lacks: a clear error with the known ones, or an explicit shape', () => {
  expect(() => resolveAndPlan(platform(KF_API, { cluster: { ...ENV.cluster, machineType: 'n9-huge' } })))
    .toThrow(/Platform 'production': 'environments\[0\].cluster.machineType' \("n9-huge"\) is not a machine type this library knows \(known: e2-micro, .*e2-standard-2/);
  const custom = platform(KF_API, { cluster: { ...ENV.cluster, machineType: 'n9-huge', machineShape: { vcpus: 8, memoryGib: 32 } } });
  expect(resolveAndPlan(custom).nodePool.machineType).toBe('n9-huge');
});

test('Autopilot has no node pool to plan', () => {
  expect(capacityInput(resolveEnvironment(platform(KF_API, { location: 'europe-west2', cluster: { name: 'c', mode: 'autopilot' } }), 'production'))).toBeUndefined();
});

test('the diagram shows the path from DNS to the pods, the steps, the nodes and the identity', () => {
  const p = platform({ ...KF_API, tls: {}, migrations: { command: ['alembic', 'upgrade', 'head'] }, preStartSteps: [{ name: 'warm', command: ['x'] }] }, { domain: 'example.com' });
  const text = mermaidDiagram(environmentDiagram(resolveEnvironment(p, 'production')));
  for (const words of ['kf-api.example.com', 'kf-api-production-ip', 'target 50% CPU', 'kf-api-production@my-project-id.iam.gserviceaccount.com', 'warm', 'e2-standard-2 × 3 nodes']) {
    expect(text).toContain(words);
  }
  expect(text).toMatch(/migration Job/i);
});

function resolveAndPlan(p: PlatformSpec) {
  return capacityInput(resolveEnvironment(p, 'production'))!;
}
