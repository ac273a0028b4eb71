/**
 * A platform description bound to one of its environments: every API with the environment's overrides merged in,
 * its crossing names derived (derive.ts), and resolved into its {@link WebApiModel}. `PlatformChart`,
 * `PlatformStack` and the capacity planner all start here, so they accept and refuse exactly the same descriptions.
 */
import {
  DEFAULT_MASTER_CIDR, DEFAULT_PODS_CIDR, SERVING_PRIORITY_CLASS, acmeIssuerName, DEFAULT_REGISTRY_REPOSITORY, SERVICE_ACCOUNT_EMAIL, certificateMapName, googleServiceAccountId, hostOf,
  imageOf, kubernetesServiceAccountOf, apiNamespace, registryUrl, sslPolicyName, serviceAccountEmail, staticIpName, workloadIdentityMember, CrossingNames,
} from './derive';
import { createHash } from 'crypto';
import { AUTHORIZED_NETWORKS_REQUIRED, restrictedCidrProblem } from './cidr';
import { DNS_LABEL, PUBLIC_HOST, PropChecker } from './errors';
import { GKE_NAME, GKE_VERSION, LABEL_KEY, LABEL_VALUE, NameRule, PROJECT_ID, RFC1035_NAME, SECURITY_GROUP, SERVICE_ACCOUNT_ID } from './names';
import { regionOf } from './locations';
import { kubernetesMinorOf } from './migrations';
import { ApiOverride, ApiSpec, EnvironmentSpec, PlatformSpec } from './platform';
import { WebApiModel, resolveWebApi } from './web-api-model';
import { LETS_ENCRYPT_PRODUCTION, MigrationStrategy, SecretDelivery, TlsMode, WebApiSpec } from './web-api-spec';
import { resolveMigrationStrategy, resolveScaling } from './web-api-shape';

/** One API bound to one environment. */
export interface BoundApi {
  readonly name: string;
  /** The `WebApi` props: the API's spec, the environment's overrides, and the crossing names. */
  readonly props: WebApiSpec & { readonly name: string };
  readonly names: CrossingNames;
  /** The resolved API, as `WebApi` renders it and the capacity planner counts it. */
  readonly model: WebApiModel;
}

/** An environment with its APIs bound, and what its cluster side needs. */
export interface ResolvedEnvironment {
  readonly spec: EnvironmentSpec;
  /** Where the environment stands in `environments`, for messages (`environments[1].cluster.maxNodes`). */
  readonly index: number;
  readonly region: string;
  /** 1 for a zonal cluster, 3 for a regional one. */
  readonly zones: number;
  /** `<region>-docker.pkg.dev/<project>/<repository>`. */
  readonly registryUrl: string;
  readonly registryRepository: string;
  /** The control plane endpoint's subnet range, where the pods that call the Kubernetes API connect. */
  readonly masterIpv4CidrBlock: string;
  readonly apis: BoundApi[];
  /** The cluster-scoped objects the environment's APIs share, which the platform owner applies. */
  readonly clusterObjects: ClusterObjectsModel;
}

/** An environment's cluster-scoped objects: created once, with cluster-admin, and named by its APIs. */
export interface ClusterObjectsModel {
  /** The PriorityClass the APIs run under (unless one names its own). */
  readonly priorityClass: string;
  /** The ACME ClusterIssuers of the cert-manager APIs: one per account, directory and ingress class. */
  readonly issuers: ReadonlyArray<{ readonly name: string; readonly server: string; readonly email: string; readonly ingressClassName: string }>;
}

/**
 * Validates the description and binds every API to one environment.
 * Throws a ConfigError for an environment or API named twice, an override of an unknown API, two APIs (in any
 * environments) on the same host, a host that cannot be derived, a derived name the cloud would refuse, or an API
 * prop that `WebApi` refuses (the message then names the API and the environment).
 */
export function resolveEnvironment(platform: PlatformSpec, environment: string): ResolvedEnvironment {
  const c: PropChecker = new PropChecker('Platform', environment);
  checkPlatform(platform);
  const index = platform.environments.findIndex((e) => e.name === environment);
  if (index < 0) {
    c.fail('environment', environment, `is not an environment of the description (known: ${platform.environments.map((e) => e.name).join(', ')})`);
  }
  const env = platform.environments[index];
  const region = regionOf(env.location);
  if (region === undefined) c.fail(`environments[${index}].location`, env.location, 'must be a region (europe-west2) or a zone (europe-west2-a)');
  checkEnvironment(c, env, index);
  const masterIpv4CidrBlock = env.cluster.masterIpv4CidrBlock ?? DEFAULT_MASTER_CIDR;
  const merged = platform.apis.map((api) => mergeOverride(api, env.apis?.[api.name]));
  const issuers = acmeIssuersOf(merged);
  const apis = merged.map((api) => bindApi(c, env, index, withClusterObjects(api, issuers), masterIpv4CidrBlock));
  const external = apis.find((a) => a.model.secrets?.delivery === SecretDelivery.EXTERNAL_SECRETS);
  if (external && env.secretManager?.externalSecretsServiceAccount === undefined) {
    c.fail(`environments[${index}].secretManager.externalSecretsServiceAccount`, undefined,
      `is required: ${external.name} delivers secrets by SecretDelivery.EXTERNAL_SECRETS, and the operator's SecretStore reads Secret Manager as that account, not as the API's`);
  }
  return {
    spec: env,
    index,
    region,
    zones: env.location === region ? 3 : 1,
    registryUrl: registryUrl(env),
    registryRepository: env.registryRepository ?? DEFAULT_REGISTRY_REPOSITORY,
    masterIpv4CidrBlock,
    apis,
    clusterObjects: { priorityClass: SERVING_PRIORITY_CLASS, issuers: [...issuers.values()] },
  };
}

