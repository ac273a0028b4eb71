import { Testing } from 'cdktf';
import { PlatformSpec, PlatformStack, TlsMode } from '../../lib';

const PLATFORM: PlatformSpec = {
  apis: [
    { name: 'orders', image: { name: 'orders', tag: '1.0.0' }, tls: {} },
    { name: 'billing', image: 'ghcr.io/acme/billing:3.1.0', tls: { mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'ops@example.com' } },
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

test('the cluster serves the Gateway API (standard channel)', () => {
  expect(all('google_container_cluster')[0].gateway_api_config).toEqual({ channel: 'CHANNEL_STANDARD' });
});

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

describe('an API with the Cloud SQL Auth Proxy and Secret Manager secrets', () => {
  const p: PlatformSpec = {
    ...PLATFORM,
    apis: [{
      name: 'orders', image: { name: 'orders', tag: '1.0.0' },
      cloudSql: { instanceConnectionName: 'acme-prod:europe-west1:orders' },
      secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db-password' }, { env: 'API_KEY_FILE_SOURCE', secret: 'orders-api-key' }] },
    }],
  };
  const s = new PlatformStack(Testing.app(), { platform: p, environment: 'production' });
  const j = JSON.parse(Testing.synth(s, true));
  const of = (type: string): Array<Record<string, any>> => Object.values(j.resource[type] ?? {});

  test('its Google service account gets roles/cloudsql.client', () => {
    expect(of('google_project_iam_member').filter((m) => m.role === 'roles/cloudsql.client')).toEqual([
      expect.objectContaining({ project: 'acme-prod', member: expect.stringMatching(/^serviceAccount:\$\{google_service_account\..*\.email\}$/) }),
    ]);
  });

  test('the cluster runs the Secret Manager CSI add-on the pods read them through', () => {
    expect(of('google_container_cluster')[0].secret_manager_config).toEqual({ enabled: true });
    expect(all('google_container_cluster')[0].secret_manager_config).toBeUndefined();
  });

  test('and secretAccessor on exactly its secrets, not on the project', () => {
    expect(of('google_secret_manager_secret_iam_member').map((b) => [b.secret_id, b.role]).sort()).toEqual([
      [expect.stringMatching(/^\$\{google_secret_manager_secret\..*orders-api-key.*\.secret_id\}$/), 'roles/secretmanager.secretAccessor'],
      [expect.stringMatching(/^\$\{google_secret_manager_secret\..*orders-db-password.*\.secret_id\}$/), 'roles/secretmanager.secretAccessor'],
    ]);
    expect(of('google_secret_manager_secret').map((x) => [x.secret_id, x.replication])).toEqual([
      ['orders-api-key', { auto: {} }], ['orders-db-password', { auto: {} }],
    ]);
    expect(of('google_project_iam_member').map((m) => m.role)).not.toContain('roles/secretmanager.secretAccessor');
  });
});

test('an API behind a Gateway gets a static IP and a Certificate Manager map, named as the Kubernetes side names them', () => {
  const p: PlatformSpec = { ...PLATFORM, apis: [{ name: 'orders', image: 'ghcr.io/acme/orders:1.0.0', tls: { mode: TlsMode.GATEWAY } }] };
  const s = new PlatformStack(Testing.app(), { platform: p, environment: 'production' });
  const j = JSON.parse(Testing.synth(s, true));
  const [api] = s.environment.apis;
  expect(api.props.tls).toMatchObject({ staticIpName: 'orders-production-ip', certificateMapName: 'orders-production-certmap' });
  expect(Object.values(j.resource.google_compute_global_address).map((a: any) => a.name)).toEqual(['orders-production-ip']);
  expect(Object.values(j.resource.google_certificate_manager_certificate_map).map((m: any) => m.name)).toEqual(['orders-production-certmap']);
  expect(Object.values(j.resource.google_certificate_manager_certificate_map_entry)).toEqual([expect.objectContaining({ hostname: 'orders.example.com' })]);
});

test('the control plane endpoint subnet is the range the Kubernetes side opens NetworkPolicy egress to', () => {
  const p: PlatformSpec = {
    ...PLATFORM,
    environments: [{ ...PLATFORM.environments[0], cluster: { ...PLATFORM.environments[0].cluster, masterIpv4CidrBlock: '172.16.4.0/28' } }],
    apis: [{ name: 'orders', image: 'ghcr.io/acme/orders:1.0.0', kubernetesApi: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] }],
  };
  const s = new PlatformStack(Testing.app(), { platform: p, environment: 'production' });
  const j = JSON.parse(Testing.synth(s, true));
  const subnet = Object.values(j.resource.google_compute_subnetwork).find((n: any) => n.name === 'apps-control-plane') as any;
  expect(subnet.ip_cidr_range).toBe('172.16.4.0/28');
  expect(s.environment.apis[0].props.kubernetesApiCidr).toBe('172.16.4.0/28');
  const cluster: any = Object.values(j.resource.google_container_cluster)[0];
  expect(cluster.private_cluster_config.master_ipv4_cidr_block).toBeUndefined();
  expect(cluster.private_cluster_config.private_endpoint_subnetwork).toContain('google_compute_subnetwork');
});
