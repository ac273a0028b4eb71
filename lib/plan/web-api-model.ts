/**
 * The resolved plan of one web API: from its {@link WebApiSpec} to one validated, immutable model with every default
 * applied. The cdk8s side (`WebApi`) renders it, the Terraform side reads what crosses (identity, secrets, Cloud
 * SQL), and the capacity planner reads its pod request, so the three can neither disagree nor refuse different
 * descriptions. All prop validation of a web API happens here, once. Pure data: no cdk8s, no cdktf, no I/O.
 */
import { MEMORY_PER_WORKER_ANNOTATION, MIGRATIONS_ANNOTATION, polarisExemption } from './annotations';
import { EffectivePodRequest, podRequest } from './capacity';
import { parseCidr } from './cidr';
import {
  DEFAULT_MASTER_CIDR, SERVICE_ACCOUNT_EMAIL, kubernetesServiceAccountOf, apiNamespace, projectOfServiceAccount, secretVersionResourceName,
} from './derive';
import { DNS_LABEL, ENV_VAR_NAME, PropChecker } from './errors';
import {
  imageReferenceProblem, literalSecretProblem, parseImageReference, polarisSensitiveName, unpinnedImageProblem,
} from './literals';
import { MIGRATION_BACKOFF_LIMIT, MIGRATION_TTL_SECONDS, migrationJobName, resolveWaitImage } from './migrations';
import { describeBytes, formatBytes, parseBytes } from './quantity';
import { ContainerResourcesProps, ResourceValues, resolveResources } from './resources';
import { ServerRunner, buildServerCommand, findBackgroundedServer, workerCount } from './server-command';
import { BACKEND_KEEP_ALIVE_SECONDS, GOOGLE_LOAD_BALANCER_RANGES, LOAD_BALANCER_BACKEND_IDLE_SECONDS, isGoogleLoadBalancer } from './load-balancers';
import { DEFAULT_BACKEND_TIMEOUT_SECONDS, ResolvedTls, resolveTls } from './tls';
import { Scaling, resolveMigrationStrategy, resolveScaling } from './web-api-shape';
import {
  CLOUD_SQL_PROXY_IMAGE, CloudSqlProxyProps, EgressDestination, KubernetesApiRule, MigrationStrategy,
  InClusterCaller, PreStopAction, SecretDelivery, SecretsProps, TlsMode, WebApiSpec,
} from './web-api-spec';

/** The port the Service exposes; it forwards to the container's port. */
export const SERVICE_PORT = 80;
/** The proxy's health endpoints (`--health-check`). */
export const CLOUD_SQL_PROXY_HEALTH_PORT = 9090;
/** Cloud SQL's server-side proxy port, which the sidecar connects to. */
export const CLOUD_SQL_SERVER_PORT = 3307;
/** Where the Secret Manager CSI driver mounts the secrets. */
export const SECRETS_MOUNT_PATH = '/var/secrets';
/** The writable `/tmp` emptyDir every container mounts (the root filesystem is read-only). */
export const TMP_SIZE_LIMIT = '64Mi';

const SHUTDOWN_MARGIN_SECONDS = 5;
const DEFAULT_DRAIN_SECONDS = 20;
/** The user and group containers run as by default: above 10000, so it maps to no user on the node (kube-score). */
export const DEFAULT_RUN_AS_ID = 10001;
/** Namespaces Kubernetes creates and uses itself. */
const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const URL_PATH = /^\/[^\s?#]*$/;
/** A Kubernetes label key (an optional DNS-subdomain prefix and a name) and value. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const DNS_LABEL_WORDS = 'a DNS label: lower-case letters, digits and hyphens, at most 63';
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;
const CONNECTION_NAME = /^[a-z][-a-z0-9.:]*[a-z0-9]:[a-z]+-[a-z]+[0-9]+:[a-z][-a-z0-9]*$/;
/** Enough for a pool of connections (each holds buffers in the proxy); Google's example starts at 1 CPU and 2Gi. */
const DEFAULT_PROXY_RESOURCES: ContainerResourcesProps = {
  cpu: { request: '100m', limit: '1' },
  memory: { request: '256Mi', limit: '256Mi' },
  ephemeralStorage: { request: '64Mi', limit: '256Mi' },
};

/** An environment variable: a literal value, or a key of a Kubernetes Secret. */
export type EnvVarModel =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly secretKeyRef: { readonly secretName: string; readonly key: string } };

/** Secrets from Secret Manager, resolved. */
export interface SecretsModel {
  readonly delivery: SecretDelivery;
  /** The SecretProviderClass's or ExternalSecret's name, and the Secret's that External Secrets writes. */
  readonly objectName: string;
  /** The refs with their versions. */
  readonly refs: ReadonlyArray<{ readonly env: string; readonly secret: string; readonly version: string }>;
  /** The distinct Secret Manager secret ids, for the Terraform side's grants. */
  readonly secretIds: readonly string[];
  /** CSI: the project that holds them, and each file's resource name and path under {@link SECRETS_MOUNT_PATH}. */
  readonly projectId?: string;
  readonly files: ReadonlyArray<{ readonly env: string; readonly resourceName: string; readonly path: string }>;
  /** External Secrets: the store. */
  readonly store?: { readonly name: string; readonly kind: string };
}

/** The Cloud SQL Auth Proxy sidecar, resolved. */
export interface CloudSqlModel {
  readonly instanceConnectionName: string;
  /** The project the instance is in (the connection name's first part). */
  readonly instanceProject: string;
  readonly port: number;
  readonly image: string;
  readonly args: readonly string[];
  readonly resources: ResourceValues;
  readonly privateIp: boolean;
}

