/**
 * The app-repository part of `npm run bench` (bench/index.js calls it, with its own measuring helpers): apps made by
 * `cdk-fastapi-gke init` from the packed tarball, in the bench's temporary folder.
 *
 * 1. Install size: `du -sk node_modules` after `npm ci` of a Kubernetes-only app (`init --k8s-only`) and of a full
 *    one, and how long `npm ci` took (npm's cache preferred: `--prefer-offline`).
 * 2. Synth of both sides of the full app (`node_modules/.bin/cdk-fastapi-gke synth`, nothing to compile), beside the
 *    reference's own path for both sides (`node --max-semi-space-size=2 scripts/run.js apps/synth.ts`) and the
 *    naive baseline (its two ts-node processes, measured by bench/index.js); also `npm run synth` and the
 *    Kubernetes-only app's `synth --k8s-only`.
 * 3. Import time and peak memory of each subpath, required alone in a fresh process of the full app.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const SUBPATHS = ['cdk-fastapi-gke/plan', 'cdk-fastapi-gke/checks', 'cdk-fastapi-gke/cdk8s-plugin', 'cdk-fastapi-gke/k8s', 'cdk-fastapi-gke/synth/kubernetes', 'cdk-fastapi-gke/gcp', 'cdk-fastapi-gke/synth', 'cdk-fastapi-gke'];
const NPM = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** Runs the app-repository measurements; `h` holds bench/index.js's helpers and settings. */
function appRepoBench(h) {
  const dir = path.join(h.work, 'app-repo');
  fs.mkdirSync(dir, { recursive: true });
  h.runOnce(`npm pack --ignore-scripts --pack-destination ${dir}`, {}, {});
  const tarball = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.tgz')));
  const install = { k8s: installApp(h, path.join(dir, 'orders-k8s'), ['--k8s-only'], tarball), full: installApp(h, path.join(dir, 'orders'), [], tarball) };
  const full = path.join(dir, 'orders');
  const k8sApp = path.join(dir, 'orders-k8s');
  const opts = { runs: h.runs, warmups: h.warmups };
  const synth = {
    scaffold: h.measure('app repo: synth, both sides', 'node_modules/.bin/cdk-fastapi-gke synth', { ...opts, cwd: full }),
    scaffoldNpm: h.measure('app repo: npm run synth', 'npm run synth --silent', { ...opts, cwd: full }),
    scaffoldK8s: h.measure('app repo (k8s-only): synth --k8s-only', 'node_modules/.bin/cdk-fastapi-gke synth --k8s-only', { ...opts, cwd: k8sApp }),
    reference: h.measure('reference: apps/synth.ts, both sides', `node --max-semi-space-size=2 ${path.join(h.root, 'scripts/run.js')} ${path.join(h.root, 'apps/synth.ts')}`, { ...opts, cwd: refDir(dir) }),
  };
  const imports = {};
  for (const subpath of SUBPATHS) {
    const script = `require('${subpath}'); process.stdout.write(String(Object.keys(require.cache).length))`;
    const m = h.measure(`import ${subpath}`, `node -e "${script}"`, { runs: h.runs, warmups: 1, cwd: full });
    imports[subpath] = { ...m, modules: Number(h.runOnce(`node -e "${script}"`, {}, { cwd: full }).stdout) };
  }
  return { install, synth, imports, ratios: ratios(h, synth) };
}

function refDir(dir) {
  const ref = path.join(dir, 'reference');
  fs.mkdirSync(ref, { recursive: true });
  return ref;
}

