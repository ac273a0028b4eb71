import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { LocalBackend, TerraformBackend, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { PropChecker } from '../plan/errors';
import { ArtifactRegistry } from './artifact-registry';
import { AutopilotCluster } from './autopilot-cluster';
import { ClusterCommonProps } from './cluster-common';
import { GkeCluster, NodePoolOptions } from './gke-cluster';
import { IngressAddress, IngressAddressProps } from './ingress-address';
import { GkeNetwork, GkeNetworkProps } from './network';
import { checkLocation } from './prop-checks';
import { WorkloadIdentity, WorkloadIdentityProps } from './workload-identity';

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
  readonly workloadIdentities?: ReadonlyArray<Omit<WorkloadIdentityProps, 'projectId' | 'dependsOn'>>;
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
 * The whole GKE platform as one Terraform stack: network with Cloud NAT, a hardened cluster (Standard or
 * Autopilot) with its node service account, an Artifact Registry repository the nodes can pull from, an optional
 * static IP (and DNS record) for the Ingress, and Workload Identity for each API.
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

  constructor(scope: Construct, id: string, props: GkePlatformStackProps) {
    super(scope, id);
    const check = new PropChecker('GkePlatformStack', id, Token.isUnresolved);
    // The network needs the region before the cluster is made, so the location is checked here first.
    const region = checkLocation(check, 'location', props.location)?.region ?? props.location;

    if (props.backend) props.backend(this);
    else new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });

    this.provider = new GoogleProvider(this, 'google', { project: props.projectId, region });

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
      readers: [`serviceAccount:${this.cluster.nodeServiceAccount.email}`],
      labels: this.cluster.settings.labels,
    });

    const addresses: Record<string, IngressAddress> = {};
    (props.ingressAddresses ?? []).forEach((address, i) => {
      if (address.name in addresses) check.fail(`ingressAddresses[${i}].name`, address.name, 'is used twice: each Ingress needs its own address');
      addresses[address.name] = new IngressAddress(this, `ingress-address-${address.name}`, {
        ...address,
        projectId: props.projectId,
        labels: this.cluster.settings.labels,
      });
    });
    this.ingressAddresses = addresses;

    const identities: Record<string, WorkloadIdentity> = {};
    (props.workloadIdentities ?? []).forEach((identity, i) => {
      if (identity.accountId in identities) {
        check.fail(`workloadIdentities[${i}].accountId`, identity.accountId, 'is used twice: each API needs its own account');
      }
      if (identity.accountId === this.cluster.settings.nodeServiceAccountId) {
        check.fail(`workloadIdentities[${i}].accountId`, identity.accountId, "is the nodes' service account: choose another id");
      }
      identities[identity.accountId] = new WorkloadIdentity(this, `workload-identity-${identity.accountId}`, {
        ...identity,
        projectId: props.projectId,
        dependsOn: [this.cluster.cluster],
      });
    });
    this.workloadIdentities = identities;
    this.addOutputs();
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
