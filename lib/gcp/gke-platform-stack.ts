import { DataGoogleServiceAccount } from '@cdktf/provider-google/lib/data-google-service-account';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { LocalBackend, TerraformBackend, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { SERVICE_ACCOUNT_EMAIL } from '../plan/derive';
import { PropChecker } from '../plan/errors';
import { ArtifactRegistry } from './artifact-registry';
import { AutopilotCluster } from './autopilot-cluster';
import { CertificateMap, CertificateMapProps } from './certificate-map';
import { ClusterCommonProps } from './cluster-common';
import { GkeCluster, NodePoolOptions } from './gke-cluster';
import { IngressAddress, IngressAddressProps } from './ingress-address';
import { GkeNetwork, GkeNetworkProps } from './network';
import { GOOGLE_API, GoogleApi, ProjectServices } from './project-services';
import { checkLocation } from './prop-checks';
import { SecretManagerSecrets } from './secret-manager-secrets';
import { WorkloadIdentity, WorkloadIdentityProps } from './workload-identity';
import { SslPolicy } from './ssl-policy';

/** The registry of a {@link GkePlatformStack}. */
export interface RegistryOptions {
  /**
   * The repository's id.
   * @default 'images'
   */
  readonly repositoryId?: string;
  /**
   * A region or multi-region.
   * @default - the cluster's region
   */
  readonly location?: string;
  /**
   * Refuse to move a tag once pushed.
   * @default true
   */
  readonly immutableTags?: boolean;
  /**
   * A Cloud KMS key to encrypt the images with (a customer-managed key, which Checkov CKV_GCP_84 asks for). The
   * Artifact Registry service agent needs `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it.
   * @default - Google-managed encryption (CKV_GCP_84 then fails: a documented exception, see docs/checks.md)
   */
  readonly kmsKeyName?: string;
}

/** One API's identity in a {@link GkePlatformStack}: a {@link WorkloadIdentity}, and the secrets it reads. */
export interface WorkloadIdentityOptions extends Omit<WorkloadIdentityProps, 'projectId' | 'dependsOn'> {
  /**
   * Secret Manager secrets (ids, in the stack's project) the API's pods read as this identity (Secret Manager CSI
   * add-on): `roles/secretmanager.secretAccessor` on exactly these secrets, which the stack creates or reads
   * (`secretManager`).
   * @default []
   */
  readonly secrets?: readonly string[];
}

/** The Secret Manager secrets of a {@link GkePlatformStack}: those `workloadIdentities` and `externalSecrets` name. */
export interface SecretManagerOptions {
  /**
   * The secrets exist already: read them (data sources, which fail the plan when one is missing) instead of
   * creating them empty.
   * @default false
   */
  readonly existing?: boolean;
  /**
   * Regions the created secrets are replicated to (user-managed replication).
   * @default - automatic replication
   */
  readonly replicaLocations?: readonly string[];
  /**
   * Secrets delivered by the External Secrets Operator (`SecretDelivery.EXTERNAL_SECRETS`): its SecretStore, not
   * the API's pods, reads them, so they are granted to `externalSecretsServiceAccount`.
   * @default []
   */
  readonly externalSecrets?: readonly string[];
  /**
   * The Google service account the External Secrets Operator's SecretStore reads Secret Manager as (the account its
   * Kubernetes service account is bound to through Workload Identity), e.g.
   * `external-secrets@my-project.iam.gserviceaccount.com`. The stack reads it (a data source: the plan fails if it
   * does not exist) and grants it `secretAccessor` on `externalSecrets`.
   * @default - none: required when `externalSecrets` is not empty
   */
  readonly externalSecretsServiceAccount?: string;
}

/** Props of {@link GkePlatformStack}: a cluster's (its `name` included), and what surrounds it. */
export interface GkePlatformStackProps extends Omit<ClusterCommonProps, 'network'> {
  /**
   * GKE Standard (you size a node pool) or Autopilot (Google sizes the nodes; `location` must be a region).
   * @default 'standard'
   */
  readonly mode?: 'standard' | 'autopilot';
  /**
   * The node pool, for mode 'standard'. An error in mode 'autopilot'.
   * @default - see `GkeClusterProps.nodePool`
   */
  readonly nodePool?: NodePoolOptions;
  /**
   * The VPC's name and ranges; its region is the cluster's.
   * @default - see `GkeNetworkProps`
   */
  readonly network?: Omit<GkeNetworkProps, 'projectId' | 'region'>;
  /**
   * The Docker repository; the nodes may pull from it.
   * @default - 'images' in the cluster's region
   */
  readonly registry?: RegistryOptions;
  /**
   * Global static IPs for the APIs' TLS Ingresses (one each), and optionally their DNS records.
   * @default []
   */
  readonly ingressAddresses?: ReadonlyArray<Omit<IngressAddressProps, 'projectId' | 'labels'>>;
  /**
   * One Google service account per web API, bound to its Kubernetes service account.
   * @default []
   */
  readonly workloadIdentities?: readonly WorkloadIdentityOptions[];
  /**
   * SSL policies (MODERN, TLS 1.2 or later) for the APIs' load balancers, by name: the FrontendConfig or the
   * GCPGatewayPolicy of each names its own.
   * @default []
   */
  readonly sslPolicies?: readonly string[];
  /**
   * Certificate Manager maps for the APIs served through a GKE Gateway (`TlsMode.GATEWAY`), one each.
   * @default []
   */
  readonly certificateMaps?: ReadonlyArray<Omit<CertificateMapProps, 'projectId' | 'labels'>>;
  /**
   * The Secret Manager secrets the identities and the External Secrets Operator read: created empty by default.
   * @default - the secrets named are created, with automatic replication
   */
  readonly secretManager?: SecretManagerOptions;
  /**
   * Where Terraform keeps the state, e.g. `(stack) => new GcsBackend(stack, { bucket: 'my-tf-state', prefix:
   * 'production' })`. See docs/operations.md.
   * @default - a local file `terraform.<stack id>.tfstate` in the directory `cdktf` runs from, written as a
   *   relative path (`../../../`, from `cdktf.out/stacks/<stack id>`) so that the synthesized JSON is the same in
   *   every clone. It must stay outside `cdktf.out`, which every synth replaces.
   */
  readonly backend?: (stack: TerraformStack) => TerraformBackend;
}

/**
 * The whole GKE platform as one Terraform stack: the Google APIs it uses (enabled, and waited for), network with
 * Cloud NAT, a hardened cluster (Standard or Autopilot) with its node service account, an Artifact Registry
 * repository the nodes can pull from, an optional static IP (and DNS record) for the Ingress, Certificate Manager
 * maps for Gateways, the Secret Manager secrets the APIs read, and Workload Identity for each API. It applies on
 * an empty project.
 *
 * Outputs: `cluster_endpoint`, `cluster_ca_certificate` (sensitive), `dns_endpoint`, `get_credentials_command`, `registry_url`,
 * and `static_ip_<address name>` for each ingress address.
 */
export class GkePlatformStack extends TerraformStack {
  public readonly provider: GoogleProvider;
  public readonly network: GkeNetwork;
  public readonly cluster: GkeCluster | AutopilotCluster;
  public readonly registry: ArtifactRegistry;
  /** By address name. */
  public readonly ingressAddresses: Readonly<Record<string, IngressAddress>>;
  /** By account id. */
  public readonly workloadIdentities: Readonly<Record<string, WorkloadIdentity>>;
  /** Certificate Manager maps, by map name. */
  public readonly certificateMaps: Readonly<Record<string, CertificateMap>>;
  /** The SSL policies, by name. */
  public readonly sslPolicies: Readonly<Record<string, SslPolicy>>;
  /** The Google APIs the stack enables ({@link platformApis}). */
  public readonly projectServices: ProjectServices;
  /** The secrets the identities read (created or read); `undefined` when none is named. */
  public readonly secrets?: SecretManagerSecrets;

  constructor(scope: Construct, id: string, props: GkePlatformStackProps) {
    super(scope, id);
    const check = new PropChecker('GkePlatformStack', id, Token.isUnresolved);
    // The network needs the region before the cluster is made, so the location is checked here first.
    const region = checkLocation(check, 'location', props.location)?.region ?? props.location;

    if (props.backend) props.backend(this);
    else new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });

    this.provider = new GoogleProvider(this, 'google', { project: props.projectId, region });
    this.projectServices = new ProjectServices(this, 'services', { projectId: props.projectId, apis: platformApis(props) });

    this.network = new GkeNetwork(this, 'network', { ...props.network, projectId: props.projectId, region });

    const clusterProps = { ...props, network: this.network };
    this.cluster =
      props.mode === 'autopilot'
        ? // AutopilotCluster refuses a node pool with a ConfigError that says why.
          new AutopilotCluster(this, 'cluster', { ...clusterProps, nodePool: props.nodePool as never })
        : new GkeCluster(this, 'cluster', clusterProps);

    this.registry = new ArtifactRegistry(this, 'registry', {
      projectId: props.projectId,
      location: props.registry?.location ?? region,
      repositoryId: props.registry?.repositoryId ?? 'images',
      immutableTags: props.registry?.immutableTags,
      kmsKeyName: props.registry?.kmsKeyName,
      readers: [`serviceAccount:${this.cluster.nodeServiceAccount.email}`],
      labels: this.cluster.settings.labels,
    });

    this.ingressAddresses = byName(check, 'ingressAddresses', props.ingressAddresses ?? [], 'name', 'each Ingress needs its own address',
      (address) => new IngressAddress(this, `ingress-address-${address.name}`, { ...address, projectId: props.projectId, labels: this.cluster.settings.labels }));
    this.certificateMaps = byName(check, 'certificateMaps', props.certificateMaps ?? [], 'name', 'each Gateway needs its own map',
      (map) => new CertificateMap(this, `certificate-map-${map.name}`, { ...map, projectId: props.projectId, labels: this.cluster.settings.labels }));
    this.sslPolicies = byName(check, 'sslPolicies', (props.sslPolicies ?? []).map((name) => ({ name })), 'name', 'each load balancer needs its own policy',
      (policy) => new SslPolicy(this, `ssl-policy-${policy.name}`, { projectId: props.projectId, name: policy.name }));
    this.workloadIdentities = this.addWorkloadIdentities(check, props);
    this.secrets = this.addSecrets(check, props);
    this.addOutputs();
  }

  /** One Google service account per API, bound to its Kubernetes service account once the cluster (its pool) exists. */
  private addWorkloadIdentities(check: PropChecker, props: GkePlatformStackProps): Record<string, WorkloadIdentity> {
    return byName(check, 'workloadIdentities', props.workloadIdentities ?? [], 'accountId', 'each API needs its own account', (identity, i) => {
      if (identity.accountId === this.cluster.settings.nodeServiceAccountId) {
        check.fail(`workloadIdentities[${i}].accountId`, identity.accountId, "is the nodes' service account: choose another id");
      }
      const { secrets: _secrets, ...options } = identity;
      return new WorkloadIdentity(this, `workload-identity-${identity.accountId}`, { ...options, projectId: props.projectId, dependsOn: [this.cluster.cluster] });
    });
  }

  /**
   * The secrets the identities and the External Secrets Operator read, created (or read), and `secretAccessor` on
   * each for who reads it: the API's own account (CSI), or the operator's (External Secrets).
   */
  private addSecrets(check: PropChecker, props: GkePlatformStackProps): SecretManagerSecrets | undefined {
    const options = props.secretManager ?? {};
    const external = options.externalSecrets ?? [];
    const ids = [...(props.workloadIdentities ?? []).flatMap((w) => w.secrets ?? []), ...external];
    if (ids.length === 0) return undefined;
    const secrets = new SecretManagerSecrets(this, 'secrets', {
      projectId: props.projectId,
      secretIds: ids,
      existing: options.existing,
      replicaLocations: options.replicaLocations,
      deletionProtection: props.deletionProtection,
      labels: this.cluster.settings.labels,
    });
    for (const identity of props.workloadIdentities ?? []) {
      const account = this.workloadIdentities[identity.accountId].serviceAccount;
      secrets.grantAccess(identity.accountId, `serviceAccount:${account.email}`, identity.secrets ?? []);
    }
    if (external.length > 0) {
      const email = options.externalSecretsServiceAccount;
      if (email === undefined) check.fail('secretManager.externalSecretsServiceAccount', email, "is required with 'secretManager.externalSecrets': the External Secrets Operator reads them as that account, not as the APIs'");
      check.matches('secretManager.externalSecretsServiceAccount', email, SERVICE_ACCOUNT_EMAIL, 'a Google service account e-mail (NAME@PROJECT.iam.gserviceaccount.com)');
      const operator = new DataGoogleServiceAccount(this, 'external-secrets-operator', { accountId: email });
      secrets.grantAccess('external-secrets-operator', `serviceAccount:${operator.email}`, external);
    }
    return secrets;
  }

  /** The outputs an operator reads: how to reach the cluster, where to push images, the APIs' addresses. */
  private addOutputs(): void {
    new TerraformOutput(this, 'cluster_endpoint', {
      description: "The Kubernetes API's address",
      value: this.cluster.cluster.endpoint,
    });
    new TerraformOutput(this, 'cluster_ca_certificate', {
      description: "The cluster's CA certificate, base64 (kubeconfig's certificate-authority-data)",
      value: this.cluster.cluster.masterAuth.clusterCaCertificate,
      sensitive: true,
    });
    new TerraformOutput(this, 'dns_endpoint', {
      description: "The control plane's DNS-based endpoint (`get-credentials --dns-endpoint`), reached with IAM credentials",
      value: this.cluster.cluster.controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint,
    });
    new TerraformOutput(this, 'get_credentials_command', {
      description: 'Run it to point kubectl at the cluster',
      value: this.cluster.getCredentialsCommand,
    });
    new TerraformOutput(this, 'registry_url', {
      description: 'Tag images with this prefix and push them here',
      value: this.registry.url,
    });
    for (const address of Object.values(this.ingressAddresses)) {
      new TerraformOutput(this, `static_ip_${address.name.replace(/-/g, '_')}`, {
        description: `The address named ${address.name}: point the API's DNS A record at it`,
        value: address.address.address,
      });
    }
  }
}

