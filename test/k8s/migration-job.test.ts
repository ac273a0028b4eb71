import { createHash } from 'crypto';
import {
  ALL_PACKS, DEFAULT_MASTER_CIDR, type Manifest, DEPLOY_STAGE_ANNOTATION, KUBE_API_VOLUME, MIGRATION_JOB_TEMPLATE_REVISION, MigrationStrategy, SecretDelivery,
  WebApiProps, canonicalJson, runChecks,
} from '../../lib';
import { restrictedViolations } from '../helpers/pod-security';
import { validateAll } from '../helpers/schema';
import { kinds, only, synthApi } from '../helpers/synth';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MIGRATE = ['alembic', 'upgrade', 'head'];
const CLOUD_SQL = { instanceConnectionName: 'acme-prod:europe-west1:orders' };
const GSA = 'orders-api@acme-prod.iam.gserviceaccount.com';
/** A description whose Job has every kind of input: env from a Secret, the Cloud SQL proxy, CSI secrets. */
const FULL: Partial<WebApiProps> = {
  migrations: { command: MIGRATE }, secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } },
  cloudSql: CLOUD_SQL, googleServiceAccount: GSA, secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }] },
};

const jobOf = (props: Partial<WebApiProps>): Obj => only(synthApi(props).manifests, 'Job');
const annotations = (m: Obj): Record<string, string> => m.metadata.annotations ?? {};

describe('the default: a Job before the rollout (MigrationStrategy.JOB)', () => {
  const { api, manifests } = synthApi({ migrations: { command: MIGRATE }, secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } } });
  const job = only(manifests, 'Job');
  const pod = only(manifests, 'Deployment').spec.template.spec;

  test('a Job is the default when the Deployment can run more than one pod, and it cleans up after itself', () => {
    expect(api.migrationStrategy).toBe(MigrationStrategy.JOB);
    expect(validateAll(manifests)).toBe(manifests.length);
    expect(job.metadata.name).toMatch(/^api-migrate-[0-9a-f]{8}$/);
    expect(job.metadata.labels['app.kubernetes.io/component']).toBe('migration');
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 86400 });
    const container = job.spec.template.spec.containers[0];
    expect(container).toMatchObject({ name: 'migrate', command: MIGRATE, image: api.image });
    expect(container.env).toEqual([{ name: 'HOME', value: '/tmp' }, { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } }]);
    expect(container.resources.requests.cpu).toBe('250m');
    expect(restrictedViolations(job.spec.template.spec)).toEqual([]);
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    // No construct address in the pod template: a renamed chart would change the template under the same name.
    expect(Object.keys(job.spec.template.metadata.labels).filter((k) => k.startsWith('cdk8s.io'))).toEqual([]);
  });

  test('the Job\'s pods are not selected by the Deployment or its Service', () => {
    const jobLabels = job.spec.template.metadata.labels;
    expect(Object.entries(api.selector).every(([k, v]) => jobLabels[k] === v)).toBe(false);
  });

  test('no pod waits for it: no init container that calls the Kubernetes API, no token, no Role, no egress to the control plane', () => {
    expect(pod.initContainers ?? []).toEqual([]);
    expect(JSON.stringify(pod)).not.toMatch(/kubectl|kube-api-access|serviceaccount/);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).not.toContainEqual(expect.objectContaining({ name: KUBE_API_VOLUME.name }));
    expect(kinds(manifests)).not.toContain('Role');
    expect(kinds(manifests)).not.toContain('RoleBinding');
    const egress = only(manifests, 'NetworkPolicy').spec.egress;
    expect(JSON.stringify(egress)).not.toContain(DEFAULT_MASTER_CIDR);
    expect(api.model.initCallsKubernetesApi).toBe(false);
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('the migration stage: the Job and what its pod needs are marked, the app is not', () => {
    const stage = manifests.filter((m) => annotations(m)[DEPLOY_STAGE_ANNOTATION] === 'migrate').map((m) => m.kind);
    expect(stage.sort()).toEqual(['Job', 'Namespace', 'NetworkPolicy', 'PriorityClass', 'ServiceAccount']);
    expect(api.migrationStage.map((o) => o.kind).sort()).toEqual(stage);
  });
});

