/**
 * The plan: the description of web APIs and platforms as plain data, the resolver that turns it into one validated
 * model per API and environment, the names that cross between the Kubernetes and the Terraform side, and capacity
 * planning. No cdk8s, no cdktf, no I/O.
 */
// The description.
export {
  type AutoscalingProps, CERTIFICATE_OF_MODE, CLOUD_SQL_PROXY_IMAGE, type CloudSqlProxyProps, type EgressDestination, GKE_GATEWAY_CLASS,
  type HealthChecksProps, KUBECTL_IMAGE_REPOSITORY, type KubernetesApiRule, LETS_ENCRYPT_PRODUCTION, MigrationStrategy, type MigrationsProps, type PreStartStepProps, SecretDelivery,
  type SecretKeyRef, type SecretManagerRef, type SecretsProps, type ServerProps, type ShutdownProps, TlsCertificate, TlsMode, type TlsOptions, type WebApiSpec,
} from './web-api-spec';
export {
  type ApiOverride, type ApiSpec, type ApiTlsSpec, type ClusterSpec, type EnvironmentSpec, type NetworkBlock, type PlatformSpec, type RegistryImage, type SecretManagerSpec,
} from './platform';
export { type ContainerResourcesProps, DEFAULT_RESOURCES, type QuantityPair, type ResourceValues, resolveResources, renderResources } from './resources';
export { ServerRunner, buildServerCommand, findBackgroundedServer, isNonExecShellForm, shellScript, workerCount } from './server-command';
export type { CommandProblem, ServerCommandOptions } from './server-command';
// The resolved plan.
export {
  CLOUD_SQL_PROXY_HEALTH_PORT, CLOUD_SQL_SERVER_PORT, SECRETS_MOUNT_PATH, SERVICE_PORT, TMP_SIZE_LIMIT, resolveWebApi,
} from './web-api-model';
export { DEFAULT_RUN_AS_ID } from './web-api-model';
export type {
  CloudSqlModel, EnvVarModel, IngressSources, RunAs, InitContainerModel, MigrationsModel, ResolveOptions, SecretsModel, StepModel, WebApiModel,
} from './web-api-model';
export { resolveTls } from './tls';
export type { ResolvedCertManagerTls, ResolvedGatewayTls, ResolvedGkeManagedTls, ResolvedTls } from './tls';
export { type ResolvedAutoscaling, type Scaling } from './web-api-shape';
export {
  MIGRATION_BACKOFF_LIMIT, MIGRATION_JOB_TEMPLATE_REVISION, MIGRATION_TTL_SECONDS, canonicalJson, kubectlImage, kubernetesMinorOf, migrationJobName,
} from './migrations';
export { DEFAULT_MACHINE_TYPE, DEFAULT_MAX_NODES, DEFAULT_MIN_NODES, mergeOverride, resolveEnvironment } from './environment';
export type { BoundApi, ClusterObjectsModel, ResolvedEnvironment } from './environment';
// The names that cross between the two sides.
export {
  type CrossingNames, DEFAULT_MASTER_CIDR, DEFAULT_REGISTRY_REPOSITORY, artifactRegistryHost, artifactRegistryUrl, certificateMapName,
  defaultCertificateMapName, defaultStaticIpName, googleServiceAccountId, hostOf, imageOf, kubernetesServiceAccountOf, apiNamespace,
  projectOfServiceAccount, registryUrl,
  secretVersionResourceName, serviceAccountEmail, sslPolicyName, defaultSslPolicyName, staticIpName, workloadIdentityMember, workloadPool,
} from './derive';
export { BACKEND_KEEP_ALIVE_SECONDS, GOOGLE_LOAD_BALANCER_RANGES, LOAD_BALANCER_BACKEND_IDLE_SECONDS } from './load-balancers';
export { GKE_NAME, GKE_VERSION, LABEL_KEY, LABEL_VALUE, type NameRule, PROJECT_ID, RFC1035_NAME, SECURITY_GROUP, SERVICE_ACCOUNT_ID } from './names';
export { GCP_REGIONS, type GcpLocation, parseLocation, regionOf } from './locations';
export { type IpFamily, type IpRange, type Ipv4Range, formatIpv4, isWholeInternet, overlaps, parseCidr, parseIpv4Cidr } from './cidr';
// Capacity planning.
export {
  type ApiCapacity, type CapacityApi, type CapacityInput, type CapacityNodePool, type CapacityReport, type CountedCapacity, type CpuAndMemory, type EffectivePodRequest,
  type PodContainers, type PoolCapacity, UTILISATION_BAND, type Utilisation, planCapacity, podRequest,
} from './capacity';
export { formatCapacityTable } from './capacity-table';
export { type DiagramApi, type DiagramInput, mermaidDiagram } from './capacity-diagram';
export { capacityInput, checkEnvironmentCapacity, environmentCapacity, environmentDiagram } from './environment-plan';
export {
  type Allocatable, GKE_SYSTEM_DAEMONSETS, GKE_SYSTEM_PODS_PER_NODE, MACHINE_TYPES, type MachineShape, type NodeCapacityBreakdown, type SystemDaemonSet,
  allocatable, machineShape, nodeCapacity, nodeCapacityBreakdown, resolveMachine,
} from './machine-types';
export { describeBytes, describeCpu, formatBytes, formatCpu, parseBytes, parseCpu } from './quantity';
// Errors, and what the checks read.
export {
  ConfigError, DNS_LABEL, DNS_SUBDOMAIN, ENV_VAR_NAME, GCP_RESOURCE_NAME, PUBLIC_HOST, PropChecker, describeValue, isConfigError,
} from './errors';
export {
  CLUSTER_STAGE, DEPLOY_STAGE_ANNOTATION, MEMORY_PER_WORKER_ANNOTATION, MIGRATIONS_ANNOTATION, MIGRATION_STAGE, MIN_SUPPRESSION_REASON, SUPPRESS_ANNOTATION_PREFIX,
} from './annotations';
export { imageReferenceProblem, literalSecretProblem, parseImageReference, unpinnedImageProblem } from './literals';
