import { PropChecker } from './errors';
import { formatBytes, formatCpu, parseBytes, parseCpu } from './quantity';

/** A request and a limit, as Kubernetes quantity strings. */
export interface QuantityPair {
  /** What the scheduler reserves. */
  readonly request?: string;
  /** The most the container may use. */
  readonly limit?: string;
}

/**
 * CPU, memory and ephemeral-storage requests and limits for one container. Every omitted value takes its
 * default, so no container is ever left to cdk8s-plus's 1000m/512Mi defaults.
 */
export interface ContainerResourcesProps {
  /**
   * CPU, e.g. `{ request: '250m', limit: '500m' }`. The HPA's utilization target is a share of the request.
   * @default - request 250m, limit twice the request
   */
  readonly cpu?: QuantityPair;
  /**
   * Memory, e.g. `{ request: '256Mi', limit: '256Mi' }`. A limit equal to the request avoids OOM kills under node
   * pressure.
   * @default - request 256Mi, limit equal to the request
   */
  readonly memory?: QuantityPair;
  /**
   * Ephemeral storage: container logs, writable layers and the `/tmp` emptyDir.
   * @default - request 64Mi, limit 256Mi
   */
  readonly ephemeralStorage?: QuantityPair;
}

/** Parsed, effective container resources: CPU in millicores, memory and storage in bytes. */
export interface ResourceValues {
  readonly cpuRequestMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryRequestBytes: number;
  readonly memoryLimitBytes: number;
  readonly storageRequestBytes: number;
  readonly storageLimitBytes: number;
}

/** The defaults of {@link ContainerResourcesProps}. */
export const DEFAULT_RESOURCES = {
  cpuRequest: '250m',
  memoryRequest: '256Mi',
  storageRequest: '64Mi',
  storageLimit: '256Mi',
} as const;

/**
 * Resolves defaults and validates one container's resources.
 * @param prop the prop path for messages, e.g. `resources` or `preStartSteps[0].resources`
 * @param inherit values to start from instead of the defaults (init containers inherit the app's)
 */
export function resolveResources(
  checker: PropChecker,
  prop: string,
  props: ContainerResourcesProps | undefined,
  inherit?: ResourceValues,
): ResourceValues {
  const cpuRequest = quantity(checker, `${prop}.cpu.request`, props?.cpu?.request, parseCpu, 'a CPU quantity such as 250m or 0.5')
    ?? inherit?.cpuRequestMillis ?? parseCpu(DEFAULT_RESOURCES.cpuRequest)!;
  const cpuLimit = quantity(checker, `${prop}.cpu.limit`, props?.cpu?.limit, parseCpu, 'a CPU quantity such as 500m or 1')
    ?? (props?.cpu?.request === undefined ? inherit?.cpuLimitMillis : undefined) ?? cpuRequest * 2;
  const memRequest = quantity(checker, `${prop}.memory.request`, props?.memory?.request, parseBytes, 'a memory quantity such as 256Mi or 1Gi')
    ?? inherit?.memoryRequestBytes ?? parseBytes(DEFAULT_RESOURCES.memoryRequest)!;
  const memLimit = quantity(checker, `${prop}.memory.limit`, props?.memory?.limit, parseBytes, 'a memory quantity such as 256Mi or 1Gi')
    ?? (props?.memory?.request === undefined ? inherit?.memoryLimitBytes : undefined) ?? memRequest;
  const storageRequest = quantity(checker, `${prop}.ephemeralStorage.request`, props?.ephemeralStorage?.request, parseBytes, 'a storage quantity such as 64Mi or 1Gi')
    ?? inherit?.storageRequestBytes ?? parseBytes(DEFAULT_RESOURCES.storageRequest)!;
  const storageLimit = quantity(checker, `${prop}.ephemeralStorage.limit`, props?.ephemeralStorage?.limit, parseBytes, 'a storage quantity such as 256Mi or 1Gi')
    ?? inherit?.storageLimitBytes ?? Math.max(storageRequest, parseBytes(DEFAULT_RESOURCES.storageLimit)!);

  for (const [name, request, limit, format] of [
    ['cpu', cpuRequest, cpuLimit, formatCpu],
    ['memory', memRequest, memLimit, formatBytes],
    ['ephemeralStorage', storageRequest, storageLimit, formatBytes],
  ] as const) {
    if (limit < request) {
      checker.fail(`${prop}.${name}.limit`, format(limit), `must be at least '${prop}.${name}.request' (${format(request)})`);
    }
  }
  if (memRequest === 0) checker.fail(`${prop}.memory.request`, formatBytes(memRequest), 'must be above 0: the scheduler would place the pod anywhere');
  return {
    cpuRequestMillis: cpuRequest,
    cpuLimitMillis: cpuLimit,
    memoryRequestBytes: memRequest,
    memoryLimitBytes: memLimit,
    storageRequestBytes: storageRequest,
    storageLimitBytes: storageLimit,
  };
}

/** The Kubernetes `resources` block for these values. */
export function renderResources(v: ResourceValues): { requests: Record<string, string>; limits: Record<string, string> } {
  return {
    requests: { 'cpu': formatCpu(v.cpuRequestMillis), 'memory': formatBytes(v.memoryRequestBytes), 'ephemeral-storage': formatBytes(v.storageRequestBytes) },
    limits: { 'cpu': formatCpu(v.cpuLimitMillis), 'memory': formatBytes(v.memoryLimitBytes), 'ephemeral-storage': formatBytes(v.storageLimitBytes) },
  };
}

function quantity(
  checker: PropChecker, prop: string, text: string | undefined, parse: (t: string) => number | undefined, what: string,
): number | undefined {
  if (text === undefined) return undefined;
  const value = parse(text);
  if (value === undefined) checker.fail(prop, text, `must be ${what}`);
  return value;
}
