/**
 * One typed description of a platform: its web APIs, and the environments (staging, production...) they run in.
 * Both outputs read it: the Kubernetes side (`PlatformChart`) and the Terraform side (`PlatformStack`). Every value
 * that crosses between them is derived once, in `derive.ts`.
 */
import { MachineShape } from './machine-types';
import { TlsOptions, WebApiSpec } from './web-api-spec';

/** An image in the environment's Artifact Registry repository: `<registry url>/<name>:<tag>`. */
export interface RegistryImage {
  /** The image's name in the repository, e.g. `kubernetes-fastapi`. */
  readonly name: string;
  /** A tag other than latest, e.g. `1.0.0`. */
  readonly tag: string;
}

/** How an API is served over HTTPS in a platform: the host is derived from the environment's domain. */
export interface ApiTlsSpec extends Omit<TlsOptions, 'host' | 'staticIpName'> {
  /**
   * The first label of the host: the API answers on `<hostLabel>.<environment domain>`.
   * @default - the API's name
   */
  readonly hostLabel?: string;
  /**
   * A full host name instead, used in every environment (rarely what you want: hosts must differ per environment).
   * @default - derived from `hostLabel` and the environment's `domain`
   */
  readonly host?: string;
}

/** A web API in a platform description: the inputs `WebApi` takes, minus what the environment decides. */
export interface ApiSpec extends Omit<WebApiSpec, 'name' | 'image' | 'tls' | 'googleServiceAccount' | 'kubernetesApiCidr'> {
  /** The API's name: its Deployment, namespace and service account, and the stem of its cloud resources. */
  readonly name: string;
  /** A full image reference (`4oh4/kubernetes-fastapi:1.0.0`), or an image in the environment's registry. */
  readonly image: string | RegistryImage;
  /**
   * Serve the API over HTTPS on `<hostLabel>.<domain>` through a TLS Ingress.
   * @default - no Ingress
   */
  readonly tls?: ApiTlsSpec;
  /**
   * Give the API a Google service account through Workload Identity (no key files).
   * @default true
   */
  readonly workloadIdentity?: boolean;
}

/**
 * What an environment changes of an API (`environments[].apis[name]`): any prop of the API but its name. One merge
 * rule: a value given here replaces the API's, except that plain objects (`resources`, `autoscaling`, `cloudSql`,
 * `tls`, `env`, `secretEnv`, `secrets`, `migrations`...) merge one level deep, key by key; arrays are replaced whole.
 * `replicas` and `autoscaling` replace each other.
 */
export type ApiOverride = {
  readonly [K in Exclude<keyof ApiSpec, 'name' | 'image'>]?: OverrideOf<NonNullable<ApiSpec[K]>>;
} & {
  /**
   * The image this environment runs, whole (a tag alone would not say which registry).
   * @default - the API's
   */
  readonly image?: string | RegistryImage;
};

/** What an override may give for a prop: part of a plain object (merged one level deep), or a whole value. */
type OverrideOf<T> = T extends readonly unknown[] ? T : T extends object ? Partial<T> : T;

/** An authorized network for the control plane. */
export interface NetworkBlock {
  /** An IPv4 CIDR; never 0.0.0.0/0. */
  readonly cidrBlock: string;
  readonly displayName: string;
}

