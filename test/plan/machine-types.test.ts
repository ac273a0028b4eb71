import { isConfigError, PropChecker } from '../../lib/plan/errors';
import {
  allocatable,
  EVICTION_THRESHOLD_BYTES,
  GKE_SYSTEM_DAEMONSETS,
  GKE_SYSTEM_PODS_PER_NODE,
  MACHINE_TYPES,
  machineShape,
  nodeCapacity,
  nodeCapacityBreakdown,
  reservedCpuMillis,
  reservedMemoryBytes,
  resolveMachine,
} from '../../lib/plan/machine-types';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

describe('reservedCpuMillis (6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above)', () => {
  test.each([
    [1, 60],
    [2, 70],
    [4, 80],
    [8, 90], // 80 + 4 x 2.5
    [16, 110], // 80 + 12 x 2.5
    [96, 310], // 80 + 92 x 2.5
  ])('%i vCPU: %im', (vcpus, millis) => {
    expect(reservedCpuMillis(vcpus)).toBeCloseTo(millis, 9);
  });
});

describe('reservedMemoryBytes (255 MiB below 1 GiB; 25/20/10/6/2% tiers)', () => {
  test.each([
    [0.5 * GIB, 255 * MIB],
    [1 * GIB, 0.25 * GIB],
    [4 * GIB, 1 * GIB],
    [8 * GIB, 1.8 * GIB], // 1 + 0.8
    [16 * GIB, 2.6 * GIB], // 1 + 0.8 + 0.8
    [32 * GIB, 3.56 * GIB], // + 6% of 16
    [128 * GIB, 9.32 * GIB], // + 6% of 112
    [256 * GIB, 11.88 * GIB], // + 2% of 128
  ])('%d bytes', (memory, reserved) => {
    expect(reservedMemoryBytes(memory)).toBeCloseTo(reserved, 0);
  });
});

describe('allocatable', () => {
  test('e2-standard-2: 2 vCPU, 8 GiB -> 1930m, 8 GiB - (1 GiB + 0.8 GiB) - 100 MiB', () => {
    expect(allocatable(MACHINE_TYPES['e2-standard-2'])).toEqual({
      cpuMillis: 1930,
      memoryBytes: Math.floor(8 * GIB - 1 * GIB - 0.8 * GIB - 100 * MIB), // 6,552,341,708 bytes, about 6.1 GiB
    });
    expect(allocatable(MACHINE_TYPES['e2-standard-2']).memoryBytes).toBe(6552341708);
  });

  test('n2-standard-8: 8 vCPU, 32 GiB -> 7910m, 32 GiB - 3.56 GiB - 100 MiB', () => {
    // 3.56 GiB = 1 + 0.8 + 0.8 + 0.96 (6% of 16) = 3,822,520,893.44 bytes;
    // 34,359,738,368 - 3,822,520,893.44 - 104,857,600 = 30,432,359,874.56, rounded down.
    expect(allocatable(MACHINE_TYPES['n2-standard-8'])).toEqual({ cpuMillis: 7910, memoryBytes: 30432359874 });
  });

  test('c3-standard-22: fractional CPU reservation rounds allocatable down', () => {
    // 22 vCPU: 80 + 18 x 2.5 = 125m reserved
    expect(allocatable(MACHINE_TYPES['c3-standard-22']).cpuMillis).toBe(22000 - 125);
  });

  test('shared-core e2-medium: 940m CPU, 4 GiB - 1 GiB - 100 MiB', () => {
    expect(allocatable(MACHINE_TYPES['e2-medium'])).toEqual({ cpuMillis: 940, memoryBytes: 3 * GIB - EVICTION_THRESHOLD_BYTES });
  });

  test('a machine under 1 GiB keeps 255 MiB and the eviction threshold', () => {
    expect(allocatable({ vcpus: 1, memoryGib: 0.5 })).toEqual({ cpuMillis: 940, memoryBytes: (512 - 255 - 100) * MIB });
  });
});

describe('machineShape', () => {
  test('from the table', () => {
    expect(machineShape('e2-standard-2')).toEqual({ vcpus: 2, memoryGib: 8 });
    expect(machineShape('e2-highcpu-16')).toEqual({ vcpus: 16, memoryGib: 16 });
    expect(machineShape('e2-highmem-4')).toEqual({ vcpus: 4, memoryGib: 32 });
    expect(machineShape('n2d-standard-224')).toEqual({ vcpus: 224, memoryGib: 896 });
    expect(machineShape('c3-standard-4')).toEqual({ vcpus: 4, memoryGib: 16 });
  });

  test('from a custom type name', () => {
    expect(machineShape('e2-custom-4-8192')).toEqual({ vcpus: 4, memoryGib: 8 });
    expect(machineShape('custom-2-5120')).toEqual({ vcpus: 2, memoryGib: 5 });
    expect(machineShape('n2-custom-2-20480-ext')).toEqual({ vcpus: 2, memoryGib: 20 });
  });

  test('unknown', () => {
    expect(machineShape('e2-standard-3')).toBeUndefined();
    expect(machineShape('toString')).toBeUndefined();
  });
});