describe('Argo CD runs the stage first, and the annotations are ones it knows', () => {
  const { manifests } = synthApi(FULL);
  const job = only(manifests, 'Job');
  // Argo CD's hook names and deletion policies (docs/user-guide/resource_hooks.md); waves are integers, 0 by default.
  const HOOKS = ['PreSync', 'Sync', 'Skip', 'PostSync', 'SyncFail', 'PostDelete'];
  const DELETE_POLICIES = ['HookSucceeded', 'HookFailed', 'BeforeHookCreation'];
  const wave = (m: Obj) => Number(annotations(m)['argocd.argoproj.io/sync-wave'] ?? '0');

  test('the Job is a Sync hook, re-created at each sync, in a wave of its own', () => {
    const a = annotations(job);
    expect(a['argocd.argoproj.io/hook']).toBe('Sync');
    expect(HOOKS).toContain(a['argocd.argoproj.io/hook']);
    expect(a['argocd.argoproj.io/hook-delete-policy'].split(',').every((p) => DELETE_POLICIES.includes(p))).toBe(true);
    expect(a['argocd.argoproj.io/hook-delete-policy']).toBe('BeforeHookCreation');
    expect(Number.isInteger(wave(job))).toBe(true);
  });

  test('what the Job needs comes before it, the app after it; nothing else is a hook, and no Helm hook is claimed', () => {
    const stage = manifests.filter((m) => m !== job && annotations(m)[DEPLOY_STAGE_ANNOTATION] === 'migrate');
    expect(stage.map((m) => m.kind).sort()).toEqual(['Namespace', 'NetworkPolicy', 'PriorityClass', 'SecretProviderClass', 'ServiceAccount']);
    const app = manifests.filter((m) => annotations(m)[DEPLOY_STAGE_ANNOTATION] === undefined);
    expect(app.map((m) => m.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']));
    for (const m of stage) expect(wave(m)).toBeLessThan(wave(job));
    for (const m of app) expect(wave(m)).toBeGreaterThan(wave(job));
    for (const m of manifests.filter((x) => x !== job)) expect(annotations(m)['argocd.argoproj.io/hook']).toBeUndefined();
    expect(JSON.stringify(manifests)).not.toContain('helm.sh/hook');
  });
});

describe('the Job\'s name is a hash of its whole spec', () => {
  const base = jobOf(FULL);
  const CHANGES: Record<string, Partial<WebApiProps>> = {
    'resources': { resources: { cpu: { request: '300m' } } },
    'the memory limit': { resources: { memory: { request: '256Mi', limit: '512Mi' } } },
    'the image': { image: 'registry.example.com/team/api:1.2.4' },
    'the migrations image': { migrations: { command: MIGRATE, image: 'registry.example.com/team/migrate:2.0.0' } },
    'the command': { migrations: { command: ['alembic', 'upgrade', 'heads'] } },
    'the timeout': { migrations: { command: MIGRATE, timeoutSeconds: 900 } },
    'an env value': { env: { LOG_LEVEL: 'debug' } },
    'a secret env key': { secretEnv: { DATABASE_URL: { secretName: 'db', key: 'dsn' } } },
    'the proxy\'s image': { cloudSql: { ...CLOUD_SQL, image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.15.0' } },
    'the proxy\'s args': { cloudSql: { ...CLOUD_SQL, privateIp: true } },
    'the proxy\'s resources': { cloudSql: { ...CLOUD_SQL, resources: { memory: { request: '128Mi' } } } },
    'no proxy sidecar': { cloudSql: undefined },
    'a secret volume': { secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }, { env: 'API_KEY', secret: 'orders-key' }] } },
    'no secret volume': { secrets: undefined },
    'the priority class': { priorityClassName: 'batch' },
    'the namespace': { namespace: 'orders' },
    'the labels': { partOf: 'shop' },
  };

  test('two synths of the same description give the same name', () => {
    expect(jobOf(FULL).metadata.name).toBe(base.metadata.name);
  });

  test.each(Object.entries(CHANGES))('a change to %s changes the spec and the name', (_, change) => {
    const changed = jobOf({ ...FULL, ...change });
    expect(canonicalJson(changed.spec)).not.toBe(canonicalJson(base.spec));
    expect(changed.metadata.name).not.toBe(base.metadata.name);
  });

  test('what does not reach the Job keeps its name', () => {
    for (const change of [{ autoscaling: { maxReplicas: 20 } }, { tls: { host: 'api.example.com' } }, { health: { readinessPath: '/ready' } }]) {
      const same = jobOf({ ...FULL, ...change });
      expect(same.metadata.name).toBe(base.metadata.name);
      expect(canonicalJson(same.spec)).toBe(canonicalJson(base.spec));
    }
  });

  test('a long API name is cut so that the Job\'s name fits the job-name label', () => {
    const name = `a${'b'.repeat(57)}c`;
    const job = jobOf({ name, migrations: { command: MIGRATE } });
    expect(job.metadata.name.length).toBeLessThanOrEqual(63);
    expect(job.metadata.name).toMatch(/^ab+-migrate-[0-9a-f]{8}$/);
  });

  test('the renderer writes what the hash covers: a change to the rendered Job bumps MIGRATION_JOB_TEMPLATE_REVISION', () => {
    // If this fails, the Job's rendered spec changed. If the Job's name changed with it (a model change), update the
    // fingerprint. If not, the renderer changed: bump MIGRATION_JOB_TEMPLATE_REVISION in lib/plan/migrations.ts too,
    // or a deployed Job would be patched with a new pod template under its old name (`field is immutable`).
    const fingerprint = createHash('sha256').update(canonicalJson({ name: base.metadata.name, spec: base.spec })).digest('hex').slice(0, 12);
    expect(`${MIGRATION_JOB_TEMPLATE_REVISION}:${fingerprint}`).toBe('2:46a0b9bd14ea');
  });
});

describe('kube-linter job-ttl-seconds-after-finished (prod-job-ttl)', () => {
  const findings = (props: Partial<WebApiProps>) => runChecks({ manifests: synthApi(props).manifests.map((manifest) => ({ manifest: manifest as Manifest })) }, ALL_PACKS)
    .filter((f) => f.rule === 'prod-job-ttl');

  test('passes on the default Job, which sets ttlSecondsAfterFinished', () => {
    expect(findings(FULL)).toEqual([]);
  });

  test('is suppressed, with the reason, on the Job the pods of JOB_WITH_WAIT wait on', () => {
    const found = findings({ ...FULL, migrations: { command: MIGRATE, strategy: MigrationStrategy.JOB_WITH_WAIT, kubectlVersion: '1.35' } });
    expect(found).toHaveLength(1);
    expect(found[0].suppressedBy).toMatch(/wait for this Job/);
  });
});

describe('JOB_WITH_WAIT: the Job applied with the app, every pod waiting for it', () => {
  const { api, manifests } = synthApi({
    migrations: { command: MIGRATE, strategy: MigrationStrategy.JOB_WITH_WAIT, kubectlVersion: '1.35' },
    secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } },
  });
  const job = only(manifests, 'Job');
  const pod = only(manifests, 'Deployment').spec.template.spec;

  test('every pod waits for the Job first, with a kubectl of the cluster\'s minor and a token only that container sees', () => {
    expect(validateAll(manifests)).toBe(manifests.length);
    const wait = pod.initContainers[0];
    expect(wait).toMatchObject({ name: 'wait-for-migrations', image: 'registry.k8s.io/kubectl:v1.35.0' });
    expect(wait.args).toEqual(['wait', '--for=condition=complete', '--timeout=600s', `job/${job.metadata.name}`]);
    expect(wait.volumeMounts).toContainEqual({ name: 'kube-api-access', mountPath: KUBE_API_VOLUME.mountPath, readOnly: true });
    expect(pod.containers[0].volumeMounts).not.toContainEqual(expect.objectContaining({ name: 'kube-api-access' }));
    expect(pod.volumes).toContainEqual({
      name: 'kube-api-access',
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(restrictedViolations(pod)).toEqual([]);
    expect(api.model.initContainers.map((c) => c.name)).toEqual(['wait-for-migrations']);
  });

  test('the service account may read exactly that Job, and reach the API server', () => {
    expect(only(manifests, 'Role').rules).toEqual([{ apiGroups: ['batch'], resources: ['jobs'], resourceNames: [job.metadata.name], verbs: ['get', 'list', 'watch'] }]);
    expect(only(manifests, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'api', namespace: 'api' }]);
    const egress = only(manifests, 'NetworkPolicy').spec.egress;
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: DEFAULT_MASTER_CIDR } }], ports: [{ protocol: 'TCP', port: 443 }] });
  });

  test('the Job stays (no TTL), is no deploy stage and no Argo CD hook, and has a name of its own', () => {
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(annotations(job)[DEPLOY_STAGE_ANNOTATION]).toBeUndefined();
    expect(annotations(job)['argocd.argoproj.io/hook']).toBeUndefined();
    expect(manifests.filter((m) => annotations(m)[DEPLOY_STAGE_ANNOTATION] !== undefined)).toEqual([]);
    expect(api.migrationStage).toEqual([]);
    expect(job.metadata.name).not.toBe(jobOf({ migrations: { command: MIGRATE }, secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } } }).metadata.name);
  });

  test('a waitImage instead of kubectlVersion', () => {
    const wait = only(synthApi({ migrations: { command: MIGRATE, strategy: MigrationStrategy.JOB_WITH_WAIT, waitImage: 'mirror.example.com/kubectl:v1.35.2' } }).manifests, 'Deployment')
      .spec.template.spec.initContainers[0];
    expect(wait.image).toBe('mirror.example.com/kubectl:v1.35.2');
  });

  test('errors', () => {
    const wait = { command: MIGRATE, strategy: MigrationStrategy.JOB_WITH_WAIT };
    expect(() => synthApi({ migrations: wait })).toThrow("WebApi 'api': 'migrations.kubectlVersion' (undefined) is required with MigrationStrategy.JOB_WITH_WAIT");
    expect(() => synthApi({ migrations: { ...wait, kubectlVersion: 'v1.35' } })).toThrow('\'migrations.kubectlVersion\' ("v1.35") must be a Kubernetes version such as \'1.35\'');
    expect(() => synthApi({ migrations: { ...wait, waitImage: 'kubectl' } })).toThrow('\'migrations.waitImage\' ("kubectl") must name a tag');
    expect(() => synthApi({ migrations: { ...wait, waitImage: 'kubectl:1.35.0', kubectlVersion: '1.35' } })).toThrow('\'migrations.waitImage\' ("kubectl:1.35.0") cannot be set beside \'migrations.kubectlVersion\'');
    expect(() => synthApi({ migrations: { command: MIGRATE, kubectlVersion: '1.35' } })).toThrow('\'migrations.kubectlVersion\' ("1.35") applies to MigrationStrategy.JOB_WITH_WAIT only');
    expect(() => synthApi({ migrations: { command: MIGRATE, waitImage: 'kubectl:1.35.0' } })).toThrow('\'migrations.waitImage\' ("kubectl:1.35.0") applies to MigrationStrategy.JOB_WITH_WAIT only');
  });
});

