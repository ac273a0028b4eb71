/**
 * A web API described as plain data: the inputs of the `WebApi` construct, which a platform description also
 * lists. No cdk8s here, so that the Terraform side and the capacity planner can read the same description.
 */
import { ContainerResourcesProps } from './resources';
import { ServerRunner } from './server-command';

/** Who terminates TLS and renews the certificate (seed 000: "HTTPS"). */
export enum TlsMode {
  /**
   * GKE's own load balancer: a Google-managed certificate (`ManagedCertificate`), a reserved global static IP
   * named by annotation, and a `FrontendConfig` that redirects HTTP to HTTPS. Needs no in-cluster controller.
   */
  GKE_MANAGED = 'gke-managed',
  /**
   * cert-manager with Let's Encrypt HTTP-01: a `ClusterIssuer` and a `Certificate` whose Secret the Ingress
   * serves. Works with any ingress class that solves HTTP-01 (ingress-nginx, Traefik...).
   */
  CERT_MANAGER = 'cert-manager',
  /**
   * Gateway API on GKE: a `Gateway` of class `gke-l7-global-external-managed` on a reserved global static IP, an
   * `HTTPRoute` (and one that redirects HTTP to HTTPS), a `HealthCheckPolicy` and a `GCPBackendPolicy`. The
   * certificate comes from Certificate Manager through a certificate map, which the Terraform side creates.
   */
  GATEWAY = 'gateway',
}

/** Where the certificate comes from. Each TLS mode works with one kind. */
export enum TlsCertificate {
  /** A GKE `ManagedCertificate`: GKE Ingress only (TlsMode.GKE_MANAGED). */
  MANAGED_CERTIFICATE = 'managed-certificate',
  /** Let's Encrypt through cert-manager (TlsMode.CERT_MANAGER). */
  LETS_ENCRYPT = 'lets-encrypt',
  /** A Google-managed certificate in Certificate Manager, through a certificate map (TlsMode.GATEWAY). */
  CERTIFICATE_MANAGER = 'certificate-manager',
}

/** The certificate each TLS mode uses. */
export const CERTIFICATE_OF_MODE: Readonly<Record<TlsMode, TlsCertificate>> = {
  [TlsMode.GKE_MANAGED]: TlsCertificate.MANAGED_CERTIFICATE,
  [TlsMode.CERT_MANAGER]: TlsCertificate.LETS_ENCRYPT,
  [TlsMode.GATEWAY]: TlsCertificate.CERTIFICATE_MANAGER,
};

/** GKE's global external Application Load Balancer, as a Gateway class. */
export const GKE_GATEWAY_CLASS = 'gke-l7-global-external-managed';

/** Let's Encrypt's production ACME directory. */
export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';