/** The GKE cluster of an environment. */
export interface ClusterSpec {
  /** The cluster's name. */
  readonly name: string;
  /**
   * GKE Standard (you size the node pool) or Autopilot.
   * @default 'standard'
   */
  readonly mode?: 'standard' | 'autopilot';
  /**
   * The nodes' machine type.
   * @default 'e2-standard-2'
   */
  readonly machineType?: string;
  /**
   * The machine's size, for a machine type the library does not know.
   * @default - from the machine-type table
   */
  readonly machineShape?: MachineShape;
  /**
   * Node pool autoscaler floor, per zone.
   * @default 1
   */
  readonly minNodes?: number;
  /**
   * Node pool autoscaler ceiling, per zone.
   * @default 3
   */
  readonly maxNodes?: number;
  /**
   * Nodes per zone when the pool is created.
   * @default - minNodes
   */
  readonly initialNodes?: number;
  /**
   * The range of the control plane's endpoint subnet (a /28): GKE puts the control plane's internal endpoint there
   * (Private Service Connect), and the pods that call the Kubernetes API get egress to it.
   * @default '172.16.0.0/28'
   */
  readonly masterIpv4CidrBlock?: string;
  /**
   * The lowest control plane version.
   * @default - the release channel's default
   */
  readonly minMasterVersion?: string;
  /**
   * Google Group for RBAC (`gke-security-groups@<your domain>`).
   * @default - none
   */
  readonly securityGroup?: string;
  /**
   * Refuse `terraform destroy` of the cluster.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** Secret Manager in an environment: the secrets its APIs name (`secrets.refs[].secret`). */
export interface SecretManagerSpec {
  /**
   * The secrets exist already (created and filled outside this description): the Terraform side reads them, and
   * the plan fails if one is missing, instead of creating them empty.
   * @default false
   */
  readonly existingSecrets?: boolean;
  /**
   * Regions the created secrets are replicated to (user-managed replication), e.g. `['europe-west2']`.
   * @default - automatic replication
   */
  readonly replicaLocations?: string[];
  /**
   * The Google service account the External Secrets Operator's SecretStore reads Secret Manager as (the one its
   * Kubernetes service account is bound to through Workload Identity), e.g.
   * `external-secrets@my-project.iam.gserviceaccount.com`. The secrets of the APIs that use
   * `SecretDelivery.EXTERNAL_SECRETS` are granted to it, not to the APIs' own accounts, which the operator never uses.
   * @default - none: required when an API delivers secrets by SecretDelivery.EXTERNAL_SECRETS
   */
  readonly externalSecretsServiceAccount?: string;
}

/** An environment: a project, a cluster and its settings, and the values it sets on the APIs. */
export interface EnvironmentSpec {
  /** The environment's name: `dist/<name>/`, the cdktf stack `<name>`, and a suffix of cloud resource names. */
  readonly name: string;
  /** The Google Cloud project. */
  readonly projectId: string;
  /** A zone (`europe-west2-a`, a zonal cluster) or a region (a regional cluster over three zones). */
  readonly location: string;
  readonly cluster: ClusterSpec;
  /** Who may reach the control plane: a required, explicit list. */
  readonly authorizedNetworks: NetworkBlock[];
  /**
   * The DNS domain under which APIs get their hosts, e.g. `staging.example.com`.
   * @default - none: APIs with `tls` must then give a full `host`
   */
  readonly domain?: string;
  /**
   * A Cloud DNS managed zone (its name) that serves `domain`: A records for the APIs' hosts are created in it.
   * @default - none: create the A records where your DNS lives
   */
  readonly dnsZone?: string;
  /**
   * The Artifact Registry repository's id.
   * @default 'apps'
   */
  readonly registryRepository?: string;
  /**
   * A Cloud KMS key (`projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>`) to encrypt the registry's images
   * with (Checkov CKV_GCP_84). The Artifact Registry service agent needs `roles/cloudkms.cryptoKeyEncrypterDecrypter`.
   * @default - Google-managed encryption
   */
  readonly registryKmsKey?: string;
  /**
   * Labels on the cloud resources.
   * @default - { env: <name> }
   */
  readonly labels?: Record<string, string>;
  /**
   * The Secret Manager secrets the APIs read, in this environment's project.
   * @default - created empty (no value), with automatic replication
   */
  readonly secretManager?: SecretManagerSpec;
  /**
   * Values this environment sets on its APIs, by API name; they override the API's own.
   * @default {}
   */
  readonly apis?: Record<string, ApiOverride>;
}

/** The whole description: APIs and the environments they run in. */
export interface PlatformSpec {
  readonly apis: ApiSpec[];
  readonly environments: EnvironmentSpec[];
}