/** `init`, then `npm install <tarball>` (which writes the lock file), then the measured `npm ci`; then a first synth. */
function installApp(h, app, initArgs, tarball) {
  fs.mkdirSync(app, { recursive: true });
  h.runOnce(`node ${path.join(h.root, 'build/lib/cli.js')} init --name orders ${initArgs.join(' ')}`, {}, { cwd: app });
  h.runOnce(`npm install ${NPM.join(' ')} ${tarball}`, {}, { cwd: app });
  fs.rmSync(path.join(app, 'node_modules'), { recursive: true, force: true });
  const ci = h.runOnce(`npm ci ${NPM.join(' ')}`, {}, { cwd: app });
  const kib = Number(execFileSync('du', ['-sk', 'node_modules'], { cwd: app, encoding: 'utf8' }).split('\t')[0]);
  const packages = fs.readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
  h.runOnce(`node_modules/.bin/cdk-fastapi-gke synth${initArgs.includes('--k8s-only') ? ' --k8s-only' : ''}`, {}, { cwd: app }); // the first compile
  const result = { bytes: kib * 1024, npmCiSeconds: ci.wall, topLevel: packages, cdktf: packages.some((n) => /cdktf/.test(n)) };
  h.log(`  install ${initArgs.includes('--k8s-only') ? 'Kubernetes-only' : 'full'} app: ${h.fmtMB(result.bytes)} of node_modules (npm ci ${h.fmtS(ci.wall)}): ${packages.join(', ')}`);
  return result;
}

function ratios(h, synth) {
  const base = h.baseline;
  const both = base ? base.k8s.wall.median + base.gcp.wall.median : undefined;
  return {
    vsBaseline: both ? both / synth.scaffold.wall.median : undefined,
    vsReference: synth.scaffold.wall.median / synth.reference.wall.median,
    k8sVsBaseline: base ? base.k8s.wall.median / synth.scaffoldK8s.wall.median : undefined,
    baselineBothSeconds: both,
  };
}

/** The Markdown lines of the report. */
function appRepoMarkdown(a, h) {
  const lines = ['', 'App repositories made by `cdk-fastapi-gke init`, installed from the packed tarball (`npm ci --prefer-offline`; `du -sk node_modules`):', ''];
  lines.push('| app | node_modules | npm ci | cdktf installed |', '|---|---|---|---|');
  for (const [label, i] of [['Kubernetes-only (`init --k8s-only`)', a.install.k8s], ['full (`init`)', a.install.full]]) {
    lines.push(`| ${label} | ${h.fmtMB(i.bytes)} | ${h.fmtS(i.npmCiSeconds)} | ${i.cdktf ? 'yes' : 'no'} |`);
  }
  lines.push('', '| synth | command | wall time | peak RSS |', '|---|---|---|---|');
  for (const [label, m] of [['scaffold, both sides', a.synth.scaffold], ['scaffold, `npm run synth`', a.synth.scaffoldNpm], ['scaffold, Kubernetes-only app', a.synth.scaffoldK8s], ['reference, both sides', a.synth.reference]]) {
    lines.push(`| ${label} | \`${m.command.replace(h.root, '.').replace(h.root, '.')}\` | ${h.fmtS(m.wall.median)} (${h.fmtS(m.wall.min)}–${h.fmtS(m.wall.max)}) | ${h.fmtMB(m.rss.median)} |`);
  }
  const r = a.ratios;
  lines.push('', `Scaffold, both sides: **${fmtX(r.vsBaseline)} faster** than the baseline's two ts-node processes (${h.fmtS(r.baselineBothSeconds)}), **${fmtX(r.vsReference)}** the reference's time; the Kubernetes-only app ${fmtX(r.k8sVsBaseline)} faster than the baseline's Kubernetes app.`);
  lines.push('', 'Import of each subpath alone (a fresh process of the full app):', '', '| subpath | wall time | peak RSS | modules |', '|---|---|---|---|');
  for (const [sub, m] of Object.entries(a.imports)) lines.push(`| \`${sub}\` | ${h.fmtS(m.wall.median)} | ${h.fmtMB(m.rss.median)} | ${m.modules} |`);
  return lines;
}

function fmtX(x) {
  return Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)}×` : 'n/a';
}

module.exports = { appRepoBench, appRepoMarkdown, fmtX };
