/**
 * Capacity planning and the picture of one environment of a platform description: what its APIs need at their HPA
 * minimums and maximums against what its node pool holds (seed 000: resource utilisation), checked at synth by
 * both `PlatformChart` and `PlatformStack`, and printed by `npm run plan`.
 */
import { CapacityInput, CapacityReport, planCapacity } from './capacity';
import { DiagramApi, DiagramInput } from './capacity-diagram';
import { DEFAULT_MACHINE_TYPE, DEFAULT_MAX_NODES, DEFAULT_MIN_NODES, ResolvedEnvironment } from './environment';
import { ConfigError, PropChecker } from './errors';
import { resolveMachine } from './machine-types';


/** The capacity planner's input for an environment, or `undefined` on Autopilot (Google sizes the nodes). */
export function capacityInput(env: ResolvedEnvironment): CapacityInput | undefined {
  const cluster = env.spec.cluster;
  if (cluster.mode === 'autopilot') return undefined;
  const c = new PropChecker('Platform', env.spec.name);
  const machineType = cluster.machineType ?? DEFAULT_MACHINE_TYPE;
  return {
    environment: env.spec.name,
    nodePool: {
      machineType,
      shape: resolveMachine(machineType, cluster.machineShape, c, `environments[${env.index}].cluster.machineType`),
      minNodes: cluster.minNodes ?? DEFAULT_MIN_NODES,
      maxNodes: cluster.maxNodes ?? DEFAULT_MAX_NODES,
      zones: env.zones,
    },
    // Each API's pod as the scheduler sees it: app, init containers and native sidecars (the Cloud SQL proxy).
    apis: env.apis.map(({ model }) => ({
      name: model.name, minReplicas: model.scaling.minReplicas, maxReplicas: model.scaling.maxReplicas, pod: model.podRequest,
    })),
  };
}

/** The capacity report of an environment, or `undefined` on Autopilot. */
export function environmentCapacity(env: ResolvedEnvironment): CapacityReport | undefined {
  const input = capacityInput(env);
  return input && planCapacity(input);
}

/**
 * Throws when the environment's APIs cannot fit in its node pool at their HPA maximums (or one pod on one node),
 * naming the numbers; returns the report, whose `warnings` the caller prints.
 */
export function checkEnvironmentCapacity(env: ResolvedEnvironment): CapacityReport | undefined {
  const report = environmentCapacity(env);
  if (report && report.errors.length > 0) {
    throw new ConfigError('Platform', env.spec.name, `environments[${env.index}].cluster`, describePool(env), `cannot hold its APIs: ${report.errors.join('; ')}`);
  }
  return report;
}

function describePool(env: ResolvedEnvironment): string {
  const c = env.spec.cluster;
  return `${c.minNodes ?? DEFAULT_MIN_NODES}–${c.maxNodes ?? DEFAULT_MAX_NODES} × ${c.machineType ?? DEFAULT_MACHINE_TYPE}${env.zones > 1 ? ` × ${env.zones} zones` : ''}`;
}

/** The environment as a diagram: DNS → IP → Ingress → Service → pods ← HPA, steps, nodes, identities. */
export function environmentDiagram(env: ResolvedEnvironment): DiagramInput {
  const cluster = env.spec.cluster;
  return {
    environment: env.spec.name,
    cluster: {
      name: cluster.name,
      machineType: cluster.mode === 'autopilot' ? 'Autopilot' : cluster.machineType ?? DEFAULT_MACHINE_TYPE,
      minNodes: cluster.minNodes ?? DEFAULT_MIN_NODES,
      maxNodes: cluster.maxNodes ?? DEFAULT_MAX_NODES,
      zones: env.zones,
    },
    registry: env.registryUrl,
    apis: env.apis.map(({ model, names }) => ({
      name: model.name,
      namespace: model.namespace,
      host: model.tls?.host,
      staticIpName: names.staticIpName,
      tlsMode: model.tls?.mode,
      serviceName: model.serviceName,
      minReplicas: model.scaling.minReplicas,
      maxReplicas: model.scaling.maxReplicas,
      targetCpu: model.scaling.autoscaling?.targetCpuUtilization ?? 0,
      initSteps: model.preStartSteps.map((s) => s.name),
      migration: model.migrations?.strategy as DiagramApi['migration'],
      kubernetesServiceAccount: names.kubernetesServiceAccount,
      googleServiceAccount: model.googleServiceAccount,
      image: model.image,
    })),
  };
}
