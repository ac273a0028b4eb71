import { Testing } from 'cdktf';
import { PlatformSpec, PlatformStack, TlsMode } from '../../lib';

const PLATFORM: PlatformSpec = {
  apis: [
    { name: 'orders', image: { name: 'orders', tag: '1.0.0' }, tls: {} },
    { name: 'billing', image: 'ghcr.io/acme/billing:3.1.0', tls: { mode: TlsMode.CERT_MANAGER, acmeEmail: 'ops@example.com' } },
    { name: 'internal', image: 'ghcr.io/acme/internal:1.0.0', workloadIdentity: false },
  ],
  environments: [{
    name: 'production', projectId: 'acme-prod', location: 'europe-west1', domain: 'example.com', dnsZone: 'example-com',
    authorizedNetworks: [{ cidrBlock: '198.51.100.0/24', displayName: 'office' }],
    cluster: { name: 'apps', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 4 },
    labels: { team: 'platform' },
  }],
};

const stack = new PlatformStack(Testing.app(), { platform: PLATFORM, environment: 'production' });
const json = JSON.parse(Testing.synth(stack, true));
const all = (type: string): Array<Record<string, any>> => Object.values(json.resource[type] ?? {});

test('the stack is named after the environment and sized from it', () => {
  expect(stack.node.id).toBe('production');
  const [pool] = all('google_container_node_pool');
  expect(pool).toMatchObject({ autoscaling: { min_node_count: 1, max_node_count: 4 }, node_config: expect.objectContaining({ machine_type: 'e2-standard-4' }) });
  expect(all('google_container_cluster')[0]).toMatchObject({ name: 'apps', location: 'europe-west1', resource_labels: { team: 'platform' } });
});

test('a static IP and an A record only for the APIs on GKE-managed TLS', () => {
  expect(all('google_compute_global_address').map((a) => a.name)).toEqual(['orders-production-ip']);
  const [record] = all('google_dns_record_set');
  expect(record).toMatchObject({ name: 'orders.example.com.', type: 'A', managed_zone: 'example-com' });
  expect(json.output.static_ip_orders_production_ip).toBeDefined();
});

test('a Google service account bound through Workload Identity for each API that wants one', () => {
  expect(all('google_service_account').map((a) => a.account_id).sort()).toEqual(['apps-nodes', 'billing-production', 'orders-production'].sort());
  expect(all('google_service_account_iam_member').map((b) => b.member).sort()).toEqual([
    'serviceAccount:acme-prod.svc.id.goog[billing/billing]',
    'serviceAccount:acme-prod.svc.id.goog[orders/orders]',
  ]);
});

test('the registry the images come from', () => {
  expect(all('google_artifact_registry_repository')[0]).toMatchObject({ repository_id: 'apps', location: 'europe-west1' });
  expect(stack.environment.registryUrl).toBe('europe-west1-docker.pkg.dev/acme-prod/apps');
});

test('a description error names the platform', () => {
  expect(() => new PlatformStack(Testing.app(), { platform: PLATFORM, environment: 'staging' }))
    .toThrow('Platform \'staging\': \'environment\' ("staging") is not an environment of the description (known: production)');
});
