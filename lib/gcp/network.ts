import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork, ComputeSubnetworkLogConfig } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Ipv4Range, parseIpv4Cidr } from '../plan/cidr';
import { NameRule, PROJECT_ID } from '../plan/names';
import { checkDisjoint, checkName, checkRegion, gcpChecker } from './prop-checks';
import { DEFAULT_PODS_CIDR } from '../plan/derive';

/** Props of {@link GkeNetwork}. */
export interface GkeNetworkProps {
  /** The project that owns the network. */
  readonly projectId: string;
  /** The region of the subnet, router and NAT: the cluster's region (a zone's region for a zonal cluster). */
  readonly region: string;
  /**
   * Name of the VPC and its subnet; the router and NAT get `-router` and `-nat` after it.
   * @default 'gke-network'
   */
  readonly name?: string;
  /**
   * The subnet's primary range: node addresses. A /20 holds 4,092 nodes.
   * @default '10.0.0.0/20'
   */
  readonly subnetCidr?: string;
  /**
   * The secondary range for pods (VPC-native). GKE gives each node a /24 out of it (110 pods per node), so a /14
   * holds 1,024 nodes.
   * @default '10.4.0.0/14'
   */
  readonly podsCidr?: string;
  /**
   * The secondary range for Services' cluster IPs.
   * @default '10.8.0.0/20'
   */
  readonly servicesCidr?: string;
  /**
   * The fraction of packets VPC flow logs sample, from 0 (none) to 1 (all).
   * @default 0.5
   */
  readonly flowLogSampling?: number;
  /**
   * A range to reserve for Google's producer services and peer with the VPC (private services access, through the
   * Service Networking API): what a Cloud SQL instance with a private IP on this VPC takes its address from. Delete
   * such instances before the network: the peering cannot be removed while they use it.
   * @default - none: no private services access
   */
  readonly privateServicesCidr?: string;
}

/** A network name leaves room for the `-router` suffix, since router names have 63 characters at most. */
const NETWORK_NAME: NameRule = {
  pattern: /^[a-z](?:[-a-z0-9]{0,54}[a-z0-9])?$/,
  description: "1-56 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (the router adds '-router')",
};

/**
 * A VPC for GKE: a subnet with secondary ranges for pods and Services (VPC-native), Private Google Access and flow
 * logs, and a Cloud Router with Cloud NAT so that private nodes reach the internet (to pull public images such as
 * Docker Hub's) without public IPs.
 */
export class GkeNetwork extends Construct {
  public readonly network: ComputeNetwork;
  public readonly subnetwork: ComputeSubnetwork;
  public readonly router: ComputeRouter;
  public readonly nat: ComputeRouterNat;
  /** With `privateServicesCidr`: the reserved range and the peering. */
  public readonly privateServicesRange?: ComputeGlobalAddress;
  public readonly privateServicesConnection?: ServiceNetworkingConnection;

  public readonly projectId: string;
  public readonly region: string;
  public readonly name: string;
  public readonly subnetCidr: string;
  public readonly podsCidr: string;
  public readonly servicesCidr: string;
  public readonly flowLogSampling: number;
  public readonly privateServicesCidr?: string;
  /** Name of the subnet's secondary range for pods, which the cluster's `ip_allocation_policy` names. */
  public readonly podsRangeName = 'pods';
  /** Name of the subnet's secondary range for Services. */
  public readonly servicesRangeName = 'services';

