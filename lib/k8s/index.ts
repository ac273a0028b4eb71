/** The Kubernetes side: cdk8s constructs that render the resolved plan. */
export { WebApi, type WebApiProps } from './web-api';
export { PlatformChart, type PlatformChartProps } from './platform-chart';
export { TlsIngress, type TlsIngressProps } from './tls-ingress';
export { type GatewayHealthCheck, GatewayRoute, type GatewayRouteProps } from './gateway-route';
export { ApiNetworkPolicy, type ApiNetworkPolicyProps } from './api-network-policy';
export { ApiSecrets, type ApiSecretsProps, GKE_SECRETS_CSI_DRIVER } from './api-secrets';
export { CLOUD_SQL_PROXY_CONTAINER, cloudSqlProxySidecar } from './cloud-sql-proxy';
export { KUBE_API_VOLUME, MigrationJob, type MigrationJobProps } from './migration-job';
export { RESTRICTED_CONTAINER, RESTRICTED_POD, RUN_AS_ID, restrictedContainer, restrictedPod } from './pod-defaults';
