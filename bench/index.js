#!/usr/bin/env node
/**
 * `npm run bench`: how fast, and in how much memory, this project synthesizes, against the naive baseline, and how
 * synth time grows with the number of web APIs. It reports; it never fails on a missed target.
 *
 * In one run:
 * 1. The synth entry points, timed as whole processes, exactly as cdk8s.yaml's and cdktf.json's `app` commands run
 *    them (the launcher's no-change rebuild check included), beside the naive baseline of bench/baseline/ (the
 *    seed deployment written the cdk8s/cdktf template way: `npx ts-node`, root provider import). Each command runs
 *    after warm-up runs; the median and min–max of wall time and peak RSS are reported, and the speed-up.
 * 2. What a change costs: the Kubernetes app after touching a source, after editing one, and with no build/ at all,
 *    in a copy of the repository (so the working tree is never modified).
 * 3. Scale: N web APIs (1, 10, 100, 1000) in one environment, the realistic path (PlatformChart, synth, checks):
 *    one Chart with one file, one Chart with a file per API, and one Chart per API (the quadratic layout).
 * 4. `check` at scale: N objects (5,000 to 50,000, about 20 MB at 50,000) in ONE namespace, the worst case for the
 *    cross-object rules (bench/check-corpus.js writes them), timed as whole `cdk-fastapi-gke check` processes; the
 *    split between reading YAML and running the rules; and, as the baseline, the same rules over an unindexed set,
 *    where every lookup scans the namespace (bench/check-phases.js).
 * 5. `npx cdk8s synth` and `npx cdktf synth` write the same files as the apps; `npm test` wall time.
 * 6. App repositories made by `cdk-fastapi-gke init` from the packed tarball (bench/app-repo.js): install size of a
 *    Kubernetes-only and of a full app, their synth against the baseline and the reference's own path, and the
 *    import time and peak memory of each subpath.
 *
 * Writes bench/results/latest.json (and <commit>.json, for comparisons between commits: `--compare FILE`) and
 * bench/results/latest.md (the table docs/performance.md quotes).
 *
 * Options: --quick (fewer runs; no 1,000-chart layout, npm test or CLIs), --runs N, --baseline-runs N,
 * --no-baseline, --no-scale, --no-quadratic, --no-check, --no-test, --no-cli, --no-app, --compare FILE, --out DIR.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync, execFileSync } = require('child_process');
const { appRepoBench, appRepoMarkdown, fmtX } = require('./app-repo');

const ROOT = path.resolve(__dirname, '..');
const args = parseArgs(process.argv.slice(2));
const QUICK = args.flags.has('quick');
const RUNS = Number(args.values.runs ?? (QUICK ? 3 : 7));
const WARMUPS = QUICK ? 1 : 2;
const BASELINE_RUNS = Number(args.values['baseline-runs'] ?? (QUICK ? 1 : 3));
const SCALE_NS = [1, 10, 100, 1000];
const QUADRATIC_NS = QUICK ? [10, 100, 300] : [10, 100, 300, 1000];
const CHECK_NS = QUICK ? [5000, 50000] : [5000, 10000, 20000, 50000];
/** The unindexed baseline grows with the square: measured at these sizes only. */
const CHECK_NAIVE_NS = QUICK ? [5000] : [5000, 10000];
const OUT_DIR = path.resolve(args.values.out ?? path.join(ROOT, 'bench', 'results'));
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => isGnuTime(p));

