/**
 * `cdk-fastapi-gke deploy dist/<environment>`: the pipeline step that applies an environment's manifests in order.
 * The migration stage (objects marked `cdk-fastapi-gke.io/deploy-stage: migrate`: MigrationStrategy.JOB's Job and
 * what its pod needs) is applied first; each of its Jobs must then complete (`kubectl wait --for=condition=complete`,
 * for at most the Job's `activeDeadlineSeconds`), and the first that fails (`condition=failed`) or runs out of time
 * stops the deploy before the app is applied, so that the previous version keeps serving. Then the rest is applied.
 * Without a migration stage, everything is applied at once. The objects go to `kubectl apply -f -` as a `List`.
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { formatInputError, loadPaths } from './checks/load';
import { Manifest } from './checks/model';
import { DEPLOY_STAGE_ANNOTATION, MIGRATION_STAGE } from './plan/annotations';

/** How long to wait for a migration Job that names no `activeDeadlineSeconds`. */
const DEFAULT_JOB_TIMEOUT_SECONDS = 600;

/** What {@link deploy} applies, and how. */
export interface DeployOptions {
  /** The files or the directory of one environment (`dist/production`). */
  readonly paths: readonly string[];
  /**
   * The kubeconfig context every kubectl call names (`--context`).
   * @default - kubectl's current context
   */
  readonly context?: string;
  /**
   * Print the kubectl commands, one a line, and run none.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * The kubectl program.
   * @default 'kubectl' (found on PATH)
   */
  readonly kubectl?: string;
  /**
   * Where progress lines go (a stop is the thrown {@link DeployError}'s one line).
   * @default - standard output, beside kubectl's own
   */
  readonly log?: (line: string) => void;
}

/** A migration Job to wait for. */
export interface DeployJob {
  readonly namespace: string;
  readonly name: string;
  readonly timeoutSeconds: number;
}

/** The stages of a deploy. */
export interface DeployPlan {
  /** The migration stage, applied first, and the Jobs in it. */
  readonly stage: readonly Manifest[];
  readonly jobs: readonly DeployJob[];
  /** The rest, applied once every Job has completed. */
  readonly app: readonly Manifest[];
  /** The files of each, for messages. */
  readonly stageFiles: readonly string[];
  readonly appFiles: readonly string[];
  /**
   * The PriorityClasses the pods name that the environment does not hold: cluster-scoped, they come from the platform
   * owner's `dist/_cluster/<environment>.yaml`, and must exist before any pod is created.
   */
  readonly priorityClasses: readonly string[];
}

/** A deploy that stopped: one line; `usage` for a mistake in the command rather than a failure of the cluster's. */
export class DeployError extends Error {
  /** A user's or the cluster's mistake: the CLI prints the message, without a stack trace. */
  public readonly isUserError = true;

  constructor(message: string, public readonly usage = false) {
    super(message);
    this.name = 'DeployError';
  }
}

/** Reads the manifests of one environment and splits them into the migration stage and the app. */
export function planDeploy(paths: readonly string[]): DeployPlan {
  const loaded = loadPaths(paths);
  if (loaded.errors.length > 0) throw new DeployError(formatInputError(loaded.errors[0]), true);
  if (loaded.terraform.length > 0) {
    throw new DeployError(`${loaded.terraform[0].file} is Terraform JSON: deploy applies Kubernetes manifests (cdktf deploy applies Terraform)`, true);
  }
  const dirs = [...new Set(loaded.manifests.map((m) => path.dirname(m.file ?? '')))];
  if (dirs.length > 1) {
    throw new DeployError(`deploy applies one environment at a time, and ${paths.join(' ')} holds manifests in ${dirs.join(', ')}: name one of them`, true);
  }
  if (loaded.manifests.length === 0) throw new DeployError(`no Kubernetes objects in ${paths.join(' ')}`, true);
  const inStage = (m: Manifest) => m.metadata?.annotations?.[DEPLOY_STAGE_ANNOTATION] === MIGRATION_STAGE;
  const stage = loaded.manifests.filter((m) => inStage(m.manifest));
  const app = loaded.manifests.filter((m) => !inStage(m.manifest));
  const files = (list: typeof stage) => [...new Set(list.map((m) => path.basename(m.file ?? '')))];
  return {
    stage: stage.map((m) => m.manifest),
    jobs: stage.filter((m) => m.manifest.kind === 'Job').map(({ manifest }) => ({
      namespace: manifest.metadata?.namespace ?? 'default',
      name: manifest.metadata?.name ?? '',
      timeoutSeconds: manifest.spec?.activeDeadlineSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS,
    })),
    app: app.map((m) => m.manifest),
    stageFiles: files(stage),
    appFiles: files(app),
    priorityClasses: priorityClassesNamed(loaded.manifests.map((m) => m.manifest)),
  };
}

/** Applies the migration stage, waits for its Jobs, then applies the app; throws a {@link DeployError} when it stops. */
export async function deploy(options: DeployOptions): Promise<void> {
  const plan = planDeploy(options.paths);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const kubectl = new Kubectl(options.kubectl ?? 'kubectl', options.context);
  const describe = (what: string, objects: readonly Manifest[], files: readonly string[]) => `${what}: ${objects.length} objects from ${files.join(', ')}`;
  if (options.dryRun) {
    if (plan.stage.length > 0) log(`${kubectl.line(['apply', '-f', '-'])}   # ${describe('the migration stage', plan.stage, plan.stageFiles)}`);
    for (const job of plan.jobs) log(`${kubectl.line(waitArgs(job, 'complete'))}   # and condition=failed, which stops the deploy`);
    if (plan.app.length > 0) log(`${kubectl.line(['apply', '-f', '-'])}   # ${describe('the app', plan.app, plan.appFiles)}`);
    return;
  }
  for (const name of plan.priorityClasses) await kubectl.expectPriorityClass(name);
  if (plan.stage.length > 0) {
    log(`deploy: applying ${describe('the migration stage', plan.stage, plan.stageFiles)}`);
    await kubectl.apply(plan.stage, 'the migration stage could not be applied, and nothing else was');
    for (const job of plan.jobs) {
      log(`deploy: waiting for job ${job.namespace}/${job.name} to complete (at most ${job.timeoutSeconds}s)`);
      await waitForJob(kubectl, job);
    }
  }
  if (plan.app.length > 0) {
    log(`deploy: applying ${describe('the app', plan.app, plan.appFiles)}`);
    await kubectl.apply(plan.app, plan.stage.length > 0 ? 'the app could not be applied after the migrations completed' : 'the manifests could not be applied');
  }
}

