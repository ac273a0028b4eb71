/**
 * Kubernetes entry point for the reference platform: `node scripts/run.js apps/k8s.ts` (what `cdk8s.yaml` runs).
 * Writes dist/<environment>/ for every environment (or $CDK8S_OUTDIR), all at once, or nothing when a prop is
 * wrong or a check fails. `--file-per-api` writes dist/<environment>/<api>.yaml per API (same objects, same checks).
 */
import { runMain } from '../lib/synth/atomic-output';
import { synthKubernetes } from '../lib/synth/kubernetes';
import { PLATFORM } from './platform';

runMain(() => synthKubernetes(PLATFORM, {
  outdir: process.env.CDK8S_OUTDIR ?? 'dist',
  filePerApi: process.argv.slice(2).includes('--file-per-api'),
}));
