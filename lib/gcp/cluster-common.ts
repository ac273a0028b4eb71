/**
 * What a GKE Standard and an Autopilot cluster share: their props, how they are checked, and the cluster blocks
 * written for both. Not a construct: {@link GkeCluster} and {@link AutopilotCluster} use it.
 */
import type { ContainerClusterConfig } from '@cdktf/provider-google/lib/container-cluster';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AUTHORIZED_NETWORKS_REQUIRED, parseIpv4Cidr } from '../plan/cidr';
import { PropChecker } from '../plan/errors';
import { GcpLocation } from '../plan/locations';
import { DEFAULT_MASTER_CIDR, workloadPool } from '../plan/derive';
import { GKE_NAME, GKE_VERSION, PROJECT_ID, SECURITY_GROUP, SERVICE_ACCOUNT_ID } from '../plan/names';
import { GkeNetwork, subnetLogConfig } from './network';
import { NodeServiceAccount, defaultNodeAccountId } from './node-service-account';
import { checkDisjoint, checkLabels, checkLocation, checkName, checkRestrictedCidr, collectErrors } from './prop-checks';

/** A GKE release channel: how soon the cluster gets new Kubernetes versions. */
export type ReleaseChannel = 'RAPID' | 'REGULAR' | 'STABLE' | 'EXTENDED';

/** A network allowed to reach the cluster's control plane. */
export interface AuthorizedNetwork {
  /** An IPv4 CIDR range; never `0.0.0.0/0`. */
  readonly cidrBlock: string;
  /**
   * Shown in the console, to say whose network it is.
   * @default - the CIDR range
   */
  readonly displayName?: string;
}

/** A recurring maintenance window, in which GKE may upgrade the control plane and the nodes. */
export interface MaintenanceWindow {
  /** Start of the first window, RFC 3339, e.g. `2025-01-04T01:00:00Z`. Only its time of day matters afterwards. */
  readonly startTime: string;
  /** End of the first window, RFC 3339; each window lasts `endTime - startTime`. */
  readonly endTime: string;
  /** An RFC 5545 RRULE, e.g. `FREQ=WEEKLY;BYDAY=SA,SU`. */
  readonly recurrence: string;
}

/**
 * Saturdays and Sundays, 01:00-09:00 UTC: 64 hours a month, above the 48 hours in 32 days GKE requires. The date
 * is fixed (and past) so that every synth writes the same text.
 */
export const WEEKEND_MAINTENANCE_WINDOW: MaintenanceWindow = {
  startTime: '2025-01-04T01:00:00Z',
  endTime: '2025-01-04T09:00:00Z',
  recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
};

