/**
 * Terraform entry point for the reference platform: `node scripts/run.js apps/gcp.ts` (what `cdktf.json` runs). One
 * stack per environment: cdktf.out/stacks/<environment>/cdk.tf.json (or $CDKTF_OUTDIR). The seed (001) made its
 * cluster by hand (`gcloud container clusters create my-cluster-name --num-nodes=3` in europe-west2-a); this is that
 * cluster, hardened, with what the seed set up around it by hand: a registry, a static IP for the TLS Ingress, and an
 * identity for the pods.
 */
import { runMain } from '../lib/synth/atomic-output';
import { synthTerraform } from '../lib/synth/terraform';
import { PLATFORM, configureStack } from './platform';

runMain(() => synthTerraform(PLATFORM, { outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out', configureStack }));
