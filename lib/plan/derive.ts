/**
 * Every value that crosses between the Kubernetes side and the Terraform side is derived here, once: the static IP
 * name, the Google service account, the Workload Identity member, the registry path, the host, the control plane
 * range. `PlatformChart` and `PlatformStack` both call these functions and never type a name themselves.
 */
import { DNS_LABEL, PUBLIC_HOST, PropChecker } from './errors';
import { regionOf } from './locations';
import { ApiOverride, ApiSpec, EnvironmentSpec, PlatformSpec, RegistryImage } from './platform';
import { resolveMigrationStrategy, resolveScaling } from './web-api-shape';
import { MigrationStrategy, TlsMode, WebApiSpec } from './web-api-spec';

/** GKE's default private control plane range, as `GkeCluster` uses it. */
export const DEFAULT_MASTER_CIDR = '172.16.0.0/28';
/** The Artifact Registry repository of an environment, unless it names another. */
export const DEFAULT_REGISTRY_REPOSITORY = 'apps';

const SERVICE_ACCOUNT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

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
  /** The Certificate Manager certificate map (Gateway): the Gateway's annotation, and Terraform's map. */
  readonly certificateMapName?: string;
  /** The Google service account's id and e-mail, with Workload Identity. */
  readonly googleServiceAccountId?: string;
  readonly googleServiceAccountEmail?: string;
  /** `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]`: the member of its workloadIdentityUser binding. */
  readonly workloadIdentityMember?: string;
}

/** One API bound to one environment. */
export interface BoundApi {
  readonly name: string;
  /** The `WebApi` props: the API's spec, the environment's overrides, and the crossing names. */
  readonly props: WebApiSpec & { readonly name: string };
  readonly names: CrossingNames;
}

/** An environment with its APIs bound, and what its cluster side needs. */
export interface ResolvedEnvironment {
  readonly spec: EnvironmentSpec;
  readonly region: string;
  /** 1 for a zonal cluster, 3 for a regional one. */
  readonly zones: number;
  /** `<region>-docker.pkg.dev/<project>/<repository>`. */
  readonly registryUrl: string;
  readonly registryRepository: string;
  /** The control plane's range, where the pods that call the Kubernetes API connect. */
  readonly masterIpv4CidrBlock: string;
  readonly apis: BoundApi[];
}

/** Where an environment's images live: `<region>-docker.pkg.dev/<project>/<repository>`. */
export function registryUrl(env: EnvironmentSpec): string {
  return `${regionOf(env.location)}-docker.pkg.dev/${env.projectId}/${env.registryRepository ?? DEFAULT_REGISTRY_REPOSITORY}`;
}

/** The image reference an API runs in an environment. */
export function imageOf(env: EnvironmentSpec, image: string | RegistryImage): string {
  return typeof image === 'string' ? image : `${registryUrl(env)}/${image.name}:${image.tag}`;
}

/** The public host of an API in an environment, or `undefined` when it has no TLS Ingress. */
export function hostOf(env: EnvironmentSpec, api: ApiSpec): string | undefined {
  if (!api.tls) return undefined;
  return api.tls.host ?? (env.domain === undefined ? undefined : `${api.tls.hostLabel ?? api.name}.${env.domain}`);
}

/** The reserved global address's name: unique per API and environment, as one project may hold both. */
export function staticIpName(env: EnvironmentSpec, api: ApiSpec): string {
  return `${api.name}-${env.name}-ip`;
}