/**
 * The Google APIs a platform stack uses, derived from its props in this one place: the core (Compute Engine, GKE,
 * Artifact Registry, IAM and Resource Manager for the bindings, Binary Authorization, Logging and Monitoring for the
 * cluster's settings), then what the props ask for: IAM Credentials with Workload Identity, Cloud DNS with a
 * managed zone, Certificate Manager with certificate maps (TlsMode.GATEWAY), Secret Manager with secrets or the CSI
 * add-on, the SQL Admin API with `roles/cloudsql.client` (the Cloud SQL Auth Proxy), and Service Networking with
 * private services access (Cloud SQL private IP). `ProjectServices` refuses a resource whose API is not listed.
 */
export function platformApis(props: GkePlatformStackProps): GoogleApi[] {
  const A = GOOGLE_API;
  const identities = props.workloadIdentities ?? [];
  const maps = props.certificateMaps ?? [];
  const secrets = identities.some((w) => (w.secrets ?? []).length > 0) || (props.secretManager?.externalSecrets ?? []).length > 0;
  const when = (condition: boolean, ...apis: GoogleApi[]): GoogleApi[] => (condition ? apis : []);
  return [
    A.COMPUTE, A.CONTAINER, A.ARTIFACT_REGISTRY, A.IAM, A.RESOURCE_MANAGER, A.BINARY_AUTHORIZATION, A.LOGGING, A.MONITORING,
    ...when(identities.length > 0, A.IAM_CREDENTIALS),
    ...when((props.ingressAddresses ?? []).some((a) => a.dns !== undefined) || maps.some((m) => m.dnsAuthorizationZone !== undefined), A.DNS),
    ...when(maps.length > 0, A.CERTIFICATE_MANAGER),
    ...when(secrets || props.secretManagerCsi === true, A.SECRET_MANAGER),
    ...when(identities.some((w) => (w.roles ?? []).includes('roles/cloudsql.client')), A.SQL_ADMIN),
    ...when(props.network?.privateServicesCidr !== undefined, A.SERVICE_NETWORKING),
  ];
}

/** Makes one construct per item, keyed by `item[key]`; a key used twice is a ConfigError at `<prop>[<i>].<key>`. */
function byName<T, K extends keyof T & string, C>(
  check: PropChecker, prop: string, items: readonly T[], key: K, why: string, make: (item: T, i: number) => C,
): Record<string, C> {
  const made: Record<string, C> = {};
  items.forEach((item, i) => {
    const name = String(item[key]);
    if (name in made) check.fail(`${prop}[${i}].${key}`, name, `is used twice: ${why}`);
    made[name] = make(item, i);
  });
  return made;
}
