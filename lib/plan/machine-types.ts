/**
 * Compute Engine machine shapes and what GKE leaves to workload pods on them, as pure data and arithmetic.
 *
 * Allocatable = capacity - GKE's reservation for the kubelet and the OS - (for memory) the 100 MiB eviction
 * threshold. GKE's published reservation (https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes):
 * - CPU: 6% of the first core, 1% of the second, 0.5% of the next 2 (up to 4), 0.25% of every core above 4.
 * - Memory: 255 MiB on machines with less than 1 GiB; otherwise 25% of the first 4 GiB, 20% of the next 4 GiB
 *   (up to 8), 10% of the next 8 GiB (up to 16), 6% of the next 112 GiB (up to 128), 2% above 128 GiB.
 * Shared-core E2 machines (e2-micro, e2-small, e2-medium) are the exception for CPU: GKE reserves 1060m of their
 * two burstable vCPUs, leaving 940m.
 *
 * The scheduler then places GKE's own DaemonSets on every node before any workload pod: logging, the Workload
 * Identity metadata server, Dataplane V2's anetd... {@link nodeCapacity} takes their requests off too
 * (see {@link GKE_SYSTEM_DAEMONSETS}), which is what an API's pods can really count on.
 */

import { PropChecker } from './errors';

/** A machine's capacity. */
export interface MachineShape {
  /** vCPUs. */
  readonly vcpus: number;
  /** Memory in GiB. */
  readonly memoryGib: number;
  /**
   * A shared-core machine (e2-micro, e2-small, e2-medium), whose CPU reservation differs.
   * @default false
   */
  readonly sharedCore?: boolean;
}

/** What pods can request on a node: CPU in millicores and memory in bytes. */
export interface Allocatable {
  /** CPU in millicores. */
  readonly cpuMillis: number;
  /** Memory in bytes. */
  readonly memoryBytes: number;
}

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** The kubelet's hard eviction threshold on GKE nodes. */
export const EVICTION_THRESHOLD_BYTES = 100 * MIB;

/** CPU GKE reserves on a shared-core E2 machine. */
export const SHARED_CORE_RESERVED_CPU_MILLIS = 1060;

function series(family: string, vcpus: readonly number[], gibPerVcpu: number): Record<string, MachineShape> {
  return Object.fromEntries(vcpus.map((n) => [`${family}-${n}`, { vcpus: n, memoryGib: n * gibPerVcpu }]));
}

/** The machine types this library knows, by name. */
export const MACHINE_TYPES: Readonly<Record<string, MachineShape>> = {
  'e2-micro': { vcpus: 2, memoryGib: 1, sharedCore: true },
  'e2-small': { vcpus: 2, memoryGib: 2, sharedCore: true },
  'e2-medium': { vcpus: 2, memoryGib: 4, sharedCore: true },
  ...series('e2-standard', [2, 4, 8, 16, 32], 4),
  ...series('e2-highmem', [2, 4, 8, 16], 8),
  ...series('e2-highcpu', [2, 4, 8, 16, 32], 1),
  ...series('n2-standard', [2, 4, 8, 16, 32, 48, 64, 80, 96, 128], 4),
  ...series('n2d-standard', [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224], 4),
  ...series('c3-standard', [4, 8, 22, 44, 88, 176], 4),
};

const CUSTOM = /^(?:[a-z0-9]+-)?custom-(\d+)-(\d+)(?:-ext)?$/;

/**
 * The shape of a machine type: from the table, or read from a custom type's name (`e2-custom-4-8192`: 4 vCPUs,
 * 8192 MiB).
 * @returns the shape, or `undefined` for a type this library does not know.
 */
export function machineShape(machineType: string): MachineShape | undefined {
  if (Object.prototype.hasOwnProperty.call(MACHINE_TYPES, machineType)) return MACHINE_TYPES[machineType];
  const custom = CUSTOM.exec(machineType);
  if (custom) return { vcpus: Number(custom[1]), memoryGib: Number(custom[2]) / 1024 };
  return undefined;
}

/** Millicores GKE reserves on a node with `vcpus` cores. */
export function reservedCpuMillis(vcpus: number): number {
  const tiers: Array<[upTo: number, percent: number]> = [[1, 6], [2, 1], [4, 0.5], [Infinity, 0.25]];
  return tiered(vcpus * 1000, tiers.map(([upTo, percent]) => [upTo * 1000, percent]));
}