describe('migrations in an init container', () => {
  test('the default for a single pod', () => {
    const { api, manifests } = synthApi({ replicas: 1, migrations: { command: MIGRATE } });
    expect(api.migrationStrategy).toBe(MigrationStrategy.INIT_CONTAINER);
    expect(kinds(manifests)).not.toContain('Job');
    expect(only(manifests, 'Deployment').spec.template.spec.initContainers[0]).toMatchObject({ name: 'migrate', command: MIGRATE });
  });

  test('with a lock the command holds, allowed at any scale, before the other steps', () => {
    const { manifests } = synthApi({
      migrations: { command: MIGRATE, strategy: MigrationStrategy.LOCKED_INIT_CONTAINER },
      preStartSteps: [{ name: 'warm', command: ['python', '-m', 'warm'] }],
    });
    const names = only(manifests, 'Deployment').spec.template.spec.initContainers.map((c: { name: string }) => c.name);
    expect(names).toEqual(['migrate', 'warm']);
    // The checks read the declared lock from the Deployment, in any YAML.
    expect(only(manifests, 'Deployment').metadata.annotations['cdk-fastapi-gke.io/migrations']).toBe('locked-init-container');
  });

  test('errors', () => {
    expect(() => synthApi({ migrations: { command: [] } })).toThrow('\'migrations.command\' ([]) must not be empty');
    expect(() => synthApi({ migrations: { command: MIGRATE, timeoutSeconds: 1 } })).toThrow('\'migrations.timeoutSeconds\' (1) must be at least 10');
  });
});

test('External Secrets delivery: the ExternalSecret is in the migration stage too', () => {
  const { manifests } = synthApi({ migrations: { command: MIGRATE }, secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, store: 'gsm', refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }] } });
  expect(annotations(only(manifests, 'ExternalSecret'))[DEPLOY_STAGE_ANNOTATION]).toBe('migrate');
});