/** The migrations, resolved. */
export interface MigrationsModel {
  readonly strategy: MigrationStrategy;
  readonly image: string;
  readonly command: readonly string[];
  readonly timeoutSeconds: number;
  /**
   * JOB and JOB_WITH_WAIT: the Job's name, `<name>-migrate-<hash>`, the hash of everything that reaches its spec (image,
   * command, env, resources, sidecars, volumes, service account, labels, priority class, deadline...): any change
   * names a new Job, so that none is ever patched with a new pod template.
   */
  readonly jobName?: string;
  /** JOB and JOB_WITH_WAIT: retries before the Job fails. */
  readonly backoffLimit?: number;
  /** JOB: how long after it finishes the Job deletes itself. JOB_WITH_WAIT keeps the Job: its pods wait on it. */
  readonly ttlSecondsAfterFinished?: number;
  /** JOB_WITH_WAIT: the image of the init container that waits for the Job. */
  readonly waitImage?: string;
  /** JOB and JOB_WITH_WAIT: what the scheduler reserves for the Job's pod (the migration container and the native sidecars). */
  readonly jobPodRequest?: EffectivePodRequest;
}

/** What reaches the migration Job besides its own props, for {@link resolveMigrations}. */
interface MigrationJobContext {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly scaling: Scaling;
  readonly resources: ResourceValues;
  readonly labels: Readonly<Record<string, string>>;
  readonly env: readonly EnvVarModel[];
  readonly secrets?: SecretsModel;
  readonly cloudSql?: CloudSqlModel;
  readonly runAs: RunAs;
}

/** A pre-start step, resolved. */
export interface StepModel {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly resources: ResourceValues;
}

/** The serving pod's init containers, in order, as the scheduler sees them. */
export interface InitContainerModel {
  readonly name: string;
  /** A native sidecar (`restartPolicy: Always`): it keeps running beside the app containers. */
  readonly sidecar: boolean;
  readonly resources: ResourceValues;
}

/** One web API, resolved: what `WebApi` renders. */
export interface WebApiModel {
  readonly name: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly image: string;
  readonly port: number;
  /** Labels on every object; `podLabels` on the serving pods; `selector` selects them (not the migration Job's). */
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly scaling: Scaling;
  /** The API container's resources. */
  readonly resources: ResourceValues;
  readonly health: {
    readonly readinessPath: string;
    readonly livenessPath: string;
    /** `http` GETs the liveness path; `tcp` checks the port, when the liveness path is the readiness path. */
    readonly livenessCheck: 'http' | 'tcp';
    readonly startupPath: string;
    readonly startupTimeoutSeconds: number;
  };
  readonly shutdown: {
    readonly preStopSeconds: number;
    readonly preStopAction: PreStopAction;
    readonly drainSeconds: number;
    readonly terminationGracePeriodSeconds: number;
  };
  /** What disrupts the pods at most at a time (evictions by drains and upgrades): one pod, whatever the count. */
  readonly maxUnavailable: number;
  /** The path the load balancer health-checks on each pod. */
  readonly healthCheckPath: string;
  /** The server command, as the pod runs it. */
  readonly command: readonly string[];
  /** Annotations of the Deployment that carry facts to the checks. */
  readonly deploymentAnnotations: Readonly<Record<string, string>>;
  /** Annotations of the migration Job's that the same facts call for (the exemptions of secret file paths). */
  readonly jobAnnotations: Readonly<Record<string, string>>;
  /** The environment of every container that runs the app's code (app, migrations, steps). */
  readonly env: readonly EnvVarModel[];
  readonly secrets?: SecretsModel;
  readonly cloudSql?: CloudSqlModel;
  readonly migrations?: MigrationsModel;
  readonly preStartSteps: readonly StepModel[];
  /** The serving pod's init containers in order: native sidecars, the migration step, the pre-start steps. */
  readonly initContainers: readonly InitContainerModel[];
  /** What the scheduler reserves for one serving pod. */
  readonly podRequest: EffectivePodRequest;
  /** The user and group every container runs as (and the group that owns the volumes). */
  readonly runAs: RunAs;
  /** The PriorityClass the pods run under, and whether this API creates it. */
  readonly priorityClass: { readonly name: string; readonly create: boolean };
  readonly serviceName: string;
  readonly hpaName: string;
  /** The Kubernetes service account the pods run as. */
  readonly serviceAccountName: string;
  readonly googleServiceAccount?: string;
  readonly kubernetesApi: readonly KubernetesApiRule[];
  /** The app container gets a Kubernetes API token (`kubernetesApi`); so does the init container that waits for the Job (JOB_WITH_WAIT). */
  readonly appCallsKubernetesApi: boolean;
  readonly initCallsKubernetesApi: boolean;
  /** Every destination the pods may reach beyond DNS: the user's, then Workload Identity's, Cloud SQL's, the API server's. */
  readonly egress: readonly EgressDestination[];
  /** Who may reach the serving port: address ranges (the load balancer's), pods by namespace and labels, or any pod. */
  readonly ingressFrom: IngressSources;
  readonly tls?: ResolvedTls;
}

/** Who the containers run as. */
export interface RunAs {
  readonly user: number;
  readonly group: number;
}

/** The sources the NetworkPolicy admits to the serving port. */
export interface IngressSources {
  readonly cidrs: readonly string[];
  readonly callers: readonly InClusterCaller[];
  /** Every pod of the cluster (an API without `tls` and no declared callers). */
  readonly anyPod: boolean;
}

/** Where a web API is resolved, for messages. */
export interface ResolveOptions {
  /**
   * The construct id, the default name.
   * @default - `spec.name` must be set
   */
  readonly id?: string;
  /**
   * The construct named in messages.
   * @default 'WebApi'
   */
  readonly construct?: string;
  /**
   * Where the API is, for messages: `in environment 'staging'`.
   * @default - nowhere in particular
   */
  readonly where?: string;
}

