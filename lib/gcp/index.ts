/** The Terraform side: cdktf constructs for the GKE platform, and the stack that renders a platform description. */
export { DEFAULT_PRIVATE_SERVICES_CIDR, PlatformStack, type PlatformStackProps } from './platform-stack';
export {
  GkePlatformStack, type GkePlatformStackProps, platformApis, type RegistryOptions, type SecretManagerOptions, type WorkloadIdentityOptions,
} from './gke-platform-stack';
export { GOOGLE_API, type GoogleApi, ProjectServices, type ProjectServicesProps } from './project-services';
export { SecretManagerSecrets, type SecretManagerSecretsProps } from './secret-manager-secrets';
export { GkeCluster, type GkeClusterProps, type NodePoolOptions, type NodePoolSettings, type PodRequest } from './gke-cluster';
export { AutopilotCluster, type AutopilotClusterProps } from './autopilot-cluster';
export {
  type AuthorizedNetwork, type ClusterCommonProps, type ClusterSettings, type MaintenanceWindow, type ReleaseChannel, WEEKEND_MAINTENANCE_WINDOW,
} from './cluster-common';
export { GkeNetwork, type GkeNetworkProps } from './network';
export { ArtifactRegistry, type ArtifactRegistryProps } from './artifact-registry';
export { IngressAddress, type IngressAddressProps, type IngressDnsRecord } from './ingress-address';
export { CertificateMap, type CertificateMapProps } from './certificate-map';
export { WorkloadIdentity, type WorkloadIdentityProps } from './workload-identity';
export { NODE_ROLES, NodeServiceAccount, type NodeServiceAccountProps } from './node-service-account';
