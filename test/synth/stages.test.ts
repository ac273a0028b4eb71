/**
 * The migration stage of MigrationStrategy.JOB: the Kubernetes synth writes it to a file of its own that sorts before
 * the app's (what `kubectl apply -f <dir>/` and a reader see first), per environment or per API, and the checks still
 * read every file of the environment together.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { PLATFORM } from '../../apps/platform';
import { DEPLOY_STAGE_ANNOTATION, PlatformChart, PlatformSpec } from '../../lib';
import { compareCodePoints } from '../../lib/checks/load';
import { synthKubernetes } from '../../lib/synth/kubernetes';
import { platformWithMigrations } from '../helpers/synth';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stages-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const WITH_MIGRATIONS: PlatformSpec = platformWithMigrations();

const read = (file: string): Obj[] => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());
const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
/** File names in the order `kubectl apply -f <dir>/` reads them (byte order, as Go's filepath.Walk). */
const applyOrder = (dir: string) => fs.readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

test.each([
  ['one file per environment', false, ['00-migrate.yaml', '10-kf-api.yaml']],
  ['one file per API', true, ['00-migrate-orders.yaml', '10-kf-api.yaml', '10-orders.yaml']],
])('%s: the stage file sorts first, and holds the stage and nothing else', (_, filePerApi, expected) => {
  const outdir = path.join(tmp, `dist-${filePerApi}`);
  synthKubernetes(WITH_MIGRATIONS, { outdir, filePerApi, log: () => undefined });
  for (const env of WITH_MIGRATIONS.environments) {
    const dir = path.join(outdir, env.name);
    const files = applyOrder(dir);
    expect(files).toEqual(expected);
    expect([...files].sort(compareCodePoints)).toEqual(files); // the checks' order too
    const stage = read(path.join(dir, files[0]));
    // The PriorityClass is the environment's, in _cluster/: the platform owner applies it.
    expect(stage.map((o) => o.kind).sort()).toEqual(['Job', 'Namespace', 'NetworkPolicy', 'ServiceAccount']);
    expect(stage.every((o) => o.metadata.annotations[DEPLOY_STAGE_ANNOTATION] === 'migrate')).toBe(true);
    // Every object of the chart is written once, in one of the files, or in the environment's cluster-scoped file.
    const written = [...files.map((f) => path.join(dir, f)), path.join(outdir, '_cluster', `${env.name}.yaml`)].flatMap(read).map(key).sort();
    const all = new PlatformChart(new App(), 'kf-api', { platform: WITH_MIGRATIONS, environment: env.name }).toJson().map(key).sort();
    expect(written).toEqual(all);
  }
  // The checks read the output as one: the NetworkPolicy (stage) and the PriorityClass (_cluster) are found for the
  // Deployment (app), so the report holds no finding.
  const report = JSON.parse(fs.readFileSync(`${outdir}.checks.json`, 'utf8'));
  expect(report.findings.filter((f: Obj) => f.suppressedBy === null)).toEqual([]);
});

test('without a migration stage the names stay as they were', () => {
  const outdir = path.join(tmp, 'dist-reference');
  synthKubernetes(PLATFORM, { outdir, log: () => undefined });
  expect(applyOrder(path.join(outdir, 'production'))).toEqual(['kf-api.yaml']);
});
