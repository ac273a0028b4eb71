import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SUPPRESS_ANNOTATION_PREFIX, polarisExemption } from '../plan/annotations';
import { MIGRATION_BACKOFF_LIMIT } from '../plan/migrations';
import { ResourceValues } from '../plan/resources';
import { approximateResources, restrictedContainer, restrictedPod, setResources } from './pod-defaults';
import type { RunAs } from '../plan/web-api-model';

/**
 * Argo CD runs the JOB strategy's Job as a `Sync` hook in the wave before the app's (which is 0): after the objects
 * its pod needs ({@link MIGRATION_STAGE_WAVE}), before the Deployment, and it waits for the Job to complete. Not a
 * `PreSync` hook: that phase runs before Argo CD applies any other object, so a first sync would find no namespace,
 * service account or secrets for the Job, and later syncs would run it under the previous release's NetworkPolicy.
 * `BeforeHookCreation` deletes a previous run of the same Job before it is created again.
 */
export const MIGRATION_JOB_ARGOCD_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/hook': 'Sync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  'argocd.argoproj.io/sync-wave': '-1',
};

/** The Argo CD sync wave of the objects the migration Job's pod needs (namespace, identity, secrets, policy). */
export const MIGRATION_STAGE_WAVE: Readonly<Record<string, string>> = { 'argocd.argoproj.io/sync-wave': '-2' };

/** Props of {@link MigrationJob}. */
export interface MigrationJobProps {
  /** The API's name, the stem of the Role's name. */
  readonly name: string;
  /** The Job's name (`WebApiModel.migrations.jobName`): a hash of its whole spec, so any change gives a new Job. */
  readonly jobName: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly image: string;
  readonly command: string[];
  readonly env: Record<string, kplus.EnvValue>;
  readonly resources: ResourceValues;
  readonly serviceAccount: kplus.IServiceAccount;
  /** How long the Job may run, and how long pods wait for it. */
  readonly timeoutSeconds: number;
  /** The pod's volumes (`/tmp`, secrets), shared with the app's pods. */
  readonly volumes: kplus.Volume[];
  /** Where the migration container mounts them. */
  readonly mounts: kplus.VolumeMount[];
  /** Native sidecars the migration needs (the Cloud SQL Auth Proxy), which stop when it ends. */
  readonly sidecars?: Array<{ props: kplus.ContainerProps; resources: ResourceValues }>;
  /** The serving pods' PriorityClass: the rollout waits for this Job, so preempting it would stall it. */
  readonly priorityClassName: string;
  /**
   * Retries (a new pod each) before the Job fails.
   * @default MIGRATION_BACKOFF_LIMIT (2)
   */
  readonly backoffLimit?: number;
  /**
   * Seconds after the Job finishes before Kubernetes deletes it, pod and logs included.
   * @default - kept until deleted (what pods that wait for it need)
   */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * Annotations of the Job (ordering for deploy tools, suppressions).
   * @default {}
   */
  readonly annotations?: Record<string, string>;
  /**
   * The user and group the Job's containers run as: the API's.
   * @default - 10001 for both
   */
  readonly runAs?: RunAs;
  /**
   * Let `serviceAccount` read this one Job, for pods that wait for it ({@link MigrationJob.waitContainer}).
   * @default false
   */
  readonly readableByPods?: boolean;
}

/**
 * Runs migrations once per release in a Job. With `readableByPods`, grants the API's service account read access to
 * exactly that Job so that its pods can wait for it (see {@link MigrationJob.waitContainer}).
 */