/** Resolves and validates a web API's spec into its model; throws a ConfigError naming the prop for a bad one. */
export function resolveWebApi(spec: WebApiSpec, options: ResolveOptions = {}): WebApiModel {
  const name = spec.name ?? options.id ?? '';
  const c = new PropChecker(options.construct ?? 'WebApi', name, undefined, options.where);
  c.matches('name', name, DNS_LABEL, DNS_LABEL_WORDS);
  const namespace = apiNamespace({ name, namespace: spec.namespace });
  c.matches('namespace', namespace, DNS_LABEL, DNS_LABEL_WORDS);
  if (SYSTEM_NAMESPACES.includes(namespace)) {
    c.fail('namespace', namespace, "is one of Kubernetes' own namespaces: the API would share it with system pods, its Namespace object would enforce Pod Security \"restricted\" on them, and `kubectl delete -f` would try to delete it. Give the API a namespace of its own");
  }
  const image = checkImage(c, 'image', spec.image);
  const port = spec.port ?? 8000;
  c.integer('port', port, { min: 1, max: 65535 });
  const scaling = resolveScaling(c, spec);
  const resources = resolveResources(c, 'resources', spec.resources);
  if (scaling.autoscaling && resources.cpuRequestMillis === 0) {
    c.fail('resources.cpu.request', '0', 'must be above 0 when autoscaling on CPU: the HPA measures utilization as a share of the request');
  }
  if (resources.storageLimitBytes < parseBytes(TMP_SIZE_LIMIT)!) {
    c.fail('resources.ephemeralStorage.limit', formatBytes(resources.storageLimitBytes), `must be at least ${TMP_SIZE_LIMIT}: it holds the /tmp emptyDir`);
  }
  const serving = resolveServing(c, spec);
  const tls = spec.tls && resolveTls(c, name, spec.tls, 'tls.');
  const command = resolveCommand(c, spec, port, resources, serving.shutdown.drainSeconds, tls);
  const labels = resolveLabels(c, spec, name, image);
  const secrets = spec.secrets && resolveSecrets(c, name, spec.secrets, spec.googleServiceAccount);
  const env = resolveEnv(c, spec, secrets);
  const cloudSql = spec.cloudSql && resolveCloudSql(c, spec.cloudSql);
  const runAs = { user: spec.runAsUser ?? DEFAULT_RUN_AS_ID, group: spec.runAsGroup ?? DEFAULT_RUN_AS_ID };
  c.integer('runAsUser', runAs.user, { min: 10000, max: 2147483647 });
  c.integer('runAsGroup', runAs.group, { min: 10000, max: 2147483647 });
  const migrations = spec.migrations && resolveMigrations(c, spec, { name, namespace, image, scaling, resources, labels: labels.labels, env, secrets, cloudSql, runAs });
  const migrationStep = migrations && migrationStepName(migrations);
  const preStartSteps = resolveSteps(c, spec, name, image, resources, [...(cloudSql ? ['cloud-sql-proxy'] : []), ...(migrationStep ? [migrationStep] : [])]);
  const initContainers: InitContainerModel[] = [
    ...(cloudSql ? [{ name: 'cloud-sql-proxy', sidecar: true, resources: cloudSql.resources }] : []),
    ...(migrationStep ? [{ name: migrationStep, sidecar: false, resources }] : []),
    ...preStartSteps.map((s) => ({ name: s.name, sidecar: false, resources: s.resources })),
  ];
  const identity = resolveIdentity(c, spec, migrations);
  const priorityClassName = spec.priorityClassName ?? (namespace === name ? name : `${namespace}-${name}`);
  c.matches('priorityClassName', priorityClassName, DNS_LABEL, 'a PriorityClass name');
  const serviceName = spec.serviceName ?? `${name}-svc`;
  c.matches('serviceName', serviceName, DNS_LABEL, 'a Service name (a DNS label)');
  return deepFreeze({
    name, namespace, createNamespace: spec.createNamespace ?? true, image, port, ...labels, scaling, resources, ...serving, command,
    deploymentAnnotations: {
      // Polaris wants replicas >= 2 and kube-score forbids replicas beside an HPA: follow kube-score, keep the HPA
      // minimum >= 2, and exempt the Polaris check.
      ...(scaling.autoscaling ? polarisExemption('deploymentMissingReplicas', 'the HPA sets the replicas, and kube-score forbids spec.replicas beside it; the HPA minimum is at least 2') : {}),
      // Facts the checks read in any YAML: how migrations run once, and one worker's memory.
      ...(migrations?.strategy === MigrationStrategy.LOCKED_INIT_CONTAINER ? { [MIGRATIONS_ANNOTATION]: migrations.strategy } : {}),
      ...(spec.server?.memoryPerWorker !== undefined ? { [MEMORY_PER_WORKER_ANNOTATION]: spec.server.memoryPerWorker } : {}),
      ...secretFileExemptions(env),
    },
    jobAnnotations: secretFileExemptions(env),
    env, secrets, cloudSql, migrations, preStartSteps, initContainers,
    podRequest: podRequest({ app: [resources], init: initContainers.filter((i) => !i.sidecar).map((i) => i.resources), sidecars: initContainers.filter((i) => i.sidecar).map((i) => i.resources) }),
    runAs,
    priorityClass: { name: priorityClassName, create: spec.priorityClassName === undefined },
    // One pod at a time, whatever the count: `minAvailable: min - 1` would let 9 of 10 pods go at once.
    maxUnavailable: 1,
    serviceName, hpaName: spec.hpaName ?? `${name}-hpa`, serviceAccountName: kubernetesServiceAccountOf(name),
    ...identity,
    egress: resolveEgress(c, spec, cloudSql, identity),
    ingressFrom: resolveIngressFrom(c, spec, tls),
    tls,
  });
}