const TARGETS = {
  speedup: 14, // both entry points together, against the baseline
  k8sSeconds: 0.35,
  gcpSeconds: 0.45,
  gcpRssMB: 120,
  scale1000Seconds: 3,
  growth100To1000: 12,
  check50000Seconds: 30, // "well under a minute"
  checkGrowth5000To50000: 12, // linear: 10× the objects
  npmTestSeconds: 60,
  appVsBaseline: 15, // the scaffolded app's synth of both sides, against the baseline's two processes
  appVsReference: 1.3, // ... and against the reference's own path, at most this many times its time
  k8sAppInstallMB: 80,
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-fastapi-gke-bench-'));
const results = { schema: 1, date: new Date().toISOString(), machine: machine(), commit: commit(), options: { runs: RUNS, warmups: WARMUPS, baselineRuns: BASELINE_RUNS, quick: QUICK, rss: GNU_TIME ? `${GNU_TIME} %M` : 'process.resourceUsage().maxRSS of every Node.js process' } };

try {
  main();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function main() {
  log(`cdk-fastapi-gke bench: ${results.machine.summary}; commit ${results.commit.short}${results.commit.dirty ? ' (uncommitted changes)' : ''}`);
  if (os.loadavg()[0] > 0.5) log(`note: the load average is ${os.loadavg()[0].toFixed(2)}: other work on this machine will slow the figures down`);

  // Compile what changed (from a fresh clone: everything), so that the first timed run is not a full build.
  section('build', () => {
    const r = runOnce('node scripts/run.js --build-only', {});
    results.build = { wallSeconds: r.wall, note: 'node scripts/run.js --build-only: compiles only when sources changed since the last build' };
  });

  const apps = { k8s: appCommand('cdk8s.yaml'), gcp: appCommand('cdktf.json') };
  const baseline = !args.flags.has('no-baseline');
  results.entryPoints = {};
  // Each command runs in a block, warm-ups first, as hyperfine does: this project's short processes first, on a
  // settled machine, then the baseline's, whose 1.2 GB runs would otherwise leave the next process cold caches.
  settle();
  section(baseline ? 'entry points and baseline' : 'entry points', () => {
    const m = {
      k8s: measure('Kubernetes app', apps.k8s, { runs: RUNS, warmups: WARMUPS, env: outdirs('k8s') }),
      gcp: measure('Terraform app', apps.gcp, { runs: RUNS, warmups: WARMUPS, env: outdirs('gcp') }),
      ...(baseline ? {
        'base-k8s': measure('baseline Kubernetes (ts-node)', 'npx ts-node bench/baseline/k8s/main.ts', { runs: BASELINE_RUNS, warmups: 1, env: outdirs('base-k8s') }),
        'base-gcp': measure('baseline Terraform (ts-node)', 'npx ts-node bench/baseline/gcp/main.ts', { runs: BASELINE_RUNS, warmups: 1, env: outdirs('base-gcp') }),
      } : {}),
    };
    results.entryPoints = { k8s: m.k8s, gcp: m.gcp };
    if (baseline) {
      results.baseline = { k8s: m['base-k8s'], gcp: m['base-gcp'] };
      const e = results.entryPoints;
      results.speedup = {
        both: ratio(results.baseline.k8s.wall.median + results.baseline.gcp.wall.median, e.k8s.wall.median + e.gcp.wall.median),
        k8s: ratio(results.baseline.k8s.wall.median, e.k8s.wall.median),
        gcp: ratio(results.baseline.gcp.wall.median, e.gcp.wall.median),
        gcpMemory: ratio(results.baseline.gcp.rss.median, e.gcp.rss.median),
      };
    }
  });

  section('rebuild', () => { results.rebuild = rebuildCosts(apps.k8s); });

  if (!args.flags.has('no-app')) {
    settle();
    section('app repositories', () => {
      results.appRepo = appRepoBench({ work, root: ROOT, runOnce, measure, log, fmtMB, fmtS, runs: RUNS, warmups: WARMUPS, baseline: results.baseline });
    });
  }

  if (!args.flags.has('no-scale')) {
    // The rebuilds just before compile the whole project several times: let the machine settle first.
    settle();
    section('scale', () => { results.scale = scale(); });
  }

  if (!args.flags.has('no-check')) {
    settle();
    section('check at scale', () => { results.check = checkScale(); });
  }

  if (!QUICK && !args.flags.has('no-cli')) {
    section('CLIs', () => { results.cli = cliParity(); });
  }

  if (!QUICK && !args.flags.has('no-test')) {
    section('npm test', () => {
      log('npm test ...');
      const r = runOnce('npm test', {}, { allowFailure: true });
      const summary = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^(Tests|Test Suites):/.test(l)).join('; ');
      results.npmTest = { wallSeconds: r.wall, passed: r.status === 0, summary };
      log(`  ${fmtS(r.wall)} ${r.status === 0 ? 'passed' : `FAILED (exit ${r.status})`} ${summary}`);
    });
  }

  results.targets = targets();
  const md = markdown();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  fs.writeFileSync(path.join(OUT_DIR, 'latest.json'), json);
  fs.writeFileSync(path.join(OUT_DIR, `${results.commit.short}${results.commit.dirty ? '-dirty' : ''}.json`), json);
  fs.writeFileSync(path.join(OUT_DIR, 'latest.md'), md);
  process.stdout.write(`\n${md}\n`);
  if (args.values.compare) process.stdout.write(`${compare(JSON.parse(fs.readFileSync(args.values.compare, 'utf8')))}\n`);
  log(`wrote ${path.relative(ROOT, path.join(OUT_DIR, 'latest.json'))} and latest.md`);
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------------

/** Runs `command` through /bin/sh from `cwd` (as the cdk8s and cdktf CLIs run an app), timing it as a whole. */
function runOnce(command, env, options = {}) {
  const cwd = options.cwd ?? ROOT;
  const rssFile = path.join(work, `rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const fullEnv = { ...process.env, CHECKPOINT_DISABLE: '1', ...env };
  let argv = ['/bin/sh', '-c', command];
  if (GNU_TIME) {
    argv = [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv];
  } else {
    fullEnv.BENCH_RSS_FILE = rssFile;
    fullEnv.NODE_OPTIONS = `${fullEnv.NODE_OPTIONS ?? ''} --require=${path.join(__dirname, 'rss-probe.js')}`.trim();
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env: fullEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  if (r.status !== 0 && !options.allowFailure) {
    throw new Error(`\`${command}\` exited with ${r.status}:\n${(r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n')}`);
  }
  let rss;
  try {
    const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n').filter((l) => /^\d+$/.test(l.trim())).map(Number);
    rss = GNU_TIME ? lines[lines.length - 1] * 1024 : Math.max(...lines);
  } catch {
    rss = undefined;
  }
  return { wall, rss, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Warm-up runs, then `runs` timed runs: median and min–max of wall time (s) and peak RSS (bytes). */
function measure(label, command, { runs, warmups, env = {}, cwd }) {
  for (let i = 0; i < warmups; i++) runOnce(command, env, { cwd });
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(runOnce(command, env, { cwd }));
  const m = {
    command,
    runs,
    warmups,
    wall: stats(samples.map((s) => s.wall)),
    rss: stats(samples.map((s) => s.rss).filter((x) => x !== undefined)),
  };
  log(`  ${label.padEnd(34)} ${fmtS(m.wall.median)} (${fmtS(m.wall.min)}–${fmtS(m.wall.max)})  ${fmtMB(m.rss.median)}   ${command}`);
  return m;
}

function stats(values) {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN, values };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], values };
}

