/**
 * Annotations that carry facts from the constructs to the checks, so that the checks can read them in any YAML,
 * not only in what this library wrote.
 */

/** How a workload's migrations run once: `locked-init-container` when the command holds a database lock. */
export const MIGRATIONS_ANNOTATION = 'cdk-fastapi-gke.io/migrations';

/**
 * The deploy stage of an object: `migrate` marks the migration Job of MigrationStrategy.JOB and the objects its pod
 * needs. `cdk-fastapi-gke deploy` applies them, waits for the Jobs among them to complete, then applies the rest; the
 * Kubernetes synth writes them to a file of their own that sorts first (`00-migrate.yaml`).
 */
export const DEPLOY_STAGE_ANNOTATION = 'cdk-fastapi-gke.io/deploy-stage';

/** The {@link DEPLOY_STAGE_ANNOTATION} value of the migration stage. */
export const MIGRATION_STAGE = 'migrate';

/**
 * The {@link DEPLOY_STAGE_ANNOTATION} value of an environment's cluster-scoped objects (the PriorityClass, the
 * ClusterIssuers), which the platform owner applies once with cluster-admin, apart from the APIs.
 */
export const CLUSTER_STAGE = 'cluster';

/** One worker's memory (e.g. `1Gi`), so that workers × memory can be checked against the limit. */
export const MEMORY_PER_WORKER_ANNOTATION = 'cdk-fastapi-gke.io/memory-per-worker';

/** Prefix of a suppression: `suppress.cdk-fastapi-gke.io/<rule-id>: <reason>`. */
export const SUPPRESS_ANNOTATION_PREFIX = 'suppress.cdk-fastapi-gke.io/';

/** A suppression must say why, in at least this many characters. */
export const MIN_SUPPRESSION_REASON = 10;

/**
 * Prefix of the reason beside a third-party tool's own exemption that has no room for one (Polaris's
 * `polaris.fairwinds.com/<check>-exempt: "true"`): `exemption-reason.cdk-fastapi-gke.io/polaris-<check>: <reason>`.
 */
export const EXEMPTION_REASON_PREFIX = 'exemption-reason.cdk-fastapi-gke.io/';

/**
 * Polaris's exemption of an object from one check, the annotation Polaris reads on the top-level object
 * (pkg/validator/schema.go, hasExemptionAnnotation), with the reason beside it.
 */
export function polarisExemption(check: string, reason: string): Record<string, string> {
  return { [`polaris.fairwinds.com/${check}-exempt`]: 'true', [`${EXEMPTION_REASON_PREFIX}polaris-${check}`]: reason };
}
