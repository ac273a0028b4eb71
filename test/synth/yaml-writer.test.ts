/**
 * The Kubernetes synth path that makes 1,000 web APIs synthesize in seconds (apps/k8s-output.ts, apps/k8s-synth.ts)
 * must give exactly what the straightforward path gives: the files cdk8s's `app.synth()` writes, and the findings the
 * checks report when they read those files back. No timings here: figures live in `npm run bench`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Yaml, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { saveManifests, stringifyDocument, stringifyDocuments } from '../../lib/synth/yaml-writer';
import { synthKubernetes } from '../../lib/synth/kubernetes';
import { KF_API, PLATFORM } from '../../apps/platform';
import { ALL_PACKS, LoadedManifest, Manifest, PlatformChart, PlatformSpec, enforceOnDirectory, loadPaths, runChecks } from '../../lib';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-output-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SEED_DIR = path.join(__dirname, '../fixtures/seed-manifests');

function seedDocs(): Obj[] {
  return fs.readdirSync(SEED_DIR).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(SEED_DIR, f), 'utf8')).map((d) => d.toJS()).filter((d) => d));
}

function platformDocs(platform: PlatformSpec, environment: string): Obj[] {
  return new PlatformChart(new App(), 'kf-api', { platform, environment }).toJson();
}

/** Three copies of the reference API in production, as the scale benchmark makes N. */
const THREE_APIS: PlatformSpec = {
  apis: ['orders', 'payments', 'search'].map((name) => ({ ...KF_API, name, serviceName: `${name}-svc`, hpaName: `${name}-hpa` })),
  environments: [{ ...PLATFORM.environments[0], cluster: { ...PLATFORM.environments[0].cluster, machineType: 'e2-standard-8' } }],
};

/** Values that YAML writes in every way it knows: plain, single- and double-quoted, block scalars, flow, aliases. */
const AWKWARD: unknown[] = [
  '', ' ', 'yes', 'No', 'ON', 'off', 'y', 'N', '~', 'null', 'Null', 'true', 'False', '0o14', '012', '0x1F', '0b101', '1_000',
  '1e5', 'e5', '1.', '.5', '+1', '-1', '12:30', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '.inf',
  '-.Inf', '.nan', '<<', '=', '-', '?', ':', '- a', '? a', 'a: b', 'a:b', 'a:', 'a #b', 'a#b', '#a', ' lead', 'trail ',
  "it's", 'say "hi"', 'both \' and "', '%YAML', '---', '--- x', '...', 'a\nb', 'a\n', '\nlead', 'a\n\n\nb  \n', 'x\n ',
  '\ta', 'a\tb', 'a\u0000b', 'a\u0007b', 'a\u0085b', 'a\u00a0b', 'é', '😀', '\u2028', '\ud800', '[a]', '{a: 1}', 'a, b',
  '@a', '`a`', '!a', '&a', '*a', '|a', '>a', "'a", '"a', 'a'.repeat(1100), `${'word '.repeat(40)}end`,
  'europe-west2-docker.pkg.dev/my-project-id/apps/kubernetes-fastapi:1.0.0', '{"default":"kf-api-backend"}',
  0, 1, -1, 1.5, -0.25, 1e21, 1e-7, 2 ** 53, -0, NaN, Infinity, -Infinity, true, false, null,
  {}, [], [{}], [[]], [[1, [2, []]]], { a: {}, b: [] }, [null, 'x', { y: [1] }],
];

describe('stringifyDocument writes what cdk8s writes, byte for byte', () => {
  test.each(['production', 'staging'])('the reference platform, %s', (env) => {
    const docs = platformDocs(PLATFORM, env);
    expect(stringifyDocuments(docs)).toBe(Yaml.stringify(...docs));
  });

  test('three APIs, and the seed\'s own manifests', () => {
    for (const docs of [platformDocs(THREE_APIS, 'production'), seedDocs()]) {
      expect(stringifyDocuments(docs)).toBe(Yaml.stringify(...docs));
    }
  });

  test.each(AWKWARD.map((v) => [JSON.stringify(v) ?? String(v), v]))('%s as a value, in a list, and as a key', (_, value) => {
    const docs: unknown[] = [
      { key: value },
      { list: [value, [value], { value }], nested: { deeper: { value, after: 1 } } },
      [value],
      { 'first': 1, ...(typeof value === 'string' ? { [value]: value } : {}) },
    ];
    for (const doc of docs) expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
  });

  test('shared objects (YAML aliases), undefined, dates, class instances and the merge key', () => {
    const shared = { a: 1 };
    class Thing { public readonly x = 1; }
    const docs: unknown[] = [{ a: shared, b: shared }, { a: undefined, b: 1 }, { when: new Date(0) }, { thing: new Thing() }, { '<<': { a: 1 } }, undefined];
    for (const doc of docs) expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
    expect(stringifyDocuments(docs)).toBe(Yaml.stringify(...docs));
  });
});

