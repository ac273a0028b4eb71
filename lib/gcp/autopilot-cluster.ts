import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Construct } from 'constructs';
import { PropChecker } from '../plan/errors';
import {
  ClusterCommonProps,
  clusterFoundation,
  ClusterSettings,
  commonClusterConfig,
} from './cluster-common';
import { gcpChecker } from './prop-checks';

/** Props of {@link AutopilotCluster}: those of any cluster, and none about nodes. */
export interface AutopilotClusterProps extends ClusterCommonProps {
  /**
   * Not supported: Autopilot chooses, sizes and scales the nodes from the pods' requests. Passing a node pool (its
   * sizes or machine type) is an error; use `GkeCluster` to manage nodes.
   * @default - none (any value is an error)
   */
  readonly nodePool?: never;
}

/** Why each node pool option makes no sense on Autopilot. */
const NOT_ON_AUTOPILOT: Readonly<Record<string, string>> = {
  machineType: 'Autopilot chooses the machines from the pods\' requests',
  machineShape: 'Autopilot chooses the machines from the pods\' requests',
  minNodes: 'Autopilot adds and removes nodes itself',
  maxNodes: 'Autopilot adds and removes nodes itself',
  initialNodes: 'Autopilot adds and removes nodes itself',
};

/**
 * A GKE Autopilot cluster with the same network, private control plane, authorized networks, upkeep, labels,
 * Binary Authorization and deletion protection as {@link GkeCluster}. Google manages the nodes: shielded nodes,
 * secure boot, Workload Identity and Dataplane V2 are always on. The nodes run as a dedicated least-privilege
 * service account.
 *
 * Autopilot clusters are regional: `location` must be a region.
 */
export class AutopilotCluster extends Construct {
  public readonly cluster: ContainerCluster;
  public readonly nodeServiceAccount: ServiceAccount;
  /** The subnet of the control plane's internal endpoint (`masterIpv4CidrBlock`). */
  public readonly controlPlaneSubnetwork: ComputeSubnetwork;

  /** Effective settings, defaults applied. */
  public readonly settings: ClusterSettings;
  /** `gcloud container clusters get-credentials ...` for this cluster. */
  public readonly getCredentialsCommand: string;

  constructor(scope: Construct, id: string, props: AutopilotClusterProps) {
    super(scope, id);
    const check = gcpChecker('AutopilotCluster', this);
    rejectNodePool(check, props.nodePool);
    const { settings, location, getCredentialsCommand, nodeAccount, controlPlaneSubnetwork } = clusterFoundation(this, check, props, 'GKE Autopilot nodes');
    if (location?.kind === 'zone') {
      check.fail('location', settings.location, `must be a region, not a zone: Autopilot clusters are regional (did you mean '${location.region}'?)`);
    }
    this.settings = settings;
    this.getCredentialsCommand = getCredentialsCommand;
    this.nodeServiceAccount = nodeAccount.account;
    this.controlPlaneSubnetwork = controlPlaneSubnetwork;

    this.cluster = new ContainerCluster(this, 'cluster', {
      ...commonClusterConfig(settings, props.network, controlPlaneSubnetwork.id),
      enableAutopilot: true,
      clusterAutoscaling: {
        autoProvisioningDefaults: {
          serviceAccount: nodeAccount.account.email,
          oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        },
      },
      dependsOn: nodeAccount.roleBindings,
    });
  }
}

function rejectNodePool(check: PropChecker, nodePool: unknown): void {
  if (nodePool === undefined) return;
  if (typeof nodePool === 'object' && nodePool !== null) {
    for (const [key, value] of Object.entries(nodePool)) {
      const why = NOT_ON_AUTOPILOT[key];
      if (why !== undefined && value !== undefined) check.fail(`nodePool.${key}`, value, `is not supported on Autopilot: ${why}`);
    }
  }
  check.fail('nodePool', nodePool, 'is not supported on Autopilot: Google manages the nodes; use GkeCluster to manage them');
}
