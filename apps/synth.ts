/**
 * `npm run synth`: both outputs of the reference platform, dist/ and cdktf.out/ with their reports, checked and
 * switched in together, or nothing at all (a description or a check either side refuses leaves both as they were).
 * `apps/k8s.ts` and `apps/gcp.ts` are the one-sided entry points that `cdk8s.yaml` and `cdktf.json` run.
 */
import { runMain } from '../lib/synth/atomic-output';
import { synthPlatform } from '../lib/synth/platform';
import { PLATFORM, configureStack } from './platform';

runMain(() => synthPlatform(PLATFORM, { kubernetes: { outdir: 'dist' }, terraform: { outdir: 'cdktf.out', configureStack } }));