/** How a web API is served over HTTPS. */
export interface TlsOptions {
  /** The public host name the API answers on, e.g. `api.example.com`. Its DNS A record must point at the ingress. */
  readonly host: string;
  /**
   * Who terminates TLS.
   * @default TlsMode.GKE_MANAGED
   */
  readonly mode?: TlsMode;
  /**
   * Where the certificate comes from; each mode works with one kind, and another is refused.
   * @default - the mode's own: MANAGED_CERTIFICATE, LETS_ENCRYPT or CERTIFICATE_MANAGER
   */
  readonly certificate?: TlsCertificate;
  /**
   * GKE and Gateway modes: the name of the reserved global static IP (`google_compute_global_address`) the load
   * balancer uses.
   * @default - `<name>-ip`
   */
  readonly staticIpName?: string;
  /**
   * Gateway mode: the Certificate Manager certificate map the Gateway names (`networking.gke.io/certmap`).
   * @default - `<name>-certmap`
   */
  readonly certificateMapName?: string;
  /**
   * Gateway mode: the GatewayClass.
   * @default GKE_GATEWAY_CLASS
   */
  readonly gatewayClassName?: string;
  /**
   * Route only requests under this path prefix to the API (e.g. `/orders`); the server gets `--root-path` so that
   * `/docs`, OpenAPI URLs and redirects carry the prefix.
   * @default - '/': every path
   */
  readonly pathPrefix?: string;
  /**
   * GKE and Gateway modes: how long the load balancer waits for the API's response before it answers 502.
   * @default 30
   */
  readonly backendTimeoutSeconds?: number;
  /**
   * GKE and Gateway modes: the path the load balancer health-checks on each pod. It must be a path the API serves
   * (a probe path, or under `servedPaths`): GKE checks `/` otherwise, and an API that answers 404 there gets 502s.
   * @default - the readiness probe's path
   */
  readonly healthCheckPath?: string;
  /**
   * GKE and Gateway modes: the Compute Engine SSL policy of the load balancer (minimum TLS version, ciphers), named by
   * the FrontendConfig (GKE Ingress) or a GCPGatewayPolicy (Gateway). In a platform description, the Terraform side
   * creates it (MODERN, TLS 1.2 or later); a standalone `WebApi` names it, and you create it (`SslPolicy`).
   * @default - `<name>-ssl-policy`: not Google's default policy, which accepts TLS 1.0 (CIS GCP 3.9)
   */
  readonly sslPolicy?: string;
  /**
   * cert-manager mode: the ingress class that serves the API and solves HTTP-01 challenges. Required in that mode:
   * ingress-nginx, the usual default, was retired in March 2026, so the library guesses none (on GKE, prefer
   * TlsMode.GATEWAY).
   * @default - none: required with TlsMode.CERT_MANAGER
   */
  readonly ingressClassName?: string;
  /**
   * cert-manager mode: the namespace of the ingress controller's pods, the only ones (besides `allowFrom`) the
   * NetworkPolicy lets reach the serving port.
   * @default - none: required with TlsMode.CERT_MANAGER
   */
  readonly ingressControllerNamespace?: string;
  /**
   * cert-manager mode: the e-mail address Let's Encrypt writes to about expiring certificates. Required in that mode
   * unless `clusterIssuer` names an existing issuer.
   * @default - none
   */
  readonly acmeEmail?: string;
  /**
   * cert-manager mode: an existing `ClusterIssuer` to use instead of creating one.
   * @default - a ClusterIssuer `<name>-letsencrypt` for Let's Encrypt production is created
   */
  readonly clusterIssuer?: string;
  /**
   * cert-manager mode: the ACME directory of the created issuer (use Let's Encrypt staging while testing).
   * @default LETS_ENCRYPT_PRODUCTION
   */
  readonly acmeServer?: string;
}

/** How database migrations (seed 000's "previous steps" that must run once) are run. */
export enum MigrationStrategy {
  /**
   * A Job runs the migrations once, before the rollout, outside the serving pods: its own deploy stage, which
   * `cdk-fastapi-gke deploy` applies and waits for before it applies the app, and which Argo CD runs as a `Sync` hook
   * in an earlier sync wave. A failed migration leaves the previous version serving. The Job's name carries a hash
   * of its whole spec, so any change gives a new Job, and it deletes itself a day after it finishes.
   * The default when the Deployment can run more than one pod.
   */
  JOB = 'job',
  /**
   * The same Job, applied with the app, and every pod's first init container waits for it (`kubectl wait`). Every
   * pod start then needs the Kubernetes API server, the completed Job (kept: no `ttlSecondsAfterFinished`), a kubectl
   * image within one minor version of the cluster (`migrations.kubectlVersion`), a token projected into the waiting
   * container and egress to the control plane. For pipelines that can only `kubectl apply` everything at once.
   */
  JOB_WITH_WAIT = 'job-with-wait',
  /**
   * An init container in every pod runs the migrations, and the command itself serialises them with a database
   * lock (for example Alembic under `pg_advisory_lock`). You assert the lock; the library cannot see it.
   */
  LOCKED_INIT_CONTAINER = 'locked-init-container',
  /**
   * An init container in every pod, with no lock. Only safe when at most one pod runs, so it is refused otherwise.
   * The default when the Deployment runs a single pod.
   */
  INIT_CONTAINER = 'init-container',
}