function outdirs(name) {
  fs.mkdirSync(path.join(work, name), { recursive: true });
  return { CDK8S_OUTDIR: path.join(work, name, 'dist'), CDKTF_OUTDIR: path.join(work, name, 'cdktf.out') };
}

// ---------------------------------------------------------------------------------------------------------------
// Rebuilds, in a copy of the repository
// ---------------------------------------------------------------------------------------------------------------

function rebuildCosts(k8sCommand) {
  const copy = path.join(work, 'repo');
  fs.mkdirSync(copy);
  for (const entry of ['lib', 'apps', 'scripts', 'build', 'tsconfig.json', 'package.json', 'cdk8s.yaml', 'cdktf.json']) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const env = outdirs('rebuild');
  const edited = 'apps/platform.ts';
  const file = path.join(copy, edited);
  runOnce(k8sCommand, env, { cwd: copy }); // settle the copy's build (paths differ from the original's)

  const out = { file: edited };
  const run = (label, prepare, times) => {
    const samples = [];
    let rebuilt = true;
    for (let i = 0; i < times; i++) {
      const marker = prepare(i);
      const r = runOnce(k8sCommand, env, { cwd: copy });
      samples.push(r);
      const compiled = fs.readFileSync(path.join(copy, 'build', edited.replace(/\.ts$/, '.js')), 'utf8');
      rebuilt = rebuilt && /scripts\/run\.js: compiling/.test(r.stderr) && (marker === undefined || compiled.includes(marker));
    }
    const m = { wall: stats(samples.map((s) => s.wall)), rss: stats(samples.map((s) => s.rss).filter((x) => x !== undefined)), runs: times, rebuilt };
    log(`  ${label.padEnd(34)} ${fmtS(m.wall.median)} (${fmtS(m.wall.min)}–${fmtS(m.wall.max)})  ${fmtMB(m.rss.median)}  rebuilt before synth: ${rebuilt ? 'yes' : 'NO'}`);
    return m;
  };
  out.touch = run(`touch ${edited}`, () => { const now = new Date(); fs.utimesSync(file, now, now); return undefined; }, 3);
  out.edit = run(`edit ${edited} (a comment)`, (i) => {
    const marker = `// bench edit ${Date.now()}-${i}`;
    fs.appendFileSync(file, `${marker}\n`);
    return marker;
  }, 3);
  out.cold = run('no build/ (a fresh clone)', () => { fs.rmSync(path.join(copy, 'build'), { recursive: true, force: true }); return undefined; }, 1);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Scale
// ---------------------------------------------------------------------------------------------------------------

function scale() {
  const out = { ns: SCALE_NS, layouts: {} };
  const layouts = [
    ['chart', 'one Chart, one file per environment (the default)', SCALE_NS],
    ['file-per-api', 'one Chart, one file per API (`--file-per-api`)', SCALE_NS],
  ];
  if (!args.flags.has('no-quadratic')) layouts.push(['chart-per-api', 'one cdk8s Chart per API (for comparison)', QUADRATIC_NS]);
  for (const [layout, description, ns] of layouts) {
    const rows = {};
    for (const n of ns) {
      const quadratic = layout === 'chart-per-api';
      const runs = quadratic ? 1 : n >= 1000 ? (QUICK ? 1 : 3) : QUICK ? 2 : 5;
      rows[n] = measure(`${layout} N=${n}`, `node bench/scale-k8s.js ${n} ${layout} ${path.join(work, 'scale', layout, String(n))}`, { runs, warmups: quadratic ? 0 : 1 });
    }
    const growth = rows[100] && rows[1000] ? ratio(rows[1000].wall.median, rows[100].wall.median) : undefined;
    out.layouts[layout] = { description, rows, growth100To1000: growth };
    if (growth) log(`  ${layout}: time at 1,000 / time at 100 = ${growth.toFixed(1)}×`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// `check` at scale
// ---------------------------------------------------------------------------------------------------------------

function checkScale() {
  const out = { ns: CHECK_NS, rows: {}, phases: undefined, naive: {} };
  const dirOf = (n) => path.join(work, 'check', String(n));
  for (const n of CHECK_NS) {
    const corpus = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'check-corpus.js'), String(n), dirOf(n)], { encoding: 'utf8' }));
    // A clean corpus: exit 0 is checked by runOnce, and the report stays small.
    const m = measure(`check N=${n} (${fmtMB(corpus.bytes)})`, `node build/lib/cli.js check ${dirOf(n)} --format json > /dev/null`,
      { runs: QUICK ? 1 : 3, warmups: QUICK || n >= 50000 ? 0 : 1 });
    out.rows[n] = { ...m, objects: corpus.objects, bytes: corpus.bytes, files: corpus.files };
  }
  const [first, last] = [CHECK_NS[0], CHECK_NS[CHECK_NS.length - 1]];
  out.growth = ratio(out.rows[last].wall.median, out.rows[first].wall.median);
  log(`  time at ${last} / time at ${first} = ${out.growth.toFixed(1)}× (${last / first}× the objects)`);
  const phases = (n, naive) => JSON.parse(runOnce(`node bench/check-phases.js ${dirOf(n)}${naive ? ' --naive' : ''}`, {}).stdout);
  out.phases = phases(last, false);
  log(`  N=${last}: reading ${fmtS(out.phases.loadSeconds)}, rules ${fmtS(out.phases.checkSeconds)}`);
  for (const n of CHECK_NAIVE_NS) {
    const indexed = phases(n, false);
    const naive = phases(n, true);
    out.naive[n] = { indexedSeconds: indexed.checkSeconds, naiveSeconds: naive.checkSeconds, speedup: ratio(naive.checkSeconds, indexed.checkSeconds), sameFindings: naive.findings === indexed.findings };
    log(`  rules at N=${n}: indexed ${fmtS(indexed.checkSeconds)}, unindexed ${fmtS(naive.checkSeconds)} (${out.naive[n].speedup.toFixed(1)}×)`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The CLIs write what the apps write
// ---------------------------------------------------------------------------------------------------------------

function cliParity() {
  const dir = path.join(work, 'cli');
  const out = {};
  const check = (name, cliCommand, cliOut, appCommandLine, appEnv, appOut) => {
    const cli = runOnce(cliCommand, {}, { allowFailure: true });
    runOnce(appCommandLine, appEnv);
    const diff = cli.status === 0 ? compareTrees(cliOut, appOut) : [`the CLI exited with ${cli.status}: ${cli.stderr.trim().split('\n').slice(-3).join(' ')}`];
    out[name] = { command: cliCommand, wallSeconds: cli.wall, sameFiles: diff.length === 0, differences: diff.slice(0, 10), files: listFiles(appOut).length };
    log(`  ${cliCommand}: ${fmtS(cli.wall)}, ${diff.length === 0 ? `same ${out[name].files} files as the app` : `DIFFERENT: ${diff.slice(0, 3).join('; ')}`}`);
  };
  check('cdk8s', `npx cdk8s synth --no-check-upgrade -o ${path.join(dir, 'cdk8s-cli')}`, path.join(dir, 'cdk8s-cli'),
    appCommand('cdk8s.yaml'), { CDK8S_OUTDIR: path.join(dir, 'cdk8s-app') }, path.join(dir, 'cdk8s-app'));
  check('cdktf', `npx cdktf synth --output ${path.join(dir, 'cdktf-cli')}`, path.join(dir, 'cdktf-cli'),
    appCommand('cdktf.json'), { CDKTF_OUTDIR: path.join(dir, 'cdktf-app') }, path.join(dir, 'cdktf-app'));
  return out;
}

function listFiles(dir, rel = '') {
  let entries;
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)])).sort();
}