/** The name of the init container migrations add to the serving pod: none for JOB, whose Job runs before the rollout. */
function migrationStepName(m: MigrationsModel): string | undefined {
  if (m.strategy === MigrationStrategy.JOB) return undefined;
  return m.strategy === MigrationStrategy.JOB_WITH_WAIT ? 'wait-for-migrations' : 'migrate';
}

function resolveServing(c: PropChecker, spec: WebApiSpec): Pick<WebApiModel, 'health' | 'shutdown' | 'healthCheckPath'> {
  const health = {
    readinessPath: spec.health?.readinessPath ?? '/readyz',
    livenessPath: spec.health?.livenessPath ?? '/livez',
    startupPath: spec.health?.startupPath ?? spec.health?.livenessPath ?? '/livez',
    startupTimeoutSeconds: spec.health?.startupTimeoutSeconds ?? 60,
  };
  // kube-score pod-probes-identical compares the handlers only (path and port), not the timings.
  const livenessCheck: 'http' | 'tcp' = health.livenessPath === health.readinessPath ? 'tcp' : 'http';
  for (const key of ['readinessPath', 'livenessPath', 'startupPath'] as const) {
    c.matches(`health.${key}`, health[key], URL_PATH, 'an absolute URL path such as /ping');
  }
  c.integer('health.startupTimeoutSeconds', health.startupTimeoutSeconds, { min: 2, max: 3600 });
  const preStopSeconds = spec.shutdown?.preStopSeconds ?? 10;
  // A request may take as long as the load balancer waits for it: the drain covers that, or a rollout, a drain or a
  // scale-in cuts the slowest requests.
  const backendTimeout = isGoogleLoadBalancer(spec.tls && (spec.tls.mode ?? TlsMode.GKE_MANAGED)) ? spec.tls!.backendTimeoutSeconds ?? DEFAULT_BACKEND_TIMEOUT_SECONDS : 0;
  const drainSeconds = spec.shutdown?.drainSeconds ?? Math.max(DEFAULT_DRAIN_SECONDS, backendTimeout);
  c.integer('shutdown.preStopSeconds', preStopSeconds, { min: 0, max: 300 });
  c.integer('shutdown.drainSeconds', drainSeconds, { min: 1, max: 3600 });
  // One setting each for the pause and the drain; the grace period is derived from them, so they cannot disagree.
  const terminationGracePeriodSeconds = spec.shutdown?.terminationGracePeriodSeconds ?? preStopSeconds + drainSeconds + SHUTDOWN_MARGIN_SECONDS;
  c.integer('shutdown.terminationGracePeriodSeconds', terminationGracePeriodSeconds, { min: 1 });
  if (terminationGracePeriodSeconds < preStopSeconds + drainSeconds) {
    c.fail('shutdown.terminationGracePeriodSeconds', terminationGracePeriodSeconds,
      `must cover 'shutdown.preStopSeconds' (${preStopSeconds}) + 'shutdown.drainSeconds' (${drainSeconds}) = ${preStopSeconds + drainSeconds}: the pod would be killed mid-request`);
  }
  (spec.servedPaths ?? []).forEach((p, i) => c.matches(`servedPaths[${i}]`, p, URL_PATH, 'an absolute URL path'));
  const healthCheckPath = spec.tls?.healthCheckPath ?? health.readinessPath;
  c.matches('tls.healthCheckPath', healthCheckPath, URL_PATH, 'an absolute URL path such as /ping');
  if (!servesPath(healthCheckPath, [health.readinessPath, health.livenessPath, health.startupPath], spec.servedPaths ?? [])) {
    c.fail('tls.healthCheckPath', healthCheckPath,
      'is not a path the API serves (its probe paths, or under \'servedPaths\'): the load balancer would mark every pod unhealthy and answer 502');
  }
  const preStopAction = spec.shutdown?.preStopAction ?? PreStopAction.SLEEP;
  return { health: { ...health, livenessCheck }, shutdown: { preStopSeconds, preStopAction, drainSeconds, terminationGracePeriodSeconds }, healthCheckPath };
}

