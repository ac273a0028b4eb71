/**
 * A bounded, seeded fuzz run: a few hundred mutants of the repository's own manifests (the seed's, a synthesized
 * WebApi's, an Argo Rollout) and of the reference Terraform JSON, each written to its own file. Whatever the mutant,
 * the checks never throw, never hang, print no stack trace, and a good sentinel given alongside is still checked.
 * The same seed gives the same mutants: a failure names the file to reproduce it with.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { ALL_PACKS, jsonReport, loadPaths, runChecks, tableReport } from '../../lib';
import { ROOT, SEED, backgroundedDeployment, expectNoStackTrace, runCheck, tempDir } from './cli-helpers';
import { goodSet } from './fixtures';

type Value = unknown;
const SEED_NUMBER = 20261201;
const MUTANTS = 300;
const { dir, write } = tempDir('fuzz-');
const MUTANT_DIR = path.join(dir, 'mutants');
const sentinel = write('sentinel/deployment.yaml', backgroundedDeployment('sentinel'));

/** mulberry32: a small PRNG, so that a seed gives the same run everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nested = (depth: number): Value => { let v: Value = 'x'; for (let i = 0; i < depth; i++) v = [v]; return v; };
/** Values of every shape a field should not have. */
const ODD: Value[] = [null, 0, -1, 1.5, 1e21, '', 'x', '-1', '100%', 'ALL', true, false, [], {}, [null], [[]], [{}], { '': null },
  'a'.repeat(5000), { toString: 1 }, { valueOf: 'x', toString: 'y' }, JSON.parse('{"__proto__": {"polluted": true}}'), ['--workers', '4'],
  nested(100), nested(300), '${var.zone}', '*', 'kf-api', 65536, { matchExpressions: 'Exists' }, [{ name: null }], { '0': 'a' }];
/** Text that breaks YAML or JSON in the ways people do. */
const TOKENS = ['-', ':', ' [', '{', '&a ', '*a', '*nope', '!!binary ', '\t', '\n---\n', '"', "'", '? ', '|', '>-', '%YAML 1.1\n', '\u0000', '\uFEFF', '<<: *a', '\\', '}', ']', ','];

/** Every place in a value, as paths of keys. */
function places(root: Value): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [Value, (string | number)[]][] = [[root, []]];
  while (stack.length > 0 && out.length < 3000) {
    const [v, at] = stack.pop()!;
    out.push(at);
    if (typeof v === 'object' && v !== null) for (const [k, child] of Object.entries(v)) stack.push([child, [...at, Array.isArray(v) ? Number(k) : k]]);
  }
  return out;
}

/** One structural change at a random place: an odd value, a key removed, a list as a map or a map as a list. */
function mutateValue(root: Value, rand: () => number): Value {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const at = pick(places(root).filter((p) => p.length > 0));
  if (!at) return pick(ODD);
  let parent = root as Record<string | number, Value>;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, Value>;
  const key = at[at.length - 1];
  const old = parent[key];
  const op = Math.floor(rand() * 5);
  if (op === 0 && !Array.isArray(parent)) delete parent[key];
  else if (op === 1 && Array.isArray(old)) parent[key] = Object.fromEntries(old.map((x, i) => [`k${i}`, x]));
  else if (op === 2 && typeof old === 'object' && old !== null && !Array.isArray(old)) parent[key] = Object.values(old);
  else if (op === 3) parent[key] = [old, old];
  else parent[key] = structuredClone(pick(ODD));
  return root;
}

/** One change to the text: a token inserted, a span deleted, a line repeated or re-indented, or the end cut off. */
function mutateText(text: string, rand: () => number): string {
  const at = Math.floor(rand() * text.length);
  const lines = text.split('\n');
  const line = Math.floor(rand() * lines.length);
  switch (Math.floor(rand() * 5)) {
    case 0: return text.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 40));
    case 2: return [...lines.slice(0, line), lines[line], ...lines.slice(line)].join('\n');
    case 3: return [...lines.slice(0, line), `  ${lines[line]}`, ...lines.slice(line + 1)].join('\n');
    default: return text.slice(0, at);
  }
}

/** The bases: YAML texts of the repository's manifests, and the reference Terraform JSON. */
function bases(): { ext: string; text: string }[] {
  const seed = fs.readdirSync(SEED).filter((f) => f.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(SEED, f), 'utf8'));
  const good = goodSet().map((m) => stringify(m)).join('---\n');
  const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: r }\nspec:\n  template:\n    metadata: { labels: { app: r } }\n'
    + '    spec: { containers: [{ name: api, image: "api:1", env: [{ name: A, value: b }], ports: [{ containerPort: 80 }] }] }\n';
  const out = path.join(dir, 'reference');
  execFileSync(process.execPath, [path.join(ROOT, 'build/apps/gcp.js')], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out }, stdio: 'ignore' });
  const tf = fs.readFileSync(path.join(out, 'stacks/production/cdk.tf.json'), 'utf8');
  return [...seed.map((text) => ({ ext: 'yaml', text })), { ext: 'yaml', text: good }, { ext: 'yaml', text: rollout }, { ext: 'json', text: tf }];
}

/** The mutants, written to MUTANT_DIR; their files, in order. */
function writeMutants(): string[] {
  const rand = prng(SEED_NUMBER);
  const all = bases();
  return Array.from({ length: MUTANTS }, (_, i) => {
    const base = all[i % all.length];
    let text = base.text;
    if (rand() < 0.4) {
      text = mutateText(text, rand);
    } else {
      const docs = base.ext === 'json' ? [JSON.parse(text)] : parseAllDocuments(text).map((d) => d.toJS());
      for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
        const d = Math.floor(rand() * docs.length);
        docs[d] = mutateValue(docs[d], rand);
      }
      text = base.ext === 'json' ? JSON.stringify(docs[0]) : docs.map((d) => stringify(d)).join('---\n');
    }
    return write(`mutants/m-${String(i).padStart(3, '0')}.${base.ext}`, text);
  });
}

let files: string[];
beforeAll(() => { files = writeMutants(); }, 30_000);

test(`${MUTANTS} mutants, each on its own: loading, checking and both reports never throw`, () => {
  const failures: string[] = [];
  for (const file of files) {
    try {
      const loaded = loadPaths([file]);
      const findings = runChecks(loaded, ALL_PACKS);
      tableReport(findings, { unreadable: loaded.errors });
      JSON.parse(jsonReport(findings, { unreadable: loaded.errors }));
    } catch (err) {
      failures.push(`${path.basename(file)}: ${(err as Error).stack}`);
    }
  }
  expect(failures).toEqual([]);
}, 30_000);

test.each(['table', 'json'])('all mutants at once beside a sentinel, through the CLI (%s): no stack trace, no hang, the sentinel checked', (format) => {
  const run = runCheck([MUTANT_DIR, sentinel, '--format', format], { timeout: 30_000 });
  expect([0, 1]).toContain(run.code); // null: killed by the timeout
  expectNoStackTrace(run);
  for (const line of run.err.trim().split('\n').filter(Boolean)) expect(line).toMatch(/^error: \S+: /);
  if (format === 'table') {
    expect(run.out).toMatch(/Deployment sentinel \(.*sentinel[/\\]deployment\.yaml:1\)\n  ✖ error\s+seed-backgrounded-server/);
  } else {
    const report = JSON.parse(run.out);
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'seed-backgrounded-server', resource: 'Deployment sentinel', file: sentinel }));
    expect(report.summary.errors).toBeGreaterThanOrEqual(report.summary.unreadable);
    expect(report.summary.unreadable).toBe(run.err.trim().split('\n').filter(Boolean).length);
  }
});