/** Bytes GKE reserves for the kubelet and the OS on a node with `memoryBytes` of memory (eviction threshold excluded). */
export function reservedMemoryBytes(memoryBytes: number): number {
  if (memoryBytes < GIB) return 255 * MIB;
  const tiers: Array<[upTo: number, percent: number]> = [[4, 25], [8, 20], [16, 10], [128, 6], [Infinity, 2]];
  return tiered(memoryBytes, tiers.map(([upTo, percent]) => [upTo * GIB, percent]));
}

/** What pods can request on one node of this shape. Fractions are rounded down. */
export function allocatable(shape: MachineShape): Allocatable {
  const cpu = shape.vcpus * 1000;
  const memory = shape.memoryGib * GIB;
  const reservedCpu = shape.sharedCore ? SHARED_CORE_RESERVED_CPU_MILLIS : reservedCpuMillis(shape.vcpus);
  return {
    cpuMillis: Math.floor(cpu - reservedCpu),
    memoryBytes: Math.floor(memory - reservedMemoryBytes(memory) - EVICTION_THRESHOLD_BYTES),
  };
}

/** A percentage of each slice of `amount`: tiers are [upper bound of the slice, percent], in increasing order. */
function tiered(amount: number, tiers: Array<[number, number]>): number {
  let reserved = 0;
  let lower = 0;
  for (const [upper, percent] of tiers) {
    if (amount <= lower) break;
    reserved += ((Math.min(amount, upper) - lower) * percent) / 100;
    lower = upper;
  }
  return reserved;
}

/** One of GKE's own DaemonSets and what its pod requests on every node. */
export interface SystemDaemonSet {
  /** The DaemonSet's name in `kube-system`. */
  readonly name: string;
  /** What it is there for. */
  readonly purpose: string;
  /** CPU request of its pod, in millicores. */
  readonly cpuMillis: number;
  /** Memory request of its pod, in bytes. */
  readonly memoryBytes: number;
  /** Where the figures come from; `estimate` when no published or observed figure was found. */
  readonly source: string;
}

/**
 * The DaemonSets GKE Standard runs on every node of a cluster shaped like this library's (Dataplane V2, Workload
 * Identity, system and workload logging, system monitoring, Persistent Disk CSI driver), with their pods' requests.
 *
 * Google publishes no per-node figure, and the requests change between GKE versions, so these are observed values
 * from public `kubectl describe node` outputs and DaemonSet listings of real GKE clusters (cited per entry). As a
 * cross-check, 2i2c's generated table of DaemonSet requests on their GKE 1.29 clusters
 * (2i2c-org/infrastructure, deployer/commands/generate/resource_allocation/daemonset_requests.yaml) puts the
 * overhead at 454m and 656Mi per node with Dataplane V1 and two DaemonSets of their own: the same order.
 * Cluster-wide Deployments (kube-dns, konnectivity-agent, metrics-server) are not per node and are not counted.
 */
export const GKE_SYSTEM_DAEMONSETS: readonly SystemDaemonSet[] = [
  {
    name: 'fluentbit-gke',
    purpose: 'Cloud Logging agent',
    cpuMillis: 105,
    memoryBytes: 230 * MIB,
    source: 'GKE 1.29 node, kubectl describe node in github.com/cryptnono/cryptnono/issues/34',
  },
  {
    name: 'gke-metadata-server',
    purpose: 'Workload Identity metadata server',
    cpuMillis: 100,
    memoryBytes: 100 * MIB,
    source: 'GKE 1.29 node, kubectl describe node in github.com/cryptnono/cryptnono/issues/34',
  },
  {
    name: 'anetd',
    purpose: 'Dataplane V2 (Cilium) agent, replacing kube-proxy',
    cpuMillis: 205,
    // Only the CPU request was found; 128Mi is an estimate, on the high side of a Cilium agent's request.
    memoryBytes: 128 * MIB,
    source: 'CPU: DaemonSet listing of a GKE cluster (github.com/mubarak4you/my-app README); memory: estimate',
  },
  {
    name: 'gke-metrics-agent',
    purpose: 'Cloud Monitoring system metrics',
    cpuMillis: 19,
    memoryBytes: 100 * MIB,
    source: 'CPU: DaemonSet listing of a GKE cluster (github.com/mubarak4you/my-app README); memory: GKE 1.23 kubectl describe node, and 60+40Mi in 2i2c-org/infrastructure daemonset_requests.yaml',
  },
  {
    name: 'netd',
    purpose: 'node network setup',
    cpuMillis: 8,
    memoryBytes: 30 * MIB,
    source: 'CPU: DaemonSet listing of a GKE cluster (github.com/mubarak4you/my-app README); memory: difference with and without netd in 2i2c-org/infrastructure daemonset_requests.yaml (GKE 1.27)',
  },
  {
    name: 'pdcsi-node',
    purpose: 'Persistent Disk CSI driver',
    cpuMillis: 10,
    memoryBytes: 20 * MIB,
    source: 'GKE 1.23 kubectl describe node; the same 10m in a recent DaemonSet listing',
  },
];