/** Does the API serve `path`: one of its probe paths, or under one of the declared prefixes (at a segment)? */
function servesPath(path: string, probePaths: readonly string[], servedPrefixes: readonly string[]): boolean {
  if (probePaths.includes(path)) return true;
  return servedPrefixes.some((prefix) => prefix === '/' || path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

function resolveCommand(c: PropChecker, spec: WebApiSpec, port: number, resources: ResourceValues, drainSeconds: number, tls: ResolvedTls | undefined): string[] {
  const server = spec.server;
  const memoryPerWorker = server?.memoryPerWorker === undefined ? undefined : parseBytes(server.memoryPerWorker);
  if (server?.memoryPerWorker !== undefined && memoryPerWorker === undefined) {
    c.fail('server.memoryPerWorker', server.memoryPerWorker, 'must be a memory quantity such as 512Mi or 1Gi');
  }
  let command: string[];
  if (server?.command !== undefined) {
    for (const key of ['app', 'runner', 'workers', 'proxyHeaders', 'forwardedAllowIps', 'keepAliveSeconds', 'extraArgs', 'timeoutGracefulShutdown'] as const) {
      if (server[key] !== undefined) c.fail(`server.${key}`, server[key], 'cannot be set beside \'server.command\', which replaces the generated command');
    }
    if (server.command.length === 0 || server.command[0].trim() === '') c.fail('server.command', server.command, 'must not be empty');
    const problem = findBackgroundedServer(server.command);
    if (problem) {
      c.fail('server.command', server.command, `starts the server in the background (${problem.fragment}): ${problem.reason}. Kubernetes restarts a container whose main process ends, so the pod would loop in CrashLoopBackOff (seed 003). Run the server last, in the foreground, ideally with exec`);
    }
    command = [...server.command];
  } else {
    command = generatedCommand(c, spec, port, drainSeconds, tls);
  }
  const workers = workerCount(command);
  if (workers > 1) {
    if (memoryPerWorker === undefined) {
      c.fail('server.workers', workers, 'needs \'server.memoryPerWorker\': each worker is a process with its own copy of the app in memory (seed 000)');
    }
    const needed = workers * memoryPerWorker;
    if (needed > resources.memoryLimitBytes) {
      c.fail('server.workers', workers, `× 'server.memoryPerWorker' (${server!.memoryPerWorker}) = ${describeBytes(needed)}, above 'resources.memory.limit' (${formatBytes(resources.memoryLimitBytes)}): the container would be OOM-killed (seed 000: 4 workers × 1 GB on a 3 GB machine). Use fewer workers and more replicas`);
    }
  }
  return command;
}

/** The exec-form server command this library writes: uvicorn (or fastapi run) in the foreground, one process. */
function generatedCommand(c: PropChecker, spec: WebApiSpec, port: number, drainSeconds: number, tls: ResolvedTls | undefined): string[] {
  const server = spec.server;
  const workers = server?.workers ?? 1;
  c.integer('server.workers', workers, { min: 1, max: 64 });
  const app = server?.app ?? 'main:app';
  c.nonEmpty('server.app', app);
  const runner = server?.runner ?? ServerRunner.UVICORN;
  const keepAliveSeconds = server?.keepAliveSeconds ?? (tls ? BACKEND_KEEP_ALIVE_SECONDS : undefined);
  c.integer('server.keepAliveSeconds', keepAliveSeconds, { min: 1, max: 86400 });
  if (runner === ServerRunner.FASTAPI && keepAliveSeconds !== undefined) {
    const prop = server?.keepAliveSeconds !== undefined ? 'server.keepAliveSeconds' : 'server.runner';
    c.fail(prop, prop === 'server.runner' ? runner : keepAliveSeconds, `cannot set the server's keep-alive: \`fastapi run\` has no such option (fastapi-cli 0.0.32), and uvicorn's 5 s default is shorter than the ${LOAD_BALANCER_BACKEND_IDLE_SECONDS} s a load balancer keeps idle connections, which gives sporadic 502s. Use ServerRunner.UVICORN with 'server.app' as module:attribute`);
  }
  const proxyHeaders = server?.proxyHeaders ?? tls !== undefined;
  const pathPrefix = tls?.pathPrefix ?? '/';
  return buildServerCommand({
    runner,
    app,
    port,
    workers,
    proxyHeaders,
    forwardedAllowIps: proxyHeaders ? trustedProxies(c, server?.forwardedAllowIps, tls) : '',
    keepAliveSeconds,
    extraArgs: server?.extraArgs ?? [],
    rootPath: pathPrefix === '/' ? undefined : pathPrefix,
    gracefulShutdownSeconds: (server?.timeoutGracefulShutdown ?? true) ? drainSeconds : undefined,
  });
}

/** Whose `X-Forwarded-*` headers the server believes: the load balancer's front ends, never anyone (`*`). */
function trustedProxies(c: PropChecker, given: string | undefined, tls: ResolvedTls | undefined): string {
  if (given !== undefined) {
    if (given.split(',').some((entry) => entry.trim() === '*')) {
      c.fail('server.forwardedAllowIps', given, "must not trust '*': uvicorn then takes the leftmost X-Forwarded-For entry, which the client writes itself, so any client chooses its own address. Name the proxies' addresses or CIDRs");
    }
    return given;
  }
  if (isGoogleLoadBalancer(tls?.mode)) return GOOGLE_LOAD_BALANCER_RANGES.join(',');
  return c.fail('server.forwardedAllowIps', undefined, 'is required with proxy headers behind a proxy of your own (TlsMode.CERT_MANAGER, or no tls): the addresses or CIDRs of its pods (CIDRs from uvicorn 0.31)');
}

function resolveLabels(c: PropChecker, spec: WebApiSpec, name: string, image: string): Pick<WebApiModel, 'labels' | 'podLabels' | 'selector'> {
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/version': versionLabel(image),
    'app.kubernetes.io/part-of': spec.partOf ?? name,
    'app.kubernetes.io/managed-by': 'cdk-fastapi-gke',
  };
  c.matches('partOf', labels['app.kubernetes.io/part-of'], /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'a label value');
  return {
    labels,
    podLabels: { ...labels, 'app.kubernetes.io/component': 'api' },
    selector: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'api' },
  };
}

/** `app.kubernetes.io/version`: the tag, or the digest's first 12 hex digits. */
function versionLabel(image: string): string {
  const ref = parseImageReference(image);
  const raw = ref.tag ?? (ref.digest ?? '').replace(/^sha256:/, '').slice(0, 12);
  return raw.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '').slice(0, 63);
}

/** Refuses an empty, untagged or `latest` image: a moving tag makes rollouts unrepeatable and rollbacks lie. */
function checkImage(c: PropChecker, prop: string, image: string): string {
  c.nonEmpty(prop, image);
  if (/\s/.test(image)) c.fail(prop, image, 'must not contain white space');
  const problem = imageReferenceProblem(image);
  if (problem) c.fail(prop, image, problem);
  if (unpinnedImageProblem(image)) {
    c.fail(prop, image, 'must name a tag other than latest, or a digest (repo@sha256:...): a moving tag makes rollouts unrepeatable');
  }
  return image;
}

