/**
 * Capacity planning: does the node pool hold every API at its HPA maximum, and how busy is it at the minimum?
 * Pure data and arithmetic (seed 000, "resource utilisation" and "memory"): no constructs, no I/O.
 * capacity-table.ts prints a report; capacity-diagram.ts draws an environment as a Mermaid flowchart.
 */
import { PropChecker } from './errors';
import { Allocatable, GKE_SYSTEM_PODS_PER_NODE, MachineShape, NodeCapacityBreakdown, nodeCapacityBreakdown } from './machine-types';
import { describeBytes, describeCpu, formatBytes } from './quantity';
import { ResourceValues } from './resources';

/** CPU in millicores and memory in bytes. */
export interface CpuAndMemory {
  /** CPU in millicores. */
  readonly cpuMillis: number;
  /** Memory in bytes. */
  readonly memoryBytes: number;
}

/**
 * What the scheduler reserves for one pod. Named apart from the `PodRequest` of `GkeCluster` props, which has the
 * same shape, so that both can be exported from the package root.
 */
export type EffectivePodRequest = CpuAndMemory;

/** A pod's containers, with their resolved resources. */
export interface PodContainers {
  /** The app containers, which run side by side. */
  readonly app: readonly ResourceValues[];
  /** The init containers, which run one after the other before the app containers. */
  readonly init: readonly ResourceValues[];
  /**
   * Native sidecars (init containers with `restartPolicy: Always`), started before `init` and running beside the
   * app containers until the pod ends.
   * @default []
   */
  readonly sidecars?: readonly ResourceValues[];
}

/**
 * A pod's effective request, as the scheduler computes it: per resource, the larger of the largest init container
 * and the sum of the app containers (init containers run one at a time, before the app containers). Native sidecars
 * keep running, so their requests add to every init container started after them and to the app containers
 * (KEP-753, "Resources calculation for scheduling and pod admission").
 * An init container left at cdk8s-plus's 1000m default thus makes a 250m API pod a 1000m pod.
 */
export function podRequest(containers: PodContainers): EffectivePodRequest {
  const sidecars = containers.sidecars ?? [];
  const effective = (pick: (v: ResourceValues) => number): number => {
    let running = 0;
    let most = 0;
    // Sidecars start in order, each beside those before it; the init containers then run beside all of them.
    for (const s of sidecars) { running += pick(s); most = Math.max(most, running); }
    for (const i of containers.init) most = Math.max(most, running + pick(i));
    return Math.max(most, running + containers.app.reduce((total, a) => total + pick(a), 0));
  };
  return { cpuMillis: effective((v) => v.cpuRequestMillis), memoryBytes: effective((v) => v.memoryRequestBytes) };
}

/** The node pool an environment's APIs run on. Node counts are per zone, as GKE counts them. */
export interface CapacityNodePool {
  /** The Compute Engine machine type, for messages. */
  readonly machineType: string;
  /** The machine's capacity (see `resolveMachine`). */
  readonly shape: MachineShape;
  /** The autoscaler's floor, per zone. */
  readonly minNodes: number;
  /** The autoscaler's ceiling, per zone. */
  readonly maxNodes: number;
  /** Zones the pool spans: 1 for a zonal cluster, 3 for a regional one. */
  readonly zones: number;
  /**
   * What GKE's own DaemonSets take on every node.
   * @default GKE_SYSTEM_PODS_PER_NODE
   */
  readonly systemPods?: Allocatable;
}

/** One API's pods as the planner sees them. */
export interface CapacityApi {
  /** The API's name. */
  readonly name: string;
  /** The HPA's `minReplicas`. */
  readonly minReplicas: number;
  /** The HPA's `maxReplicas`. */
  readonly maxReplicas: number;
  /** One pod's effective request (see {@link podRequest}). */
  readonly pod: EffectivePodRequest;
}

/** What {@link planCapacity} checks: one environment's node pool and the APIs it must hold. */
export interface CapacityInput {
  /** The environment's name, e.g. `production`. */
  readonly environment: string;
  /** The node pool. */
  readonly nodePool: CapacityNodePool;
  /** The APIs deployed on it. */
  readonly apis: readonly CapacityApi[];
}

/** A number of pods or nodes and the CPU and memory they request or hold. */
export interface CountedCapacity extends CpuAndMemory {
  /** Pods (for an API) or nodes (for the pool). */
  readonly count: number;
}

/** One API in a {@link CapacityReport}. */
export interface ApiCapacity {
  /** The API's name. */
  readonly name: string;
  /** One pod's effective request. */
  readonly pod: EffectivePodRequest;
  /** The HPA's minimum pods and what they request. */
  readonly atMin: CountedCapacity;
  /** The HPA's maximum pods and what they request. */
  readonly atMax: CountedCapacity;
}

