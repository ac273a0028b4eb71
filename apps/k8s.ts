/**
 * Kubernetes entry point for the reference deployment: `node build/apps/k8s.js` (what `cdk8s.yaml` runs).
 * Writes dist/ (or $CDK8S_OUTDIR) all at once, or nothing when a prop is wrong or a check fails.
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import { enforceOnDirectory } from '../lib/checks/enforce';
import { WebApi } from '../lib/k8s/web-api';
import { runMain, writeAtomically } from '../lib/synth-output';
import { KF_API } from './kf-api';

runMain(() => {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  writeAtomically(outdir, (tmp) => {
    const app = new App({
      outdir: tmp,
      outputFileExtension: '.yaml',
      yamlOutputType: YamlOutputType.FILE_PER_CHART,
      // The cdk8s CLI asks for construct-metadata.json when validations run; dist/ must hold manifests only,
      // so that `kubectl apply -f dist/` applies exactly what `npm run synth` writes.
      recordConstructMetadata: false,
    });
    const chart = new Chart(app, 'kf-api', { disableResourceNameHashes: true });
    new WebApi(chart, 'kf-api', KF_API);
    app.synth();
    // Errors fail the synth before anything replaces dist/; warnings are printed; dist.checks.json keeps the report.
    enforceOnDirectory(tmp, outdir);
  });
});
