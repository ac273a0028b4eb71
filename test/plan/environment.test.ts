/**
 * Environments override any prop of an API but its name, with one merge rule (lib/plan/environment.ts): a value
 * replaces the API's, plain objects merge one level deep, arrays are replaced whole, `replicas` and `autoscaling`
 * replace each other.
 */
import { ApiOverride, ApiSpec, EnvironmentSpec, MigrationStrategy, PlatformSpec, SecretDelivery, TlsMode, mergeOverride, resolveEnvironment } from '../../lib';

const API: ApiSpec = {
  name: 'orders', image: 'ghcr.io/acme/orders:1.0.0', tls: {},
  env: { LOG_LEVEL: 'info', REGION: 'eu' },
  secretEnv: { API_KEY: { secretName: 'orders-keys', key: 'api' } },
  cloudSql: { instanceConnectionName: 'acme-prod:europe-west1:orders', port: 6543 },
  secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }] },
  migrations: { command: ['alembic', 'upgrade', 'head'] },
};
const env = (name: string, projectId: string, apis?: Record<string, ApiOverride>): EnvironmentSpec => ({
  name, projectId, location: 'europe-west1', domain: `${name}.example.com`,
  authorizedNetworks: [{ cidrBlock: '198.51.100.0/24', displayName: 'office' }],
  cluster: { name: 'apps', machineType: 'e2-standard-4' }, apis,
});

const platform: PlatformSpec = {
  apis: [API],
  environments: [
    env('production', 'acme-prod'),
    { ...env('staging', 'acme-staging', {
      orders: {
        cloudSql: { instanceConnectionName: 'acme-staging:europe-west1:orders' },
        secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, store: 'gsm', refs: [{ env: 'DB_PASSWORD', secret: 'orders-db-staging' }] },
        tls: { mode: TlsMode.GATEWAY },
        env: { LOG_LEVEL: 'debug' },
        secretEnv: { API_KEY: { secretName: 'orders-keys-staging', key: 'api' } },
        migrations: { strategy: MigrationStrategy.LOCKED_INIT_CONTAINER },
        replicas: 1,
      },
    }), secretManager: { externalSecretsServiceAccount: 'external-secrets@acme-staging.iam.gserviceaccount.com' } },
  ],
};

const model = (environment: string) => resolveEnvironment(platform, environment).apis[0].model;

test('production keeps the API as described', () => {
  const m = model('production');
  expect(m.cloudSql).toMatchObject({ instanceConnectionName: 'acme-prod:europe-west1:orders', port: 6543 });
  expect(m.tls?.mode).toBe(TlsMode.GKE_MANAGED);
  expect(m.migrations?.strategy).toBe(MigrationStrategy.JOB);
  expect(m.scaling).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
  expect(m.secrets?.files.map((f) => f.resourceName)).toEqual(['projects/acme-prod/secrets/orders-db/versions/latest']);
});

test('staging overrides cloudSql, secrets, tls, env, secretEnv, migrations and replicas, merging objects one level deep', () => {
  const m = model('staging');
  // cloudSql: the instance is staging's, the port is still the API's.
  expect(m.cloudSql).toMatchObject({ instanceConnectionName: 'acme-staging:europe-west1:orders', instanceProject: 'acme-staging', port: 6543 });
  expect(m.secrets).toMatchObject({ delivery: SecretDelivery.EXTERNAL_SECRETS, store: { name: 'gsm', kind: 'ClusterSecretStore' }, secretIds: ['orders-db-staging'] });
  expect(m.tls).toMatchObject({ mode: TlsMode.GATEWAY, host: 'orders.staging.example.com', certificateMapName: 'orders-staging-certmap' });
  // env: LOG_LEVEL replaced, REGION kept.
  expect(m.env).toEqual(expect.arrayContaining([{ name: 'LOG_LEVEL', value: 'debug' }, { name: 'REGION', value: 'eu' }]));
  expect(m.env).toContainEqual({ name: 'API_KEY', secretKeyRef: { secretName: 'orders-keys-staging', key: 'api' } });
  // migrations: the strategy replaced, the command kept.
  expect(m.migrations).toMatchObject({ strategy: MigrationStrategy.LOCKED_INIT_CONTAINER, command: ['alembic', 'upgrade', 'head'] });
  // replicas replaces autoscaling.
  expect(m.scaling).toEqual({ minReplicas: 1, maxReplicas: 1 });
});

test('the merge rule itself: arrays are replaced whole, undefined changes nothing, replicas and autoscaling replace each other', () => {
  const api: ApiSpec = { name: 'a', image: 'x/a:1', servedPaths: ['/v1', '/v2'], autoscaling: { minReplicas: 3 }, resources: { cpu: { request: '1' }, memory: { request: '1Gi' } } };
  const merged = mergeOverride(api, { servedPaths: ['/v3'], image: undefined, resources: { memory: { request: '2Gi' } } });
  expect(merged).toEqual({ ...api, servedPaths: ['/v3'], resources: { cpu: { request: '1' }, memory: { request: '2Gi' } } });
  expect(mergeOverride(api, { replicas: 2 })).not.toHaveProperty('autoscaling');
  expect(mergeOverride({ ...api, autoscaling: undefined, replicas: 2 }, { autoscaling: { maxReplicas: 4 } })).not.toHaveProperty('replicas');
  expect(mergeOverride(api, undefined)).toBe(api);
});