/** The kubectl image repository the JOB_WITH_WAIT init container runs (its entrypoint is `kubectl`). */
export const KUBECTL_IMAGE_REPOSITORY = 'registry.k8s.io/kubectl';

/** A destination the API's pods may open connections to. NetworkPolicy matches addresses, not host names. */
export interface EgressDestination {
  /** An IPv4 or IPv6 CIDR, e.g. `10.20.0.5/32` for a Cloud SQL private IP. */
  readonly cidr: string;
  /** TCP ports on that destination, e.g. `[5432]`. */
  readonly ports: number[];
}

/** Pods in the cluster that may call the API. */
export interface InClusterCaller {
  /** Their namespace. */
  readonly namespace: string;
  /**
   * Only the pods with these labels.
   * @default - every pod of the namespace
   */
  readonly podLabels?: Record<string, string>;
}

/** How the server process starts (seed 000: "run on startup"; seed 003: stay in the foreground). */
export interface ServerProps {
  /**
   * The ASGI app: `module:attribute` for uvicorn (e.g. `service.main:app`), a file path for `fastapi run`.
   * @default 'main:app'
   */
  readonly app?: string;
  /**
   * The program that serves the app.
   * @default ServerRunner.UVICORN
   */
  readonly runner?: ServerRunner;
  /**
   * Worker processes per container. Kubernetes replicates pods, so one process per container is the rule
   * (FastAPI's docs); more workers need `memoryPerWorker`, because each holds its own copy of the app in memory.
   * @default 1
   */
  readonly workers?: number;
  /**
   * The memory one worker needs (e.g. `1Gi` when it loads a 1 GB model). Required when `workers` > 1;
   * `workers` × this must fit in the memory limit.
   * @default - none
   */
  readonly memoryPerWorker?: string;
  /**
   * Trust `X-Forwarded-For`/`-Proto` from the TLS-terminating proxy, so that redirects and URLs say `https`.
   * @default - true when `tls` puts an Ingress in front of the API, false otherwise
   */
  readonly proxyHeaders?: boolean;
  /**
   * The proxies trusted for those headers (uvicorn `--forwarded-allow-ips`): addresses or, from uvicorn 0.31, CIDRs.
   * Never `*`, with which uvicorn (0.14 and later) takes the leftmost `X-Forwarded-For` entry, which the client
   * writes itself. Behind Google's load balancers the default trusts their front ends' ranges; `request.client` is
   * then the load balancer's address (the last entry that is not trusted), unless you add the reserved static IP's
   * address here too. uvicorn before 0.31 reads CIDRs as plain strings and trusts none of them: the headers are
   * ignored, and `request.client` is the front end's address.
   * @default - GOOGLE_LOAD_BALANCER_RANGES behind GKE Ingress or a Gateway; required with TlsMode.CERT_MANAGER (the
   *   addresses of your ingress controller's pods)
   */
  readonly forwardedAllowIps?: string;
  /**
   * uvicorn `--timeout-keep-alive`: how long the server keeps an idle connection. Behind Google's load balancers it
   * must be longer than theirs (600 s), or connections they reuse are closed under them: sporadic 502s.
   * @default - 620 with `tls` (BACKEND_KEEP_ALIVE_SECONDS); uvicorn's own 5 s otherwise
   */
  readonly keepAliveSeconds?: number;
  /**
   * Pass uvicorn `--timeout-graceful-shutdown` (the shutdown's `drainSeconds`), so that the server stops waiting for
   * slow requests before the grace period runs out. uvicorn 0.22 and later; turn it off for older images, where the
   * unknown option would stop the server from starting.
   * @default true (uvicorn); fastapi run has no such option
   */
  readonly timeoutGracefulShutdown?: boolean;
  /**
   * Arguments appended to the generated command.
   * @default []
   */
  readonly extraArgs?: string[];
  /**
   * A raw command that replaces the generated one. It is read for a server started in the background (`&`,
   * `nohup`), which would end in CrashLoopBackOff, and refused if it does that. Prefer exec form.
   * @default - the generated exec-form command
   */
  readonly command?: string[];
}