function resolveEnv(c: PropChecker, spec: WebApiSpec, secrets: SecretsModel | undefined): EnvVarModel[] {
  const env: EnvVarModel[] = [];
  const names = new Set<string>();
  for (const [key, value] of Object.entries(spec.env ?? {})) {
    c.matches(`env.${key}`, key, ENV_VAR_NAME, 'an environment variable name (letters, digits, underscores)');
    const problem = literalSecretProblem(key, value);
    if (problem) {
      c.fail(`env.${key}`, '<redacted>', `looks like a credential (${problem}): a literal value would be written into the manifests in clear. Put it in Secret Manager ('secrets') or a Secret ('secretEnv')`);
    }
    env.push({ name: key, value });
    names.add(key);
  }
  // The root filesystem is read-only and the user has no home directory: libraries that write under ~ (caches,
  // configuration) would fail. /tmp is the writable emptyDir every container mounts.
  if (!names.has('HOME')) {
    env.push({ name: 'HOME', value: '/tmp' });
    names.add('HOME');
  }
  for (const [key, ref] of Object.entries(spec.secretEnv ?? {})) {
    c.matches(`secretEnv.${key}`, key, ENV_VAR_NAME, 'an environment variable name (letters, digits, underscores)');
    if (names.has(key)) c.fail(`secretEnv.${key}`, key, 'is also set in \'env\'');
    c.matches(`secretEnv.${key}.secretName`, ref.secretName, DNS_LABEL, 'a Secret name');
    c.nonEmpty(`secretEnv.${key}.key`, ref.key);
    env.push({ name: key, secretKeyRef: { secretName: ref.secretName, key: ref.key } });
    names.add(key);
  }
  for (const variable of secretsEnv(secrets)) {
    if (names.has(variable.name)) c.fail('secrets.refs', variable.name, 'names a variable that is also set in \'env\' or \'secretEnv\'');
    env.push(variable);
  }
  return env;
}

/**
 * Polaris and kube-linter judge an environment variable by its name: `DB_PASSWORD_FILE=/var/secrets/db_password`,
 * the path of a file the Secret Manager CSI driver mounts, fails Polaris's `sensitiveContainerEnvVar` (danger) like a
 * literal password would, and kube-linter's `env-var-secret` when the name contains "secret". Exempt the workload with each tool's own annotation
 * (kube-linter's carries the reason; Polaris's has no room for one); `prod-env-secret` honours Polaris's for the
 * judgement by name only, so that all three say the same here while a real secret added later is still found.
 */
function secretFileExemptions(env: readonly EnvVarModel[]): Record<string, string> {
  const paths = env.filter((v) => 'value' in v && v.value.startsWith(`${SECRETS_MOUNT_PATH}/`) && polarisSensitiveName(v.name));
  if (paths.length === 0) return {};
  const reason = `${paths.map((v) => v.name).join(', ')} hold the paths of secret files that the Secret Manager CSI driver mounts, not secrets`;
  return {
    ...polarisExemption('sensitiveContainerEnvVar', reason),
    // kube-linter's env-var-secret matches names that contain "secret" only (env-var-secret.yaml).
    ...(paths.some((v) => /secret/i.test(v.name)) ? { 'ignore-check.kube-linter.io/env-var-secret': reason } : {}),
  };
}

/** The variables through which the API finds its Secret Manager secrets: a file path (CSI), or the value (External Secrets). */
function secretsEnv(secrets: SecretsModel | undefined): EnvVarModel[] {
  if (!secrets) return [];
  if (secrets.delivery === SecretDelivery.SECRET_MANAGER_CSI) {
    return secrets.files.map((f) => ({ name: `${f.env}_FILE`, value: `${SECRETS_MOUNT_PATH}/${f.path}` }));
  }
  return secrets.refs.map((r) => ({ name: r.env, secretKeyRef: { secretName: secrets.objectName, key: r.env } }));
}

