/**
 * Kubernetes entry point for the reference platform: `node build/apps/k8s.js` (what `cdk8s.yaml` runs).
 * Writes dist/<environment>/ for every environment (or $CDK8S_OUTDIR), all at once, or nothing when a prop is
 * wrong or a check fails.
 */
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { enforceOnDirectory } from '../lib/checks/enforce';
import { PlatformChart } from '../lib/k8s/platform-chart';
import { runMain, writeAtomically } from '../lib/synth-output';
import { PLATFORM } from './platform';

runMain(() => {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  writeAtomically(outdir, (tmp) => {
    for (const env of PLATFORM.environments) {
      const app = new App({
        outdir: path.join(tmp, env.name),
        outputFileExtension: '.yaml',
        yamlOutputType: YamlOutputType.FILE_PER_CHART,
        // The cdk8s CLI asks for construct-metadata.json when validations run; dist/ must hold manifests only,
        // so that `kubectl apply -f dist/<environment>/` applies exactly what `npm run synth` writes.
        recordConstructMetadata: false,
      });
      const chart = new PlatformChart(app, 'kf-api', { platform: PLATFORM, environment: env.name });
      app.synth();
      for (const warning of chart.capacity?.warnings ?? []) process.stderr.write(`warning: ${env.name}: ${warning}\n`);
    }
    // Errors fail the synth before anything replaces dist/; warnings are printed; dist.checks.json keeps the report.
    enforceOnDirectory(tmp, outdir);
  });
});