type AcmeIssuer = ClusterObjectsModel['issuers'][number];

/** The key of an ACME account: one ClusterIssuer serves every API with the same account, directory and class. */
function acmeKeyOf(tls: ApiSpec['tls']): string | undefined {
  if (!tls || tls.mode !== TlsMode.CERT_MANAGER || tls.clusterIssuer !== undefined || tls.acmeEmail === undefined || tls.ingressClassName === undefined) return undefined;
  return JSON.stringify([tls.acmeServer ?? LETS_ENCRYPT_PRODUCTION, tls.acmeEmail, tls.ingressClassName]);
}

/** One ClusterIssuer per ACME account, directory and ingress class among the APIs; the first of a class is named after it alone. */
function acmeIssuersOf(apis: readonly ApiSpec[]): Map<string, AcmeIssuer> {
  const issuers = new Map<string, AcmeIssuer>();
  const classes = new Set<string>();
  for (const api of apis) {
    const key = acmeKeyOf(api.tls);
    if (key === undefined || issuers.has(key)) continue;
    const [server, email, ingressClassName] = JSON.parse(key) as [string, string, string];
    const name = acmeIssuerName(ingressClassName, classes.has(ingressClassName) ? createHash('sha256').update(key).digest('hex').slice(0, 6) : undefined);
    classes.add(ingressClassName);
    issuers.set(key, { name, server, email, ingressClassName });
  }
  return issuers;
}

/** An API as it uses its environment's cluster-scoped objects: the shared PriorityClass and its account's ClusterIssuer. */
function withClusterObjects(api: ApiSpec, issuers: ReadonlyMap<string, AcmeIssuer>): ApiSpec {
  const key = acmeKeyOf(api.tls);
  const tls = key === undefined ? api.tls : { ...api.tls, clusterIssuer: issuers.get(key)!.name, acmeEmail: undefined, acmeServer: undefined };
  return { ...api, priorityClassName: api.priorityClassName ?? SERVING_PRIORITY_CLASS, tls };
}

/** GKE Standard's node pool when the description does not size it: per zone. */
export const DEFAULT_MACHINE_TYPE = 'e2-standard-2';
export const DEFAULT_MIN_NODES = 1;
export const DEFAULT_MAX_NODES = 3;

/**
 * The environment's own props, checked with the paths the user wrote (`environments[0].cluster.maxNodes`), before
 * any API is bound to it: both sides refuse them alike, and the Terraform side's constructs, which check them again
 * under their own prop names, never get a bad one from a description.
 */
function checkEnvironment(c: PropChecker, env: EnvironmentSpec, index: number): void {
  const at = `environments[${index}]`;
  const name = (prop: string, value: string | undefined, rule: NameRule) => c.matches(`${at}.${prop}`, value, rule.pattern, rule.description);
  name('projectId', env.projectId, PROJECT_ID);
  name('cluster.name', env.cluster.name, GKE_NAME);
  name('cluster.minMasterVersion', env.cluster.minMasterVersion, GKE_VERSION);
  name('cluster.securityGroup', env.cluster.securityGroup, SECURITY_GROUP);
  name('registryRepository', env.registryRepository, RFC1035_NAME);
  name('dnsZone', env.dnsZone, RFC1035_NAME);
  c.matches(`${at}.secretManager.externalSecretsServiceAccount`, env.secretManager?.externalSecretsServiceAccount, SERVICE_ACCOUNT_EMAIL,
    'a Google service account e-mail (NAME@PROJECT.iam.gserviceaccount.com)');
  if (env.authorizedNetworks.length === 0) c.fail(`${at}.authorizedNetworks`, [], AUTHORIZED_NETWORKS_REQUIRED);
  env.authorizedNetworks.forEach((network, i) => {
    const problem = restrictedCidrProblem(network.cidrBlock);
    if (problem !== undefined) c.fail(`${at}.authorizedNetworks[${i}].cidrBlock`, network.cidrBlock, problem);
  });
  for (const [key, value] of Object.entries(env.labels ?? {})) {
    name(`labels.${key}`, key, LABEL_KEY);
    name(`labels.${key}`, value, LABEL_VALUE);
  }
  if (env.cluster.mode === 'autopilot') return;
  const min = env.cluster.minNodes ?? DEFAULT_MIN_NODES;
  const max = env.cluster.maxNodes ?? DEFAULT_MAX_NODES;
  c.integer(`${at}.cluster.minNodes`, min, { min: 0 });
  c.integer(`${at}.cluster.maxNodes`, max, { min: 1 });
  c.atLeast(`${at}.cluster.maxNodes`, max, `${at}.cluster.minNodes`, min);
  c.integer(`${at}.cluster.initialNodes`, env.cluster.initialNodes, { min: Math.max(min, 1), max });
}