/** The HorizontalPodAutoscaler (`autoscaling/v2`). */
export interface AutoscalingProps {
  /**
   * The fewest pods. Two keep the API up while a node drains or a pod restarts.
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * The most pods. The node pool must be able to hold this many (see capacity planning).
   * @default 10
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU utilization to keep, as a percentage of the CPU request.
   * @default 50
   */
  readonly targetCpuUtilization?: number;
  /**
   * How long load must stay low before pods are removed; damps flapping.
   * @default 300
   */
  readonly scaleDownStabilizationSeconds?: number;
}

/** HTTP health endpoints (seed 000: "restarts"). Liveness must not depend on the database; readiness may. */
export interface HealthChecksProps {
  /**
   * Readiness: the pod receives traffic only while this answers 2xx/3xx.
   * @default '/readyz'
   */
  readonly readinessPath?: string;
  /**
   * Liveness: the container is restarted when this stops answering. Keep it free of dependencies. When it is the
   * readiness path (an API with a single health endpoint), the liveness probe checks the TCP port instead: a probe
   * identical to readiness restarts pods whenever a dependency is slow, and kube-score's `pod-probes-identical`
   * refuses it.
   * @default '/livez'
   */
  readonly livenessPath?: string;
  /**
   * Startup: liveness and readiness wait until this answers once.
   * @default - the liveness path
   */
  readonly startupPath?: string;
  /**
   * How long the app may take to start before it is restarted.
   * @default 60
   */
  readonly startupTimeoutSeconds?: number;
}

/** How the container pauses before SIGTERM while the load balancer forgets it. */
export enum PreStopAction {
  /**
   * Kubernetes' own `preStop.sleep` (PodLifecycleSleepAction: beta and on by default since 1.30, GA in 1.34): no
   * program in the image needed, so distroless images work.
   */
  SLEEP = 'sleep',
  /** `exec` of the image's `sleep` program: for clusters older than 1.30; the image must have `sleep`. */
  EXEC_SLEEP = 'exec-sleep',
}

/** Graceful shutdown: the load balancer must stop sending before the server stops accepting. */
export interface ShutdownProps {
  /**
   * How the preStop pause is made.
   * @default PreStopAction.SLEEP
   */
  readonly preStopAction?: PreStopAction;
  /**
   * The preStop pause, during which endpoints are removed from the load balancer while the server still serves.
   * @default 10
   */
  readonly preStopSeconds?: number;
  /**
   * Time for in-flight requests to finish after SIGTERM (uvicorn's `--timeout-graceful-shutdown`).
   * @default - 20, or the load balancer's backend timeout when it is longer (GKE Ingress and Gateway: 30), so that a
   *   request the load balancer still waits for is never cut by a rollout
   */
  readonly drainSeconds?: number;
  /**
   * The pod's grace period before SIGKILL. It must cover the preStop pause and the drain.
   * @default - preStopSeconds + drainSeconds + 5
   */
  readonly terminationGracePeriodSeconds?: number;
}

/** How secrets from Google Secret Manager reach the pods. The manifests never hold a value. */
export enum SecretDelivery {
  /**
   * GKE's Secret Manager add-on (Secrets Store CSI driver): a `SecretProviderClass`, and the secrets mounted as
   * files under `/var/secrets/`, each named by an environment variable `<NAME>_FILE`. The pods read them with their
   * own Google service account (Workload Identity).
   */
  SECRET_MANAGER_CSI = 'secret-manager-csi',
  /**
   * External Secrets Operator: an `ExternalSecret` that copies them into a Kubernetes Secret through an existing
   * (Cluster)SecretStore, delivered as environment variables `<NAME>`.
   */
  EXTERNAL_SECRETS = 'external-secrets',
}

