import {
  ApiSpec, EnvironmentSpec, MigrationStrategy, PlatformSpec, TlsMode, hostOf, imageOf, registryUrl, regionOf, resolveEnvironment, serviceAccountEmail,
  staticIpName, workloadIdentityMember,
} from '../../lib';

const API: ApiSpec = { name: 'orders', image: { name: 'orders-api', tag: '2.4.1' }, tls: {} };
const ENV = (name: string, extra: Partial<EnvironmentSpec> = {}): EnvironmentSpec => ({
  name, projectId: `acme-${name}`, location: 'europe-west2-a', domain: `${name}.example.com`,
  authorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'ops' }], cluster: { name: 'main' }, ...extra,
});
const PLATFORM: PlatformSpec = { apis: [API], environments: [ENV('staging'), ENV('production', { domain: 'example.com', location: 'europe-west2' })] };

describe('each crossing name comes from one function', () => {
  const env = PLATFORM.environments[1];
  test.each([
    ['region of a zone', regionOf('europe-west2-a'), 'europe-west2'],
    ['region of a region', regionOf('us-central1'), 'us-central1'],
    ['registry path', registryUrl(env), 'europe-west2-docker.pkg.dev/acme-production/apps'],
    ['registry image', imageOf(env, { name: 'orders-api', tag: '2.4.1' }), 'europe-west2-docker.pkg.dev/acme-production/apps/orders-api:2.4.1'],
    ['full image', imageOf(env, 'ghcr.io/acme/orders:1'), 'ghcr.io/acme/orders:1'],
    ['host', hostOf(env, API), 'orders.example.com'],
    ['host with a label', hostOf(env, { ...API, tls: { hostLabel: 'api' } }), 'api.example.com'],
    ['static IP', staticIpName(env, API), 'orders-production-ip'],
    ['service account e-mail', serviceAccountEmail('orders-production', 'acme-production'), 'orders-production@acme-production.iam.gserviceaccount.com'],
    ['Workload Identity member', workloadIdentityMember('acme-production', 'orders', 'orders'), 'serviceAccount:acme-production.svc.id.goog[orders/orders]'],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('resolveEnvironment binds the APIs', () => {
  const prod = resolveEnvironment(PLATFORM, 'production');
  const [orders] = prod.apis;

  test('the WebApi props carry the crossing names', () => {
    expect(prod).toMatchObject({ region: 'europe-west2', zones: 3, registryUrl: 'europe-west2-docker.pkg.dev/acme-production/apps' });
    expect(orders.props).toMatchObject({
      name: 'orders',
      image: 'europe-west2-docker.pkg.dev/acme-production/apps/orders-api:2.4.1',
      tls: { host: 'orders.example.com', staticIpName: 'orders-production-ip', sslPolicy: 'orders-production-ssl-policy' },
      googleServiceAccount: 'orders-production@acme-production.iam.gserviceaccount.com',
    });
    expect(orders.props.kubernetesApiCidr).toBeUndefined();
    expect(orders.names).toEqual({
      namespace: 'orders', kubernetesServiceAccount: 'orders', image: orders.props.image, host: 'orders.example.com',
      staticIpName: 'orders-production-ip', sslPolicyName: 'orders-production-ssl-policy', googleServiceAccountId: 'orders-production',
      googleServiceAccountEmail: 'orders-production@acme-production.iam.gserviceaccount.com',
      workloadIdentityMember: 'serviceAccount:acme-production.svc.id.goog[orders/orders]',
    });
  });

  test('a zonal environment has one zone', () => {
    expect(resolveEnvironment(PLATFORM, 'staging').zones).toBe(1);
  });

  test('cert-manager TLS needs no static IP; migrations in a Job before the rollout need no control plane', () => {
    const p: PlatformSpec = {
      ...PLATFORM,
      apis: [{ ...API, tls: { mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'ops@example.com' }, migrations: { command: ['alembic', 'upgrade', 'head'] } }],
      environments: [ENV('staging', { cluster: { name: 'main', masterIpv4CidrBlock: '172.16.8.0/28' } })],
    };
    const [api] = resolveEnvironment(p, 'staging').apis;
    expect(api.names.staticIpName).toBeUndefined();
    expect(api.props.tls).toEqual({ mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', clusterIssuer: 'letsencrypt-traefik', host: 'orders.staging.example.com' });
    expect(api.props.kubernetesApiCidr).toBeUndefined();
  });

  test('pods that wait for the migration Job get egress to the control plane, and a kubectl of the cluster\'s minor', () => {
    const p: PlatformSpec = {
      ...PLATFORM,
      apis: [{ ...API, migrations: { command: ['alembic', 'upgrade', 'head'], strategy: MigrationStrategy.JOB_WITH_WAIT } }],
      environments: [ENV('staging', { cluster: { name: 'main', masterIpv4CidrBlock: '172.16.8.0/28', minMasterVersion: '1.35.1-gke.1000' } })],
    };
    const [api] = resolveEnvironment(p, 'staging').apis;
    expect(api.props.kubernetesApiCidr).toBe('172.16.8.0/28');
    expect(api.props.migrations?.kubectlVersion).toBe('1.35');
    expect(api.model.migrations?.waitImage).toBe('registry.k8s.io/kubectl:v1.35.0');
    // The API's own version wins; without either, the message says where the version comes from.
    const own = { ...p, apis: [{ ...p.apis[0], migrations: { ...p.apis[0].migrations!, kubectlVersion: '1.34.2' } }] };
    expect(resolveEnvironment(own, 'staging').apis[0].model.migrations?.waitImage).toBe('registry.k8s.io/kubectl:v1.34.2');
    const none = { ...p, environments: [ENV('staging', { cluster: { name: 'main' } })] };
    expect(() => resolveEnvironment(none, 'staging')).toThrow("WebApi 'orders' in environment 'staging': 'migrations.kubectlVersion' (undefined) is required with MigrationStrategy.JOB_WITH_WAIT");
  });

  test('an environment\'s values override the API\'s, objects one level deep', () => {
    const p: PlatformSpec = {
      apis: [{ ...API, autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilization: 60 }, env: { A: '1', B: '2' } }],
      environments: [
        ENV('staging', { apis: { orders: { autoscaling: { maxReplicas: 3 }, env: { B: 'staging' } } } }),
        ENV('dev', { apis: { orders: { replicas: 1 } } }),
      ],
    };
    expect(resolveEnvironment(p, 'staging').apis[0].props).toMatchObject({ autoscaling: { minReplicas: 2, maxReplicas: 3, targetCpuUtilization: 60 }, env: { A: '1', B: 'staging' } });
    const dev = resolveEnvironment(p, 'dev').apis[0].props;
    expect(dev.replicas).toBe(1);
    expect(dev.autoscaling).toBeUndefined();
  });

  test('no Workload Identity when the API asks for none', () => {
    const [api] = resolveEnvironment({ ...PLATFORM, apis: [{ ...API, workloadIdentity: false }] }, 'production').apis;
    expect(api.props.googleServiceAccount).toBeUndefined();
    expect(api.names.googleServiceAccountId).toBeUndefined();
  });
});

describe('errors', () => {
  test.each<[string, PlatformSpec, string, string]>([
    ['an environment named twice', { apis: [API], environments: [ENV('prod'), ENV('prod')] }, 'prod',
      'Platform \'description\': \'environments[1].name\' ("prod") names an environment twice'],
    ['two APIs on the same host', { apis: [API, { ...API, name: 'billing', tls: { hostLabel: 'orders' } }], environments: [ENV('prod')] }, 'prod',
      '\'apis.billing.tls\' ("orders.prod.example.com") is the host of both orders in prod and billing in prod'],
    ['a fixed host in two environments', { apis: [{ ...API, tls: { host: 'orders.example.com' } }], environments: [ENV('a'), ENV('b')] }, 'a',
      'is the host of both orders in a and orders in b'],
    ['an API named twice', { apis: [API, API], environments: [ENV('prod')] }, 'prod', '\'apis[1].name\' ("orders") names an API twice'],
    ['an override of an unknown API', { apis: [API], environments: [ENV('prod', { apis: { billing: { replicas: 2 } } })] }, 'prod',
      '\'environments[0].apis.billing\' ("billing") overrides an API the description does not list (known: orders)'],
    ['an unknown environment', PLATFORM, 'qa', 'Platform \'qa\': \'environment\' ("qa") is not an environment of the description (known: staging, production)'],
    ['no domain to derive a host from', { apis: [API], environments: [ENV('prod', { domain: undefined })] }, 'prod',
      '\'environments[0].domain\' (undefined) is needed to derive the host of orders'],
    ['a malformed location', { apis: [API], environments: [ENV('prod', { location: 'London' })] }, 'prod', '\'environments[0].location\' ("London") must be a region'],
    ['a service account id too long', { apis: [{ ...API, name: 'order-management-service' }], environments: [ENV('production')] }, 'production',
      'service account id\' ("order-management-service-production") must be a service account id of 6 to 30 characters'],
  ])('%s', (_what, platform, env, message) => {
    expect(() => resolveEnvironment(platform, env)).toThrow(message);
  });
});