/** The node pool in a {@link CapacityReport}. */
export interface PoolCapacity {
  /** The machine type. */
  readonly machineType: string;
  /** The machine's capacity. */
  readonly shape: MachineShape;
  /** Zones the pool spans. */
  readonly zones: number;
  /** The autoscaler's floor, per zone. */
  readonly minNodesPerZone: number;
  /** The autoscaler's ceiling, per zone. */
  readonly maxNodesPerZone: number;
  /** Where one node's CPU and memory go, down to what workload pods can request. */
  readonly perNode: NodeCapacityBreakdown;
  /** All nodes at the autoscaler's floor (nodes per zone × zones) and what they leave to workloads. */
  readonly atMin: CountedCapacity;
  /** All nodes at the autoscaler's ceiling and what they leave to workloads. */
  readonly atMax: CountedCapacity;
}

/** Requested share of what the pool leaves to workloads, in percent (one decimal); `null` for an empty pool. */
export interface Utilisation {
  /** CPU requested / CPU available, in percent. */
  readonly cpuPercent: number | null;
  /** Memory requested / memory available, in percent. */
  readonly memoryPercent: number | null;
}

/** The result of {@link planCapacity}: plain data, in a stable key order, ready for JSON. */
export interface CapacityReport {
  /** The environment's name. */
  readonly environment: string;
  /** The node pool and what it leaves to workloads. */
  readonly nodePool: PoolCapacity;
  /** Each API at its HPA minimum and maximum. */
  readonly apis: readonly ApiCapacity[];
  /** All APIs together, at their HPA minimums and at their maximums. */
  readonly requested: { readonly atMin: CpuAndMemory; readonly atMax: CpuAndMemory };
  /** HPA minimums on the minimum node count, and HPA maximums on the maximum node count. */
  readonly utilisation: { readonly atMin: Utilisation; readonly atMax: Utilisation };
  /** What cannot work: pods that cannot all be scheduled. */
  readonly errors: readonly string[];
  /** What works but wastes or risks something: utilisation outside the band, fragmented nodes. */
  readonly warnings: readonly string[];
}

/** The utilisation band seed 000 asks for at the HPA minimum, in percent. */
export const UTILISATION_BAND = { lowPercent: 50, highPercent: 90 } as const;

/**
 * Checks that the node pool holds every API at its HPA maximum, and reports the utilisation at both ends.
 *
 * Errors: the HPA maximums together need more CPU or memory than the pool at its maximum leaves to workloads; one
 * pod does not fit on one node. Warnings: utilisation at the HPA minimums on the minimum node count outside
 * {@link UTILISATION_BAND}; pods that fit in total but not node by node.
 * @throws ConfigError for counts that make no sense (negative, fractional, minimum above maximum)
 */
export function planCapacity(input: CapacityInput): CapacityReport {
  validate(input);
  const pool = input.nodePool;
  const perNode = nodeCapacityBreakdown(pool.shape, pool.systemPods ?? GKE_SYSTEM_PODS_PER_NODE);
  const nodesAt = (perZone: number): CountedCapacity => {
    const count = perZone * pool.zones;
    return { count, cpuMillis: count * perNode.available.cpuMillis, memoryBytes: count * perNode.available.memoryBytes };
  };
  const podsAt = (api: CapacityApi, count: number): CountedCapacity =>
    ({ count, cpuMillis: count * api.pod.cpuMillis, memoryBytes: count * api.pod.memoryBytes });

  const nodePool: PoolCapacity = {
    machineType: pool.machineType,
    shape: pool.shape,
    zones: pool.zones,
    minNodesPerZone: pool.minNodes,
    maxNodesPerZone: pool.maxNodes,
    perNode,
    atMin: nodesAt(pool.minNodes),
    atMax: nodesAt(pool.maxNodes),
  };
  const apis: ApiCapacity[] = input.apis.map((api) => ({
    name: api.name,
    pod: { cpuMillis: api.pod.cpuMillis, memoryBytes: api.pod.memoryBytes },
    atMin: podsAt(api, api.minReplicas),
    atMax: podsAt(api, api.maxReplicas),
  }));
  const total = (pick: (api: ApiCapacity) => CountedCapacity): CpuAndMemory => ({
    cpuMillis: apis.reduce((sum, api) => sum + pick(api).cpuMillis, 0),
    memoryBytes: apis.reduce((sum, api) => sum + pick(api).memoryBytes, 0),
  });
  const requested = { atMin: total((api) => api.atMin), atMax: total((api) => api.atMax) };
  const utilisation = {
    atMin: utilisationOf(requested.atMin, nodePool.atMin),
    atMax: utilisationOf(requested.atMax, nodePool.atMax),
  };

  const errors = [...podsTooLargeForANode(apis, nodePool), ...poolTooSmall(apis, nodePool, requested.atMax)];
  const warnings = [
    ...(errors.length === 0 ? fragmentation(apis, nodePool) : []),
    ...outsideBand(nodePool, requested.atMin),
  ];
  return { environment: input.environment, nodePool, apis, requested, utilisation, errors, warnings };
}

