/**
 * What a web API amounts to once its defaults are applied: how many pods, and what each pod requests. `WebApi`
 * builds its objects from these, and the capacity planner sizes node pools from them, so the two cannot disagree.
 */
import { PropChecker } from './errors';
import { AutoscalingProps, MigrationStrategy, WebApiSpec } from './web-api-spec';

/** The HPA settings with defaults applied. */
export type ResolvedAutoscaling = Required<AutoscalingProps>;

/** How many pods a web API runs. */
export interface Scaling {
  /** The HPA, or `undefined` when `replicas` fixes the count. */
  readonly autoscaling?: ResolvedAutoscaling;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** Resolves and validates `replicas` and `autoscaling` (defaults: 2 to 10 pods at 50% CPU). @internal */
export function resolveScaling(c: PropChecker, spec: Pick<WebApiSpec, 'replicas' | 'autoscaling'>): Scaling {
  c.integer('replicas', spec.replicas, { min: 0 });
  if (spec.replicas !== undefined && spec.autoscaling !== undefined) {
    c.fail('replicas', spec.replicas, 'cannot be set beside \'autoscaling\': the HPA owns the replica count, and every apply would reset it');
  }
  if (spec.replicas !== undefined) return { minReplicas: spec.replicas, maxReplicas: spec.replicas };
  const a: ResolvedAutoscaling = {
    minReplicas: spec.autoscaling?.minReplicas ?? 2,
    maxReplicas: spec.autoscaling?.maxReplicas ?? 10,
    targetCpuUtilization: spec.autoscaling?.targetCpuUtilization ?? 50,
    scaleDownStabilizationSeconds: spec.autoscaling?.scaleDownStabilizationSeconds ?? 300,
  };
  c.integer('autoscaling.minReplicas', a.minReplicas, { min: 1 });
  c.integer('autoscaling.maxReplicas', a.maxReplicas);
  c.atLeast('autoscaling.maxReplicas', a.maxReplicas, 'autoscaling.minReplicas', a.minReplicas);
  c.integer('autoscaling.targetCpuUtilization', a.targetCpuUtilization, { min: 1, max: 100 });
  c.integer('autoscaling.scaleDownStabilizationSeconds', a.scaleDownStabilizationSeconds, { min: 0, max: 3600 });
  return { autoscaling: a, minReplicas: a.minReplicas, maxReplicas: a.maxReplicas };
}

/** The migration strategy a web API ends up with. @internal */
export function resolveMigrationStrategy(spec: Pick<WebApiSpec, 'migrations'>, maxReplicas: number): MigrationStrategy | undefined {
  if (!spec.migrations) return undefined;
  return spec.migrations.strategy ?? (maxReplicas > 1 ? MigrationStrategy.JOB : MigrationStrategy.INIT_CONTAINER);
}
