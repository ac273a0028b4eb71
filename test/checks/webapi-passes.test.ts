/** What WebApi generates passes every pack, in each of its main configurations: the checks and the constructs agree. */
import { ALL_PACKS, Manifest, MigrationStrategy, SecretDelivery, TlsMode, WebApiProps, runChecks } from '../../lib';
import { EXEMPTION_REASON_PREFIX } from '../../lib/plan/annotations';
import { referenceKfApi, synthApi } from '../helpers/synth';

const CONFIGS: Array<[string, Partial<WebApiProps>]> = [
  ['minimal', {}],
  ['the reference kf-api in production', referenceKfApi()],
  ['the reference kf-api in staging', referenceKfApi('staging')],
  ['migrations in a Job', { migrations: { command: ['alembic', 'upgrade', 'head'] }, tls: { host: 'api.example.com' } }],
  ['migrations under a lock', { migrations: { command: ['alembic', 'upgrade', 'head'], strategy: MigrationStrategy.LOCKED_INIT_CONTAINER } }],
  ['cert-manager', { tls: { host: 'api.example.com', mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'ops@example.com' }, server: { forwardedAllowIps: '10.4.0.0/14' } }],
  ['Kubernetes API access', { kubernetesApi: [{ apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: ['get', 'create'] }] }],
  ['fixed replicas', { replicas: 3 }],
  ['secrets and egress', { secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } }, egress: [{ cidr: '10.0.0.5/32', ports: [5432] }] }],
  ['Cloud SQL proxy, migrations and Secret Manager (CSI)', {
    googleServiceAccount: 'api-prod@acme-prod.iam.gserviceaccount.com', tls: { host: 'api.example.com', pathPrefix: '/api' },
    cloudSql: { instanceConnectionName: 'acme-prod:europe-west2:orders' }, migrations: { command: ['alembic', 'upgrade', 'head'] },
    secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db-password' }] },
  }],
  ['Gateway API', { tls: { host: 'api.example.com', mode: TlsMode.GATEWAY }, cloudSql: { instanceConnectionName: 'acme-prod:europe-west2:orders' } }],
  ['External Secrets', { secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, store: 'gsm', refs: [{ env: 'DB_PASSWORD', secret: 'db' }] } }],
];

test.each(CONFIGS)('%s: zero findings, suppressions carry their reason', (_name, props) => {
  const { manifests } = synthApi(props);
  const findings = runChecks({ manifests: manifests.map((manifest) => ({ manifest: manifest as Manifest })) }, ALL_PACKS);
  expect(findings.filter((f) => f.suppressedBy === undefined)).toEqual([]);
  for (const f of findings) expect(f.suppressedBy!.length).toBeGreaterThanOrEqual(10);
});

test.each(CONFIGS)('%s: every Polaris exemption has its reason beside it', (_name, props) => {
  const { manifests } = synthApi(props);
  for (const m of manifests as Manifest[]) {
    const annotations: Record<string, string> = m.metadata?.annotations ?? {};
    for (const key of Object.keys(annotations)) {
      const check = /^polaris\.fairwinds\.com\/(.+)-exempt$/.exec(key)?.[1];
      if (!check) continue;
      expect([m.kind, key, annotations[key]]).toEqual([m.kind, key, 'true']);
      expect([m.kind, check, (annotations[`${EXEMPTION_REASON_PREFIX}polaris-${check}`] ?? '').length >= 10]).toEqual([m.kind, check, true]);
    }
  }
});

test('more than one worker is advice, not an error', () => {
  const { manifests } = synthApi({ server: { workers: 2, memoryPerWorker: '128Mi' } });
  const findings = runChecks({ manifests: manifests.map((manifest) => ({ manifest: manifest as Manifest })) }, ALL_PACKS);
  expect(findings.map((f) => [f.rule, f.level])).toEqual([['seed-multiple-workers', 'warning']]);
});
