/**
 * Kubernetes entry point for the reference deployment: `node build/apps/k8s.js` (what `cdk8s.yaml` runs).
 * Writes dist/ (or $CDK8S_OUTDIR) all at once, or nothing when a prop is wrong.
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import { WebApi } from '../lib';
import { runMain, writeAtomically } from '../lib/synth-output';
import { KF_API } from './kf-api';

runMain(() => {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  writeAtomically(outdir, (tmp) => {
    const app = new App({ outdir: tmp, outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
    const chart = new Chart(app, 'kf-api', { disableResourceNameHashes: true });
    new WebApi(chart, 'kf-api', KF_API);
    app.synth();
  });
});
