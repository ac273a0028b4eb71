import { DEFAULT_WAIT_IMAGE, KUBE_API_VOLUME, MigrationStrategy } from '../../lib';
import { restrictedViolations } from '../helpers/pod-security';
import { validateAll } from '../helpers/schema';
import { only, synthApi } from '../helpers/synth';

const MIGRATE = ['alembic', 'upgrade', 'head'];

describe('migrations run once (seed 000: "previous steps")', () => {
  const { api, manifests } = synthApi({ migrations: { command: MIGRATE }, secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } } });
  const job = only(manifests, 'Job');
  const pod = only(manifests, 'Deployment').spec.template.spec;

  test('a Job is the default when the Deployment can run more than one pod', () => {
    expect(api.migrationStrategy).toBe(MigrationStrategy.JOB);
    expect(validateAll(manifests)).toBe(manifests.length);
    expect(job.metadata.name).toMatch(/^api-migrate-[0-9a-f]{8}$/);
    expect(job.metadata.labels['app.kubernetes.io/component']).toBe('migration');
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600 });
    const container = job.spec.template.spec.containers[0];
    expect(container).toMatchObject({ name: 'migrate', command: MIGRATE, image: api.image });
    expect(container.env).toEqual([{ name: 'HOME', value: '/tmp' }, { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } }]);
    expect(container.resources.requests.cpu).toBe('250m');
    expect(restrictedViolations(job.spec.template.spec)).toEqual([]);
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('the Job\'s pods are not selected by the Deployment or its Service', () => {
    const jobLabels = job.spec.template.metadata.labels;
    const matches = Object.entries(api.selector).every(([k, v]) => jobLabels[k] === v);
    expect(matches).toBe(false);
  });

  test('every pod waits for the Job first, with a token only that init container sees', () => {
    const wait = pod.initContainers[0];
    expect(wait).toMatchObject({ name: 'wait-for-migrations', image: DEFAULT_WAIT_IMAGE });
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
  });

  test('the service account may read exactly that Job, and reach the API server', () => {
    expect(only(manifests, 'Role').rules).toEqual([{ apiGroups: ['batch'], resources: ['jobs'], resourceNames: [job.metadata.name], verbs: ['get', 'list', 'watch'] }]);
    expect(only(manifests, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'api', namespace: 'api' }]);
    const egress = only(manifests, 'NetworkPolicy').spec.egress;
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '172.16.0.0/28' } }], ports: [{ protocol: 'TCP', port: 443 }] });
  });

  test('a new image gives a new Job name, the same props the same name', () => {
    const again = only(synthApi({ migrations: { command: MIGRATE }, secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } } }).manifests, 'Job');
    expect(again.metadata.name).toBe(job.metadata.name);
    const next = only(synthApi({ image: 'registry.example.com/team/api:1.2.4', migrations: { command: MIGRATE } }).manifests, 'Job');
    expect(next.metadata.name).not.toBe(job.metadata.name);
  });
});

describe('migrations in an init container', () => {
  test('the default for a single pod', () => {
    const { api, manifests } = synthApi({ replicas: 1, migrations: { command: MIGRATE } });
    expect(api.migrationStrategy).toBe(MigrationStrategy.INIT_CONTAINER);
    expect(manifests.map((m) => m.kind)).not.toContain('Job');
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
    expect(() => synthApi({ migrations: { command: MIGRATE, waitImage: 'kubectl' } })).toThrow('\'migrations.waitImage\' ("kubectl") must name a tag');
  });
});
