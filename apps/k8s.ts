/**
 * Kubernetes entry point for the reference platform: `node scripts/run.js apps/k8s.ts [--outdir DIR]` (what
 * `npm run synth` and `cdk8s.yaml` run). Writes <outdir>/<environment>/ for every environment, all at once, or nothing
 * when a prop is wrong or a check fails. The output is `--outdir`, else $CDK8S_OUTDIR, else `dist`.
 *
 * Under `cdk8s synth`, $CDK8S_OUTDIR is the CLI's own folder (`.cdk8s.out`), which the CLI empties before it runs
 * the app: the output goes to `--outdir dist`, which a failed synth leaves as it was, and a copy to the CLI's folder
 * for its listing and validation plugins. `--file-per-api` writes <outdir>/<environment>/<api>.yaml per API.
 */
import * as path from 'path';
import { runMain } from '../lib/synth/atomic-output';
import { synthKubernetes } from '../lib/synth/kubernetes';
import { PLATFORM } from './platform';

runMain(() => {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--outdir');
  const cli = process.env.CDK8S_OUTDIR;
  const outdir = flag >= 0 ? args[flag + 1] ?? '' : cli ?? 'dist';
  synthKubernetes(PLATFORM, {
    outdir,
    filePerApi: args.includes('--file-per-api'),
    copyTo: cli !== undefined && path.resolve(cli) !== path.resolve(outdir) ? cli : undefined,
  });
});