describe('saveManifests hands the checks what they would read back from the file', () => {
  test.each([
    ['the seed\'s manifests', seedDocs],
    ['the reference platform', () => platformDocs(PLATFORM, 'production')],
  ])('%s: same objects, files and lines as loadPaths, and the same findings', (name, docsOf) => {
    const dir = path.join(tmp, name.replace(/\W+/g, '-'));
    fs.mkdirSync(dir);
    const docs = docsOf() as Manifest[];
    const loaded = saveManifests(path.join(dir, 'all.yaml'), docs, 'dist/env/all.yaml');
    expect(fs.readFileSync(path.join(dir, 'all.yaml'), 'utf8')).toBe(Yaml.stringify(...docs));

    const read = loadPaths([dir]);
    expect(read.errors).toEqual([]);
    const renamed: LoadedManifest[] = read.manifests.map((m) => ({ ...m, file: 'dist/env/all.yaml' }));
    expect(loaded).toEqual(renamed);
    expect(runChecks({ manifests: loaded }, ALL_PACKS)).toEqual(runChecks({ manifests: renamed }, ALL_PACKS));
  });
});

describe('synthKubernetes: the files and the report of app.synth() and enforceOnDirectory', () => {
  /**
   * The straightforward path: one App per environment, app.synth(), the cluster-scoped objects moved to
   * `_cluster/<environment>.yaml` with cdk8s's own YAML writer, then the checks read the files back.
   */
  function straightforward(platform: PlatformSpec, outdir: string): void {
    const work = `${outdir}.work`;
    for (const env of platform.environments) {
      const app = new App({ outdir: path.join(work, env.name), outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART, recordConstructMetadata: false });
      new PlatformChart(app, 'kf-api', { platform, environment: env.name });
      app.synth();
      const file = path.join(work, env.name, 'kf-api.yaml');
      const docs = Yaml.load(file);
      const isCluster = (d: { metadata?: { annotations?: Record<string, string> } }) => d.metadata?.annotations?.['cdk-fastapi-gke.io/deploy-stage'] === 'cluster';
      fs.mkdirSync(path.join(work, '_cluster'), { recursive: true });
      Yaml.save(path.join(work, '_cluster', `${env.name}.yaml`), docs.filter(isCluster));
      Yaml.save(file, docs.filter((d) => !isCluster(d)));
    }
    enforceOnDirectory(work, outdir, { log: () => undefined });
    fs.renameSync(work, outdir);
  }

  function files(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (rel: string): void => {
      for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(rel, e.name));
        else out[path.join(rel, e.name)] = fs.readFileSync(path.join(dir, rel, e.name), 'utf8');
      }
    };
    walk('');
    return out;
  }

  test.each([
    ['the reference platform', PLATFORM],
    ['three APIs', THREE_APIS],
  ])('%s', (name, platform) => {
    const base = path.join(tmp, `synth-${name.replace(/\W+/g, '-')}`);
    straightforward(platform, `${base}-expected`);
    synthKubernetes(platform, { outdir: `${base}-actual`, log: () => undefined });
    synthKubernetes(platform, { outdir: `${base}-per-api`, filePerApi: true, log: () => undefined });

    const expected = files(`${base}-expected`);
    expect(files(`${base}-actual`)).toEqual(expected);
    const report = (dir: string) => fs.readFileSync(`${dir}.checks.json`, 'utf8');
    expect(report(`${base}-actual`).split(`${base}-actual`).join('OUT')).toBe(report(`${base}-expected`).split(`${base}-expected`).join('OUT'));

    // One file per API: the same objects, each API's in the chart's order, and nothing else.
    const perApi = files(`${base}-per-api`);
    for (const env of platform.environments) {
      const all = parseAllDocuments(expected[path.join(env.name, 'kf-api.yaml')]).map((d) => d.toJS());
      const names = platform.apis.map((a) => a.name);
      expect(Object.keys(perApi).filter((f) => f.startsWith(`${env.name}/`)).sort()).toEqual(names.map((n) => `${env.name}/${n}.yaml`).sort());
      for (const api of names) {
        const mine = parseAllDocuments(perApi[path.join(env.name, `${api}.yaml`)]).map((d) => d.toJS());
        expect(mine.length).toBeGreaterThan(5);
        expect(mine).toEqual(all.filter((o) => mine.some((m) => m.kind === o.kind && m.metadata.name === o.metadata.name && m.metadata.namespace === o.metadata.namespace)));
      }
      expect(names.reduce((sum, api) => sum + parseAllDocuments(perApi[path.join(env.name, `${api}.yaml`)]).length, 0)).toBe(all.length);
    }
  });
});
