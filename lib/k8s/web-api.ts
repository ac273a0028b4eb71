import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DEPLOY_STAGE_ANNOTATION, MIGRATION_STAGE, SUPPRESS_ANNOTATION_PREFIX } from '../plan/annotations';
import { PropChecker } from '../plan/errors';
import { ResourceValues } from '../plan/resources';
import { SERVICE_PORT, SECRETS_MOUNT_PATH, TMP_SIZE_LIMIT, WebApiModel, resolveWebApi } from '../plan/web-api-model';
import { MigrationStrategy, PreStopAction, TlsMode, WebApiSpec } from '../plan/web-api-spec';
import { ApiNetworkPolicy } from './api-network-policy';
import { ApiSecrets } from './api-secrets';
import { cloudSqlProxySidecar } from './cloud-sql-proxy';
import { renderPriorityClass } from './cluster-objects';
import { GatewayRoute } from './gateway-route';
import { KUBE_API_VOLUME, MIGRATION_JOB_ARGOCD_ANNOTATIONS, MIGRATION_STAGE_WAVE, MigrationJob } from './migration-job';
import { approximateResources, editAfterRender, restrictedContainer, restrictedPod, setResources } from './pod-defaults';
import { TlsIngress } from './tls-ingress';

/** Why the JOB_WITH_WAIT Job has no `ttlSecondsAfterFinished`. */
const JOB_KEPT_REASON = 'pods of this release wait for this Job whenever they start, so it is kept until the next release';

/** Props of {@link WebApi}: its {@link WebApiSpec}. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface WebApiProps extends WebApiSpec {}

/** A container of the pod, ready to render, with the exact resources {@link setResources} writes over cdk8s-plus's. */
interface PodContainer {
  readonly props: kplus.ContainerProps;
  readonly resources: ResourceValues;
}

/** What the pod's containers share: the environment, the volumes and where they are mounted. */
interface PodWiring {
  readonly env: Record<string, kplus.EnvValue>;
  readonly volumes: kplus.Volume[];
  readonly mounts: kplus.VolumeMount[];
  readonly tmpMount: kplus.VolumeMount;
}

/**
 * A web API on Kubernetes, set up the way experienced platform engineers would: a Deployment that passes Pod
 * Security "restricted", a ClusterIP Service, an `autoscaling/v2` HPA at 50% CPU, distinct probes, graceful
 * shutdown, a PodDisruptionBudget, topology spread, a PriorityClass, a default-deny NetworkPolicy, init
 * containers for the steps before start, migrations that run once, and an HTTPS Ingress.
 *
 * With MigrationStrategy.JOB, the migration Job and the objects its pod needs (namespace, PriorityClass, service
 * account, secrets, NetworkPolicy) form a deploy stage of their own, marked with `cdk-fastapi-gke.io/deploy-stage:
 * migrate` and Argo CD sync waves: `cdk-fastapi-gke deploy` applies it, waits for the Job, then applies the rest.
 *
 * The props are resolved once into a {@link WebApiModel} (`lib/plan/web-api-model.ts`), where every default is
 * applied and every prop validated; this construct only renders that model, one small step per object.
 */
export class WebApi extends Construct {
  /** The resolved plan this construct renders. */
  public readonly model: WebApiModel;
  public readonly name: string;
  public readonly namespace: string;
  public readonly image: string;
  public readonly port: number;
  /** The container command, as the pod runs it. */
  public readonly command: string[];
  /** The API container's effective resources. */
  public readonly resources: ResourceValues;
  /** The fewest and most pods that can run. */
  public readonly minReplicas: number;
  public readonly maxReplicas: number;
  public readonly terminationGracePeriodSeconds: number;
  /** The path the load balancer health-checks on each pod. */
  public readonly healthCheckPath: string;
  /** Labels on every object. */
  public readonly labels: Record<string, string>;
  /** Labels that select the serving pods. */
  public readonly selector: Record<string, string>;
  /** Effective migration strategy, when there are migrations. */
  public readonly migrationStrategy?: MigrationStrategy;

  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly hpa?: kplus.HorizontalPodAutoscaler;
  /** The Ingress, in TlsMode.GKE_MANAGED and CERT_MANAGER. */
  public readonly ingress?: TlsIngress;
  /** The Gateway and its routes and policies, in TlsMode.GATEWAY. */
  public readonly gateway?: GatewayRoute;
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  public readonly networkPolicy: ApiNetworkPolicy;
  public readonly namespaceObject?: k8s.KubeNamespace;
  public readonly priorityClass?: k8s.KubePriorityClass;
  public readonly migrationJob?: MigrationJob;
  /** MigrationStrategy.JOB: what is applied and waited for before the app (the Job and what its pod needs). */
  public readonly migrationStage: ApiObject[];
  /** The Role and binding of `kubernetesApi`. */
  public readonly kubernetesApiRole?: k8s.KubeRole;
  /** Secrets from Google Secret Manager (`secrets`). */
  public readonly secrets?: ApiSecrets;