export class MigrationJob extends Construct {
  public readonly job: kplus.Job;
  /** The Job's name: `<name>-migrate-<hash of its whole spec>`, derived in the plan. */
  public readonly jobName: string;
  /** Who the Job's containers (and the waiting init container of JOB_WITH_WAIT) run as. */
  public readonly runAs?: RunAs;
  /** With `readableByPods`: lets the service account get/list/watch that one Job. */
  public readonly role?: k8s.KubeRole;
  public readonly roleBinding?: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    this.jobName = props.jobName;
    this.runAs = props.runAs;
    const labels = { ...props.labels, 'app.kubernetes.io/component': 'migration' };
    this.job = new kplus.Job(this, 'job', {
      metadata: {
        name: this.jobName,
        namespace: props.namespace,
        labels,
        annotations: {
          [`${SUPPRESS_ANNOTATION_PREFIX}prod-instance-label`]: 'app.kubernetes.io/instance names the API instance this Job migrates, as the recommended labels define it',
          ...polarisExemption('metadataAndInstanceMismatched', 'app.kubernetes.io/instance names the API instance this Job migrates, as the recommended labels define it'),
          ...props.annotations,
        },
      },
      podMetadata: { labels },
      select: false,
      backoffLimit: props.backoffLimit ?? MIGRATION_BACKOFF_LIMIT,
      activeDeadline: Duration.seconds(props.timeoutSeconds),
      ttlAfterFinished: props.ttlSecondsAfterFinished === undefined ? undefined : Duration.seconds(props.ttlSecondsAfterFinished),
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: restrictedPod(props.runAs),
      volumes: props.volumes,
      initContainers: (props.sidecars ?? []).map((x) => x.props),
      containers: [{
        name: 'migrate',
        image: props.image,
        command: props.command,
        envVariables: props.env,
        securityContext: restrictedContainer(props.runAs),
        resources: approximateResources(props.resources),
        volumeMounts: props.mounts,
      }],
    });
    const jobObject = ApiObject.of(this.job);
    setResources(jobObject, '/spec/template/spec', { list: 'containers', index: 0 }, props.resources);
    (props.sidecars ?? []).forEach((x, index) => setResources(jobObject, '/spec/template/spec', { list: 'initContainers', index }, x.resources));
    jobObject.addJsonPatch(
      // cdk8s-plus labels pods with their construct address, which the Job's hashed name does not cover: a renamed
      // chart would change the pod template under the same name. The Job selects its pods by its own uid.
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName),
      JsonPatch.add('/spec/template/spec/enableServiceLinks', false),
    );
    if (!props.readableByPods) return;
    const saName = props.serviceAccount.name;
    this.role = new k8s.KubeRole(this, 'role', {
      metadata: { name: `${props.name}-migration-reader`, namespace: props.namespace, labels },
      rules: [{ apiGroups: ['batch'], resources: ['jobs'], resourceNames: [this.jobName], verbs: ['get', 'list', 'watch'] }],
    });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'binding', {
      metadata: { name: `${props.name}-migration-reader`, namespace: props.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.role.name },
      subjects: [{ kind: 'ServiceAccount', name: saName, namespace: props.namespace }],
    });
  }

  /**
   * The init container that blocks a pod until the Job has completed (JOB_WITH_WAIT). It needs a service account
   * token, which the pod does not mount for its other containers; the owner mounts {@link KUBE_API_VOLUME} into it
   * alone, and `readableByPods` grants it the Job.
   */
  public waitContainer(image: string, timeoutSeconds: number, resources: ResourceValues, tmpMount: kplus.VolumeMount): kplus.ContainerProps {
    return {
      name: 'wait-for-migrations',
      image,
      args: ['wait', '--for=condition=complete', `--timeout=${timeoutSeconds}s`, `job/${this.jobName}`],
      envVariables: { HOME: kplus.EnvValue.fromValue('/tmp') }, // kubectl writes its discovery cache under $HOME
      securityContext: restrictedContainer(this.runAs),
      resources: approximateResources(resources),
      volumeMounts: [tmpMount],
    };
  }
}

/**
 * A projected service account token, as Kubernetes would automount it, for one container only: the pod keeps
 * `automountServiceAccountToken: false` so that the API's own container holds no Kubernetes credentials.
 * Typed as the L1 `k8s.Volume` because JSON patches on cdk8s-plus objects pass through the L1 renderer.
 */
export const KUBE_API_VOLUME: { name: string; mountPath: string; volume: k8s.Volume } = {
  name: 'kube-api-access',
  mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
  volume: {
    name: 'kube-api-access',
    projected: {
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  },
};
