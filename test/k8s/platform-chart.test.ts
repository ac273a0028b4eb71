import { Testing } from 'cdk8s';
import { PlatformChart, PlatformSpec } from '../../lib';
import { validateAll } from '../helpers/schema';

const PLATFORM: PlatformSpec = {
  apis: [
    { name: 'orders', image: { name: 'orders', tag: '1.0.0' }, tls: {} },
    { name: 'billing', image: 'ghcr.io/acme/billing:3.1.0', tls: { hostLabel: 'pay' }, kubernetesApi: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] },
  ],
  environments: [{
    name: 'staging', projectId: 'acme-staging', location: 'europe-west1-b', domain: 'staging.example.com',
    authorizedNetworks: [{ cidrBlock: '198.51.100.0/24', displayName: 'office' }],
    cluster: { name: 'apps', masterIpv4CidrBlock: '172.16.4.0/28' },
    apis: { orders: { replicas: 1 } },
  }],
};

const chart = new PlatformChart(Testing.app(), 'apps', { platform: PLATFORM, environment: 'staging' });
const manifests = Testing.synth(chart);

test('one WebApi per API, in one chart, bound to the environment', () => {
  expect(Object.keys(chart.apis)).toEqual(['orders', 'billing']);
  expect(validateAll(manifests)).toBe(manifests.length);
  expect(chart.apis.orders.image).toBe('europe-west1-docker.pkg.dev/acme-staging/apps/orders:1.0.0');
  expect(chart.apis.orders.maxReplicas).toBe(1);
  expect(chart.apis.orders.hpa).toBeUndefined();
  expect(chart.apis.billing.ingress?.host).toBe('pay.staging.example.com');
  expect(chart.apis.orders.ingress?.staticIpName).toBe('orders-staging-ip');
});

test('the API that calls the Kubernetes API may reach the environment\'s control plane', () => {
  const np = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'billing');
  expect(np.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '172.16.4.0/28' } }], ports: [{ protocol: 'TCP', port: 443 }] });
});