function resolveSecrets(c: PropChecker, name: string, props: SecretsProps, googleServiceAccount: string | undefined): SecretsModel {
  const delivery = props.delivery ?? SecretDelivery.SECRET_MANAGER_CSI;
  if (props.refs.length === 0) c.fail('secrets.refs', props.refs, 'must list at least one secret');
  const seen = new Set<string>();
  props.refs.forEach((ref, i) => {
    c.matches(`secrets.refs[${i}].env`, ref.env, ENV_VAR_NAME, 'an environment variable name');
    c.matches(`secrets.refs[${i}].secret`, ref.secret, SECRET_ID,
      'a Secret Manager secret id (letters, digits, - and _), not a value: the manifests never hold a secret');
    c.matches(`secrets.refs[${i}].version`, ref.version, /^(latest|[1-9][0-9]*)$/, "'latest' or a version number");
    // Files are named after the variable in lower case, so names may not differ by case alone.
    if (seen.has(ref.env.toLowerCase())) c.fail(`secrets.refs[${i}].env`, ref.env, 'is used twice');
    seen.add(ref.env.toLowerCase());
  });
  const refs = props.refs.map((r) => ({ env: r.env, secret: r.secret, version: r.version ?? 'latest' }));
  const base = { delivery, objectName: `${name}-secrets`, refs, secretIds: [...new Set(refs.map((r) => r.secret))] };
  if (delivery === SecretDelivery.SECRET_MANAGER_CSI) {
    for (const key of ['store', 'storeKind'] as const) {
      if (props[key] !== undefined) c.fail(`secrets.${key}`, props[key], 'applies to SecretDelivery.EXTERNAL_SECRETS only');
    }
    // The pods read the secrets as their own Google service account; its project is the secrets' project.
    const projectId = projectOfServiceAccount(googleServiceAccount);
    if (projectId === undefined) {
      c.fail('googleServiceAccount', googleServiceAccount, 'is required with \'secrets\' delivered by SecretDelivery.SECRET_MANAGER_CSI: the pods read Secret Manager as that account, and its project holds the secrets');
    }
    const files = refs.map((r) => ({ env: r.env, resourceName: secretVersionResourceName(projectId, r.secret, r.version), path: r.env.toLowerCase() }));
    return { ...base, projectId, files };
  }
  if (props.store === undefined) c.fail('secrets.store', undefined, 'is required with SecretDelivery.EXTERNAL_SECRETS: the (Cluster)SecretStore that reads Secret Manager');
  c.matches('secrets.store', props.store, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a SecretStore name');
  const kind = props.storeKind ?? 'ClusterSecretStore';
  if (kind !== 'ClusterSecretStore' && kind !== 'SecretStore') c.fail('secrets.storeKind', kind, "must be 'ClusterSecretStore' or 'SecretStore'");
  return { ...base, files: [], store: { name: props.store, kind } };
}

function resolveCloudSql(c: PropChecker, props: CloudSqlProxyProps): CloudSqlModel {
  c.matches('cloudSql.instanceConnectionName', props.instanceConnectionName, CONNECTION_NAME, 'an instance connection name, project:region:instance');
  const port = props.port ?? 5432;
  c.integer('cloudSql.port', port, { min: 1024, max: 65535 });
  const image = props.image === undefined ? CLOUD_SQL_PROXY_IMAGE : checkImage(c, 'cloudSql.image', props.image);
  const resources = resolveResources(c, 'cloudSql.resources', { ...DEFAULT_PROXY_RESOURCES, ...props.resources });
  const parts = props.instanceConnectionName.split(':');
  return {
    instanceConnectionName: props.instanceConnectionName,
    // `domain.com:project:region:instance` for domain-scoped projects.
    instanceProject: parts.slice(0, -2).join(':'),
    port,
    image,
    resources,
    privateIp: props.privateIp ?? false,
    args: [
      '--structured-logs',
      `--port=${port}`,
      '--health-check',
      '--http-address=0.0.0.0',
      `--http-port=${CLOUD_SQL_PROXY_HEALTH_PORT}`,
      // Stop taking new connections on SIGTERM, and let open ones finish (the app drains first).
      '--exit-zero-on-sigterm',
      ...(props.privateIp ? ['--private-ip'] : []),
      ...(props.autoIamAuthn ? ['--auto-iam-authn'] : []),
      props.instanceConnectionName,
    ],
  };
}

function resolveMigrations(c: PropChecker, spec: WebApiSpec, job: MigrationJobContext): MigrationsModel {
  const m = spec.migrations!;
  if (m.command.length === 0) c.fail('migrations.command', m.command, 'must not be empty');
  const timeoutSeconds = m.timeoutSeconds ?? 600;
  c.integer('migrations.timeoutSeconds', timeoutSeconds, { min: 10, max: 86400 });
  const migrationImage = m.image === undefined ? job.image : checkImage(c, 'migrations.image', m.image);
  const { scaling } = job;
  const strategy = resolveMigrationStrategy(spec, scaling.maxReplicas)!;
  if (strategy === MigrationStrategy.INIT_CONTAINER && scaling.maxReplicas > 1) {
    const why = scaling.autoscaling ? `'autoscaling.maxReplicas' is ${scaling.maxReplicas}` : `'replicas' is ${scaling.maxReplicas}`;
    c.fail('migrations.strategy', strategy, `runs migrations in every pod, and ${why}: they would race each other (seed 000). Use MigrationStrategy.JOB, or LOCKED_INIT_CONTAINER if the command takes a database lock`);
  }
  const waitImage = resolveWaitImage(c, m, strategy, (prop, image) => checkImage(c, prop, image));
  const base = { strategy, image: migrationImage, command: [...m.command], timeoutSeconds };
  if (strategy !== MigrationStrategy.JOB && strategy !== MigrationStrategy.JOB_WITH_WAIT) return base;
  // The JOB_WITH_WAIT Job stays: pods started later (scale-out, node repair) wait on it.
  const ttlSecondsAfterFinished = strategy === MigrationStrategy.JOB ? MIGRATION_TTL_SECONDS : undefined;
  // Everything that reaches the Job's spec; the priority class by what decides it (its prop, or name and namespace).
  const jobName = migrationJobName(job.name, {
    strategy, image: migrationImage, command: m.command, timeoutSeconds, backoffLimit: MIGRATION_BACKOFF_LIMIT, ttlSecondsAfterFinished,
    name: job.name, namespace: job.namespace, labels: job.labels, serviceAccount: kubernetesServiceAccountOf(job.name),
    priorityClassName: spec.priorityClassName ?? null, env: job.env, resources: job.resources, tmpSizeLimit: TMP_SIZE_LIMIT,
    secrets: job.secrets ?? null, cloudSql: job.cloudSql ?? null, runAs: job.runAs,
  });
  const jobPodRequest = podRequest({ app: [job.resources], init: [], sidecars: job.cloudSql ? [job.cloudSql.resources] : [] });
  return { ...base, jobName, backoffLimit: MIGRATION_BACKOFF_LIMIT, ttlSecondsAfterFinished, waitImage, jobPodRequest };
}

function resolveSteps(c: PropChecker, spec: WebApiSpec, name: string, image: string, app: ResourceValues, taken: readonly string[]): StepModel[] {
  const names = new Set(taken);
  return (spec.preStartSteps ?? []).map((step, i) => {
    const prop = `preStartSteps[${i}]`;
    c.matches(`${prop}.name`, step.name, DNS_LABEL, 'a container name (a DNS label)');
    if (names.has(step.name) || step.name === name) c.fail(`${prop}.name`, step.name, 'is already the name of another container in the pod');
    names.add(step.name);
    if (step.command.length === 0) c.fail(`${prop}.command`, step.command, 'must not be empty');
    return {
      name: step.name,
      image: step.image === undefined ? image : checkImage(c, `${prop}.image`, step.image),
      command: [...step.command],
      resources: resolveResources(c, `${prop}.resources`, step.resources, app),
    };
  });
}

function resolveIdentity(c: PropChecker, spec: WebApiSpec, migrations: MigrationsModel | undefined): Pick<WebApiModel, 'googleServiceAccount' | 'kubernetesApi' | 'appCallsKubernetesApi' | 'initCallsKubernetesApi'> {
  c.matches('googleServiceAccount', spec.googleServiceAccount, SERVICE_ACCOUNT_EMAIL, 'a Google service account e-mail (NAME@PROJECT.iam.gserviceaccount.com)');
  const rules = spec.kubernetesApi ?? [];
  rules.forEach((rule, i) => {
    for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
      if (rule[field].includes('*')) c.fail(`kubernetesApi[${i}].${field}`, rule[field], 'must not contain \'*\': grant the least privilege the API needs');
    }
    if (rule.resources.length === 0 || rule.verbs.length === 0) c.fail(`kubernetesApi[${i}]`, rule, 'must name at least one resource and one verb');
  });
  return {
    googleServiceAccount: spec.googleServiceAccount,
    kubernetesApi: rules,
    appCallsKubernetesApi: rules.length > 0,
    initCallsKubernetesApi: migrations?.strategy === MigrationStrategy.JOB_WITH_WAIT,
  };
}

