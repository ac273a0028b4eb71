/**
 * Every value that crosses between the Kubernetes side and the Terraform side is derived here, once: the static IP
 * name, the certificate map, the Google service account, the Workload Identity member, the registry path, the host,
 * the secret resource names, the control plane range. `PlatformChart`, `PlatformStack` and the constructs under
 * them call these functions and never type a name themselves (test/plan/crossing-literals.test.ts keeps it so).
 */
import { regionOf } from './locations';
import type { ApiSpec, EnvironmentSpec, RegistryImage } from './platform';

/**
 * The default range of the control plane's endpoint subnet (`GkeCluster`'s `masterIpv4CidrBlock`): the control
 * plane's internal endpoint takes its address there, so NetworkPolicy egress to the Kubernetes API allows it.
 */
export const DEFAULT_MASTER_CIDR = '172.16.0.0/28';
/**
 * The cluster's Pod range (the subnet's secondary range that VPC-native GKE assigns Pod IPs from): where an in-cluster
 * ingress controller's pods connect from, which the API trusts for proxy headers in cert-manager mode.
 */
export const DEFAULT_PODS_CIDR = '10.4.0.0/14';
/** The Artifact Registry repository of an environment, unless it names another. */
export const DEFAULT_REGISTRY_REPOSITORY = 'apps';

/** A Google service account's e-mail, `<id>@<project>.iam.gserviceaccount.com` (project ids may hold `:` and `.`). @internal */
export const SERVICE_ACCOUNT_EMAIL = /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9.:]*\.iam\.gserviceaccount\.com$/;

/** The names one API has in one environment, on both sides. */
export interface CrossingNames {
  /** The Kubernetes namespace. */
  readonly namespace: string;
  /** The Kubernetes service account (named after the API). */
  readonly kubernetesServiceAccount: string;
  /** The image the pods run. */
  readonly image: string;
  /** The public host, when the API is served over HTTPS. */
  readonly host?: string;
  /** The global static IP's name (GKE Ingress and Gateway): the Ingress/Gateway names it, Terraform reserves it. */
  readonly staticIpName?: string;
  /** The SSL policy of the load balancer (GKE Ingress and Gateway), when the platform creates it. */
  readonly sslPolicyName?: string;
  /** The Certificate Manager certificate map (Gateway): the Gateway's annotation, and Terraform's map. */
  readonly certificateMapName?: string;
  /** The Google service account's id and e-mail, with Workload Identity. */
  readonly googleServiceAccountId?: string;
  readonly googleServiceAccountEmail?: string;
  /** `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]`: the member of its workloadIdentityUser binding. */
  readonly workloadIdentityMember?: string;
}

/** The host of Artifact Registry's Docker repositories in a location, as `gcloud auth configure-docker` takes it. */
export function artifactRegistryHost(location: string): string {
  return `${location}-docker.pkg.dev`;
}

/** An Artifact Registry Docker repository's URL: `<location>-docker.pkg.dev/<project>/<repository>`. */
export function artifactRegistryUrl(location: string, projectId: string, repositoryId: string): string {
  return `${artifactRegistryHost(location)}/${projectId}/${repositoryId}`;
}

/** Where an environment's images live: `<region>-docker.pkg.dev/<project>/<repository>`. */
export function registryUrl(env: EnvironmentSpec): string {
  return artifactRegistryUrl(regionOf(env.location) ?? env.location, env.projectId, env.registryRepository ?? DEFAULT_REGISTRY_REPOSITORY);
}

/** The image reference an API runs in an environment. */
export function imageOf(env: EnvironmentSpec, image: string | RegistryImage): string {
  return typeof image === 'string' ? image : `${registryUrl(env)}/${image.name}:${image.tag}`;
}

/** The namespace of an API: its own, unless it names one. */
export function apiNamespace(api: { readonly name: string; readonly namespace?: string }): string {
  return api.namespace ?? api.name;
}

/** The Kubernetes service account an API's pods run as, which Workload Identity binds: named after the API. */
export function kubernetesServiceAccountOf(apiName: string): string {
  return apiName;
}

/** The public host of an API in an environment, or `undefined` when it has no TLS Ingress. */
export function hostOf(env: EnvironmentSpec, api: ApiSpec): string | undefined {
  if (!api.tls) return undefined;
  return api.tls.host ?? (env.domain === undefined ? undefined : `${api.tls.hostLabel ?? api.name}.${env.domain}`);
}

/** The reserved global address's name: unique per API and environment, as one project may hold both. */
export function staticIpName(env: EnvironmentSpec, api: ApiSpec): string {
  return defaultStaticIpName(`${api.name}-${env.name}`);
}

/** The Certificate Manager certificate map of an API served through a Gateway. */
export function certificateMapName(env: EnvironmentSpec, api: ApiSpec): string {
  return defaultCertificateMapName(`${api.name}-${env.name}`);
}

/** The SSL policy (MODERN, TLS 1.2 or later) of an API's load balancer in an environment. */
export function sslPolicyName(env: EnvironmentSpec, api: ApiSpec): string {
  return defaultSslPolicyName(`${api.name}-${env.name}`);
}

/** The SSL policy a standalone `WebApi` named `stem` names: `<stem>-ssl-policy`, which you create (see `SslPolicy`). */
export function defaultSslPolicyName(stem: string): string {
  return `${stem}-ssl-policy`;
}

/** The PriorityClass every API of a platform's environment runs under, created once by the platform owner. */
export const SERVING_PRIORITY_CLASS = 'web-api-serving';

/**
 * The ClusterIssuer of an environment for one ACME account and ingress class: `letsencrypt-<class>` for Let's
 * Encrypt production, with a short hash of the account and directory when they differ from the first one's.
 */
export function acmeIssuerName(ingressClassName: string, discriminator?: string): string {
  return `letsencrypt-${ingressClassName}${discriminator ? `-${discriminator}` : ''}`;
}

/** The static IP a standalone `WebApi` (or `TlsIngress`, `GatewayRoute`) named `stem` asks for: `<stem>-ip`. */
export function defaultStaticIpName(stem: string): string {
  return `${stem}-ip`;
}

/** The certificate map a standalone `WebApi` (or `GatewayRoute`) named `stem` names: `<stem>-certmap`. */
export function defaultCertificateMapName(stem: string): string {
  return `${stem}-certmap`;
}

/** A Secret Manager secret version's resource name, as the Secret Manager CSI add-on reads it. */
export function secretVersionResourceName(projectId: string, secret: string, version: string): string {
  return `projects/${projectId}/secrets/${secret}/versions/${version}`;
}

/** The project of a Google service account e-mail (`name@project.iam.gserviceaccount.com`). */
export function projectOfServiceAccount(email: string | undefined): string | undefined {
  return email === undefined ? undefined : /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1];
}

/** The id of the API's Google service account (6 to 30 characters). */
export function googleServiceAccountId(env: EnvironmentSpec, api: ApiSpec): string {
  return `${api.name}-${env.name}`;
}

/** A service account's e-mail. */
export function serviceAccountEmail(accountId: string, projectId: string): string {
  return `${accountId}@${projectId}.iam.gserviceaccount.com`;
}

/** The Workload Identity pool of a project. */
export function workloadPool(projectId: string): string {
  return `${projectId}.svc.id.goog`;
}

/** The IAM member that stands for a Kubernetes service account through Workload Identity. */
export function workloadIdentityMember(projectId: string, namespace: string, serviceAccount: string): string {
  return `serviceAccount:${workloadPool(projectId)}[${namespace}/${serviceAccount}]`;
}

