/**
 * Compute Engine machine shapes and what GKE leaves allocatable on them, as pure data and arithmetic.
 *
 * Allocatable = capacity - GKE's reservation for the kubelet and the OS - (for memory) the 100 MiB eviction
 * threshold. GKE's published reservation:
 * - CPU: 6% of the first core, 1% of the second, 0.5% of the next 2 (up to 4), 0.25% of every core above 4.
 * - Memory: 255 MiB on machines with less than 1 GiB; otherwise 25% of the first 4 GiB, 20% of the next 4 GiB
 *   (up to 8), 10% of the next 8 GiB (up to 16), 6% of the next 112 GiB (up to 128), 2% above 128 GiB.
 * Shared-core E2 machines (e2-micro, e2-small, e2-medium) are the exception for CPU: GKE reserves 1060m of their
 * two burstable vCPUs, leaving 940m.
 *
 * The figures are for the node itself. DaemonSets (logging, Dataplane V2's anetd, the metadata server...) take some
 * of the allocatable too, typically a few hundred millicores and a few hundred MiB per node.
 */

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
  readonly cpuMillis: number;
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
