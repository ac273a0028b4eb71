#!/usr/bin/env node
/**
 * One scale sample, as its own process (so that its wall time and peak RSS are its own): the Kubernetes synth of N
 * web APIs in one environment, the realistic path (PlatformChart, cdk8s synth, then the synth-time checks over every
 * object), written to OUTDIR.
 *
 *   node bench/scale-k8s.js N LAYOUT OUTDIR
 *
 * LAYOUT: `chart` (one Chart, one file: the default), `file-per-api` (one Chart, one file per API), or
 * `chart-per-api` (one cdk8s Chart per API: the layout that grows quadratically, for comparison).
 * Runs the compiled code in build/ (`bench/index.js` builds it first), with the compile cache the entry points use.
 */
'use strict';
const path = require('path');

const root = path.resolve(__dirname, '..');
const build = (p) => require(path.join(root, 'build', p));
// As the synth entry points run (scripts/run.js): with compiled code cached between runs.
require('../scripts/compile-cache').enableCompileCache(path.join(root, 'node_modules', '.cache', 'cdk-fastapi-gke'));

const [n, layout, outdir] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
if (!Number.isInteger(n) || n < 1 || !['chart', 'file-per-api', 'chart-per-api'].includes(layout) || !outdir) {
  process.stderr.write('usage: node bench/scale-k8s.js N chart|file-per-api|chart-per-api OUTDIR\n');
  process.exit(2);
}

const platform = scalePlatform(n);
if (layout === 'chart-per-api') chartPerApi(platform, outdir);
else build('lib/synth/kubernetes').synthKubernetes(platform, { outdir, filePerApi: layout === 'file-per-api', chartId: 'platform', log: () => {} });

/** N copies of the reference API (apps/platform.ts), each with its own names, in one environment sized to hold them. */
function scalePlatform(count) {
  const { KF_API, PLATFORM } = build('apps/platform');
  const [env] = PLATFORM.environments;
  const apis = Array.from({ length: count }, (_, i) => {
    const name = `api-${String(i + 1).padStart(4, '0')}`;
    return { ...KF_API, name, serviceName: `${name}-svc`, hpaName: `${name}-hpa` };
  });
  // Each API: 2-10 pods of 250m / 256Mi. e2-standard-32 nodes, enough of them for every HPA maximum.
  const perNode = 25;
  const maxNodes = Math.max(3, Math.ceil((count * 10) / perNode));
  const minNodes = Math.max(1, Math.ceil((count * 2) / perNode / 0.7));
  return {
    apis,
    environments: [{
      ...env,
      apis: undefined,
      cluster: { ...env.cluster, machineType: 'e2-standard-32', minNodes: Math.min(minNodes, maxNodes), initialNodes: undefined, maxNodes },
    }],
  };
}

/**
 * The naive layout, for comparison: one cdk8s Chart (so one file) per API, each a PlatformChart of one API, in one
 * App; then the same checks.
 */
function chartPerApi(spec, out) {
  const { App, YamlOutputType } = require(path.join(root, 'node_modules/cdk8s'));
  const { PlatformChart } = build('lib/k8s/platform-chart');
  const { enforceOnDirectory } = build('lib/checks/enforce');
  const { writeAtomically } = build('lib/synth/atomic-output');
  writeAtomically(out, (tmp) => {
    for (const env of spec.environments) {
      const app = new App({ outdir: path.join(tmp, env.name), outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART, recordConstructMetadata: false });
      for (const api of spec.apis) new PlatformChart(app, api.name, { platform: { ...spec, apis: [api] }, environment: env.name });
      app.synth();
    }
    enforceOnDirectory(tmp, out, { log: () => {} });
  });
}