describe("GKE's system pods per node", () => {
  test('the DaemonSets of a Dataplane V2, Workload Identity cluster add up to 447m and 608 MiB', () => {
    expect(GKE_SYSTEM_DAEMONSETS.map((ds) => ds.name)).toEqual(
      ['fluentbit-gke', 'gke-metadata-server', 'anetd', 'gke-metrics-agent', 'netd', 'pdcsi-node'],
    );
    expect(GKE_SYSTEM_PODS_PER_NODE).toEqual({ cpuMillis: 447, memoryBytes: 608 * MIB });
  });

  test('every figure says where it comes from', () => {
    for (const ds of GKE_SYSTEM_DAEMONSETS) expect(ds.source.length).toBeGreaterThan(10);
  });
});

describe('nodeCapacity: capacity - reserved - eviction - system pods', () => {
  test('e2-standard-2: 1930m - 447m; 8 GiB - 1 GiB - 0.8 GiB - 100 MiB - 608 MiB', () => {
    expect(nodeCapacity(MACHINE_TYPES['e2-standard-2'])).toEqual({
      cpuMillis: 1930 - 447,
      memoryBytes: Math.floor(8 * GIB - 1 * GIB - 0.8 * GIB - 100 * MIB) - 608 * MIB, // 5,914,807,500 bytes
    });
  });

  test('the breakdown shows every step', () => {
    expect(nodeCapacityBreakdown(MACHINE_TYPES['e2-standard-2'])).toEqual({
      capacity: { cpuMillis: 2000, memoryBytes: 8 * GIB },
      reserved: { cpuMillis: 70, memoryBytes: 8 * GIB - 6552341708 },
      allocatable: { cpuMillis: 1930, memoryBytes: 6552341708 },
      systemPods: { cpuMillis: 447, memoryBytes: 608 * MIB },
      available: { cpuMillis: 1483, memoryBytes: 5914807500 },
    });
  });

  test('another system-pods figure can be given', () => {
    expect(nodeCapacity(MACHINE_TYPES['e2-standard-4'], { cpuMillis: 100, memoryBytes: 0 }))
      .toEqual({ ...allocatable(MACHINE_TYPES['e2-standard-4']), cpuMillis: 3920 - 100 });
  });

  test('a node too small for the system pods leaves 0, never less', () => {
    expect(nodeCapacity({ vcpus: 1, memoryGib: 0.5 })).toEqual({ cpuMillis: 940 - 447, memoryBytes: 0 });
  });
});

describe('resolveMachine', () => {
  const checker = new PropChecker('Environment', 'production');

  function thrown(fn: () => unknown): Error {
    try {
      fn();
    } catch (err) {
      expect(isConfigError(err)).toBe(true);
      return err as Error;
    }
    throw new Error('did not throw');
  }

  test('a known machine type, or a custom one', () => {
    expect(resolveMachine('e2-standard-2', undefined, checker, 'cluster.machineType')).toEqual({ vcpus: 2, memoryGib: 8 });
    expect(resolveMachine('n2-custom-6-24576', undefined, checker, 'cluster.machineType')).toEqual({ vcpus: 6, memoryGib: 24 });
  });

  test('an unknown machine type lists the known ones and names the override', () => {
    const err = thrown(() => resolveMachine('n9-huge', undefined, checker, 'cluster.machineType'));
    expect(err.message).toBe(
      `Environment 'production': 'cluster.machineType' ("n9-huge") is not a machine type this library knows ` +
        `(known: ${Object.keys(MACHINE_TYPES).join(', ')}, or '<family>-custom-<vCPUs>-<MiB>'); ` +
        "give 'cluster.machineShape' { vcpus, memoryGib } to use it",
    );
    expect(err.message).toContain('known: e2-micro, e2-small, e2-medium, e2-standard-2, ');
  });

  test('an override shape is accepted, even for an unknown type, and wins over the table', () => {
    expect(resolveMachine('n4-standard-4', { vcpus: 4, memoryGib: 16 }, checker, 'cluster.machineType')).toEqual({ vcpus: 4, memoryGib: 16 });
    expect(resolveMachine('e2-standard-2', { vcpus: 2, memoryGib: 7 }, checker, 'cluster.machineType')).toEqual({ vcpus: 2, memoryGib: 7 });
  });

  test('an empty override is refused under its own prop', () => {
    expect(thrown(() => resolveMachine('n4-standard-4', { vcpus: 4, memoryGib: 0 }, checker, 'nodePool.machineType')).message).toBe(
      `Environment 'production': 'nodePool.machineShape' ({"vcpus":4,"memoryGib":0}) must have more than 0 vcpus and memoryGib`,
    );
  });

  test('the override prop can be named explicitly', () => {
    expect(thrown(() => resolveMachine('n9-huge', undefined, checker, 'machine', 'shape')).message)
      .toMatch(/give 'shape' \{ vcpus, memoryGib \} to use it$/);
  });
});