  constructor(scope: Construct, id: string, props: WebApiProps) {
    super(scope, id);
    const model = resolveWebApi(props, { id });
    this.model = model;
    this.name = model.name;
    this.namespace = model.namespace;
    this.image = model.image;
    this.port = model.port;
    this.command = [...model.command];
    this.resources = model.resources;
    this.minReplicas = model.scaling.minReplicas;
    this.maxReplicas = model.scaling.maxReplicas;
    this.terminationGracePeriodSeconds = model.shutdown.terminationGracePeriodSeconds;
    this.healthCheckPath = model.healthCheckPath;
    this.labels = { ...model.labels };
    this.selector = { ...model.selector };
    this.migrationStrategy = model.migrations?.strategy;

    this.namespaceObject = model.createNamespace ? this.renderNamespace() : undefined;
    this.priorityClass = model.priorityClass.create ? this.renderPriorityClass() : undefined;
    const env = this.renderEnv();
    this.secrets = model.secrets && new ApiSecrets(this, 'secrets', { secrets: model.secrets, namespace: model.namespace, labels: model.labels });
    this.serviceAccount = this.renderServiceAccount();
    this.kubernetesApiRole = model.appCallsKubernetesApi ? this.renderKubernetesApiRole() : undefined;
    const wiring = this.podWiring(env);
    const sidecars: PodContainer[] = model.cloudSql ? [{ props: cloudSqlProxySidecar(model.cloudSql, model.runAs), resources: model.cloudSql.resources }] : [];
    this.migrationJob = model.migrations?.jobName === undefined ? undefined : this.renderMigrationJob(wiring, sidecars);
    this.deployment = this.renderDeployment(wiring, sidecars);
    this.service = this.renderService();
    this.hpa = model.scaling.autoscaling ? this.renderHpa(sidecars.length > 0) : undefined;
    this.podDisruptionBudget = model.scaling.minReplicas >= 1 ? this.renderPodDisruptionBudget() : undefined;
    this.networkPolicy = new ApiNetworkPolicy(this, 'network-policy', {
      name: model.name, namespace: model.namespace, labels: this.labels,
      podSelector: { 'app.kubernetes.io/instance': model.name },
      // The model's egress is validated already; the checker names the API should the policy refuse anything.
      servingPort: model.port, egress: [...model.egress], ingressFrom: model.ingressFrom, checker: new PropChecker('WebApi', model.name), propPrefix: 'egress',
    });
    const tls = model.tls && this.tlsProps();
    this.gateway = tls?.mode === TlsMode.GATEWAY ? new GatewayRoute(this, 'gateway', tls) : undefined;
    this.ingress = tls && tls.mode !== TlsMode.GATEWAY ? new TlsIngress(this, 'ingress', tls) : undefined;
    this.migrationStage = this.migrationStrategy === MigrationStrategy.JOB ? this.markMigrationStage() : [];
  }

  /**
   * Marks the JOB strategy's deploy stage: the Job (annotated at creation) and every object its pod needs, which must
   * exist, and be current, before it runs: the namespace, the PriorityClass, the service account (Workload Identity),
   * the secrets' objects and the NetworkPolicy (egress to the database).
   */
  private markMigrationStage(): ApiObject[] {
    const needed = [this.namespaceObject, this.priorityClass, this.serviceAccount, this.secrets, this.networkPolicy]
      .flatMap((c) => (c ? c.node.findAll().filter(ApiObject.isApiObject) : []));
    for (const obj of needed) {
      obj.metadata.addAnnotation(DEPLOY_STAGE_ANNOTATION, MIGRATION_STAGE);
      for (const [key, value] of Object.entries(MIGRATION_STAGE_WAVE)) obj.metadata.addAnnotation(key, value);
    }
    return [...needed, ApiObject.of(this.migrationJob!.job)];
  }

