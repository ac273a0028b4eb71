/**
 * An empty project: every API a configuration uses is enabled in Terraform (`google_project_service`, never
 * disabled on destroy), and every resource that needs one depends on it. The expectations below are written out by
 * hand, per configuration, from what each resource type calls, independently of lib/gcp/project-services.ts.
 */
import { TerraformStack, Testing } from 'cdktf';
import { GOOGLE_API, GoogleApi, ProjectServices } from '../../lib/gcp/project-services';
import { ApiSpec, EnvironmentSpec, PlatformSpec, PlatformStack, SecretDelivery, TlsMode } from '../../lib';
import { testNetwork, testStack } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ENV: EnvironmentSpec = {
  name: 'production', projectId: 'acme-prod', location: 'europe-west1', domain: 'example.com',
  authorizedNetworks: [{ cidrBlock: '198.51.100.0/24', displayName: 'office' }],
  cluster: { name: 'apps', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 4 },
};
const API: ApiSpec = { name: 'orders', image: 'ghcr.io/acme/orders:1.0.0' };
const CLOUD_SQL = { instanceConnectionName: 'acme-prod:europe-west1:orders' };
const ESO = 'external-secrets@acme-prod.iam.gserviceaccount.com';

const A = GOOGLE_API;
/** What every platform uses: network, cluster (Binary Authorization, logging, monitoring), registry, IAM, identities. */
const CORE: GoogleApi[] = [A.COMPUTE, A.CONTAINER, A.ARTIFACT_REGISTRY, A.IAM, A.RESOURCE_MANAGER, A.BINARY_AUTHORIZATION, A.LOGGING, A.MONITORING, A.IAM_CREDENTIALS];

/** Per configuration: the API's props, the environment's, and the APIs beyond the core that must be enabled. */
const CONFIGURATIONS: Record<string, [Partial<ApiSpec>, Partial<EnvironmentSpec>, GoogleApi[]]> = {
  'GKE-managed TLS, A record in a managed zone': [{ tls: {} }, { dnsZone: 'example-com' }, [A.DNS]],
  'GKE-managed TLS, DNS elsewhere': [{ tls: {} }, {}, []],
  'cert-manager': [{ tls: { mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'ops@example.com' } }, { dnsZone: 'example-com' }, []],
  'Gateway, load-balancer authorization': [{ tls: { mode: TlsMode.GATEWAY } }, {}, [A.CERTIFICATE_MANAGER]],
  'Gateway, DNS authorization': [{ tls: { mode: TlsMode.GATEWAY } }, { dnsZone: 'example-com' }, [A.CERTIFICATE_MANAGER, A.DNS]],
  'Cloud SQL, public IP': [{ cloudSql: CLOUD_SQL }, {}, [A.SQL_ADMIN]],
  'Cloud SQL, private IP': [{ cloudSql: { ...CLOUD_SQL, privateIp: true } }, {}, [A.SQL_ADMIN, A.SERVICE_NETWORKING]],
  'secrets by CSI': [{ secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }] } }, {}, [A.SECRET_MANAGER]],
  'secrets by CSI, existing': [{ secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }] } }, { secretManager: { existingSecrets: true } }, [A.SECRET_MANAGER]],
  'secrets by External Secrets': [
    { secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, store: 'gsm', refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }] } },
    { secretManager: { externalSecretsServiceAccount: ESO } }, [A.SECRET_MANAGER],
  ],
};