/** One Secret Manager secret, by reference. */
export interface SecretManagerRef {
  /** The environment variable the API reads it through (with `_FILE` appended for CSI delivery). */
  readonly env: string;
  /** The Secret Manager secret's id (not its value), e.g. `orders-db-password`. */
  readonly secret: string;
  /**
   * The version.
   * @default 'latest'
   */
  readonly version?: string;
}

/** Secrets from Google Secret Manager. */
export interface SecretsProps {
  /**
   * How they reach the pods.
   * @default SecretDelivery.SECRET_MANAGER_CSI
   */
  readonly delivery?: SecretDelivery;
  /** The secrets. */
  readonly refs: SecretManagerRef[];
  /**
   * EXTERNAL_SECRETS: the (Cluster)SecretStore to read through.
   * @default - none: required for EXTERNAL_SECRETS
   */
  readonly store?: string;
  /**
   * EXTERNAL_SECRETS: `ClusterSecretStore` or `SecretStore`.
   * @default 'ClusterSecretStore'
   */
  readonly storeKind?: string;
}

/** The Cloud SQL Auth Proxy, as a native sidecar of the API's pods and of its migration Job. */
export interface CloudSqlProxyProps {
  /** The instance's connection name, `project:region:instance`. */
  readonly instanceConnectionName: string;
  /**
   * The local port the API connects to (127.0.0.1).
   * @default 5432
   */
  readonly port?: number;
  /**
   * Connect over the instance's private IP (the VPC must reach it).
   * @default false
   */
  readonly privateIp?: boolean;
  /**
   * Log in with the service account's IAM identity instead of a database password.
   * @default false
   */
  readonly autoIamAuthn?: boolean;
  /**
   * The proxy's image.
   * @default CLOUD_SQL_PROXY_IMAGE
   */
  readonly image?: string;
  /**
   * Where the instance is, for egress (TCP 3307); a public IP instance needs its address.
   * @default '0.0.0.0/0'
   */
  readonly instanceCidr?: string;
  /**
   * The sidecar's requests and limits. Its memory grows with the open connections, its CPU with the traffic; Google's
   * example starts at 1 CPU and 2Gi and says to tune them down.
   * @default - 100m CPU (limit 1), 256Mi memory (limit 256Mi), 64Mi/256Mi ephemeral storage
   */
  readonly resources?: ContainerResourcesProps;
}

/** The Cloud SQL Auth Proxy v2 image. */
/**
 * The Cloud SQL Auth Proxy v2 image: the release current when this library was last updated (the proxy's README and
 * examples/k8s-sidecar name it); pin it, and update it as Google advises.
 */
export const CLOUD_SQL_PROXY_IMAGE = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.25.3';

/** A step before start that is safe to run in every pod (seed 000: "previous steps"). */
export interface PreStartStepProps {
  /** The init container's name. */
  readonly name: string;
  /** The command, in exec form. */
  readonly command: string[];
  /**
   * @default - the API's image
   */
  readonly image?: string;
  /**
   * @default - the API container's resources, so the step never raises the pod's effective request
   */
  readonly resources?: ContainerResourcesProps;
}