function resolveEgress(
  c: PropChecker, spec: WebApiSpec, cloudSql: CloudSqlModel | undefined,
  identity: Pick<WebApiModel, 'googleServiceAccount' | 'appCallsKubernetesApi' | 'initCallsKubernetesApi'>,
): EgressDestination[] {
  const egress = [...(spec.egress ?? [])];
  checkEgress(c, 'egress', egress);
  if (identity.googleServiceAccount !== undefined) {
    // Workload Identity: the GKE metadata server hands out the Google service account's tokens.
    egress.push({ cidr: '169.254.169.254/32', ports: [80] }, { cidr: '169.254.169.252/32', ports: [988] });
  }
  const googleApis = { cidr: spec.googleApisCidr ?? '0.0.0.0/0', ports: [443] };
  // The proxy reaches the instance on 3307, and the SQL Admin API (googleapis.com) on 443.
  if (cloudSql) egress.push({ cidr: spec.cloudSql!.instanceCidr ?? '0.0.0.0/0', ports: [CLOUD_SQL_SERVER_PORT] }, googleApis);
  // What the Google service account's roles are for; once, with or without the proxy.
  else if (spec.googleApisEgress ?? identity.googleServiceAccount !== undefined) egress.push(googleApis);
  if (identity.appCallsKubernetesApi || identity.initCallsKubernetesApi) {
    egress.push({ cidr: spec.kubernetesApiCidr ?? DEFAULT_MASTER_CIDR, ports: [443] });
  } else if (spec.kubernetesApiCidr !== undefined) {
    c.fail('kubernetesApiCidr', spec.kubernetesApiCidr, 'is only used when the pods call the Kubernetes API (\'kubernetesApi\', or migrations with MigrationStrategy.JOB_WITH_WAIT)');
  }
  return egress;
}

/** Only the load balancer (its front ends, or the ingress controller's pods) and the callers the user declares. */
function resolveIngressFrom(c: PropChecker, spec: WebApiSpec, tls: ResolvedTls | undefined): IngressSources {
  const callers = spec.allowFrom ?? [];
  callers.forEach((caller, i) => {
    c.matches(`allowFrom[${i}].namespace`, caller.namespace, DNS_LABEL, 'a namespace name');
    for (const [key, value] of Object.entries(caller.podLabels ?? {})) {
      c.matches(`allowFrom[${i}].podLabels`, key, LABEL_KEY, 'a label key such as app.kubernetes.io/name');
      c.matches(`allowFrom[${i}].podLabels.${key}`, value, LABEL_VALUE, 'a label value');
    }
  });
  if (isGoogleLoadBalancer(tls?.mode)) return { cidrs: GOOGLE_LOAD_BALANCER_RANGES, callers, anyPod: false };
  if (tls?.mode === TlsMode.CERT_MANAGER) {
    if (tls.ingressControllerNamespace === undefined) {
      c.fail('tls.ingressControllerNamespace', undefined, "is required with TlsMode.CERT_MANAGER: the namespace of the ingress controller's pods, which alone the NetworkPolicy lets reach the API");
    }
    return { cidrs: [], callers: [{ namespace: tls.ingressControllerNamespace }, ...callers], anyPod: false };
  }
  return { cidrs: [], callers, anyPod: callers.length === 0 };
}

/** Validates egress destinations: a CIDR each (IPv4 or IPv6, no host bits) and at least one TCP port. @internal */
export function checkEgress(c: PropChecker, prop: string, egress: readonly EgressDestination[]): void {
  egress.forEach((d, i) => {
    // Host bits are refused too: the API server would quietly widen `10.20.0.5/24` to the whole /24.
    const range = parseCidr(d.cidr);
    if (typeof range === 'string') c.fail(`${prop}[${i}].cidr`, d.cidr, range);
    if (d.ports.length === 0) c.fail(`${prop}[${i}].ports`, d.ports, 'must name at least one port');
    d.ports.forEach((port, j) => c.integer(`${prop}[${i}].ports[${j}]`, port, { min: 1, max: 65535 }));
  });
}

/** Freezes the model, so that a renderer cannot change what another reads. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