/** Props every cluster takes, Standard or Autopilot. */
export interface ClusterCommonProps {
  /** The project the cluster lives in. */
  readonly projectId: string;
  /** The cluster's name: 1-40 lowercase letters, digits or hyphens, starting with a letter. */
  readonly name: string;
  /** A zone (`europe-west2-a`: a zonal cluster, as the seed's) or a region (`europe-west2`: a regional cluster). */
  readonly location: string;
  /** The VPC, subnet and secondary ranges the cluster uses. */
  readonly network: GkeNetwork;
  /**
   * The networks allowed to reach the control plane: your operators' and CI's egress ranges. Required and never
   * `0.0.0.0/0`, so that the Kubernetes API is not open to the internet.
   */
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  /**
   * The range of the control plane's endpoint subnet: GKE (1.29 and later, Private Service Connect) gives the control
   * plane's internal endpoint an address in a subnet of the cluster's VPC, and the cluster gets one of its own,
   * `<name>-control-plane`, with this range, so that NetworkPolicy can allow exactly it (the pods that call the
   * Kubernetes API get egress to it). A /28 (or larger, down to /16) that overlaps none of the network's ranges. The
   * name is the archived VPC-peering model's (`master_ipv4_cidr_block`), which this library no longer writes.
   * @default '172.16.0.0/28'
   */
  readonly masterIpv4CidrBlock?: string;
  /**
   * Close the control plane's external IP endpoint: only its internal endpoint (from inside the VPC: a bastion, a
   * VPN, Cloud Build private pools) and its DNS-based endpoint (`dnsEndpoint`) remain. The get-credentials command
   * then uses the DNS-based endpoint (`--dns-endpoint`), or `--internal-ip` without one.
   * @default false
   */
  readonly enablePrivateEndpoint?: boolean;
  /**
   * Serve the control plane on its DNS-based endpoint too (`gke-<id>.<region>.gke.goog`), reached from anywhere
   * with Google credentials and IAM (`container.clusters.connect`); authorized networks guard the IP endpoints only.
   * GKE's recommended way to reach a cluster whose nodes are private.
   * @default true
   */
  readonly dnsEndpoint?: boolean;
  /**
   * The release channel; GKE upgrades the control plane and nodes within it, in the maintenance window.
   * @default 'REGULAR'
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * When GKE may upgrade.
   * @default WEEKEND_MAINTENANCE_WINDOW (Saturdays and Sundays, 01:00-09:00 UTC)
   */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * Labels on the cluster (and its nodes' VMs), for cost reports and inventory. `managed-by: cdktf` is always added.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Refuse `terraform destroy` (and replacement) of the cluster. To tear down, set it to `false`, deploy, then
   * destroy: see docs/operations.md.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * The Google Group that holds the groups you grant Kubernetes RBAC roles to (Google Groups for RBAC). GKE wants
   * it named `gke-security-groups@<your Google Workspace or Cloud Identity domain>`, and only you know the domain,
   * so it has no default. Without it, Checkov's CKV_GCP_65 fails.
   * @default - none: grant RBAC roles to users and service accounts directly
   */
  readonly securityGroup?: string;
  /**
   * The lowest control plane version to create the cluster with, e.g. `1.35`. GKE upgrades past it within the
   * release channel; it must be a version the channel still offers (`gcloud container get-server-config`).
   * @default - the release channel's default version
   */
  readonly minMasterVersion?: string;
  /**
   * The id of the nodes' dedicated service account.
   * @default - the cluster's name, cut to 24 characters, with `-nodes`
   */
  readonly nodeServiceAccountId?: string;
  /**
   * GKE's Secret Manager add-on (the Secrets Store CSI driver with provider `gke`), which `WebApi`'s
   * `SecretDelivery.SECRET_MANAGER_CSI` needs. `PlatformStack` turns it on when an API uses it.
   * @default false
   */
  readonly secretManagerCsi?: boolean;
}

/** Effective values of {@link ClusterCommonProps}, defaults applied. */
export interface ClusterSettings {
  readonly projectId: string;
  readonly name: string;
  readonly location: string;
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  readonly masterIpv4CidrBlock: string;
  readonly enablePrivateEndpoint: boolean;
  readonly dnsEndpoint: boolean;
  readonly releaseChannel: ReleaseChannel;
  readonly maintenanceWindow: MaintenanceWindow;
  readonly labels: Readonly<Record<string, string>>;
  readonly deletionProtection: boolean;
  readonly securityGroup?: string;
  readonly minMasterVersion?: string;
  readonly nodeServiceAccountId: string;
  readonly secretManagerCsi: boolean;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Applies the defaults of {@link ClusterCommonProps} and checks them.
 * @returns the effective values, and the location understood (`undefined` when it is a token).
 * @internal
 */
export function resolveClusterSettings(
  check: PropChecker,
  props: ClusterCommonProps,
): { settings: ClusterSettings; location?: GcpLocation } {
  const settings: ClusterSettings = {
    projectId: props.projectId,
    name: props.name,
    location: props.location,
    authorizedNetworks: props.authorizedNetworks,
    masterIpv4CidrBlock: props.masterIpv4CidrBlock ?? DEFAULT_MASTER_CIDR,
    enablePrivateEndpoint: props.enablePrivateEndpoint ?? false,
    dnsEndpoint: props.dnsEndpoint ?? true,
    releaseChannel: props.releaseChannel ?? 'REGULAR',
    maintenanceWindow: props.maintenanceWindow ?? WEEKEND_MAINTENANCE_WINDOW,
    labels: { 'managed-by': 'cdktf', ...props.labels },
    deletionProtection: props.deletionProtection ?? true,
    securityGroup: props.securityGroup,
    minMasterVersion: props.minMasterVersion,
    nodeServiceAccountId: props.nodeServiceAccountId ?? defaultNodeAccountId(props.name),
    secretManagerCsi: props.secretManagerCsi ?? false,
  };

  checkName(check, 'projectId', settings.projectId, PROJECT_ID);
  checkName(check, 'name', settings.name, GKE_NAME);
  const location = checkLocation(check, 'location', settings.location);

  if (settings.authorizedNetworks.length === 0) {
    check.fail(
      'authorizedNetworks',
      [],
      AUTHORIZED_NETWORKS_REQUIRED,
    );
  }
  settings.authorizedNetworks.forEach((net, i) => checkRestrictedCidr(check, `authorizedNetworks[${i}].cidrBlock`, net.cidrBlock));

  if (!Token.isUnresolved(settings.masterIpv4CidrBlock)) {
    const master = parseIpv4Cidr(settings.masterIpv4CidrBlock);
    if (typeof master === 'string') check.fail('masterIpv4CidrBlock', settings.masterIpv4CidrBlock, master);
    if (master.prefix > 28 || master.prefix < 16) {
      check.fail('masterIpv4CidrBlock', settings.masterIpv4CidrBlock, 'must be a /28 or larger (down to /16): the subnet of the control plane\'s endpoint');
    }
  }

  const window = settings.maintenanceWindow;
  check.matches('maintenanceWindow.startTime', window.startTime, RFC3339, "an RFC 3339 time such as '2025-01-04T01:00:00Z'");
  check.matches('maintenanceWindow.endTime', window.endTime, RFC3339, "an RFC 3339 time such as '2025-01-04T09:00:00Z'");
  if (!Token.isUnresolved(window.startTime) && !Token.isUnresolved(window.endTime)) {
    if (Date.parse(window.endTime) <= Date.parse(window.startTime)) {
      check.fail('maintenanceWindow.endTime', window.endTime, `must be after 'maintenanceWindow.startTime' (${JSON.stringify(window.startTime)})`);
    }
  }
  check.matches('maintenanceWindow.recurrence', window.recurrence, /^FREQ=/, "an RFC 5545 RRULE such as 'FREQ=WEEKLY;BYDAY=SA,SU'");

  checkLabels(check, 'labels', settings.labels);
  checkName(check, 'securityGroup', settings.securityGroup, SECURITY_GROUP);
  checkName(check, 'minMasterVersion', settings.minMasterVersion, GKE_VERSION);
  checkName(check, 'nodeServiceAccountId', settings.nodeServiceAccountId, SERVICE_ACCOUNT_ID);

  return { settings, location };
}

/**
 * What a Standard and an Autopilot cluster set up alike before their cluster resource: the settings, the command
 * to reach it, the control plane range's validation and subnet, and the nodes' own service account
 * (`<nodes> of <name>`).
 * @internal
 */
export function clusterFoundation(scope: Construct, check: PropChecker, props: ClusterCommonProps, nodes: string) {
  const { settings, location } = resolveClusterSettings(check, props);
  addMasterRangeValidation(scope, check, settings, props.network);
  const nodeAccount = new NodeServiceAccount(scope, 'node-service-account', {
    projectId: settings.projectId,
    accountId: settings.nodeServiceAccountId,
    displayName: `${nodes} of ${settings.name}`,
  });
  // The control plane's internal endpoint (Private Service Connect) takes an address here, not in the nodes' subnet.
  // Private Google Access and flow logs as on the nodes' subnet: Checkov (CKV_GCP_26, CKV_GCP_74) reads every subnet.
  const controlPlaneSubnetwork = new ComputeSubnetwork(scope, 'control-plane-subnetwork', {
    project: settings.projectId,
    region: props.network.region,
    name: `${settings.name}-control-plane`,
    network: props.network.network.id,
    ipCidrRange: settings.masterIpv4CidrBlock,
    privateIpGoogleAccess: true,
    logConfig: subnetLogConfig(props.network.flowLogSampling),
  });
  return { settings, location, getCredentialsCommand: getCredentialsCommand(settings, location), nodeAccount, controlPlaneSubnetwork };
}

/**
 * Checks, at synth, that the control plane's /28 overlaps none of the network's ranges (a rule that spans the
 * cluster and the network, hence a validation).
 * @internal
 */
export function addMasterRangeValidation(scope: Construct, check: PropChecker, settings: ClusterSettings, network: GkeNetwork): void {
  scope.node.addValidation({
    validate: () =>
      collectErrors(() =>
        checkDisjoint(check, [
          ...network.ranges().map(([prop, range]) => [`network.${prop}`, range.text] as const),
          ['masterIpv4CidrBlock', settings.masterIpv4CidrBlock],
        ]),
      ),
  });
}

/**
 * The cluster blocks Standard and Autopilot write alike: network, private control plane, identity, policy, upkeep.
 *
 * The control plane follows GKE's current network isolation model (clusters created on 1.29 and later): private
 * nodes, the control plane reached through Private Service Connect with its internal endpoint in
 * `controlPlaneSubnetworkId` (`private_endpoint_subnetwork`), a DNS-based endpoint, and the IP endpoints behind the
 * authorized networks. No `master_ipv4_cidr_block`: that is the VPC-peering model GKE documents only for 1.28 and
 * earlier (https://cloud.google.com/kubernetes-engine/docs/how-to/legacy/network-isolation, "Version 1.28 and earlier";
 * the current page is .../how-to/latest/network-isolation). In provider 6.50 `private_cluster_config`
 * writes `network_config.default_enable_private_nodes` and `control_plane_endpoints_config.ip_endpoints_config`
 * (hashicorp/terraform-provider-google v6.50.0, resource_container_cluster.go: expandControlPlaneEndpointsConfig).
 * @internal
 */
export function commonClusterConfig(settings: ClusterSettings, network: GkeNetwork, controlPlaneSubnetworkId: string): ContainerClusterConfig {
  return {
    project: settings.projectId,
    name: settings.name,
    location: settings.location,
    deletionProtection: settings.deletionProtection,
    resourceLabels: settings.labels,
    minMasterVersion: settings.minMasterVersion,

    network: network.network.id,
    subnetwork: network.subnetwork.id,
    networkingMode: 'VPC_NATIVE',
    ipAllocationPolicy: {
      clusterSecondaryRangeName: network.podsRangeName,
      servicesSecondaryRangeName: network.servicesRangeName,
    },

    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: settings.enablePrivateEndpoint,
      privateEndpointSubnetwork: controlPlaneSubnetworkId,
    },
    controlPlaneEndpointsConfig: {
      dnsEndpointConfig: { allowExternalTraffic: settings.dnsEndpoint },
      ipEndpointsConfig: { enabled: true },
    },
    masterAuthorizedNetworksConfig: {
      gcpPublicCidrsAccessEnabled: false,
      cidrBlocks: settings.authorizedNetworks.map((net) => ({
        cidrBlock: net.cidrBlock,
        displayName: net.displayName ?? net.cidrBlock,
      })),
    },
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    authenticatorGroupsConfig: settings.securityGroup ? { securityGroup: settings.securityGroup } : undefined,
    workloadIdentityConfig: { workloadPool: workloadPool(settings.projectId) },
    binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },

    releaseChannel: { channel: settings.releaseChannel },
    maintenancePolicy: { recurringWindow: { ...settings.maintenanceWindow } },
    // The Gateway API's standard channel: the gke-l7-* GatewayClasses that TlsMode.GATEWAY uses.
    gatewayApiConfig: { channel: 'CHANNEL_STANDARD' },
    ...(settings.secretManagerCsi ? { secretManagerConfig: { enabled: true } } : {}),
    loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
    monitoringConfig: { enableComponents: ['SYSTEM_COMPONENTS'] },
  };
}

/** The command that writes the cluster's credentials into the kubeconfig, as an operator types it. @internal */
export function getCredentialsCommand(settings: ClusterSettings, location: GcpLocation | undefined): string {
  const flag = location?.kind === 'region' ? '--region' : '--zone';
  // Without the external IP endpoint, the DNS-based endpoint reaches the cluster from anywhere; else the internal IP.
  const endpoint = !settings.enablePrivateEndpoint ? '' : settings.dnsEndpoint ? ' --dns-endpoint' : ' --internal-ip';
  return `gcloud container clusters get-credentials ${settings.name} ${flag} ${settings.location} --project ${settings.projectId}${endpoint}`;
}
