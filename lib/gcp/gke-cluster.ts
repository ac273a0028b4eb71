import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool, ContainerNodePoolNodeConfig } from '@cdktf/provider-google/lib/container-node-pool';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { PropChecker } from '../plan/errors';
import { describeBytes, describeCpu } from '../plan/quantity';
import {
  ClusterCommonProps,
  clusterFoundation,
  ClusterSettings,
  commonClusterConfig,
} from './cluster-common';
import { Allocatable, MachineShape, nodeCapacity, resolveMachine } from '../plan/machine-types';
import { GKE_NAME } from '../plan/names';
import { checkName, gcpChecker } from './prop-checks';

/** The largest CPU and memory one pod requests (the sum of its containers', or its largest init container's). */
export interface PodRequest {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

/** The node pool of a {@link GkeCluster}. Node counts are per zone: a regional cluster has three zones. */
export interface NodePoolOptions {
  /**
   * The node pool's name.
   * @default 'primary'
   */
  readonly name?: string;
  /**
   * The Compute Engine machine type of the nodes.
   * @default 'e2-standard-2'
   */
  readonly machineType?: string;
  /**
   * The machine's capacity, for a machine type this library does not know (see `MACHINE_TYPES`).
   * @default - read from `MACHINE_TYPES`, or from a custom type's name
   */
  readonly machineShape?: MachineShape;
  /**
   * Nodes per zone when the pool is created. Later changes are ignored: the autoscaler owns the count.
   * @default - `minNodes`, or 1 when `minNodes` is 0
   */
  readonly initialNodes?: number;
  /**
   * The autoscaler's floor, per zone.
   * @default 1
   */
  readonly minNodes?: number;
  /**
   * The autoscaler's ceiling, per zone.
   * @default 3
   */
  readonly maxNodes?: number;
  /**
   * Boot disk size in GB; GKE's minimum is 10.
   * @default 50
   */
  readonly diskSizeGb?: number;
  /**
   * Boot disk type.
   * @default 'pd-balanced'
   */
  readonly diskType?: string;
  /**
   * Extra nodes GKE may add while it upgrades the pool (surge upgrade).
   * @default 1
   */
  readonly maxSurge?: number;
  /**
   * Nodes GKE may take down at once while it upgrades the pool.
   * @default 0
   */
  readonly maxUnavailable?: number;
  /**
   * Kubernetes labels on the nodes (GKE adds `cloud.google.com/gke-nodepool` itself).
   * @default {}
   */
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /**
   * The largest pod that must fit on one node. When given, a machine type that leaves less CPU or memory to
   * workloads (after GKE's reservations and system pods) is an error.
   * @default - not checked
   */
  readonly largestPodRequest?: PodRequest;
}

/** Props of {@link GkeCluster}. */
export interface GkeClusterProps extends ClusterCommonProps {
  /**
   * The node pool.
   * @default - 'primary': e2-standard-2, 1 to 3 nodes per zone
   */
  readonly nodePool?: NodePoolOptions;
}

/** Effective values of {@link NodePoolOptions}. */
export interface NodePoolSettings {
  readonly name: string;
  readonly machineType: string;
  readonly machineShape: MachineShape;
  /** What one node leaves to workload pods: allocatable less GKE's system pods (as the capacity plan counts it). */
  readonly allocatable: Allocatable;
  readonly initialNodes: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly diskSizeGb: number;
  readonly diskType: string;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly nodeLabels: Readonly<Record<string, string>>;
}

/**
 * A GKE Standard cluster, hardened by default, with one autoscaled node pool running as a dedicated least-privilege
 * service account.
 *
 * The blocks Checkov reads are written out even where GKE's default is already safe: private nodes, authorized
 * networks, client certificates off, shielded nodes with secure boot and integrity monitoring, the GKE metadata
 * server (Workload Identity), Dataplane V2 with `network_policy { enabled = false }` (Dataplane V2 enforces
 * NetworkPolicy itself and refuses the Calico add-on), intranode visibility, Binary Authorization, labels, logging,
 * monitoring, and a `node_config` on the cluster too (it configures the default pool, which is removed right away;
 * later differences are ignored).
 *
 * Escape hatch: `cluster`, `nodePool` and `nodeServiceAccount` are the provider resources; `addOverride` on them
 * sets what the props do not.
 */
export class GkeCluster extends Construct {
  public readonly cluster: ContainerCluster;
  public readonly nodePool: ContainerNodePool;
  public readonly nodeServiceAccount: ServiceAccount;
  /** The subnet of the control plane's internal endpoint (`masterIpv4CidrBlock`). */
  public readonly controlPlaneSubnetwork: ComputeSubnetwork;

  /** Effective cluster settings, defaults applied. */
  public readonly settings: ClusterSettings;
  /** Effective node pool settings, defaults applied. */
  public readonly nodePoolSettings: NodePoolSettings;
  /** `gcloud container clusters get-credentials ...` for this cluster. */
  public readonly getCredentialsCommand: string;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    const check = gcpChecker('GkeCluster', this);
    const { settings, getCredentialsCommand, nodeAccount, controlPlaneSubnetwork } = clusterFoundation(this, check, props, 'GKE nodes');
    this.settings = settings;
    this.nodePoolSettings = resolveNodePool(check, props.nodePool ?? {});
    this.getCredentialsCommand = getCredentialsCommand;
    this.nodeServiceAccount = nodeAccount.account;
    this.controlPlaneSubnetwork = controlPlaneSubnetwork;