/** The sum of {@link GKE_SYSTEM_DAEMONSETS}' requests: what GKE's own pods take on every node (447m and 608 MiB). */
export const GKE_SYSTEM_PODS_PER_NODE: Allocatable = GKE_SYSTEM_DAEMONSETS.reduce(
  (sum, ds) => ({ cpuMillis: sum.cpuMillis + ds.cpuMillis, memoryBytes: sum.memoryBytes + ds.memoryBytes }),
  { cpuMillis: 0, memoryBytes: 0 },
);

/** Where a node's CPU and memory go, from the machine's capacity down to what workload pods can request. */
export interface NodeCapacityBreakdown {
  /** The machine's capacity. */
  readonly capacity: Allocatable;
  /** GKE's reservation for the kubelet and the OS (CPU), plus the eviction threshold (memory). */
  readonly reserved: Allocatable;
  /** Node allocatable as Kubernetes reports it: capacity minus `reserved`. */
  readonly allocatable: Allocatable;
  /** GKE's own DaemonSet pods. */
  readonly systemPods: Allocatable;
  /** What is left to workload pods: allocatable minus `systemPods`, never below 0. */
  readonly available: Allocatable;
}

/**
 * Every step from a node's capacity to what workload pods can request on it.
 * @param systemPods what GKE's own pods take per node; {@link GKE_SYSTEM_PODS_PER_NODE} unless given (pass another
 *   figure for a cluster shaped differently from this library's)
 */
export function nodeCapacityBreakdown(
  shape: MachineShape,
  systemPods: Allocatable = GKE_SYSTEM_PODS_PER_NODE,
): NodeCapacityBreakdown {
  const capacity = { cpuMillis: shape.vcpus * 1000, memoryBytes: Math.floor(shape.memoryGib * GIB) };
  const nodeAllocatable = allocatable(shape);
  return {
    capacity,
    reserved: {
      cpuMillis: capacity.cpuMillis - nodeAllocatable.cpuMillis,
      memoryBytes: capacity.memoryBytes - nodeAllocatable.memoryBytes,
    },
    allocatable: nodeAllocatable,
    systemPods,
    available: {
      cpuMillis: Math.max(0, nodeAllocatable.cpuMillis - systemPods.cpuMillis),
      memoryBytes: Math.max(0, nodeAllocatable.memoryBytes - systemPods.memoryBytes),
    },
  };
}

/**
 * What workload pods can request on one node: capacity - GKE's reservation - the eviction threshold - GKE's own
 * DaemonSets. On an e2-standard-2: 1930m - 447m = 1483m CPU, and about 6.1 GiB - 608 MiB = 5.51 GiB of memory.
 * @param systemPods what GKE's own pods take per node; {@link GKE_SYSTEM_PODS_PER_NODE} unless given
 */
export function nodeCapacity(shape: MachineShape, systemPods: Allocatable = GKE_SYSTEM_PODS_PER_NODE): Allocatable {
  return nodeCapacityBreakdown(shape, systemPods).available;
}

/**
 * The shape of `machineType`, or `override` when given, validated.
 * @param checker names the construct or environment in messages, e.g. `new PropChecker('Environment', 'production')`
 * @param prop the machine type's prop path, e.g. `cluster.machineType`
 * @param shapeProp the override's prop path; `prop` with `machineType` replaced by `machineShape` unless given
 * @throws ConfigError for an unknown machine type without an override (the message lists the known ones), or an
 *   override without positive vCPUs and memory
 */
export function resolveMachine(
  machineType: string,
  override: MachineShape | undefined,
  checker: PropChecker,
  prop: string,
  shapeProp: string = prop.endsWith('machineType') ? `${prop.slice(0, -'machineType'.length)}machineShape` : `${prop}Shape`,
): MachineShape {
  const shape = override ?? machineShape(machineType);
  if (!shape) {
    checker.fail(
      prop,
      machineType,
      `is not a machine type this library knows (known: ${Object.keys(MACHINE_TYPES).join(', ')}, ` +
        `or '<family>-custom-<vCPUs>-<MiB>'); give '${shapeProp}' { vcpus, memoryGib } to use it`,
    );
  }
  if (!(shape.vcpus > 0) || !(shape.memoryGib > 0)) {
    checker.fail(shapeProp, shape, 'must have more than 0 vcpus and memoryGib');
  }
  return shape;
}
