/**
 * The Kubernetes synth of a platform description: what `apps/k8s.ts` (the reference platform), an app repository
 * and the scale benchmark (`bench/`, N web APIs) call. Every environment is one cdk8s `Chart` (a `PlatformChart`) whatever the number of
 * APIs: one Chart per service makes synth time grow quadratically (cdk8s sorts and validates the whole app once per
 * chart), one Chart with N services grows linearly. `filePerApi` keeps one file per API all the same.
 *
 * An environment with a migration stage (MigrationStrategy.JOB: objects annotated `cdk-fastapi-gke.io/deploy-stage:
 * migrate`) writes it to a file of its own that sorts first, `00-migrate.yaml`, and the rest to `10-<name>.yaml`:
 * `cdk-fastapi-gke deploy dist/<environment>` applies the stage, waits for its Jobs, then applies the app. The checks
 * still read every file of the environment together.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { enforceChecks } from '../checks/enforce';
import { compareCodePoints } from '../checks/load';
import type { LoadedManifest } from '../checks/runner';
import { PlatformChart } from '../k8s/platform-chart';
import { CLUSTER_STAGE, DEPLOY_STAGE_ANNOTATION, MIGRATION_STAGE } from '../plan/annotations';
import { PlatformSpec } from '../plan/platform';
import { reportFileOf } from './atomic-output';
import { assertSafeOutputDir } from './output-paths';
import { OutputTransaction, writeOutputs } from './output-transaction';
import { saveManifests } from './yaml-writer';

export interface KubernetesSynthOptions {
  /** Where to write `<environment>/`; replaced all at once, or left as it was when anything fails. */
  readonly outdir: string;
  /**
   * Write `<environment>/<api>.yaml` for each API instead of one `<environment>/<chartId>.yaml` (and
   * `<environment>/_shared.yaml` for objects of no API, if there are any). Same objects, same order within each API,
   * same checks; still one Chart, so still linear. With a migration stage, each API's is `00-migrate-<api>.yaml`, and
   * the other files are `10-<api>.yaml`.
   * @default false
   */
  readonly filePerApi?: boolean;
  /**
   * The chart's id, which names the file of the default layout.
   * @default 'kf-api'
   */
  readonly chartId?: string;
  /**
   * Where warnings go.
   * @default - standard error
   */
  readonly log?: (text: string) => void;
  /**
   * Also copy the written files here once they are in place: the cdk8s CLI's own output folder, which it empties
   * before it runs the app, so that `cdk8s synth` lists them and runs its validation plugins on them while `outdir`
   * keeps the last good output whatever happens.
   * @default - nowhere
   */
  readonly copyTo?: string;
  /**
   * Write within a caller's transaction (`synthPlatform` switches both outputs together) instead of an own one.
   * @internal
   */
  readonly transaction?: OutputTransaction;
}

/** The outputs of a synth into `outdir`: the directory and its checks' report. */
export function outputsOf(outdir: string): Array<{ path: string; kind: 'dir' | 'file' }> {
  return [{ path: outdir, kind: 'dir' }, { path: reportFileOf(outdir), kind: 'file' }];
}

/** Runs `body` in `tx`, or in a transaction of its own over `outdir` and its report. */
export function inTransaction(tx: OutputTransaction | undefined, outdir: string, body: (tx: OutputTransaction) => void): void {
  if (tx) body(tx);
  else writeOutputs(outputsOf(outdir), body);
}

const EXTENSION = '.yaml';

/**
 * Synthesizes every environment of `platform` into `outdir/<environment>/` and runs the checks on the result. The
 * files are those `app.synth()` writes with `YamlOutputType.FILE_PER_CHART` (or one per API); the checks get the
 * objects as written, with their files and lines, without parsing the YAML again (yaml-writer.ts).
 */