/** The Certificate Manager certificate map of an API served through a Gateway. */
export function certificateMapName(env: EnvironmentSpec, api: ApiSpec): string {
  return `${api.name}-${env.name}-certmap`;
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

/**
 * Validates the description and binds every API to one environment.
 * Throws a ConfigError for an environment or API named twice, an override of an unknown API, two APIs (in any
 * environments) on the same host, a host that cannot be derived, or a derived name the cloud would refuse.
 */
export function resolveEnvironment(platform: PlatformSpec, environment: string): ResolvedEnvironment {
  const c: PropChecker = new PropChecker('Platform', environment);
  checkPlatform(platform);
  const envIndex = platform.environments.findIndex((e) => e.name === environment);
  if (envIndex < 0) {
    c.fail('environment', environment, `is not an environment of the description (known: ${platform.environments.map((e) => e.name).join(', ')})`);
  }
  const env = platform.environments[envIndex];
  const region = regionOf(env.location);
  if (region === undefined) c.fail(`environments[${envIndex}].location`, env.location, 'must be a region (europe-west2) or a zone (europe-west2-a)');
  const masterIpv4CidrBlock = env.cluster.masterIpv4CidrBlock ?? DEFAULT_MASTER_CIDR;
  const apis = platform.apis.map((api) => bindApi(c, env, envIndex, mergeOverride(api, env.apis?.[api.name]), masterIpv4CidrBlock));
  return {
    spec: env,
    region,
    zones: env.location === region ? 3 : 1,
    registryUrl: registryUrl(env),
    registryRepository: env.registryRepository ?? DEFAULT_REGISTRY_REPOSITORY,
    masterIpv4CidrBlock,
    apis,
  };
}

/** Checks what spans the whole description: unique names, unique hosts, overrides of known APIs. */
export function checkPlatform(platform: PlatformSpec): void {
  const c = new PropChecker('Platform', 'description');
  if (platform.environments.length === 0) c.fail('environments', [], 'must list at least one environment');
  const envNames = new Set<string>();
  platform.environments.forEach((env, i) => {
    c.matches(`environments[${i}].name`, env.name, DNS_LABEL, 'a DNS label (lower-case letters, digits, hyphens)');
    if (envNames.has(env.name)) c.fail(`environments[${i}].name`, env.name, 'names an environment twice: each environment needs its own name');
    envNames.add(env.name);
    for (const name of Object.keys(env.apis ?? {})) {
      if (!platform.apis.some((a) => a.name === name)) c.fail(`environments[${i}].apis.${name}`, name, `overrides an API the description does not list (known: ${platform.apis.map((a) => a.name).join(', ')})`);
    }
  });
  const apiNames = new Set<string>();
  platform.apis.forEach((api, i) => {
    if (apiNames.has(api.name)) c.fail(`apis[${i}].name`, api.name, 'names an API twice');
    apiNames.add(api.name);
  });
  const hosts = new Map<string, string>();
  for (const env of platform.environments) {
    for (const api of platform.apis) {
      const host = hostOf(env, api);
      if (host === undefined) continue;
      const where = `${api.name} in ${env.name}`;
      const other = hosts.get(host);
      if (other !== undefined) c.fail(`apis.${api.name}.tls`, host, `is the host of both ${other} and ${where}: each API needs its own host in each environment`);
      hosts.set(host, where);
    }
  }
}

function bindApi(c: PropChecker, env: EnvironmentSpec, envIndex: number, api: ApiSpec, masterCidr: string): BoundApi {
  const { image, tls, workloadIdentity, ...rest } = api;
  const namespace = api.namespace ?? api.name;
  const names: Record<string, string | undefined> = { namespace, kubernetesServiceAccount: api.name, image: imageOf(env, image) };
  let boundTls: WebApiSpec['tls'];
  if (tls) {
    const host = hostOf(env, api);
    if (host === undefined) {
      c.fail(`environments[${envIndex}].domain`, undefined, `is needed to derive the host of ${api.name} (or give apis.${api.name}.tls.host)`);
    }
    c.matches(`apis.${api.name}.tls host`, host, PUBLIC_HOST, 'a fully qualified lower-case DNS name');
    names.host = host;
    const { hostLabel: _hostLabel, host: _host, ...tlsRest } = tls;
    // The Google load balancers (GKE Ingress, Gateway) need a reserved global address; a Gateway, a certificate map.
    const mode = tls.mode ?? TlsMode.GKE_MANAGED;
    if (mode !== TlsMode.CERT_MANAGER) names.staticIpName = staticIpName(env, api);
    if (mode === TlsMode.GATEWAY) names.certificateMapName = certificateMapName(env, api);
    boundTls = {
      ...tlsRest, host,
      ...(names.staticIpName ? { staticIpName: names.staticIpName } : {}),
      ...(names.certificateMapName ? { certificateMapName: names.certificateMapName } : {}),
    };
  }
  if (workloadIdentity ?? true) {
    const id = googleServiceAccountId(env, api);
    c.matches(`apis.${api.name} service account id`, id, SERVICE_ACCOUNT_ID,
      'a service account id of 6 to 30 characters (derived as <api>-<environment>): shorten the API or environment name');
    names.googleServiceAccountId = id;
    names.googleServiceAccountEmail = serviceAccountEmail(id, env.projectId);
    names.workloadIdentityMember = workloadIdentityMember(env.projectId, namespace, api.name);
  }
  // Only pods that call the Kubernetes API get egress to the control plane.
  const scaling = resolveScaling(new PropChecker('WebApi', api.name), api);
  const callsApi = (api.kubernetesApi ?? []).length > 0 || resolveMigrationStrategy(api, scaling.maxReplicas) === MigrationStrategy.JOB;
  const props: WebApiSpec & { name: string } = {
    ...rest,
    name: api.name,
    image: names.image!,
    tls: boundTls,
    googleServiceAccount: names.googleServiceAccountEmail,
    kubernetesApiCidr: callsApi ? masterCidr : undefined,
  };
  return { name: api.name, props, names: names as unknown as CrossingNames };
}

/** Applies an environment's override: objects merge one level deep; `replicas` and `autoscaling` replace each other. */
function mergeOverride(api: ApiSpec, override: ApiOverride | undefined): ApiSpec {
  if (!override) return api;
  const merged: Record<string, unknown> = { ...api };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
  if (override.replicas !== undefined && override.autoscaling === undefined) delete merged.autoscaling;
  if (override.autoscaling !== undefined && override.replicas === undefined) delete merged.replicas;
  return merged as unknown as ApiSpec;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