function compareTrees(a, b) {
  const fa = listFiles(a);
  const fb = listFiles(b);
  const diffs = [];
  for (const f of fa) if (!fb.includes(f)) diffs.push(`${f} only from the CLI`);
  for (const f of fb) if (!fa.includes(f)) diffs.push(`${f} only from the app`);
  for (const f of fa.filter((x) => fb.includes(x))) {
    if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) diffs.push(`${f} differs`);
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------------------------
// Targets and output
// ---------------------------------------------------------------------------------------------------------------

function targets() {
  const e = results.entryPoints ?? {};
  const chart = results.scale?.layouts?.chart;
  const t = [];
  const add = (name, target, measured, met) => t.push({ name, target, measured, met: measured === undefined ? null : met });
  add('Both entry points vs the baseline', `≥ ${TARGETS.speedup}× faster`, results.speedup && `${results.speedup.both.toFixed(1)}× (${fmtS(e.k8s.wall.median + e.gcp.wall.median)} vs ${fmtS(results.baseline.k8s.wall.median + results.baseline.gcp.wall.median)})`,
    results.speedup && results.speedup.both >= TARGETS.speedup);
  add('Kubernetes app (cdk8s.yaml `app`)', `≤ ${TARGETS.k8sSeconds} s`, e.k8s && fmtS(e.k8s.wall.median), e.k8s && e.k8s.wall.median <= TARGETS.k8sSeconds);
  add('Terraform app (cdktf.json `app`)', `≤ ${TARGETS.gcpSeconds} s`, e.gcp && fmtS(e.gcp.wall.median), e.gcp && e.gcp.wall.median <= TARGETS.gcpSeconds);
  add('Terraform app peak RSS', `≤ ${TARGETS.gcpRssMB} MB`, e.gcp && fmtMB(e.gcp.rss.median), e.gcp && e.gcp.rss.median <= TARGETS.gcpRssMB * 1e6);
  const n1000 = chart?.rows?.[1000];
  add('1,000 web APIs (synth + checks)', `≤ ${TARGETS.scale1000Seconds} s`, n1000 && fmtS(n1000.wall.median), n1000 && n1000.wall.median <= TARGETS.scale1000Seconds);
  add('Growth, 100 → 1,000 web APIs', `≤ ${TARGETS.growth100To1000}×`, chart?.growth100To1000 && `${chart.growth100To1000.toFixed(1)}×`, chart?.growth100To1000 <= TARGETS.growth100To1000);
  const fpa = results.scale?.layouts?.['file-per-api'];
  add('… with one file per API', `≤ ${TARGETS.scale1000Seconds} s, ≤ ${TARGETS.growth100To1000}×`, fpa?.rows?.[1000] && `${fmtS(fpa.rows[1000].wall.median)}, ${fpa.growth100To1000.toFixed(1)}×`,
    fpa?.rows?.[1000] && fpa.rows[1000].wall.median <= TARGETS.scale1000Seconds && fpa.growth100To1000 <= TARGETS.growth100To1000);
  const check = results.check;
  const checkLast = check?.rows?.[50000];
  add('`check`, 50,000 objects in one namespace', `≤ ${TARGETS.check50000Seconds} s`, checkLast && `${fmtS(checkLast.wall.median)} (${fmtMB(checkLast.bytes)})`,
    checkLast && checkLast.wall.median <= TARGETS.check50000Seconds);
  add('`check` growth, 5,000 → 50,000 objects', `≤ ${TARGETS.checkGrowth5000To50000}×`, check?.growth && `${check.growth.toFixed(1)}×`,
    check?.growth <= TARGETS.checkGrowth5000To50000);
  const app = results.appRepo;
  add('Scaffolded app, both sides, vs the baseline', `≥ ${TARGETS.appVsBaseline}× faster`, app?.ratios.vsBaseline && `${fmtX(app.ratios.vsBaseline)} (${fmtS(app.synth.scaffold.wall.median)} vs ${fmtS(app.ratios.baselineBothSeconds)})`,
    app?.ratios.vsBaseline >= TARGETS.appVsBaseline);
  add('Scaffolded app vs the reference\'s path', `≤ ${TARGETS.appVsReference}× its time`, app && `${fmtX(app.ratios.vsReference)} (${fmtS(app.synth.scaffold.wall.median)} vs ${fmtS(app.synth.reference.wall.median)})`,
    app && app.ratios.vsReference <= TARGETS.appVsReference);
  add('Kubernetes-only app install', `≤ ${TARGETS.k8sAppInstallMB} MB, no cdktf`, app && `${fmtMB(app.install.k8s.bytes)}${app.install.k8s.cdktf ? ', with cdktf' : ''}`,
    app && app.install.k8s.bytes <= TARGETS.k8sAppInstallMB * 1e6 && !app.install.k8s.cdktf);
  add('`npm test`', `≤ ${TARGETS.npmTestSeconds} s`, results.npmTest && `${fmtS(results.npmTest.wallSeconds)}${results.npmTest.passed ? '' : ' (FAILED)'}`,
    results.npmTest && results.npmTest.passed && results.npmTest.wallSeconds <= TARGETS.npmTestSeconds);
  add('`cdk8s synth` / `cdktf synth` write the same files', 'same files', results.cli && ['cdk8s', 'cdktf'].map((k) => `${k}: ${results.cli[k].sameFiles ? 'same' : 'different'}`).join(', '),
    results.cli && results.cli.cdk8s.sameFiles && results.cli.cdktf.sameFiles);
  add('No synth from stale code', 'a touched or edited source is compiled first', results.rebuild && `touch: ${results.rebuild.touch.rebuilt ? 'rebuilt' : 'NOT rebuilt'}, edit: ${results.rebuild.edit.rebuilt ? 'rebuilt' : 'NOT rebuilt'}`,
    results.rebuild && results.rebuild.touch.rebuilt && results.rebuild.edit.rebuilt && results.rebuild.cold.rebuilt);
  return t;
}

function markdown() {
  const r = results;
  const e = r.entryPoints ?? {};
  const lines = [];
  lines.push(`Machine: ${r.machine.summary}. Commit ${r.commit.short}${r.commit.dirty ? ' (with uncommitted changes)' : ''}, ${r.date.slice(0, 10)}.`);
  lines.push('');
  const loads = Object.values(r.load ?? {}).flatMap((l) => [l.before, l.after]);
  if (loads.length) lines.push(`Load average (1 min) during the run: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (other work on the machine slows every figure).`);
  lines.push('');
  lines.push(`Wall time of whole processes; peak RSS from ${GNU_TIME ? '`/usr/bin/time`' : '`process.resourceUsage()`'} (MB = 10⁶ bytes). Median (min–max) of ${RUNS} runs after ${WARMUPS} warm-ups; the baseline ${BASELINE_RUNS} after 1; each command in a block, this project's first, after the load settles.`);
  lines.push('');
  lines.push('| synth | command | wall time | peak RSS |');
  lines.push('|---|---|---|---|');
  const row = (label, m) => m && lines.push(`| ${label} | \`${m.command}\` | ${fmtS(m.wall.median)} (${fmtS(m.wall.min)}–${fmtS(m.wall.max)}) | ${fmtMB(m.rss.median)} (${fmtMB(m.rss.min)}–${fmtMB(m.rss.max)}) |`);
  row('Kubernetes, this project', e.k8s);
  row('Terraform, this project', e.gcp);
  row('Kubernetes, baseline', r.baseline?.k8s);
  row('Terraform, baseline', r.baseline?.gcp);
  if (r.speedup) {
    lines.push('');
    lines.push(`Speed-up: **${r.speedup.both.toFixed(1)}×** for both (Kubernetes ${r.speedup.k8s.toFixed(1)}×, Terraform ${r.speedup.gcp.toFixed(1)}×); Terraform peak memory ${r.speedup.gcpMemory.toFixed(1)}× lower.`);
  }
  if (r.rebuild) {
    lines.push('');
    lines.push(`After a change (Kubernetes app, in a copy of the repository, ${r.rebuild.file}): touched ${fmtS(r.rebuild.touch.wall.median)}, edited ${fmtS(r.rebuild.edit.wall.median)}, no build/ ${fmtS(r.rebuild.cold.wall.median)}; with no change ${e.k8s ? fmtS(e.k8s.wall.median) : 'n/a'}.`);
  }
  if (r.scale) {
    const ls = r.scale.layouts;
    const names = Object.keys(ls);
    const ns = [...new Set(names.flatMap((n) => Object.keys(ls[n].rows).map(Number)))].sort((a, b) => a - b);
    lines.push('');
    lines.push('Scale: N web APIs in one environment, Kubernetes synth and checks (`node bench/scale-k8s.js N LAYOUT`).');
    lines.push('');
    lines.push(`| N | ${names.map((n) => ls[n].description).join(' | ')} |`);
    lines.push(`|---|${names.map(() => '---').join('|')}|`);
    for (const n of ns) {
      lines.push(`| ${n} | ${names.map((name) => { const m = ls[name].rows[n]; return m ? `${fmtS(m.wall.median)}, ${fmtMB(m.rss.median)}` : '–'; }).join(' | ')} |`);
    }
    lines.push(`| 1,000 / 100 | ${names.map((n) => (ls[n].growth100To1000 ? `${ls[n].growth100To1000.toFixed(1)}×` : '–')).join(' | ')} |`);
    if (ls['chart-per-api']) lines.push('', 'The Chart-per-API layout runs once per N, without warm-up.');
  }
  if (r.check) lines.push('', ...checkMarkdown(r.check));
  if (r.appRepo) lines.push(...appRepoMarkdown(r.appRepo, { root: ROOT, fmtMB, fmtS }));
  if (r.npmTest) {
    lines.push('');
    lines.push(`\`npm test\`: ${fmtS(r.npmTest.wallSeconds)}, ${r.npmTest.passed ? 'passed' : 'FAILED'} (${r.npmTest.summary}).`);
  }
  lines.push('');
  lines.push('| target | goal | measured | met |');
  lines.push('|---|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.target} | ${t.measured ?? 'not measured'} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} |`);
  return `${lines.join('\n')}\n`;
}

function checkMarkdown(c) {
  const lines = ['`check` at scale: N objects in one namespace (`node bench/check-corpus.js N DIR`), `node build/lib/cli.js check DIR --format json`.', ''];
  lines.push('| objects | YAML | wall time | peak RSS | per 1,000 objects |');
  lines.push('|---|---|---|---|---|');
  for (const n of c.ns) {
    const m = c.rows[n];
    lines.push(`| ${n.toLocaleString('en-US')} | ${fmtMB(m.bytes)} in ${m.files} files | ${fmtS(m.wall.median)} (${fmtS(m.wall.min)}–${fmtS(m.wall.max)}) | ${fmtMB(m.rss.median)} | ${(m.wall.median / (n / 1000) * 1000).toFixed(0)} ms |`);
  }
  const last = c.ns[c.ns.length - 1];
  lines.push('', `Growth ${c.ns[0].toLocaleString('en-US')} → ${last.toLocaleString('en-US')}: ${c.growth.toFixed(1)}× the time for ${last / c.ns[0]}× the objects.`
    + ` At ${last.toLocaleString('en-US')}: reading the YAML ${fmtS(c.phases.loadSeconds)}, the rules ${fmtS(c.phases.checkSeconds)}.`);
  const naive = Object.entries(c.naive).map(([n, x]) => `${Number(n).toLocaleString('en-US')} objects: ${fmtS(x.naiveSeconds)} unindexed, ${fmtS(x.indexedSeconds)} indexed (${x.speedup.toFixed(1)}×${x.sameFindings ? ', same findings' : ', DIFFERENT findings'})`);
  if (naive.length) lines.push('', `Baseline, the rules over an unindexed set (every lookup scans the namespace): ${naive.join('; ')}.`);
  return lines;
}

function compare(before) {
  const pick = (r) => ({
    'Kubernetes app': r.entryPoints?.k8s?.wall?.median,
    'Terraform app': r.entryPoints?.gcp?.wall?.median,
    'Terraform RSS (MB)': r.entryPoints?.gcp?.rss?.median / 1e6,
    '1,000 APIs': r.scale?.layouts?.chart?.rows?.[1000]?.wall?.median,
    'check, 50,000 objects': r.check?.rows?.[50000]?.wall?.median,
    '100 APIs': r.scale?.layouts?.chart?.rows?.[100]?.wall?.median,
  });
  const a = pick(before);
  const b = pick(results);
  const lines = [`Compared with ${before.commit?.short ?? '?'} (${before.date?.slice(0, 10) ?? '?'}):`, '', '| | before | now | change |', '|---|---|---|---|'];
  for (const k of Object.keys(b)) {
    if (!(a[k] > 0) || !(b[k] > 0)) continue;
    lines.push(`| ${k} | ${a[k].toFixed(3)} | ${b[k].toFixed(3)} | ${((b[k] / a[k] - 1) * 100).toFixed(0)}% |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------------

/** The `app` command of cdk8s.yaml or cdktf.json, as their CLIs run it. */
function appCommand(file) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  if (file.endsWith('.json')) return JSON.parse(text).app;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml').parse(text).app;
}

/**
 * Waits (at most a minute) for the 1-minute load average to fall below 1, so that the bench's own heavy steps (full
 * builds, the baseline's ts-node runs) do not slow the next section's figures. The load stays in the report.
 */
function settle() {
  const deadline = Date.now() + 60_000;
  while (os.loadavg()[0] >= 1 && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
}

function section(name, fn) {
  log(`\n${name}:`);
  const before = os.loadavg()[0];
  try {
    fn();
    // Other work on the machine slows every figure: keep the load around each section beside the figures.
    (results.load ??= {})[name] = { before: Number(before.toFixed(2)), after: Number(os.loadavg()[0].toFixed(2)) };
  } catch (err) {
    results.errors = [...(results.errors ?? []), `${name}: ${err.message}`];
    log(`  could not measure ${name}: ${err.message}`);
  }
}

function machine() {
  const cpus = os.cpus();
  let model = cpus[0]?.model ?? 'unknown CPU';
  try {
    model = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch { /* not Linux */ }
  let nproc = cpus.length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch { /* no nproc */ }
  let free;
  try {
    free = execFileSync('free', ['-h'], { encoding: 'utf8' }).trim();
  } catch { /* no free */ }
  const memGiB = os.totalmem() / 2 ** 30;
  return {
    nproc,
    cpuModel: model,
    memoryGiB: Number(memGiB.toFixed(1)),
    free,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    summary: `${nproc} CPUs (${model}), ${memGiB.toFixed(1)} GiB RAM, Node.js ${process.version}, ${os.type()} ${os.arch()}`,
  };
}

function commit() {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return { sha, short: sha.slice(0, 7), dirty };
  } catch {
    return { sha: 'unknown', short: 'unknown', dirty: false };
  }
}

function isGnuTime(p) {
  try {
    return spawnSync(p, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
  } catch {
    return false;
  }
}

function ratio(a, b) {
  return a / b;
}

function fmtS(s) {
  if (!Number.isFinite(s)) return 'n/a';
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

function fmtMB(bytes) {
  if (!Number.isFinite(bytes)) return 'n/a';
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

function log(text) {
  process.stderr.write(`${text}\n`);
}

function parseArgs(argv) {
  const flags = new Set();
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) values[k] = v;
    else if (['runs', 'baseline-runs', 'compare', 'out'].includes(k)) values[k] = argv[++i];
    else flags.add(k);
  }
  return { flags, values };
}