/** Which resources need an API, written from what each one calls (`data.` for data sources). */
function needs(api: GoogleApi, type: string, body: Json): boolean {
  switch (api) {
    case A.COMPUTE: return /^google_compute_|^google_container_|^google_service_networking_connection$/.test(type);
    case A.CONTAINER: return /^google_container_/.test(type);
    case A.BINARY_AUTHORIZATION: case A.LOGGING: case A.MONITORING: return type === 'google_container_cluster';
    case A.ARTIFACT_REGISTRY: return type.startsWith('google_artifact_registry_');
    case A.IAM: return /^google_service_account(_iam_member)?$|^data\.google_service_account$/.test(type);
    case A.IAM_CREDENTIALS: return type === 'google_service_account_iam_member' && body.role === 'roles/iam.workloadIdentityUser';
    case A.RESOURCE_MANAGER: return type === 'google_project_iam_member';
    case A.DNS: return type === 'google_dns_record_set';
    case A.CERTIFICATE_MANAGER: return type.startsWith('google_certificate_manager_');
    case A.SECRET_MANAGER: return /^(data\.)?google_secret_manager_secret/.test(type) || (type === 'google_container_cluster' && body.secret_manager_config?.enabled === true);
    case A.SQL_ADMIN: return type === 'google_project_iam_member' && body.role === 'roles/cloudsql.client';
    case A.SERVICE_NETWORKING: return type === 'google_service_networking_connection';
  }
}

function synthesize(api: Partial<ApiSpec>, env: Partial<EnvironmentSpec>): Json {
  const platform: PlatformSpec = { apis: [{ ...API, ...api } as ApiSpec], environments: [{ ...ENV, ...env }] };
  return JSON.parse(Testing.synth(new PlatformStack(Testing.app(), { platform, environment: 'production' }), true));
}

/** Every resource and data source: [type (`data.` prefixed), name, body]. */
function blocks(json: Json): Array<[string, string, Json]> {
  const of = (section: Json | undefined, prefix: string) => Object.entries(section ?? {})
    .flatMap(([type, byName]) => Object.entries(byName as Json).map(([name, body]) => [`${prefix}${type}`, name, body] as [string, string, Json]));
  return [...of(json.resource, ''), ...of(json.data, 'data.')];
}

describe.each(Object.entries(CONFIGURATIONS))('%s', (_, [api, env, extra]) => {
  const json = synthesize(api, env);
  const services: Record<string, [string, Json]> = Object.fromEntries(
    Object.entries(json.resource.google_project_service as Json).map(([name, body]) => [body.service, [name, body]]),
  );

  test('enables exactly the APIs it uses, and never disables them on destroy', () => {
    expect(Object.keys(services).sort()).toEqual([...new Set([...CORE, ...extra])].sort());
    for (const [, body] of Object.values(services)) expect(body).toMatchObject({ project: 'acme-prod', disable_on_destroy: false });
  });

  test.each([...new Set([...CORE, ...extra])])('every resource that needs %s depends on it', (service) => {
    const [name] = services[service];
    const needing = blocks(json).filter(([type, , body]) => type !== 'google_project_service' && needs(service, type, body));
    expect(needing.length).toBeGreaterThan(0);
    for (const [type, resource, body] of needing) {
      expect([`${type}.${resource}`, body.depends_on ?? []]).toEqual([`${type}.${resource}`, expect.arrayContaining([`google_project_service.${name}`])]);
    }
  });
});

describe('ProjectServices', () => {
  test('a resource that needs an API the list lacks fails the synth, naming both', () => {
    const stack = testStack();
    new ProjectServices(stack, 'services', { projectId: 'my-project-id', apis: [A.IAM] });
    testNetwork(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/ProjectServices: test\/network\/network needs compute\.googleapis\.com, which the stack does not enable/);
  });

  test('a second synth adds no dependency twice', () => {
    const stack = new TerraformStack(Testing.app(), 'twice');
    new ProjectServices(stack, 'services', { projectId: 'my-project-id', apis: [A.COMPUTE] });
    testNetwork(stack);
    Testing.synth(stack);
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.google_compute_network as Json)[0].depends_on).toHaveLength(1);
  });

  test('refuses a malformed project id', () => {
    expect(() => new ProjectServices(testStack(), 'services', { projectId: 'X', apis: [] }))
      .toThrow("ProjectServices 'services' in stack 'test': 'projectId' (\"X\") must be a project id");
  });
});
