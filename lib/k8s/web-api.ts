import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { MEMORY_PER_WORKER_ANNOTATION, MIGRATIONS_ANNOTATION } from '../plan/annotations';
import { DNS_LABEL, ENV_VAR_NAME, PropChecker } from '../plan/errors';
import { literalSecretProblem, parseImageReference, unpinnedImageProblem } from '../plan/literals';
import { describeBytes, formatBytes, parseBytes } from '../plan/quantity';
import { ResourceValues } from '../plan/resources';
import { resolveMigrationStrategy, resolvePodResources, resolveScaling } from '../plan/web-api-shape';
import { ServerRunner, buildServerCommand, findBackgroundedServer, workerCount } from '../plan/server-command';
import { DEFAULT_WAIT_IMAGE, MigrationStrategy, ServerProps, TlsMode, WebApiSpec } from '../plan/web-api-spec';
import { ApiNetworkPolicy } from './api-network-policy';
import { KUBE_API_VOLUME, MigrationJob } from './migration-job';
import { RESTRICTED_CONTAINER, RESTRICTED_POD, approximateResources, setResources } from './pod-defaults';
import { ApiSecrets, SECRETS_MOUNT_PATH } from './api-secrets';
import { CLOUD_SQL_SERVER_PORT, cloudSqlProxySidecar } from './cloud-sql-proxy';
import { GatewayRoute } from './gateway-route';
import { TlsIngress } from './tls-ingress';

/** Props of {@link WebApi}: its {@link WebApiSpec}. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface WebApiProps extends WebApiSpec {}

const GSA_EMAIL = /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9.:]*\.iam\.gserviceaccount\.com$/;
const SERVICE_PORT = 80;
const SHUTDOWN_MARGIN_SECONDS = 5;

/**
 * A web API on Kubernetes, set up the way experienced platform engineers would: a Deployment that passes Pod
 * Security "restricted", a ClusterIP Service, an `autoscaling/v2` HPA at 50% CPU, distinct probes, graceful
 * shutdown, a PodDisruptionBudget, topology spread, a PriorityClass, a default-deny NetworkPolicy, init
 * containers for the steps before start, migrations that run once, and an HTTPS Ingress.
 */
export class WebApi extends Construct {
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
  /** The Role and binding of `kubernetesApi`. */
  public readonly kubernetesApiRole?: k8s.KubeRole;
  /** Secrets from Google Secret Manager (`secrets`). */
  public readonly secrets?: ApiSecrets;

