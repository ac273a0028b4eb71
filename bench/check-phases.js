#!/usr/bin/env node
/**
 * One `check` sample in phases, as its own process: reading DIR (YAML parsing) and running the rules, in seconds.
 *
 *   node bench/check-phases.js DIR [--naive]
 *
 * --naive runs every Kubernetes rule over a plain array of the objects instead of the indexed set the runner builds:
 * every cross-object lookup scans the namespace, as the rules did before the lookups were indexed (the baseline).
 * Prints one JSON line: { objects, loadSeconds, checkSeconds, findings }.
 */
'use strict';
const path = require('path');

const root = path.resolve(__dirname, '..');
const { ALL_PACKS, loadPaths, runChecks } = require(path.join(root, 'build/lib/checks'));

const [dir, flag] = process.argv.slice(2);
if (!dir || (flag !== undefined && flag !== '--naive')) {
  process.stderr.write('usage: node bench/check-phases.js DIR [--naive]\n');
  process.exit(2);
}
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

let t0 = process.hrtime.bigint();
const loaded = loadPaths([dir]);
const loadSeconds = seconds(t0);

t0 = process.hrtime.bigint();
let findings = 0;
if (flag === '--naive') {
  const all = loaded.manifests.map((m) => m.manifest); // not indexed: every lookup scans
  for (const manifest of all) {
    for (const pack of ALL_PACKS) {
      for (const rule of pack.rules) if (rule.target === 'kubernetes') findings += rule.check({ manifest, all }).length;
    }
  }
} else {
  findings = runChecks(loaded, ALL_PACKS).length;
}
const checkSeconds = seconds(t0);
process.stdout.write(`${JSON.stringify({ objects: loaded.manifests.length, loadSeconds, checkSeconds, findings })}\n`);