export function synthKubernetes(platform: PlatformSpec, options: KubernetesSynthOptions): void {
  const log = options.log ?? ((text: string) => process.stderr.write(text));
  const displayDir = options.outdir;
  inTransaction(options.transaction, options.outdir, (tx) => {
    const tmp = tx.dir(options.outdir);
    const files: { segments: string[]; manifests: LoadedManifest[] }[] = [];
    for (const env of platform.environments) {
      // recordConstructMetadata: false. The cdk8s CLI asks for construct-metadata.json when validations run; dist/
      // must hold manifests only, so that `kubectl apply -f dist/<environment>/` applies exactly what synth writes.
      const app = new App({ outdir: path.join(tmp, env.name), outputFileExtension: EXTENSION, recordConstructMetadata: false });
      const chart = new PlatformChart(app, options.chartId ?? 'kf-api', { platform, environment: env.name });
      // chart.toJson() validates, resolves and orders the objects as app.synth() does for a single chart.
      const all = chart.toJson();
      // Cluster-scoped objects go apart, for the platform owner: `kubectl apply -f dist/<environment>/` never needs
      // cluster-admin, and `deploy` reads one environment's directory.
      const cluster = all.filter(isClusterObject);
      const objects = all.filter((obj) => !isClusterObject(obj));
      const byFile = splitStages(options.filePerApi ? groupByApi(chart, objects) : new Map([[chart.node.id, objects]]), options.filePerApi ?? false);
      const write = (segments: string[], docs: readonly any[]) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        fs.mkdirSync(path.join(tmp, ...segments.slice(0, -1)), { recursive: true });
        files.push({ segments, manifests: saveManifests(path.join(tmp, ...segments), docs, path.join(displayDir, ...segments)) });
      };
      for (const [name, docs] of byFile) write([env.name, `${name}${EXTENSION}`], docs);
      if (cluster.length > 0) write([CLUSTER_DIR, `${env.name}${EXTENSION}`], cluster);
      for (const warning of chart.capacity?.warnings ?? []) log(`warning: ${env.name}: ${warning}\n`);
    }
    // The order the checks would read the directory in (sorted, as lib/checks/load.ts walks it), so that the report
    // is the same. Errors fail the synth before anything replaces the output; warnings are printed;
    // <outdir>.checks.json keeps the report.
    files.sort((a, b) => compareSegments(a.segments, b.segments));
    enforceChecks({ manifests: files.flatMap((f) => f.manifests) }, { reportFile: tx.file(reportFileOf(displayDir)), log });
  });
  // Within a caller's transaction, the caller copies once the outputs are switched.
  if (options.copyTo !== undefined && options.transaction === undefined) copyOutput(options.outdir, options.copyTo);
}

/**
 * Copies the files of `from` into `to`, which is emptied first (the cdk8s CLI's folder: nothing else of ours).
 * @internal
 */
export function copyOutput(from: string, to: string): void {
  const target = assertSafeOutputDir(to);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(from, target, { recursive: true });
}

/** The file of an environment's migration stage (one per API with `filePerApi`): it sorts before every other. */
export const MIGRATION_STAGE_FILE = '00-migrate';

/** What the other files' names start with in an environment with a migration stage, so that they sort after it. */
export const APP_STAGE_PREFIX = '10-';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const isStageObject = (obj: any): boolean => obj.metadata?.annotations?.[DEPLOY_STAGE_ANNOTATION] === MIGRATION_STAGE;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const isClusterObject = (obj: any): boolean => obj.metadata?.annotations?.[DEPLOY_STAGE_ANNOTATION] === CLUSTER_STAGE;

/**
 * Where the environments' cluster-scoped objects go: `<outdir>/_cluster/<environment>.yaml`. No environment can be
 * named `_cluster` (environment names are DNS labels).
 */
export const CLUSTER_DIR = '_cluster';

/**
 * Moves the migration stage's objects out of `files` into {@link MIGRATION_STAGE_FILE} (or `00-migrate-<api>` per
 * API) and prefixes the other files with {@link APP_STAGE_PREFIX}, so that the files sort in apply order. Without a
 * stage, `files` is returned as it is: the names stay what they always were.
 */
function splitStages(files: Map<string, any[]>, perApi: boolean): Map<string, any[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (![...files.values()].some((objs) => objs.some(isStageObject))) return files;
  const out = new Map<string, any[]>(); // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const [name, objs] of files) {
    const stage = objs.filter(isStageObject);
    if (stage.length > 0) out.set(perApi ? `${MIGRATION_STAGE_FILE}-${name}` : MIGRATION_STAGE_FILE, stage);
    const rest = objs.filter((obj) => !isStageObject(obj));
    if (rest.length > 0) out.set(`${APP_STAGE_PREFIX}${name}`, rest);
  }
  return out;
}

/** Where `--file-per-api` puts objects that belong to no API; `kubectl apply -f <dir>/` applies it first. */
const SHARED_FILE = '_shared';

/**
 * The objects of `chart` grouped by the `WebApi` that defines them (`<api name>` → objects, in the chart's order).
 * Objects outside every API go to {@link SHARED_FILE}.
 */
function groupByApi(chart: PlatformChart, objects: readonly any[]): Map<string, any[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const owner = new Map<string, string>();
  for (const api of Object.values(chart.apis)) {
    for (const c of api.node.findAll()) {
      if (ApiObject.isApiObject(c)) owner.set(objectKey(c.apiVersion, c.kind, c.metadata.namespace, c.name), api.name);
    }
  }
  const files = new Map<string, any[]>(); // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const obj of objects) {
    const file = owner.get(objectKey(obj.apiVersion, obj.kind, obj.metadata?.namespace, obj.metadata?.name)) ?? SHARED_FILE;
    const list = files.get(file);
    if (list) list.push(obj); else files.set(file, [obj]);
  }
  return files;
}

function objectKey(apiVersion: string, kind: string, namespace: string | undefined, name: string | undefined): string {
  return [apiVersion, kind, namespace ?? '', name ?? ''].join('\u0000');
}

function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareCodePoints(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
