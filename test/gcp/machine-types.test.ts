import {
  allocatable,
  EVICTION_THRESHOLD_BYTES,
  MACHINE_TYPES,
  machineShape,
  reservedCpuMillis,
  reservedMemoryBytes,
} from '../../lib/gcp/machine-types';

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