/** The PriorityClasses the pod templates name, less those among the objects. */
function priorityClassesNamed(objects: readonly Manifest[]): string[] {
  const defined = new Set(objects.filter((o) => o.kind === 'PriorityClass').map((o) => o.metadata?.name));
  const named = objects.map((o) => (o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec)?.priorityClassName)
    .filter((name): name is string => typeof name === 'string' && !defined.has(name));
  return [...new Set(named)].sort();
}

function waitArgs(job: DeployJob, condition: 'complete' | 'failed'): string[] {
  return ['wait', `--for=condition=${condition}`, `--timeout=${job.timeoutSeconds}s`, '-n', job.namespace, `job/${job.name}`];
}

/**
 * Waits for `condition=complete` and `condition=failed` at once: the first to be met decides, and the other waiter is
 * stopped. A complete waiter that gives up (time out, no such Job) fails the deploy as well.
 */
async function waitForJob(kubectl: Kubectl, job: DeployJob): Promise<void> {
  const ref = `${job.namespace}/${job.name}`;
  const stopped = `the app was not applied, and the previous version keeps serving (kubectl -n ${job.namespace} logs job/${job.name}`;
  let said = '';
  const outcome = await new Promise<'complete' | 'failed' | 'gave up' | Error>((resolve) => {
    const complete = kubectl.start(waitArgs(job, 'complete'));
    const failed = kubectl.start(waitArgs(job, 'failed'));
    complete.stderr!.on('data', (chunk: Buffer) => { said += chunk.toString(); });
    const finish = (result: 'complete' | 'failed' | 'gave up' | Error) => {
      for (const child of [complete, failed]) if (child.exitCode === null) child.kill();
      resolve(result);
    };
    complete.on('error', finish);
    failed.on('error', finish);
    complete.on('exit', (code) => finish(code === 0 ? 'complete' : 'gave up'));
    failed.on('exit', (code) => { if (code === 0) finish('failed'); });
  });
  if (outcome === 'complete') return;
  if (outcome instanceof Error) throw kubectl.notRunnable(outcome);
  if (outcome === 'failed') throw new DeployError(`migration job ${ref} failed: ${stopped}; delete the Job to run the same release again)`);
  const why = said.trim().split('\n').pop()?.replace(/^error: /, '') || `it did not complete within ${job.timeoutSeconds}s`;
  throw new DeployError(`migration job ${ref} did not complete (kubectl wait: ${why}): ${stopped})`);
}

/** kubectl, with the context of every call. */
class Kubectl {
  constructor(private readonly program: string, private readonly context: string | undefined) {}

  public line(args: readonly string[]): string {
    return [this.program, ...this.contextArgs(), ...args].join(' ');
  }

  /** A kubectl that runs beside this one; what it says on standard error is the caller's to read. */
  public start(args: readonly string[]): ChildProcess {
    return spawn(this.program, [...this.contextArgs(), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** `kubectl apply -f -` with the objects as a List on its standard input; `failure` says what a failure means. */
  public async apply(objects: readonly Manifest[], failure: string): Promise<void> {
    const child = spawn(this.program, [...this.contextArgs(), 'apply', '-f', '-'], { stdio: ['pipe', 'inherit', 'inherit'] });
    const code = await new Promise<number | Error>((resolve) => {
      child.on('error', resolve);
      child.on('close', (c) => resolve(c ?? 1));
      child.stdin!.on('error', () => undefined); // a kubectl that exits early closes its input: its exit code says why
      child.stdin!.end(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    });
    if (code instanceof Error) throw this.notRunnable(code);
    if (code !== 0) throw new DeployError(`${failure} (kubectl apply exited with ${code})`);
  }

  /**
   * Stops the deploy before anything is applied when a PriorityClass the pods name is missing: the API server would
   * refuse every pod ("no PriorityClass with name ... was found"), and a migration Job would wait until its deadline.
   */
  public async expectPriorityClass(name: string): Promise<void> {
    const child = spawn(this.program, [...this.contextArgs(), 'get', 'priorityclass', name, '-o', 'name'], { stdio: ['ignore', 'ignore', 'ignore'] });
    const code = await new Promise<number | Error>((resolve) => {
      child.on('error', resolve);
      child.on('close', (c) => resolve(c ?? 1));
    });
    if (code instanceof Error) throw this.notRunnable(code);
    if (code !== 0) {
      throw new DeployError(`PriorityClass ${name}, which the pods name, is not in the cluster: the platform owner applies dist/_cluster/<environment>.yaml first (its cluster-scoped objects); nothing was applied`);
    }
  }

  public notRunnable(err: Error): DeployError {
    return new DeployError(`cannot run ${this.program}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found on PATH' : err.message}`);
  }

  private contextArgs(): string[] {
    return this.context === undefined ? [] : ['--context', this.context];
  }
}