function validate(input: CapacityInput): void {
  const check = new PropChecker('Environment', input.environment);
  const pool = input.nodePool;
  if (!(pool.shape.vcpus > 0) || !(pool.shape.memoryGib > 0)) {
    check.fail('nodePool.shape', pool.shape, 'must have more than 0 vcpus and memoryGib');
  }
  check.integer('nodePool.zones', pool.zones, { min: 1 });
  check.integer('nodePool.minNodes', pool.minNodes, { min: 0 });
  check.integer('nodePool.maxNodes', pool.maxNodes, { min: 1 });
  check.atLeast('nodePool.maxNodes', pool.maxNodes, 'nodePool.minNodes', pool.minNodes);
  for (const api of input.apis) {
    const prop = `apis[${api.name}]`;
    check.integer(`${prop}.minReplicas`, api.minReplicas, { min: 0 });
    check.integer(`${prop}.maxReplicas`, api.maxReplicas, { min: 1 });
    check.atLeast(`${prop}.maxReplicas`, api.maxReplicas, `${prop}.minReplicas`, api.minReplicas);
    if (!(api.pod.cpuMillis >= 0) || !(api.pod.memoryBytes >= 0)) {
      check.fail(`${prop}.pod`, api.pod, 'must request 0 or more CPU and memory');
    }
  }
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

function utilisationOf(requested: CpuAndMemory, available: CpuAndMemory): Utilisation {
  return {
    cpuPercent: percent(requested.cpuMillis, available.cpuMillis),
    memoryPercent: percent(requested.memoryBytes, available.memoryBytes),
  };
}

/** `3 × e2-standard-2`, or `9 × e2-standard-2 (3 per zone × 3 zones)` for a regional pool. */
function describeNodes(pool: PoolCapacity, perZone: number): string {
  const nodes = perZone * pool.zones;
  return pool.zones === 1
    ? `${nodes} × ${pool.machineType}`
    : `${nodes} × ${pool.machineType} (${perZone} per zone × ${pool.zones} zones)`;
}

function podsTooLargeForANode(apis: readonly ApiCapacity[], pool: PoolCapacity): string[] {
  const node = pool.perNode;
  const left = (available: number, allocatable: number, system: number, describe: (n: number) => string): string =>
    `the ${describe(available)} one ${pool.machineType} node leaves to workloads ` +
    `(${describe(allocatable)} allocatable - ${describe(system)} for GKE's system pods)`;
  const errors: string[] = [];
  for (const api of apis) {
    if (api.pod.cpuMillis > node.available.cpuMillis) {
      errors.push(
        `${api.name}: one pod requests ${api.pod.cpuMillis}m CPU, more than ` +
          `${left(node.available.cpuMillis, node.allocatable.cpuMillis, node.systemPods.cpuMillis, describeCpu)}; ` +
          'lower the pod\'s CPU request (init containers included) or choose a larger machine type',
      );
    }
    if (api.pod.memoryBytes > node.available.memoryBytes) {
      errors.push(
        `${api.name}: one pod requests ${formatBytes(api.pod.memoryBytes)} of memory, more than ` +
          `${left(node.available.memoryBytes, node.allocatable.memoryBytes, node.systemPods.memoryBytes, describeBytes)}; ` +
          'lower the pod\'s memory request (init containers included) or choose a larger machine type',
      );
    }
  }
  return errors;
}

function poolTooSmall(apis: readonly ApiCapacity[], pool: PoolCapacity, atMax: CpuAndMemory): string[] {
  const resources = [
    { pick: (c: CpuAndMemory) => c.cpuMillis, perPod: (n: number) => `${n}m`, describe: describeCpu, what: 'CPU request' },
    { pick: (c: CpuAndMemory) => c.memoryBytes, perPod: formatBytes, describe: describeBytes, what: 'memory request' },
  ];
  const errors: string[] = [];
  for (const { pick, perPod, describe, what } of resources) {
    const needed = pick(atMax);
    const held = pick(pool.atMax);
    if (needed <= held) continue;
    const parts = apis
      .filter((api) => pick(api.atMax) > 0)
      .map((api) => `${api.name} at ${api.atMax.count} replicas needs ${api.atMax.count} × ${perPod(pick(api.pod))} = ${describe(pick(api.atMax))}`);
    const inAll = parts.length > 1 ? `, ${describe(needed)} in all` : '';
    errors.push(
      `${parts.join(', ')}${inAll}; node pool max ${describeNodes(pool, pool.maxNodesPerZone)} holds ${describe(held)}: ` +
        `lower 'maxReplicas' or the pod's ${what}, or raise the pool's maxNodes or machine type`,
    );
  }
  return errors;
}

/**
 * Totals can fit while pods do not: two 1000m pods do not share a 1483m node. Places the HPA maximums on the
 * maximum nodes, largest pods first, each on the first node with room (first-fit decreasing), and warns about the
 * pods left over. A heuristic: a cleverer placement may fit them, and the scheduler does not place pods this way.
 */
function fragmentation(apis: readonly ApiCapacity[], pool: PoolCapacity): string[] {
  const nodeCount = pool.atMax.count;
  if (nodeCount === 0) return [];
  const free = Array.from({ length: nodeCount }, () => ({ ...pool.perNode.available }));
  const byApi = [...apis].sort((a, b) => b.pod.cpuMillis - a.pod.cpuMillis || b.pod.memoryBytes - a.pod.memoryBytes);
  const warnings: string[] = [];
  for (const api of byApi) {
    let unplaced = 0;
    for (let pod = 0; pod < api.atMax.count; pod++) {
      const node = free.find((n) => n.cpuMillis >= api.pod.cpuMillis && n.memoryBytes >= api.pod.memoryBytes);
      if (!node) {
        unplaced++;
        continue;
      }
      node.cpuMillis -= api.pod.cpuMillis;
      node.memoryBytes -= api.pod.memoryBytes;
    }
    if (unplaced > 0) {
      warnings.push(
        `${api.name}: only ${api.atMax.count - unplaced} of its ${api.atMax.count} pods at the HPA maximum fit node by node ` +
          `on ${describeNodes(pool, pool.maxNodesPerZone)}, though the totals fit: each node leaves ` +
          `${describeCpu(pool.perNode.available.cpuMillis)} and ${describeBytes(pool.perNode.available.memoryBytes)} to workloads, ` +
          `and a pod requests ${api.pod.cpuMillis}m and ${formatBytes(api.pod.memoryBytes)}; ` +
          'size pods to divide a node evenly, or choose a larger machine type',
      );
    }
  }
  return warnings;
}

/**
 * The seed's 50–90% band, read on the resource that binds: nodes are wasted only when both CPU and memory sit below
 * the band (a CPU-bound API always leaves memory idle, and that is no reason to shrink the pool), and at risk as soon
 * as either is above it.
 */
function outsideBand(pool: PoolCapacity, atMin: CpuAndMemory): string[] {
  const { lowPercent, highPercent } = UTILISATION_BAND;
  const where = `at the HPA minimums on the minimum ${describeNodes(pool, pool.minNodesPerZone)}`;
  // An empty pool (minNodes 0) has no utilisation: the autoscaler adds nodes when pods are pending.
  if (pool.atMin.cpuMillis === 0 || pool.atMin.memoryBytes === 0) return [];
  const resources = [
    { name: 'CPU', needed: atMin.cpuMillis, held: pool.atMin.cpuMillis, describe: describeCpu },
    { name: 'memory', needed: atMin.memoryBytes, held: pool.atMin.memoryBytes, describe: describeBytes },
  ];
  const figure = (r: typeof resources[number]) => `${r.name} ${percent(r.needed, r.held)}% (${r.describe(r.needed)} of ${r.describe(r.held)})`;
  const above = resources.filter((r) => r.needed > (r.held * highPercent) / 100);
  if (above.length > 0) {
    return [`utilisation ${where} is ${above.map(figure).join(' and ')}: above the ${lowPercent}–${highPercent}% band; no headroom for a ` +
      'rolling update or a burst before the autoscalers react, so raise minNodes or use a larger machine type'];
  }
  if (resources.every((r) => r.needed < (r.held * lowPercent) / 100)) {
    return [`utilisation ${where} is ${resources.map(figure).join(' and ')}: below the ${lowPercent}–${highPercent}% band on both; ` +
      'the nodes mostly idle, so lower minNodes, use a smaller machine type, or raise the HPA minimum'];
  }
  return [];
}
