import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SUPPRESS_ANNOTATION_PREFIX } from '../plan/annotations';
import { ResourceValues } from '../plan/resources';
import { RESTRICTED_CONTAINER, RESTRICTED_POD, approximateResources, setResources } from './pod-defaults';

/** Props of {@link MigrationJob}. */
export interface MigrationJobProps {
  readonly name: string;
  /** The Job's name (`WebApiModel.migrations.jobName`): a new release gets a new Job. */
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
  /** The serving pods' PriorityClass: they wait for this Job, so preempting it would stall a rollout. */
  readonly priorityClassName: string;
}

/**
 * Runs migrations once per release in a Job, and grants the API's service account read access to exactly that
 * Job so that its pods can wait for it (see {@link MigrationJob.waitContainer}).
 */
export class MigrationJob extends Construct {
  public readonly job: kplus.Job;
  /** The Job's name: `<name>-migrate-<hash of image, command and env>`, derived in the plan. */
  public readonly jobName: string;
  /** Lets the service account get/list/watch that one Job. */
  public readonly role: k8s.KubeRole;
  public readonly roleBinding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    this.jobName = props.jobName;
    const labels = { ...props.labels, 'app.kubernetes.io/component': 'migration' };
    this.job = new kplus.Job(this, 'job', {
      metadata: {
        name: this.jobName,
        namespace: props.namespace,
        labels,
        annotations: {
          [`${SUPPRESS_ANNOTATION_PREFIX}prod-instance-label`]: 'app.kubernetes.io/instance names the API instance this Job migrates, as the recommended labels define it',
          'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
        },
      },
      podMetadata: { labels },
      select: false,
      backoffLimit: 2,
      activeDeadline: Duration.seconds(props.timeoutSeconds),
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD,
      volumes: props.volumes,
      initContainers: (props.sidecars ?? []).map((x) => x.props),
      containers: [{
        name: 'migrate',
        image: props.image,
        command: props.command,
        envVariables: props.env,
        securityContext: RESTRICTED_CONTAINER,
        resources: approximateResources(props.resources),
        volumeMounts: props.mounts,
      }],
    });
    const jobObject = ApiObject.of(this.job);
    setResources(jobObject, '/spec/template/spec', { list: 'containers', index: 0 }, props.resources);
    (props.sidecars ?? []).forEach((x, index) => setResources(jobObject, '/spec/template/spec', { list: 'initContainers', index }, x.resources));
    jobObject.addJsonPatch(
      JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName),
      JsonPatch.add('/spec/template/spec/enableServiceLinks', false),
    );

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
   * The init container that blocks a pod until the Job has completed. It needs a service account token, which
   * the pod does not mount for its other containers; the owner mounts {@link KUBE_API_VOLUME} into it alone.
   */
  public waitContainer(image: string, timeoutSeconds: number, resources: ResourceValues, tmpMount: kplus.VolumeMount): kplus.ContainerProps {
    return {
      name: 'wait-for-migrations',
      image,
      args: ['wait', '--for=condition=complete', `--timeout=${timeoutSeconds}s`, `job/${this.jobName}`],
      envVariables: { HOME: kplus.EnvValue.fromValue('/tmp') }, // kubectl writes its discovery cache under $HOME
      securityContext: RESTRICTED_CONTAINER,
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