    const pool = this.nodePoolSettings;
    const nodeConfig: ContainerNodePoolNodeConfig = {
      machineType: pool.machineType,
      imageType: 'COS_CONTAINERD',
      diskSizeGb: pool.diskSizeGb,
      diskType: pool.diskType,
      serviceAccount: nodeAccount.account.email,
      // Scopes are a legacy second gate; with a dedicated account, IAM roles decide what nodes may do.
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      metadata: { 'disable-legacy-endpoints': 'true' },
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
      resourceLabels: settings.labels,
      labels: Object.keys(pool.nodeLabels).length > 0 ? pool.nodeLabels : undefined,
    };

    this.cluster = new ContainerCluster(this, 'cluster', {
      ...commonClusterConfig(settings, props.network, controlPlaneSubnetwork.id),
      // The default pool cannot be configured like a separate one; it is created with one node and removed.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig,
      enableShieldedNodes: true,
      enableLegacyAbac: false,
      enableIntranodeVisibility: true,
      datapathProvider: 'ADVANCED_DATAPATH',
      networkPolicy: { enabled: false },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        horizontalPodAutoscaling: { disabled: false },
        networkPolicyConfig: { disabled: true },
      },
      dependsOn: nodeAccount.roleBindings,
      lifecycle: { ignoreChanges: ['node_config'] },
    });

    this.nodePool = new ContainerNodePool(this, 'node-pool', {
      project: settings.projectId,
      location: settings.location,
      cluster: this.cluster.name,
      name: pool.name,
      initialNodeCount: pool.initialNodes,
      autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: 'SURGE', maxSurge: pool.maxSurge, maxUnavailable: pool.maxUnavailable },
      nodeConfig,
      dependsOn: nodeAccount.roleBindings,
      lifecycle: { ignoreChanges: ['initial_node_count'] },
    });
  }
}

function resolveNodePool(check: PropChecker, options: NodePoolOptions): NodePoolSettings {
  const machineType = options.machineType ?? 'e2-standard-2';
  const minNodes = options.minNodes ?? 1;
  const maxNodes = options.maxNodes ?? 3;
  const name = options.name ?? 'primary';

  checkName(check, 'nodePool.name', name, GKE_NAME);
  check.integer('nodePool.minNodes', minNodes, { min: 0 });
  check.integer('nodePool.maxNodes', maxNodes, { min: 1 });
  if (!Token.isUnresolved(minNodes) && !Token.isUnresolved(maxNodes) && minNodes > maxNodes) {
    check.fail('nodePool.minNodes', minNodes, `must be at most 'nodePool.maxNodes' (${maxNodes})`);
  }
  const initialNodes = options.initialNodes ?? Math.max(minNodes, 1);
  check.integer('nodePool.initialNodes', initialNodes, { min: 1 });
  if (!Token.isUnresolved(initialNodes) && !Token.isUnresolved(maxNodes) && initialNodes > maxNodes) {
    check.fail('nodePool.initialNodes', initialNodes, `must be at most 'nodePool.maxNodes' (${maxNodes})`);
  }
  if (!Token.isUnresolved(initialNodes) && !Token.isUnresolved(minNodes) && initialNodes < minNodes) {
    check.fail('nodePool.initialNodes', initialNodes, `must be at least 'nodePool.minNodes' (${minNodes})`);
  }

  const diskSizeGb = options.diskSizeGb ?? 50;
  check.integer('nodePool.diskSizeGb', diskSizeGb, { min: 10 });
  const maxSurge = options.maxSurge ?? 1;
  const maxUnavailable = options.maxUnavailable ?? 0;
  check.integer('nodePool.maxSurge', maxSurge, { min: 0 });
  check.integer('nodePool.maxUnavailable', maxUnavailable, { min: 0 });
  if (maxSurge === 0 && maxUnavailable === 0) {
    check.fail('nodePool.maxSurge', maxSurge, "must be above 0 when 'nodePool.maxUnavailable' is 0, or upgrades cannot proceed");
  }
  const nodeLabels = options.nodeLabels ?? {};

  const shape = resolveMachine(machineType, options.machineShape, check, 'nodePool.machineType');
  if (!(shape.vcpus > 0) || !(shape.memoryGib > 0)) {
    check.fail('nodePool.machineShape', shape, 'must have more than 0 vcpus and memoryGib');
  }
  // What one node leaves to workloads after GKE's reservations and system pods, as the capacity plan counts it.
  const capacity = nodeCapacity(shape);
  const pod = options.largestPodRequest;
  if (pod) {
    const machine = `one ${machineType} node (${shape.vcpus} vCPU, ${shape.memoryGib} GiB)`;
    if (!Token.isUnresolved(pod.cpuMillis) && pod.cpuMillis > capacity.cpuMillis) {
      check.fail(
        'nodePool.largestPodRequest.cpuMillis',
        pod.cpuMillis,
        `must fit in the ${describeCpu(capacity.cpuMillis)} allocatable on ${machine}: choose a larger 'nodePool.machineType'`,
      );
    }
    if (!Token.isUnresolved(pod.memoryBytes) && pod.memoryBytes > capacity.memoryBytes) {
      check.fail(
        'nodePool.largestPodRequest.memoryBytes',
        pod.memoryBytes,
        `must fit in the ${describeBytes(capacity.memoryBytes)} allocatable on ${machine}: choose a larger 'nodePool.machineType'`,
      );
    }
  }

  return {
    name,
    machineType,
    machineShape: shape,
    allocatable: capacity,
    initialNodes,
    minNodes,
    maxNodes,
    diskSizeGb,
    diskType: options.diskType ?? 'pd-balanced',
    maxSurge,
    maxUnavailable,
    nodeLabels,
  };
}
