#!/usr/bin/env node
/**
 * Runs a synth entry point from its compiled JavaScript, compiling first only when a source changed:
 *
 *   node scripts/run.js apps/k8s.ts [args...]     (what cdk8s.yaml, cdktf.json and `npm run synth` run)
 *   node scripts/run.js --build-only              (compile if needed, run nothing)
 *
 * Why not `tsc -b && node build/apps/k8s.js`: even with nothing to do, `tsc -b` takes about 0.2 s (it loads the
 * compiler and reads its build info), as much as the whole Kubernetes synth. This launcher compares the build's
 * inputs (the .ts files under lib/ and apps/, tsconfig.json, package.json, package-lock.json: path, size and
 * modification time of each) with the manifest it wrote after the last successful build (build/.sources.json), and
 * runs `tsc -b` only when they differ, or when build/ or a compiled file is missing. Then it runs the compiled entry
 * point in this same process, with compiled code cached between runs (scripts/compile-cache.js).
 *
 * It never runs stale code: a source added, removed, edited or touched since the last build means a rebuild, and a
 * failed build means exit code 1 without running anything. The manifest records the sources as they were *before*
 * the build, so a file saved while `tsc` runs is rebuilt next time. test/perf/run.test.ts checks all of this.
 *
 * No dependencies: it must start fast, and work before anything is compiled. The package ships it: `cdk-fastapi-gke
 * synth` builds an app repository with the same functions, given that project's layout (lib/cli/app-build.ts).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
/** tsconfig.json's rootDir and outDir. */
const OUT_DIR = 'build';
/** tsconfig.json's `include` ("lib/**\/*.ts", "apps/**\/*.ts"), as directories; test/perf/run.test.ts keeps them in step. */
const SOURCE_DIRS = ['lib', 'apps'];
/** Files whose change can change the build: the compiler's options, and the dependencies' versions (types). */
const CONFIG_FILES = ['tsconfig.json', 'package.json', 'package-lock.json'];
const MANIFEST = path.join(OUT_DIR, '.sources.json');
const MANIFEST_VERSION = 1;
/**
 * What a project's build reads and writes: this repository's by default. `sourceDirs` are walked for .ts files,
 * `configFiles` compared as they are, and tsc writes `<outDir>/<source>.js` (tsconfig.json's rootDir is the root).
 */
const REFERENCE = { sourceDirs: SOURCE_DIRS, configFiles: CONFIG_FILES, outDir: OUT_DIR };

/**
 * The inputs of the build as `{ "<relative path>": "<size>:<mtime ns>" }`, sorted by path: every .ts file under
 * SOURCE_DIRS, and CONFIG_FILES (a missing one is recorded as missing).
 */
function snapshot(root = ROOT, layout = REFERENCE) {
  const files = {};
  const stamp = (rel) => {
    try {
      const st = fs.statSync(path.join(root, rel), { bigint: true });
      return `${st.size}:${st.mtimeNs}`;
    } catch {
      return 'missing';
    }
  };
  const walk = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.name.endsWith('.ts')) files[child] = stamp(child);
    }
  };
  for (const dir of layout.sourceDirs) walk(dir);
  for (const file of layout.configFiles) files[file] = stamp(file);
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Where tsc writes the JavaScript of a source file. */
function outputOf(rel, layout = REFERENCE) {
  return path.join(layout.outDir, rel.replace(/\.ts$/, '.js'));
}

/**
 * Why the build is stale, or `undefined` if it is up to date: the manifest is missing or differs from `current`, or
 * the JavaScript of a source (or of `entry`) is missing.
 */
function staleReason(root = ROOT, current = snapshot(root), entry, layout = REFERENCE) {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(root, layout.outDir, path.basename(MANIFEST)), 'utf8'));
  } catch {
    return 'no record of a previous build';
  }
  if (recorded.version !== MANIFEST_VERSION) return 'the build record is from another version of scripts/run.js';
  const before = recorded.files ?? {};
  for (const [file, stamp] of Object.entries(current)) {
    if (before[file] === undefined) return `${file} is new`;
    if (before[file] !== stamp) return `${file} changed`;
  }
  for (const file of Object.keys(before)) if (current[file] === undefined) return `${file} was removed`;
  const sources = Object.keys(current).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  for (const file of entry ? [...sources, entry] : sources) {
    if (!fs.existsSync(path.join(root, outputOf(file, layout)))) return `${outputOf(file, layout)} is missing`;
  }
  return undefined;
}

/**
 * Compiles with `tsc -b` when the build is stale. Returns false when the compiler failed. Options: `root`, `layout`
 * (REFERENCE), `entry`, `tsc` (the compiler's command line), `log`, `verbose`, `name` (what the log line says).
 */
function ensureBuilt(options = {}) {
  const root = options.root ?? ROOT;
  const layout = options.layout ?? REFERENCE;
  const log = options.log ?? ((text) => process.stderr.write(text));
  const before = snapshot(root, layout);
  const reason = staleReason(root, before, options.entry, layout);
  if (reason === undefined) return true;
  if (options.verbose !== false) log(`${options.name ?? 'scripts/run.js'}: compiling (${reason})\n`);
  const tsc = options.tsc ?? [require.resolve('typescript/bin/tsc', { paths: [root] }), '-b'];
  const result = spawnSync(process.execPath, tsc, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return false;
  const manifest = path.join(root, layout.outDir, path.basename(MANIFEST));
  fs.mkdirSync(path.dirname(manifest), { recursive: true });
  const tmp = `${manifest}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ version: MANIFEST_VERSION, files: before }, null, 1)}\n`);
  fs.renameSync(tmp, manifest);
  return true;
}

function main(argv) {
  const [entry, ...args] = argv;
  if (entry === '--build-only') {
    process.exitCode = ensureBuilt() ? 0 : 1;
    return;
  }
  if (!entry || !/\.ts$/.test(entry)) {
    process.stderr.write('usage: node scripts/run.js <entry.ts> [args...] | --build-only   e.g. node scripts/run.js apps/k8s.ts\n');
    process.exitCode = 2;
    return;
  }
  const rel = path.relative(ROOT, path.resolve(entry)).split(path.sep).join('/');
  if (!fs.existsSync(path.join(ROOT, rel)) || !SOURCE_DIRS.some((dir) => rel.startsWith(`${dir}/`))) {
    process.stderr.write(`error: ${entry} is not a source of the build (tsconfig.json includes ${SOURCE_DIRS.join('/ and ')}/)\n`);
    process.exitCode = 2;
    return;
  }
  if (!ensureBuilt({ entry: rel })) {
    process.stderr.write('error: the TypeScript build failed; nothing was synthesized\n');
    process.exitCode = 1;
    return;
  }
  // Run the entry point in this process, as `node build/<entry>.js args...` would, with compiled code cached
  // between runs (scripts/compile-cache.js).
  require('./compile-cache').enableCompileCache(path.join(ROOT, 'node_modules', '.cache', 'cdk-fastapi-gke'));
  const compiled = path.join(ROOT, outputOf(rel));
  process.argv = [process.argv[0], compiled, ...args];
  require(compiled);
}

module.exports = { snapshot, staleReason, ensureBuilt, outputOf, SOURCE_DIRS, CONFIG_FILES, MANIFEST, REFERENCE };

if (require.main === module) main(process.argv.slice(2));