  constructor(scope: Construct, id: string, props: WebApiProps) {
    super(scope, id);
    const name = props.name ?? id;
    const c = new PropChecker('WebApi', name);
    c.matches('name', name, DNS_LABEL, 'a DNS label: lower-case letters, digits and hyphens, at most 63');
    this.name = name;
    this.namespace = props.namespace ?? name;
    c.matches('namespace', this.namespace, DNS_LABEL, 'a DNS label: lower-case letters, digits and hyphens, at most 63');
    this.image = checkImage(c, 'image', props.image);
    this.port = props.port ?? 8000;
    c.integer('port', this.port, { min: 1, max: 65535 });

    // Replicas and autoscaling.
    const scaling = resolveScaling(c, props);
    const autoscaling = scaling.autoscaling;
    this.minReplicas = scaling.minReplicas;
    this.maxReplicas = scaling.maxReplicas;

    // Resources.
    const podResources = resolvePodResources(c, props);
    this.resources = podResources.app;
    if (autoscaling && this.resources.cpuRequestMillis === 0) {
      c.fail('resources.cpu.request', '0', 'must be above 0 when autoscaling on CPU: the HPA measures utilization as a share of the request');
    }

    // Health, shutdown.
    const health = {
      readinessPath: props.health?.readinessPath ?? '/readyz',
      livenessPath: props.health?.livenessPath ?? '/livez',
      startupPath: props.health?.startupPath ?? props.health?.livenessPath ?? '/livez',
      startupTimeoutSeconds: props.health?.startupTimeoutSeconds ?? 60,
    };
    for (const key of ['readinessPath', 'livenessPath', 'startupPath'] as const) {
      c.matches(`health.${key}`, health[key], /^\/[^\s?#]*$/, 'an absolute URL path such as /ping');
    }
    c.integer('health.startupTimeoutSeconds', health.startupTimeoutSeconds, { min: 2, max: 3600 });
    const preStop = props.shutdown?.preStopSeconds ?? 10;
    const drain = props.shutdown?.drainSeconds ?? 20;
    c.integer('shutdown.preStopSeconds', preStop, { min: 0, max: 300 });
    c.integer('shutdown.drainSeconds', drain, { min: 1, max: 3600 });
    // One setting each for the pause and the drain; the grace period is derived from them, so they cannot disagree.
    this.terminationGracePeriodSeconds = props.shutdown?.terminationGracePeriodSeconds ?? preStop + drain + SHUTDOWN_MARGIN_SECONDS;
    c.integer('shutdown.terminationGracePeriodSeconds', this.terminationGracePeriodSeconds, { min: 1 });
    if (this.terminationGracePeriodSeconds < preStop + drain) {
      c.fail('shutdown.terminationGracePeriodSeconds', this.terminationGracePeriodSeconds,
        `must cover 'shutdown.preStopSeconds' (${preStop}) + 'shutdown.drainSeconds' (${drain}) = ${preStop + drain}: the pod would be killed mid-request`);
    }

    // Behind the load balancer: the path it routes, and the path it health-checks.
    const pathPrefix = props.tls?.pathPrefix ?? '/';
    c.matches('tls.pathPrefix', pathPrefix, /^\/([^\s?#]*[^\s?#/])?$/, 'a URL path that starts with / and does not end with / (or exactly /)');
    (props.servedPaths ?? []).forEach((p, i) => c.matches(`servedPaths[${i}]`, p, /^\/[^\s?#]*$/, 'an absolute URL path'));
    this.healthCheckPath = props.tls?.healthCheckPath ?? health.readinessPath;
    c.matches('tls.healthCheckPath', this.healthCheckPath, /^\/[^\s?#]*$/, 'an absolute URL path such as /ping');
    if (!servesPath(this.healthCheckPath, [health.readinessPath, health.livenessPath, health.startupPath], props.servedPaths ?? [])) {
      c.fail('tls.healthCheckPath', this.healthCheckPath,
        `is not a path the API serves (its probe paths, or under 'servedPaths'): the load balancer would mark every pod unhealthy and answer 502`);
    }

    // The server command.
    const behindIngress = props.tls !== undefined;
    this.command = this.resolveCommand(c, props.server, behindIngress, drain, pathPrefix === '/' ? undefined : pathPrefix);


    // Labels (app.kubernetes.io/*), and a selector that leaves out the migration Job's pods.
    this.labels = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/version': versionLabel(this.image),
      'app.kubernetes.io/part-of': props.partOf ?? name,
      'app.kubernetes.io/managed-by': 'cdk-fastapi-gke',
    };
    c.matches('partOf', this.labels['app.kubernetes.io/part-of'], /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'a label value');
    const podLabels = { ...this.labels, 'app.kubernetes.io/component': 'api' };
    this.selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'api' };
    const meta = (objectName: string) => ({ name: objectName, namespace: this.namespace, labels: this.labels });

    // Namespace and priority.
    if (props.createNamespace ?? true) {
      this.namespaceObject = new k8s.KubeNamespace(this, 'namespace', {
        metadata: {
          name: this.namespace,
          labels: {
            ...this.labels,
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      });
    }
    let priorityClassName = props.priorityClassName;
    if (priorityClassName === undefined) {
      this.priorityClass = new k8s.KubePriorityClass(this, 'priority', {
        metadata: { name: this.namespace === name ? name : `${this.namespace}-${name}`, labels: this.labels },
        value: 100000,
        globalDefault: false,
        preemptionPolicy: 'PreemptLowerPriority',
        description: `Serving pods of the web API ${name}: scheduled before batch work, evicted after it.`,
      });
      priorityClassName = this.priorityClass.name;
    }
    c.matches('priorityClassName', priorityClassName, DNS_LABEL, 'a PriorityClass name');

    // Environment.
    const env: Record<string, kplus.EnvValue> = {};
    for (const [key, value] of Object.entries(props.env ?? {})) {
      c.matches(`env.${key}`, key, ENV_VAR_NAME, 'an environment variable name (letters, digits, underscores)');
      const problem = literalSecretProblem(key, value);
      if (problem) {
        c.fail(`env.${key}`, '<redacted>', `looks like a credential (${problem}): a literal value would be written into the manifests in clear. Put it in Secret Manager ('secrets') or a Secret ('secretEnv')`);
      }
      env[key] = kplus.EnvValue.fromValue(value);
    }
    for (const [key, ref] of Object.entries(props.secretEnv ?? {})) {
      c.matches(`secretEnv.${key}`, key, ENV_VAR_NAME, 'an environment variable name (letters, digits, underscores)');
      if (key in env) c.fail(`secretEnv.${key}`, key, 'is also set in \'env\'');
      c.matches(`secretEnv.${key}.secretName`, ref.secretName, DNS_LABEL, 'a Secret name');
      c.nonEmpty(`secretEnv.${key}.key`, ref.key);
      const secret = kplus.Secret.fromSecretName(this, `secret-${key}`, ref.secretName);
      env[key] = kplus.EnvValue.fromSecretValue({ secret, key: ref.key });
    }
    if (props.secrets) {
      this.secrets = new ApiSecrets(this, 'secrets', {
        ...props.secrets, name, namespace: this.namespace, labels: this.labels, checker: c, projectId: projectOf(props.googleServiceAccount),
      });
      for (const [key, value] of Object.entries(this.secrets.env)) {
        if (key in env) c.fail('secrets.refs', key, 'names a variable that is also set in \'env\' or \'secretEnv\'');
        env[key] = value;
      }
    }
    const envFingerprint = { env: props.env ?? {}, secretEnv: props.secretEnv ?? {}, secrets: props.secrets?.refs ?? [] };

    // Identity.
    c.matches('googleServiceAccount', props.googleServiceAccount, GSA_EMAIL, 'a Google service account e-mail (NAME@PROJECT.iam.gserviceaccount.com)');
    const apiRules = props.kubernetesApi ?? [];
    apiRules.forEach((rule, i) => {
      for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
        if (rule[field].includes('*')) c.fail(`kubernetesApi[${i}].${field}`, rule[field], 'must not contain \'*\': grant the least privilege the API needs');
      }
      if (rule.resources.length === 0 || rule.verbs.length === 0) c.fail(`kubernetesApi[${i}]`, rule, 'must name at least one resource and one verb');
    });
    const callsKubernetesApi = apiRules.length > 0;
    this.serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
      metadata: {
        ...meta(name),
        ...(props.googleServiceAccount ? { annotations: { 'iam.gke.io/gcp-service-account': props.googleServiceAccount } } : {}),
      },
      automountToken: false,
    });
    if (callsKubernetesApi) {
      this.kubernetesApiRole = new k8s.KubeRole(this, 'api-role', {
        metadata: meta(`${name}-kubernetes-api`),
        rules: apiRules.map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs, resourceNames: r.resourceNames })),
      });
      new k8s.KubeRoleBinding(this, 'api-role-binding', {
        metadata: meta(`${name}-kubernetes-api`),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.kubernetesApiRole.name },
        subjects: [{ kind: 'ServiceAccount', name: this.serviceAccount.name, namespace: this.namespace }],
      });
    }

    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
    const tmpMount = { path: '/tmp', volume: tmp };
    const mounts: kplus.VolumeMount[] = [tmpMount, ...(this.secrets?.volume ? [{ path: SECRETS_MOUNT_PATH, volume: this.secrets.volume, readOnly: true }] : [])];
    const volumes = [tmp, ...(this.secrets?.volume ? [this.secrets.volume] : [])];
    const mustFitInStorage = parseBytes('64Mi')!;
    if (this.resources.storageLimitBytes < mustFitInStorage) {
      c.fail('resources.ephemeralStorage.limit', formatBytes(this.resources.storageLimitBytes), 'must be at least 64Mi: it holds the /tmp emptyDir');
    }

    // Steps before start: native sidecars first, then migrations, then the steps that are safe in every pod.
    const initContainers: Array<{ props: kplus.ContainerProps; resources: ResourceValues }> = [];
    const sidecars = props.cloudSql ? [cloudSqlProxySidecar(c, props.cloudSql)] : [];
    for (const sidecar of sidecars) initContainers.push({ props: sidecar.container, resources: sidecar.resources });
    let needsApiTokenInInit = false;
    if (props.migrations) {
      const m = props.migrations;
      if (m.command.length === 0) c.fail('migrations.command', m.command, 'must not be empty');
      const timeout = m.timeoutSeconds ?? 600;
      c.integer('migrations.timeoutSeconds', timeout, { min: 10, max: 86400 });
      const migrationImage = m.image === undefined ? this.image : checkImage(c, 'migrations.image', m.image);
      const strategy = resolveMigrationStrategy(props, this.maxReplicas)!;
      if (strategy === MigrationStrategy.INIT_CONTAINER && this.maxReplicas > 1) {
        const why = autoscaling ? `'autoscaling.maxReplicas' is ${this.maxReplicas}` : `'replicas' is ${this.maxReplicas}`;
        c.fail('migrations.strategy', strategy, `runs migrations in every pod, and ${why}: they would race each other (seed 000). Use MigrationStrategy.JOB, or LOCKED_INIT_CONTAINER if the command takes a database lock`);
      }
      this.migrationStrategy = strategy;
      if (strategy === MigrationStrategy.JOB) {
        this.migrationJob = new MigrationJob(this, 'migrations', {
          name, namespace: this.namespace, labels: this.labels, image: migrationImage, command: m.command, env,
          envFingerprint, resources: this.resources, serviceAccount: this.serviceAccount, timeoutSeconds: timeout, volumes, mounts,
          priorityClassName, sidecars: sidecars.map((x) => ({ props: x.container, resources: x.resources })),
        });
        const waitImage = m.waitImage === undefined ? DEFAULT_WAIT_IMAGE : checkImage(c, 'migrations.waitImage', m.waitImage);
        initContainers.push({ props: this.migrationJob.waitContainer(waitImage, timeout, this.resources, tmpMount), resources: this.resources });
        needsApiTokenInInit = true;
      } else {
        initContainers.push({
          props: { name: 'migrate', image: migrationImage, command: m.command, envVariables: env, securityContext: RESTRICTED_CONTAINER, resources: approximateResources(this.resources), volumeMounts: mounts },
          resources: this.resources,
        });
      }
    }
    const stepNames = new Set(initContainers.map((i) => i.props.name));
    const stepResources = podResources.init.slice(initContainers.length - sidecars.length);
    (props.preStartSteps ?? []).forEach((step, i) => {
      const prop = `preStartSteps[${i}]`;
      c.matches(`${prop}.name`, step.name, DNS_LABEL, 'a container name (a DNS label)');
      if (stepNames.has(step.name) || step.name === name) c.fail(`${prop}.name`, step.name, 'is already the name of another container in the pod');
      stepNames.add(step.name);
      if (step.command.length === 0) c.fail(`${prop}.command`, step.command, 'must not be empty');
      const resources = stepResources[i];
      initContainers.push({
        props: {
          name: step.name,
          image: step.image === undefined ? this.image : checkImage(c, `${prop}.image`, step.image),
          command: step.command,
          envVariables: env,
          securityContext: RESTRICTED_CONTAINER,
          resources: approximateResources(resources),
          volumeMounts: mounts,
        },
        resources,
      });
    });

    // The Deployment.
    const probe = (path: string, o: { period: number; timeout: number; failure: number }) => kplus.Probe.fromHttpGet(path, {
      port: this.port,
      periodSeconds: Duration.seconds(o.period),
      timeoutSeconds: Duration.seconds(o.timeout),
      failureThreshold: o.failure,
    });
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: {
        ...meta(name),
        // Polaris wants replicas >= 2 and kube-score forbids replicas beside an HPA: follow kube-score, keep the
        // HPA minimum >= 2, and exempt the Polaris check.
        annotations: {
          ...(autoscaling ? { 'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true' } : {}),
          // Facts the checks read in any YAML: how migrations run once, and one worker's memory.
          ...(this.migrationStrategy === MigrationStrategy.LOCKED_INIT_CONTAINER ? { [MIGRATIONS_ANNOTATION]: this.migrationStrategy } : {}),
          ...(props.server?.memoryPerWorker !== undefined ? { [MEMORY_PER_WORKER_ANNOTATION]: props.server.memoryPerWorker } : {}),
        },
      },
      podMetadata: { labels: podLabels },
      select: false,
      spread: false,
      replicas: autoscaling ? undefined : props.replicas,
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      serviceAccount: this.serviceAccount,
      // Never a pod-wide token: it is projected into the containers that call the API, and no others.
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD,
      terminationGracePeriod: Duration.seconds(this.terminationGracePeriodSeconds),
      volumes,
      initContainers: initContainers.map((i) => i.props),
      containers: [{
        name,
        image: this.image,
        imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
        ports: [{ number: this.port, name: 'http' }],
        command: this.command,
        envVariables: env,
        securityContext: RESTRICTED_CONTAINER,
        resources: approximateResources(this.resources),
        readiness: probe(health.readinessPath, { period: 5, timeout: 2, failure: 3 }),
        liveness: probe(health.livenessPath, { period: 10, timeout: 3, failure: 3 }),
        startup: probe(health.startupPath, { period: 2, timeout: 2, failure: Math.ceil(health.startupTimeoutSeconds / 2) }),
        lifecycle: preStop > 0 ? { preStop: kplus.Handler.fromCommand(['sleep', String(preStop)]) } : undefined,
        volumeMounts: mounts,
      }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.selector }));
    const deploymentObject = ApiObject.of(this.deployment);
    const podSpec = '/spec/template/spec';
    setResources(deploymentObject, podSpec, { list: 'containers', index: 0 }, this.resources);
    initContainers.forEach((ic, index) => setResources(deploymentObject, podSpec, { list: 'initContainers', index }, ic.resources));
    // Patch values pass through the L1 renderer, so they are typed as L1 structs.
    const spread = (topologyKey: string): k8s.TopologySpreadConstraint => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: this.selector },
      matchLabelKeys: ['pod-template-hash'],
    });
    deploymentObject.addJsonPatch(
      // cdk8s-plus labels pods with their construct address; the app.kubernetes.io labels select them instead.
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      JsonPatch.add(`${podSpec}/priorityClassName`, priorityClassName),
      JsonPatch.add(`${podSpec}/enableServiceLinks`, false),
      JsonPatch.add(`${podSpec}/topologySpreadConstraints`, [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')]),
      // Spread allows two pods on a node once every node has one; anti-affinity prefers they do not.
      JsonPatch.add(`${podSpec}/affinity`, <k8s.Affinity>{
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 100,
            podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: this.selector } },
          }],
        },
      }),
    );
    const tokenMount = { name: KUBE_API_VOLUME.name, mountPath: KUBE_API_VOLUME.mountPath, readOnly: true };
    if (needsApiTokenInInit || callsKubernetesApi) deploymentObject.addJsonPatch(JsonPatch.add(`${podSpec}/volumes/-`, KUBE_API_VOLUME.volume));
    if (needsApiTokenInInit) deploymentObject.addJsonPatch(JsonPatch.add(`${podSpec}/initContainers/${sidecars.length}/volumeMounts/-`, tokenMount));
    if (callsKubernetesApi) deploymentObject.addJsonPatch(JsonPatch.add(`${podSpec}/containers/0/volumeMounts/-`, tokenMount));

    // The Service, in front of the serving port only.
    this.service = new kplus.Service(this, 'service', {
      metadata: {
        ...meta(props.serviceName ?? `${name}-svc`),
        // Container-native load balancing: the GKE load balancer sends to pod IPs through NEGs, not node ports.
        ...(props.tls && (props.tls.mode ?? TlsMode.GKE_MANAGED) === TlsMode.GKE_MANAGED
          ? { annotations: { 'cloud.google.com/neg': '{"ingress": true}' } } : {}),
      },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: this.port, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(this.selector)) this.service.selectLabel(key, value);
    c.matches('serviceName', this.service.name, DNS_LABEL, 'a Service name (a DNS label)');

    // Autoscaling and disruption.
    if (autoscaling) {
      this.hpa = new kplus.HorizontalPodAutoscaler(this, 'hpa', {
        metadata: meta(props.hpaName ?? `${name}-hpa`),
        target: this.deployment,
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        // With a sidecar, the pod's CPU would average in the sidecar's: scale on the API container's alone.
        metrics: [sidecars.length > 0
          ? kplus.Metric.containerCpu({ container: this.deployment.containers[0], target: kplus.MetricTarget.averageUtilization(autoscaling.targetCpuUtilization) })
          : kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(autoscaling.targetCpuUtilization))],
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
    if (this.minReplicas >= 1) {
      this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: meta(`${name}-pdb`),
        spec: {
          // One pod below the minimum may be evicted at a time; at one pod, evictions are not blocked.
          minAvailable: k8s.IntOrString.fromNumber(Math.max(this.minReplicas - 1, 0)),
          selector: { matchLabels: this.selector },
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }

    // Network isolation.
    const egress = [...(props.egress ?? [])];
    if (props.googleServiceAccount !== undefined) {
      // Workload Identity: the GKE metadata server hands out the Google service account's tokens.
      egress.push({ cidr: '169.254.169.254/32', ports: [80] }, { cidr: '169.254.169.252/32', ports: [988] });
    }
    if (props.cloudSql) {
      // The proxy reaches the instance on 3307, and the SQL Admin API (googleapis.com) on 443.
      egress.push({ cidr: props.cloudSql.instanceCidr ?? '0.0.0.0/0', ports: [CLOUD_SQL_SERVER_PORT] }, { cidr: props.googleApisCidr ?? '0.0.0.0/0', ports: [443] });
    }
    if (callsKubernetesApi || needsApiTokenInInit) {
      egress.push({ cidr: props.kubernetesApiCidr ?? '172.16.0.0/28', ports: [443] });
    } else if (props.kubernetesApiCidr !== undefined) {
      c.fail('kubernetesApiCidr', props.kubernetesApiCidr, 'is only used when the pods call the Kubernetes API (\'kubernetesApi\', or migrations with MigrationStrategy.JOB)');
    }
    this.networkPolicy = new ApiNetworkPolicy(this, 'network-policy', {
      name, namespace: this.namespace, labels: this.labels,
      podSelector: { 'app.kubernetes.io/instance': name },
      servingPort: this.port, egress, checker: c, propPrefix: 'egress',
    });

    // HTTPS.
    if (props.tls) {
      const wiring = {
        ...props.tls, name, namespace: this.namespace, labels: this.labels,
        service: this.service, servicePort: SERVICE_PORT, checker: c, propPrefix: 'tls.',
        healthCheck: { path: this.healthCheckPath, port: this.port },
        // Connections to a terminating pod may finish while it pauses and drains.
        drainingTimeoutSeconds: preStop + drain,
      };
      if (props.tls.mode === TlsMode.GATEWAY) this.gateway = new GatewayRoute(this, 'gateway', wiring);
      else this.ingress = new TlsIngress(this, 'ingress', wiring);
    }
  }

  private resolveCommand(c: PropChecker, server: ServerProps | undefined, behindIngress: boolean, drainSeconds: number, rootPath?: string): string[] {
    const memoryPerWorker = server?.memoryPerWorker === undefined ? undefined : parseBytes(server.memoryPerWorker);
    if (server?.memoryPerWorker !== undefined && memoryPerWorker === undefined) {
      c.fail('server.memoryPerWorker', server.memoryPerWorker, 'must be a memory quantity such as 512Mi or 1Gi');
    }
    let command: string[];
    let workers: number;
    if (server?.command !== undefined) {
      for (const key of ['app', 'runner', 'workers', 'proxyHeaders', 'forwardedAllowIps', 'extraArgs', 'timeoutGracefulShutdown'] as const) {
        if (server[key] !== undefined) c.fail(`server.${key}`, server[key], 'cannot be set beside \'server.command\', which replaces the generated command');
      }
      if (server.command.length === 0 || server.command[0].trim() === '') c.fail('server.command', server.command, 'must not be empty');
      const problem = findBackgroundedServer(server.command);
      if (problem) {
        c.fail('server.command', server.command, `starts the server in the background (${problem.fragment}): ${problem.reason}. Kubernetes restarts a container whose main process ends, so the pod would loop in CrashLoopBackOff (seed 003). Run the server last, in the foreground, ideally with exec`);
      }
      command = [...server.command];
      workers = workerCount(command);
    } else {
      workers = server?.workers ?? 1;
      c.integer('server.workers', workers, { min: 1, max: 64 });
      const app = server?.app ?? 'main:app';
      c.nonEmpty('server.app', app);
      command = buildServerCommand({
        runner: server?.runner ?? ServerRunner.UVICORN,
        app,
        port: this.port,
        workers,
        proxyHeaders: server?.proxyHeaders ?? behindIngress,
        forwardedAllowIps: server?.forwardedAllowIps ?? '*',
        extraArgs: server?.extraArgs ?? [],
        rootPath,
        gracefulShutdownSeconds: (server?.timeoutGracefulShutdown ?? true) ? drainSeconds : undefined,
      });
    }
    if (workers > 1) {
      if (memoryPerWorker === undefined) {
        c.fail('server.workers', workers, 'needs \'server.memoryPerWorker\': each worker is a process with its own copy of the app in memory (seed 000)');
      }
      const needed = workers * memoryPerWorker;
      if (needed > this.resources.memoryLimitBytes) {
        c.fail('server.workers', workers, `× 'server.memoryPerWorker' (${server!.memoryPerWorker}) = ${describeBytes(needed)}, above 'resources.memory.limit' (${formatBytes(this.resources.memoryLimitBytes)}): the container would be OOM-killed (seed 000: 4 workers × 1 GB on a 3 GB machine). Use fewer workers and more replicas`);
      }
    }
    return command;
  }
}

/** Refuses an empty, untagged or `latest` image: a moving tag makes rollouts unrepeatable and rollbacks lie. */
function checkImage(c: PropChecker, prop: string, image: string): string {
  c.nonEmpty(prop, image);
  if (/\s/.test(image)) c.fail(prop, image, 'must not contain white space');
  if (unpinnedImageProblem(image)) {
    c.fail(prop, image, 'must name a tag other than latest, or a digest (repo@sha256:...): a moving tag makes rollouts unrepeatable');
  }
  return image;
}

/** `app.kubernetes.io/version`: the tag, or the digest's first 12 hex digits. */
function versionLabel(image: string): string {
  const ref = parseImageReference(image);
  const raw = ref.tag ?? (ref.digest ?? '').replace(/^sha256:/, '').slice(0, 12);
  return raw.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '').slice(0, 63);
}

/** Does the API serve `path`: one of its probe paths, or under one of the declared prefixes (at a segment)? */
function servesPath(path: string, probePaths: readonly string[], servedPrefixes: readonly string[]): boolean {
  if (probePaths.includes(path)) return true;
  return servedPrefixes.some((prefix) => prefix === '/' || path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/** The project of a Google service account e-mail (`name@project.iam.gserviceaccount.com`). */
function projectOf(email: string | undefined): string | undefined {
  return email === undefined ? undefined : /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1];
}
