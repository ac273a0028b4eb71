/**
 * Secrets exist before anything is bound to them: the stack creates them (empty) or reads them, and every IAM
 * binding names a resource the stack creates or reads, never a bare id that may not exist. With External Secrets,
 * the operator's account is granted, not the API's.
 */
import { Testing } from 'cdktf';
import { SecretManagerSecrets } from '../../lib/gcp/secret-manager-secrets';
import { ApiSpec, EnvironmentSpec, PlatformSpec, PlatformStack, SecretDelivery, TlsMode } from '../../lib';
import { synth, testStack } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ENV: EnvironmentSpec = {
  name: 'production', projectId: 'acme-prod', location: 'europe-west1', domain: 'example.com', dnsZone: 'example-com',
  authorizedNetworks: [{ cidrBlock: '198.51.100.0/24', displayName: 'office' }],
  cluster: { name: 'apps', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 4 },
};
const ESO = 'external-secrets@acme-prod.iam.gserviceaccount.com';
const CSI_API: ApiSpec = {
  name: 'orders', image: 'ghcr.io/acme/orders:1.0.0', tls: { mode: TlsMode.GATEWAY },
  cloudSql: { instanceConnectionName: 'acme-prod:europe-west1:orders' },
  secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }, { env: 'API_KEY', secret: 'shared-key' }] },
};
const ESO_API: ApiSpec = {
  name: 'billing', image: 'ghcr.io/acme/billing:1.0.0', tls: {},
  secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, store: 'gsm', refs: [{ env: 'STRIPE_KEY', secret: 'billing-stripe' }, { env: 'API_KEY', secret: 'shared-key' }] },
};

function synthesize(env: Partial<EnvironmentSpec> = {}): Json {
  const platform: PlatformSpec = { apis: [CSI_API, ESO_API], environments: [{ ...ENV, secretManager: { externalSecretsServiceAccount: ESO, ...env.secretManager } }] };
  return JSON.parse(Testing.synth(new PlatformStack(Testing.app(), { platform, environment: 'production' }), true));
}

/** `${type.name.attr}` or `${data.type.name.attr}` → the block it names in the JSON, or undefined. */
function target(json: Json, expression: unknown): Json | undefined {
  const m = typeof expression === 'string' ? /^\$\{(data\.)?([a-z0-9_]+)\.([^.}]+)\.[a-z_]+\}$/.exec(expression) : null;
  if (!m) return undefined;
  return (m[1] ? json.data : json.resource)?.[m[2]]?.[m[3]];
}

/** Every `*_iam_member` of the JSON: [address, body]. */
function bindings(json: Json): Array<[string, Json]> {
  return Object.entries(json.resource as Json).filter(([type]) => type.endsWith('_iam_member'))
    .flatMap(([type, byName]) => Object.entries(byName as Json).map(([name, body]) => [`${type}.${name}`, body] as [string, Json]));
}

describe.each([
  ['created', {}],
  ['existing', { secretManager: { existingSecrets: true } }],
] as const)('secrets %s', (_, env) => {
  const json = synthesize(env as Partial<EnvironmentSpec>);

  test('no IAM binding refers to a resource that the stack neither creates nor reads', () => {
    const found = bindings(json);
    expect(found.length).toBeGreaterThan(5);
    for (const [address, body] of found) {
      // What is bound: a secret, a repository, a service account: each one a resource or data source of the stack.
      for (const field of ['secret_id', 'repository', 'service_account_id'] as const) {
        if (field in body) expect([address, field, target(json, body[field]) !== undefined]).toEqual([address, field, true]);
      }
      // Who is granted: a Google service account the stack creates or reads (Workload Identity pools aside).
      const account = /^serviceAccount:(.*)$/.exec(body.member)?.[1];
      if (account !== undefined && !account.includes('.svc.id.goog[')) {
        expect([address, target(json, account) !== undefined]).toEqual([address, true]);
      }
    }
  });

  test('the secrets every API names, once each', () => {
    const secrets = env === undefined || !('secretManager' in env)
      ? Object.values(json.resource.google_secret_manager_secret as Json)
      : Object.values(json.data.google_secret_manager_secret as Json);
    expect(secrets.map((s) => s.secret_id).sort()).toEqual(['billing-stripe', 'orders-db', 'shared-key']);
  });

  test('CSI secrets go to the API\'s account, External Secrets to the operator\'s, one secret at a time', () => {
    const grants = bindings(json).filter(([address]) => address.startsWith('google_secret_manager_secret_iam_member.'))
      .map(([, b]) => [target(json, b.secret_id)!.secret_id, b.member.replace(/_[0-9A-F]{8}\.email\}$/, '}'), b.role]);
    expect(grants.sort()).toEqual([
      ['billing-stripe', 'serviceAccount:${data.google_service_account.external-secrets-operator.email}', 'roles/secretmanager.secretAccessor'],
      ['orders-db', 'serviceAccount:${google_service_account.workload-identity-orders-production_service-account}', 'roles/secretmanager.secretAccessor'],
      ['shared-key', 'serviceAccount:${data.google_service_account.external-secrets-operator.email}', 'roles/secretmanager.secretAccessor'],
      ['shared-key', 'serviceAccount:${google_service_account.workload-identity-orders-production_service-account}', 'roles/secretmanager.secretAccessor'],
    ]);
    expect(json.data.google_service_account['external-secrets-operator'].account_id).toBe(ESO);
  });
});