  constructor(scope: Construct, id: string, props: GkeNetworkProps) {
    super(scope, id);
    const check = gcpChecker('GkeNetwork', this);

    this.projectId = props.projectId;
    this.region = props.region;
    this.name = props.name ?? 'gke-network';
    this.subnetCidr = props.subnetCidr ?? '10.0.0.0/20';
    this.podsCidr = props.podsCidr ?? DEFAULT_PODS_CIDR;
    this.servicesCidr = props.servicesCidr ?? '10.8.0.0/20';
    this.flowLogSampling = props.flowLogSampling ?? 0.5;
    this.privateServicesCidr = props.privateServicesCidr;

    checkName(check, 'projectId', this.projectId, PROJECT_ID);
    checkRegion(check, 'region', this.region);
    checkName(check, 'name', this.name, NETWORK_NAME);
    if (!Token.isUnresolved(this.flowLogSampling) && !(this.flowLogSampling >= 0 && this.flowLogSampling <= 1)) {
      check.fail('flowLogSampling', this.flowLogSampling, 'must be between 0 and 1');
    }
    checkDisjoint(check, [
      ['subnetCidr', this.subnetCidr],
      ['podsCidr', this.podsCidr],
      ['servicesCidr', this.servicesCidr],
      ...(this.privateServicesCidr === undefined ? [] : [['privateServicesCidr', this.privateServicesCidr] as const]),
    ]);

    this.network = new ComputeNetwork(this, 'network', {
      project: this.projectId,
      name: this.name,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
    });

    this.subnetwork = new ComputeSubnetwork(this, 'subnetwork', {
      project: this.projectId,
      region: this.region,
      name: this.name,
      network: this.network.id,
      ipCidrRange: this.subnetCidr,
      secondaryIpRange: [
        { rangeName: this.podsRangeName, ipCidrRange: this.podsCidr },
        { rangeName: this.servicesRangeName, ipCidrRange: this.servicesCidr },
      ],
      privateIpGoogleAccess: true,
      logConfig: subnetLogConfig(this.flowLogSampling),
    });

    this.router = new ComputeRouter(this, 'router', {
      project: this.projectId,
      region: this.region,
      name: `${this.name}-router`,
      network: this.network.id,
    });

    this.nat = new ComputeRouterNat(this, 'nat', {
      project: this.projectId,
      region: this.region,
      name: `${this.name}-nat`,
      router: this.router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetwork: [{ name: this.subnetwork.id, sourceIpRangesToNat: ['ALL_IP_RANGES'] }],
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
    if (this.privateServicesCidr !== undefined) [this.privateServicesRange, this.privateServicesConnection] = this.privateServicesAccess(this.privateServicesCidr);
  }

  /** Reserves `cidr` for Google's producer services (Cloud SQL private IP) and peers it with the VPC. */
  private privateServicesAccess(cidr: string): [ComputeGlobalAddress, ServiceNetworkingConnection] {
    const [address, prefix] = cidr.split('/');
    const range = new ComputeGlobalAddress(this, 'private-services-range', {
      project: this.projectId,
      name: `${this.name}-psa`,
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      address,
      prefixLength: Number(prefix),
      network: this.network.id,
    });
    const connection = new ServiceNetworkingConnection(this, 'private-services-connection', {
      network: this.network.id,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [range.name],
    });
    return [range, connection];
  }

  /** The network's ranges that are not tokens, parsed, with the prop that set each (for overlap checks). */
  public ranges(): Array<[prop: string, range: Ipv4Range]> {
    const named: Array<[string, string]> = [
      ['subnetCidr', this.subnetCidr],
      ['podsCidr', this.podsCidr],
      ['servicesCidr', this.servicesCidr],
      ...(this.privateServicesCidr === undefined ? [] : [['privateServicesCidr', this.privateServicesCidr] as [string, string]]),
    ];
    return named.flatMap(([prop, text]) => {
      const range = Token.isUnresolved(text) ? undefined : parseIpv4Cidr(text);
      return typeof range === 'object' ? [[prop, range] as [string, Ipv4Range]] : [];
    });
  }
}

/** The flow logs of a subnet (Checkov CKV_GCP_26): 5-second aggregation, every field, `sampling` of the packets. @internal */
export function subnetLogConfig(sampling: number): ComputeSubnetworkLogConfig {
  return { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: sampling, metadata: 'INCLUDE_ALL_METADATA' };
}