/** Checks what spans the whole description: unique names, unique hosts, overrides of known APIs. @internal */
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
      const host = hostOf(env, mergeOverride(api, env.apis?.[api.name]));
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
  const namespace = apiNamespace(api);
  const kubernetesServiceAccount = kubernetesServiceAccountOf(api.name);
  const names: Record<string, string | undefined> = { namespace, kubernetesServiceAccount, image: imageOf(env, image) };
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
    // The platform creates the SSL policy unless the API names one of its own.
    if (mode !== TlsMode.CERT_MANAGER && tls.sslPolicy === undefined) names.sslPolicyName = sslPolicyName(env, api);
    boundTls = {
      ...tlsRest, host,
      ...(names.staticIpName ? { staticIpName: names.staticIpName } : {}),
      ...(names.sslPolicyName ? { sslPolicy: names.sslPolicyName } : {}),
      ...(names.certificateMapName ? { certificateMapName: names.certificateMapName } : {}),
    };
  }
  if (workloadIdentity ?? true) {
    const id = googleServiceAccountId(env, api);
    c.matches(`apis.${api.name} service account id`, id, SERVICE_ACCOUNT_ID.pattern,
      'a service account id of 6 to 30 characters (derived as <api>-<environment>): shorten the API or environment name');
    names.googleServiceAccountId = id;
    names.googleServiceAccountEmail = serviceAccountEmail(id, env.projectId);
    names.workloadIdentityMember = workloadIdentityMember(env.projectId, namespace, kubernetesServiceAccount);
  }
  // Only pods that call the Kubernetes API get egress to the control plane: the app's own calls, or the init container
  // that waits for the migration Job, whose kubectl follows the cluster's version.
  const scaling = resolveScaling(new PropChecker('WebApi', api.name, undefined, `in environment '${env.name}'`), api);
  const waits = resolveMigrationStrategy(api, scaling.maxReplicas) === MigrationStrategy.JOB_WITH_WAIT;
  const callsApi = (api.kubernetesApi ?? []).length > 0 || waits;
  const kubectlVersion = waits && rest.migrations!.waitImage === undefined ? rest.migrations!.kubectlVersion ?? kubernetesMinorOf(env.cluster.minMasterVersion) : undefined;
  // Behind an in-cluster ingress controller, its pods' range is the proxy the server trusts.
  const inClusterProxy = tls !== undefined && (tls.mode ?? TlsMode.GKE_MANAGED) === TlsMode.CERT_MANAGER && rest.server?.command === undefined;
  const server = inClusterProxy && rest.server?.forwardedAllowIps === undefined ? { ...rest.server, forwardedAllowIps: DEFAULT_PODS_CIDR } : rest.server;
  const props: WebApiSpec & { name: string } = {
    ...rest,
    server,
    ...(kubectlVersion !== undefined ? { migrations: { ...rest.migrations!, kubectlVersion } } : {}),
    name: api.name,
    image: names.image!,
    tls: boundTls,
    googleServiceAccount: names.googleServiceAccountEmail,
    kubernetesApiCidr: callsApi ? masterCidr : undefined,
  };
  const model = resolveWebApi(props, { where: `in environment '${env.name}'` });
  checkCloudSqlProject(c, env, envIndex, model);
  return { name: api.name, props, names: names as unknown as CrossingNames, model };
}

/**
 * The Terraform side grants `roles/cloudsql.client` in the environment's project: an instance in another project
 * (typically production's, inherited by a staging environment that did not override `cloudSql`) would refuse the
 * proxy's connections.
 */
function checkCloudSqlProject(c: PropChecker, env: EnvironmentSpec, envIndex: number, model: WebApiModel): void {
  if (!model.cloudSql || model.cloudSql.instanceProject === env.projectId) return;
  c.fail(`apis.${model.name}.cloudSql.instanceConnectionName`, model.cloudSql.instanceConnectionName,
    `is in project '${model.cloudSql.instanceProject}', but environment '${env.name}' is in project '${env.projectId}', where the API's service account is granted roles/cloudsql.client: set 'environments[${envIndex}].apis.${model.name}.cloudSql' to this environment's instance`);
}

/**
 * Applies an environment's override (`environments[].apis[name]`), the one merge rule: a value the override gives
 * replaces the API's, except that plain objects (`resources`, `autoscaling`, `cloudSql`, `tls`, `env`, `secrets`...)
 * merge one level deep, key by key; arrays are replaced whole. `replicas` and `autoscaling` replace each other.
 */
export function mergeOverride(api: ApiSpec, override: ApiOverride | undefined): ApiSpec {
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