test('created secrets: empty (no version), deletion-protected, replicated where asked', () => {
  const json = synthesize({ secretManager: { replicaLocations: ['europe-west1'] } });
  expect(json.resource.google_secret_manager_secret_version).toBeUndefined();
  for (const secret of Object.values(json.resource.google_secret_manager_secret as Json)) {
    expect(secret).toMatchObject({ project: 'acme-prod', deletion_protection: true, replication: { user_managed: { replicas: [{ location: 'europe-west1' }] } } });
  }
});

describe('SecretManagerSecrets', () => {
  test('grants only on the secrets it creates or reads', () => {
    const secrets = new SecretManagerSecrets(testStack(), 'secrets', { projectId: 'my-project-id', secretIds: ['db'] });
    expect(() => secrets.grantAccess('api', 'serviceAccount:api@my-project-id.iam.gserviceaccount.com', ['db', 'other']))
      .toThrow("SecretManagerSecrets 'secrets' in stack 'test': 'api secrets' (\"other\") is not among the secrets this stack creates (db)");
  });

  test('existing secrets are read, and bound through the data source', () => {
    const stack = testStack();
    const secrets = new SecretManagerSecrets(stack, 'secrets', { projectId: 'my-project-id', secretIds: ['db', 'db'], existing: true });
    secrets.grantAccess('api', 'serviceAccount:api@my-project-id.iam.gserviceaccount.com', ['db']);
    const json = JSON.parse(synth(stack));
    expect(json.resource.google_secret_manager_secret).toBeUndefined();
    expect(Object.values(json.data.google_secret_manager_secret as Json)).toEqual([{ project: 'my-project-id', secret_id: 'db' }]);
    expect(Object.values(json.resource.google_secret_manager_secret_iam_member as Json)[0].secret_id).toMatch(/^\$\{data\.google_secret_manager_secret\./);
  });

  test.each([
    [{ secretIds: ['db password'] }, "'secretIds[0]' (\"db password\") must be a Secret Manager secret id"],
    [{ replicaLocations: [] }, "'replicaLocations' ([]) must name at least one region"],
    [{ replicaLocations: ['europe-west2-a'] }, "'replicaLocations[0]' (\"europe-west2-a\") must be a region, not a zone"],
  ])('refuses %j', (props, message) => {
    expect(() => new SecretManagerSecrets(testStack(), 'secrets', { projectId: 'my-project-id', secretIds: ['db'], ...props }))
      .toThrow(`SecretManagerSecrets 'secrets' in stack 'test': ${message}`);
  });
});

test('External Secrets without the operator\'s account is refused, naming the environment prop', () => {
  const platform: PlatformSpec = { apis: [ESO_API], environments: [ENV] };
  expect(() => new PlatformStack(Testing.app(), { platform, environment: 'production' }))
    .toThrow("Platform 'production': 'environments[0].secretManager.externalSecretsServiceAccount' (undefined) is required: billing delivers secrets by SecretDelivery.EXTERNAL_SECRETS");
});
