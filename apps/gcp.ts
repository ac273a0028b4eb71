/**
 * Terraform entry point for the reference platform: `node build/apps/gcp.js` (what `cdktf.json` runs). One stack
 * per environment: cdktf.out/stacks/<environment>/cdk.tf.json. The seed (001) made its cluster by hand
 * (`gcloud container clusters create my-cluster-name --num-nodes=3` in europe-west2-a); this is that cluster,
 * hardened, with what the seed set up around it by hand: a registry, a static IP for the TLS Ingress, and an identity
 * for the pods.
 */
import { App } from 'cdktf';
import { enforceOnDirectory } from '../lib/checks/enforce';
import { suppressCheck } from '../lib/checks/suppress';
import { PlatformStack } from '../lib/gcp/platform-stack';
import { runMain, writeAtomically } from '../lib/synth-output';
import { PLATFORM } from './platform';

runMain(() => {
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  writeAtomically(outdir, (tmp) => {
    const app = new App({ outdir: tmp, skipValidation: false });
    for (const env of PLATFORM.environments) {
      const stack = new PlatformStack(app, { platform: PLATFORM, environment: env.name });
      // Google Groups for RBAC needs a Google Workspace domain of your own; the placeholder project has none.
      suppressCheck(stack.cluster, 'gke-google-groups-rbac', 'Groups for RBAC need your own Workspace domain: set cluster.securityGroup when you have one');
    }
    app.synth();
    // Errors fail the synth before anything replaces cdktf.out/; cdktf.out.checks.json keeps the report.
    enforceOnDirectory(tmp, outdir);
  });
});