/** Database migrations: steps that must run once, never in N racing pods (seed 000). */
export interface MigrationsProps {
  /** The migration command, in exec form, e.g. `['alembic', 'upgrade', 'head']`. It should be idempotent. */
  readonly command: string[];
  /**
   * How the migrations are made to run once.
   * @default - MigrationStrategy.JOB when the Deployment can run more than one pod, else INIT_CONTAINER
   */
  readonly strategy?: MigrationStrategy;
  /**
   * @default - the API's image
   */
  readonly image?: string;
  /**
   * How long migrations may take: the Job's `activeDeadlineSeconds`, and how long `cdk-fastapi-gke deploy` (or the
   * pods, with JOB_WITH_WAIT) wait for it.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * JOB_WITH_WAIT: the Kubernetes version of the cluster (`1.35`, or `1.35.2`), whose kubectl image the waiting init
   * container runs (`registry.k8s.io/kubectl:v1.35.0`): kubectl supports one minor version of skew with the API
   * server. Keep it in step with the cluster's upgrades.
   * @default - none with `WebApi`: required for JOB_WITH_WAIT unless `waitImage` is set; in a `PlatformSpec`, the
   *   environment's `cluster.minMasterVersion`
   */
  readonly kubectlVersion?: string;
  /**
   * JOB_WITH_WAIT: the image of the init container that waits for the Job, instead of the one `kubectlVersion`
   * names; its entrypoint must be `kubectl`, and it must be pinned (a tag other than latest, or a digest).
   * @default - `registry.k8s.io/kubectl` at `kubectlVersion`
   */
  readonly waitImage?: string;
}

/** A key of a Kubernetes Secret, delivered as an environment variable. */
export interface SecretKeyRef {
  /** The Secret's name. */
  readonly secretName: string;
  /** The key within it. */
  readonly key: string;
}

/** A Role rule for an API that calls the Kubernetes API (seed 002's XaaS case). */
export interface KubernetesApiRule {
  /** API groups, `''` for the core group. No wildcard. */
  readonly apiGroups: string[];
  /** Resource types, e.g. `['pipelineruns']`. No wildcard. */
  readonly resources: string[];
  /** Verbs, e.g. `['get', 'list', 'watch']`. No wildcard. */
  readonly verbs: string[];
  /**
   * Restrict to these object names.
   * @default - all objects of those types in the namespace
   */
  readonly resourceNames?: string[];
}