  private meta(objectName: string) {
    return { name: objectName, namespace: this.model.namespace, labels: { ...this.model.labels } };
  }

  private renderNamespace(): k8s.KubeNamespace {
    return new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: this.model.namespace,
        labels: {
          ...this.model.labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
  }

  private renderPriorityClass(): k8s.KubePriorityClass {
    return renderPriorityClass(this, 'priority', this.model.priorityClass.name, this.model.labels, `the web API ${this.model.name}`);
  }

  /** The environment as cdk8s-plus values: literals, and keys of Secrets (imported, not created). */
  private renderEnv(): Record<string, kplus.EnvValue> {
    const env: Record<string, kplus.EnvValue> = {};
    for (const variable of this.model.env) {
      if ('value' in variable) {
        env[variable.name] = kplus.EnvValue.fromValue(variable.value);
      } else {
        const secret = kplus.Secret.fromSecretName(this, `secret-${variable.name}`, variable.secretKeyRef.secretName);
        env[variable.name] = kplus.EnvValue.fromSecretValue({ secret, key: variable.secretKeyRef.key });
      }
    }
    return env;
  }

  private renderServiceAccount(): kplus.ServiceAccount {
    const gsa = this.model.googleServiceAccount;
    return new kplus.ServiceAccount(this, 'service-account', {
      metadata: { ...this.meta(this.model.serviceAccountName), ...(gsa ? { annotations: { 'iam.gke.io/gcp-service-account': gsa } } : {}) },
      automountToken: false,
    });
  }

  private renderKubernetesApiRole(): k8s.KubeRole {
    const objectName = `${this.model.name}-kubernetes-api`;
    const role = new k8s.KubeRole(this, 'api-role', {
      metadata: this.meta(objectName),
      rules: this.model.kubernetesApi.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs], resourceNames: r.resourceNames && [...r.resourceNames] })),
    });
    new k8s.KubeRoleBinding(this, 'api-role-binding', {
      metadata: this.meta(objectName),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccount.name, namespace: this.model.namespace }],
    });
    return role;
  }

  /** The writable /tmp (the root filesystem is read-only) and the secrets' volume, shared by every container. */
  private podWiring(env: Record<string, kplus.EnvValue>): PodWiring {
    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(parseInt(TMP_SIZE_LIMIT, 10)) });
    const tmpMount = { path: '/tmp', volume: tmp };
    const secretsVolume = this.secrets?.volume;
    return {
      env,
      volumes: [tmp, ...(secretsVolume ? [secretsVolume] : [])],
      mounts: [tmpMount, ...(secretsVolume ? [{ path: SECRETS_MOUNT_PATH, volume: secretsVolume, readOnly: true }] : [])],
      tmpMount,
    };
  }

  private renderMigrationJob(wiring: PodWiring, sidecars: PodContainer[]): MigrationJob {
    const m = this.model.migrations!;
    const waited = m.strategy === MigrationStrategy.JOB_WITH_WAIT;
    return new MigrationJob(this, 'migrations', {
      name: this.model.name, jobName: m.jobName!, namespace: this.model.namespace, labels: this.labels, image: m.image, command: [...m.command],
      env: wiring.env, resources: this.model.resources, serviceAccount: this.serviceAccount, timeoutSeconds: m.timeoutSeconds,
      volumes: wiring.volumes, mounts: wiring.mounts, priorityClassName: this.model.priorityClass.name, sidecars,
      backoffLimit: m.backoffLimit, ttlSecondsAfterFinished: m.ttlSecondsAfterFinished, readableByPods: waited, runAs: this.model.runAs,
      annotations: {
        ...this.model.jobAnnotations,
        ...(waited ? {
          // Pods started at any later time (scale-out, node repair) wait on this Job: it must outlive them.
          [`${SUPPRESS_ANNOTATION_PREFIX}prod-job-ttl`]: JOB_KEPT_REASON,
          'ignore-check.kube-linter.io/job-ttl-seconds-after-finished': JOB_KEPT_REASON,
        } : { [DEPLOY_STAGE_ANNOTATION]: MIGRATION_STAGE, ...MIGRATION_JOB_ARGOCD_ANNOTATIONS }),
      },
    });
  }

  /**
   * The serving pod's init containers, in the model's order: native sidecars, the migration step (the waiting kubectl
   * of JOB_WITH_WAIT, or the migrations themselves in an init container; none for JOB), the pre-start steps.
   */
  private initContainers(wiring: PodWiring, sidecars: PodContainer[]): PodContainer[] {
    const model = this.model;
    const appContainer = (name: string, image: string, command: readonly string[], resources: ResourceValues): PodContainer => ({
      props: { name, image, command: [...command], envVariables: wiring.env, securityContext: restrictedContainer(this.model.runAs), resources: approximateResources(resources), volumeMounts: wiring.mounts },
      resources,
    });
    const m = model.migrations;
    let migrationStep: PodContainer[] = [];
    if (m?.strategy === MigrationStrategy.JOB_WITH_WAIT) {
      migrationStep = [{ props: this.migrationJob!.waitContainer(m.waitImage!, m.timeoutSeconds, model.resources, wiring.tmpMount), resources: model.resources }];
    } else if (m !== undefined && m.strategy !== MigrationStrategy.JOB) {
      migrationStep = [appContainer('migrate', m.image, m.command, model.resources)];
    }
    return [...sidecars, ...migrationStep, ...model.preStartSteps.map((s) => appContainer(s.name, s.image, s.command, s.resources))];
  }

  private renderDeployment(wiring: PodWiring, sidecars: PodContainer[]): kplus.Deployment {
    const model = this.model;
    const initContainers = this.initContainers(wiring, sidecars);
    const probe = (path: string, o: { period: number; timeout: number; failure: number }) => kplus.Probe.fromHttpGet(path, {
      port: model.port, periodSeconds: Duration.seconds(o.period), timeoutSeconds: Duration.seconds(o.timeout), failureThreshold: o.failure,
    });
    const deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { ...this.meta(model.name), annotations: { ...model.deploymentAnnotations } },
      podMetadata: { labels: { ...model.podLabels } },
      select: false,
      spread: false,
      replicas: model.scaling.autoscaling ? undefined : model.scaling.minReplicas,
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(25), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      serviceAccount: this.serviceAccount,
      // Never a pod-wide token: it is projected into the containers that call the API, and no others.
      automountServiceAccountToken: false,
      securityContext: restrictedPod(model.runAs),
      terminationGracePeriod: Duration.seconds(model.shutdown.terminationGracePeriodSeconds),
      volumes: wiring.volumes,
      initContainers: initContainers.map((i) => i.props),
      containers: [{
        name: model.name,
        image: model.image,
        imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
        ports: [{ number: model.port, name: 'http' }],
        command: [...model.command],
        envVariables: wiring.env,
        securityContext: restrictedContainer(model.runAs),
        resources: approximateResources(model.resources),
        readiness: probe(model.health.readinessPath, { period: 5, timeout: 2, failure: 3 }),
        liveness: model.health.livenessCheck === 'tcp'
          ? kplus.Probe.fromTcpSocket({ port: model.port, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(3), failureThreshold: 3 })
          : probe(model.health.livenessPath, { period: 10, timeout: 3, failure: 3 }),
        startup: probe(model.health.startupPath, { period: 2, timeout: 2, failure: Math.ceil(model.health.startupTimeoutSeconds / 2) }),
        // The native sleep action is patched in below: cdk8s-plus has no handler for it.
        lifecycle: model.shutdown.preStopSeconds > 0 && model.shutdown.preStopAction === PreStopAction.EXEC_SLEEP
          ? { preStop: kplus.Handler.fromCommand(['sleep', String(model.shutdown.preStopSeconds)]) } : undefined,
        volumeMounts: wiring.mounts,
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: { ...model.selector } }));
    this.patchPodSpec(ApiObject.of(deployment), initContainers, sidecars.length);
    return deployment;
  }

  /** What cdk8s-plus cannot express: exact resources, priority, spread, anti-affinity, per-container API tokens. */
  private patchPodSpec(deployment: ApiObject, initContainers: PodContainer[], sidecarCount: number): void {
    const model = this.model;
    const podSpec = '/spec/template/spec';
    setResources(deployment, podSpec, { list: 'containers', index: 0 }, model.resources);
    initContainers.forEach((ic, index) => setResources(deployment, podSpec, { list: 'initContainers', index }, ic.resources));
    const matchLabels = { ...model.selector };
    // Patch values pass through the L1 renderer, so they are typed as L1 structs.
    const spread = (topologyKey: string): k8s.TopologySpreadConstraint => ({
      maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels }, matchLabelKeys: ['pod-template-hash'],
    });
    deployment.addJsonPatch(
      // cdk8s-plus labels pods with their construct address; the app.kubernetes.io labels select them instead.
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      JsonPatch.add(`${podSpec}/priorityClassName`, model.priorityClass.name),
      JsonPatch.add(`${podSpec}/enableServiceLinks`, false),
      JsonPatch.add(`${podSpec}/topologySpreadConstraints`, [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')]),
      // Spread allows two pods on a node once every node has one; anti-affinity prefers they do not.
      JsonPatch.add(`${podSpec}/affinity`, <k8s.Affinity>{
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels } } }],
        },
      }),
    );
    if (model.shutdown.preStopSeconds > 0 && model.shutdown.preStopAction === PreStopAction.SLEEP) {
      const seconds = model.shutdown.preStopSeconds;
      editAfterRender(deployment, (json) => { json.spec.template.spec.containers[0].lifecycle = { preStop: { sleep: { seconds } } }; });
    }
    const tokenMount = { name: KUBE_API_VOLUME.name, mountPath: KUBE_API_VOLUME.mountPath, readOnly: true };
    if (model.initCallsKubernetesApi || model.appCallsKubernetesApi) deployment.addJsonPatch(JsonPatch.add(`${podSpec}/volumes/-`, KUBE_API_VOLUME.volume));
    if (model.initCallsKubernetesApi) deployment.addJsonPatch(JsonPatch.add(`${podSpec}/initContainers/${sidecarCount}/volumeMounts/-`, tokenMount));
    if (model.appCallsKubernetesApi) deployment.addJsonPatch(JsonPatch.add(`${podSpec}/containers/0/volumeMounts/-`, tokenMount));
  }

  /** The Service, in front of the serving port only. */
  private renderService(): kplus.Service {
    const model = this.model;
    const service = new kplus.Service(this, 'service', {
      metadata: {
        ...this.meta(model.serviceName),
        // Container-native load balancing: the GKE load balancer sends to pod IPs through NEGs, not node ports.
        ...(model.tls?.mode === TlsMode.GKE_MANAGED ? { annotations: { 'cloud.google.com/neg': '{"ingress": true}' } } : {}),
      },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: model.port, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(model.selector)) service.selectLabel(key, value);
    return service;
  }

  private renderHpa(hasSidecar: boolean): kplus.HorizontalPodAutoscaler {
    const autoscaling = this.model.scaling.autoscaling!;
    const target = kplus.MetricTarget.averageUtilization(autoscaling.targetCpuUtilization);
    return new kplus.HorizontalPodAutoscaler(this, 'hpa', {
      metadata: this.meta(this.model.hpaName),
      target: this.deployment,
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      // With a sidecar, the pod's CPU would average in the sidecar's: scale on the API container's alone.
      metrics: [hasSidecar ? kplus.Metric.containerCpu({ container: this.deployment.containers[0], target }) : kplus.Metric.resourceCpu(target)],
      scaleDown: {
        stabilizationWindow: Duration.seconds(autoscaling.scaleDownStabilizationSeconds),
        strategy: kplus.ScalingStrategy.MAX_CHANGE,
        policies: [{ replicas: kplus.Replicas.percent(50), duration: Duration.minutes(1) }],
      },
      scaleUp: {
        stabilizationWindow: Duration.seconds(0),
        strategy: kplus.ScalingStrategy.MAX_CHANGE,
        policies: [
          { replicas: kplus.Replicas.percent(100), duration: Duration.seconds(15) },
          { replicas: kplus.Replicas.absolute(4), duration: Duration.seconds(15) },
        ],
      },
    });
  }

  private renderPodDisruptionBudget(): k8s.KubePodDisruptionBudget {
    return new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: this.meta(`${this.model.name}-pdb`),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(this.model.maxUnavailable),
        selector: { matchLabels: { ...this.model.selector } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }

  /**
   * The props of the `TlsIngress` or `GatewayRoute`: the resolved `tls` (which they resolve again, to the same
   * values, as they also stand alone) and what this API wires in.
   */
  private tlsProps() {
    const model = this.model;
    return {
      ...model.tls!, name: model.name, namespace: model.namespace, labels: this.labels,
      service: this.service, servicePort: SERVICE_PORT, propPrefix: 'tls.',
      healthCheck: { path: model.healthCheckPath, port: model.port },
      // Connections to a terminating pod may finish while it pauses and drains.
      drainingTimeoutSeconds: model.shutdown.preStopSeconds + model.shutdown.drainSeconds,
    };
  }
}
