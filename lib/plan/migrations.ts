/**
 * What the migration Job is, as data: its name (a hash of everything that reaches its spec), its retry and clean-up
 * settings, and the kubectl image of the JOB_WITH_WAIT init container. `resolveMigrations` (web-api-model.ts) gathers
 * the inputs; the renderer (`lib/k8s/migration-job.ts`) writes exactly what these say. Pure: no cdk8s, no I/O.
 */
import { createHash } from 'crypto';
import { PropChecker } from './errors';
import { KUBECTL_IMAGE_REPOSITORY, MigrationStrategy, MigrationsProps } from './web-api-spec';

/** Retries of a failed migration pod (a new pod each time) before the Job fails. */
export const MIGRATION_BACKOFF_LIMIT = 2;

/** How long a finished JOB-strategy Job, with its pod and logs, stays before Kubernetes deletes it: a day. */
export const MIGRATION_TTL_SECONDS = 86400;

/**
 * Part of every Job name's hash. The hash covers what the model says; bump this when the renderer changes what it
 * writes for the same model, so that no Job is ever patched with a new pod template (`field is immutable`).
 * test/k8s/migration-job.test.ts fingerprints the rendered Job and names this constant when it changes.
 */
export const MIGRATION_JOB_TEMPLATE_REVISION = 2;

/** The longest Job name whose `job-name` pod label (63 characters at most) the Job controller can still write. */
const MAX_JOB_NAME = 63;
const HASH_LENGTH = 8;
const JOB_INFIX = '-migrate-';
const KUBERNETES_VERSION = /^1\.(\d+)(\.\d+)?$/;

/** JSON with the keys of every object sorted, so that equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
    : v));
}

/**
 * `<stem>-migrate-<hash>`: the hash of the canonical JSON of `inputs`, which must hold everything that reaches the
 * Job's spec, so that a change to any of it names a new Job and the same description always names the same one.
 * The stem is cut so that the name fits a label value.
 */
export function migrationJobName(stem: string, inputs: unknown): string {
  const hash = createHash('sha256').update(canonicalJson({ revision: MIGRATION_JOB_TEMPLATE_REVISION, inputs })).digest('hex').slice(0, HASH_LENGTH);
  return `${stem.slice(0, MAX_JOB_NAME - JOB_INFIX.length - HASH_LENGTH)}${JOB_INFIX}${hash}`;
}

/** The kubectl image of a Kubernetes version (`1.35` → `registry.k8s.io/kubectl:v1.35.0`). */
export function kubectlImage(version: string): string {
  const [, minor, patch] = KUBERNETES_VERSION.exec(version) ?? [];
  return `${KUBECTL_IMAGE_REPOSITORY}:v1.${minor}${patch ?? '.0'}`;
}

/** `1.35` of a GKE version (`1.35`, `1.35.1`, `1.35.1-gke.1000`), or `undefined`. */
export function kubernetesMinorOf(version: string | undefined): string | undefined {
  return /^(1\.\d+)(\.|$)/.exec(version ?? '')?.[1];
}

/**
 * The image of the init container that waits for the Job: JOB_WITH_WAIT only, where `kubectlVersion` or a pinned
 * `waitImage` is required (no default kubectl, which would drift out of the cluster's supported skew); elsewhere both
 * props are refused. `checkImage` validates a user's image as the API's own.
 * @internal
 */
export function resolveWaitImage(
  c: PropChecker, m: MigrationsProps, strategy: MigrationStrategy, checkImage: (prop: string, image: string) => string,
): string | undefined {
  if (strategy !== MigrationStrategy.JOB_WITH_WAIT) {
    for (const key of ['kubectlVersion', 'waitImage'] as const) {
      if (m[key] !== undefined) c.fail(`migrations.${key}`, m[key], 'applies to MigrationStrategy.JOB_WITH_WAIT only: no other strategy waits for the Job in the pods');
    }
    return undefined;
  }
  if (m.waitImage !== undefined && m.kubectlVersion !== undefined) {
    c.fail('migrations.waitImage', m.waitImage, "cannot be set beside 'migrations.kubectlVersion', which names the image itself");
  }
  if (m.waitImage !== undefined) return checkImage('migrations.waitImage', m.waitImage);
  if (m.kubectlVersion === undefined) {
    c.fail('migrations.kubectlVersion', undefined, "is required with MigrationStrategy.JOB_WITH_WAIT: the waiting kubectl must be within one minor version of the cluster (e.g. '1.35'; a PlatformSpec environment derives it from 'cluster.minMasterVersion')");
  }
  c.matches('migrations.kubectlVersion', m.kubectlVersion, KUBERNETES_VERSION, "a Kubernetes version such as '1.35' or '1.35.2'");
  return kubectlImage(m.kubectlVersion);
}