/** A web API, as data: what `WebApi` takes (its props), and what a platform description lists. */
export interface WebApiSpec {
  /** The container image, with a tag or digest (not `latest`): `4oh4/kubernetes-fastapi:1.0.0`. */
  readonly image: string;
  /**
   * The name of the Deployment and the stem of every other object's name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The namespace every object goes in.
   * @default - the name
   */
  readonly namespace?: string;
  /**
   * Create the namespace, labelled to enforce Pod Security "restricted". Turn off when several APIs share one.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The container port the server listens on.
   * @default 8000
   */
  readonly port?: number;
  /**
   * The server command.
   * @default - `uvicorn main:app --host 0.0.0.0 --port <port>` (plus proxy headers behind an Ingress)
   */
  readonly server?: ServerProps;
  /**
   * Requests and limits of the API container (init containers inherit them unless given their own).
   * @default - see ContainerResourcesProps
   */
  readonly resources?: ContainerResourcesProps;
  /**
   * A fixed number of pods, with no autoscaler. Cannot be set beside `autoscaling`.
   * @default - none: the HPA decides
   */
  readonly replicas?: number;
  /**
   * The HorizontalPodAutoscaler.
   * @default - 2 to 10 pods at 50% CPU, unless `replicas` is set
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * Health endpoints for the probes.
   * @default - see HealthChecksProps
   */
  readonly health?: HealthChecksProps;
  /**
   * Graceful shutdown timing.
   * @default - see ShutdownProps
   */
  readonly shutdown?: ShutdownProps;
  /**
   * Path prefixes the API answers with 2xx besides its probe paths (e.g. `['/api/v1']`). The load balancer's health
   * check must hit a probe path or one of these.
   * @default []
   */
  readonly servedPaths?: string[];
  /**
   * Secrets from Google Secret Manager, by reference.
   * @default - none
   */
  readonly secrets?: SecretsProps;
  /**
   * The Cloud SQL Auth Proxy as a native sidecar (in the pods and in the migration Job). The Terraform side grants
   * the API's Google service account `roles/cloudsql.client`.
   * @default - none
   */
  readonly cloudSql?: CloudSqlProxyProps;
  /**
   * Plain environment variables. Names that look like credentials (PASSWORD, TOKEN, SECRET...) are refused here:
   * use `secretEnv`.
   * @default {}
   */
  readonly env?: Record<string, string>;
  /**
   * Environment variables read from Secrets.
   * @default {}
   */
  readonly secretEnv?: Record<string, SecretKeyRef>;
  /**
   * Steps before start that are safe in every pod, as init containers, in order.
   * @default []
   */
  readonly preStartSteps?: PreStartStepProps[];
  /**
   * Database migrations, run once per release.
   * @default - none
   */
  readonly migrations?: MigrationsProps;
  /**
   * Serve the API on a public host over HTTPS through an Ingress.
   * @default - no Ingress: the Service is reachable inside the cluster only
   */
  readonly tls?: TlsOptions;
  /**
   * Destinations the pods may connect to, beyond DNS (databases, other APIs).
   * @default []
   */
  readonly egress?: EgressDestination[];
  /**
   * In-cluster callers allowed to reach the serving port, besides the load balancer.
   * @default - with `tls`: none (only the load balancer's front ends, or the pods of the ingress controller's
   *   namespace in cert-manager mode); without `tls`: every pod of the cluster
   */
  readonly allowFrom?: InClusterCaller[];
  /**
   * Let the pods call Google APIs (googleapis.com) on 443, at `googleApisCidr`: what the roles you grant the Google
   * service account are for.
   * @default - true when `googleServiceAccount` is set
   */
  readonly googleApisEgress?: boolean;
  /**
   * Kubernetes API permissions for an API that manages Kubernetes objects: a Role, and a token projected into the
   * API container only (at the standard path, so in-cluster clients find it).
   * @default - no access, and no token mounted
   */
  readonly kubernetesApi?: KubernetesApiRule[];
  /**
   * The Kubernetes API server's address range, for egress when the pods need the API (`kubernetesApi`, or waiting for
   * the migration Job with MigrationStrategy.JOB_WITH_WAIT). On a private GKE cluster this is the control plane's
   * private endpoint: the peering range (`masterIpv4CidrBlock`), or the endpoint's own address (`/32`) on a cluster
   * whose control plane is reached through Private Service Connect. NetworkPolicy matches it after the `kubernetes`
   * Service's address is translated, so the Service's address would not do.
   * @default '172.16.0.0/28'
   */
  readonly kubernetesApiCidr?: string;
  /**
   * Where Google APIs (googleapis.com) are, for egress from pods that call them (the Cloud SQL Auth Proxy). Narrow it
   * to private.googleapis.com's 199.36.153.8/30 when the VPC resolves googleapis.com there.
   * @default '0.0.0.0/0'
   */
  readonly googleApisCidr?: string;
  /**
   * The Google service account the pods act as through Workload Identity (no key files).
   * @default - none
   */
  readonly googleServiceAccount?: string;
  /**
   * An existing PriorityClass to run under.
   * @default - a PriorityClass with value 100000 is created, named `<namespace>-<name>` (or `<name>` when the two
   *   are the same)
   */
  readonly priorityClassName?: string;
  /**
   * The user every container of the API runs as (the image's files must be readable by it). 10000 or above, so that
   * it maps to no user of the node (kube-score's container-security-context-user-group-id).
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * The group every container runs as, and owns the mounted volumes (`fsGroup`).
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * The `app.kubernetes.io/part-of` label.
   * @default - the name
   */
  readonly partOf?: string;
  /**
   * The Service's name.
   * @default - `<name>-svc`
   */
  readonly serviceName?: string;
  /**
   * The HorizontalPodAutoscaler's name.
   * @default - `<name>-hpa`
   */
  readonly hpaName?: string;
}

