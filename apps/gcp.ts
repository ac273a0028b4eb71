/**
 * Terraform entry point for the reference deployment: `node build/apps/gcp.js` (what `cdktf.json` runs).
 *
 * The seed (001) made its cluster by hand: `gcloud container clusters create my-cluster-name --num-nodes=3` in
 * europe-west2-a, in the project `my-project-id`. This is that cluster, hardened, with what the seed set up around
 * it by hand: a registry for the kf-api image, a static IP for its TLS Ingress, and an identity for its pods.
 * Writes cdktf.out/stacks/production/cdk.tf.json.
 */
import { App } from 'cdktf';
import { GkePlatformStack } from '../lib/gcp/gke-platform-stack';
import { enforceOnDirectory } from '../lib/checks/enforce';
import { suppressCheck } from '../lib/checks/suppress';
import { runMain, writeAtomically } from '../lib/synth-output';

runMain(() => {
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  writeAtomically(outdir, (tmp) => {
    const app = new App({ outdir: tmp, skipValidation: false });
    const stack = new GkePlatformStack(app, 'production', {
      projectId: 'my-project-id', // the seed's placeholder: replace with your project id
      location: 'europe-west2-a', // the seed's zone: a zonal cluster
      name: 'kf-cluster',
      // Who may reach the Kubernetes API. 203.0.113.0/24 is a documentation range (RFC 5737) that nobody owns:
      // REPLACE it with your operators' and CI's egress ranges, or kubectl and cdktf deploy will be refused.
      authorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'operators (replace me)' }],
      // A floor, not a pin: GKE upgrades past it within the REGULAR channel. It must be a version the channel still
      // offers (`gcloud container get-server-config --zone europe-west2-a`). Checkov's CKV_GCP_67 reads it.
      minMasterVersion: '1.35',
      // Google Groups for RBAC (Checkov CKV_GCP_65) needs your domain:
      // securityGroup: 'gke-security-groups@example.com',
      nodePool: {
        machineType: 'e2-standard-2', // 2 vCPU, 8 GiB: 1930m CPU and about 6.1 GiB allocatable per node
        // The seed's 3 nodes, kept as the floor: the HPA's minimum replicas then spread over distinct nodes and a
        // surge upgrade never leaves fewer than 3. Up to 6 gives the HPA (seed: up to 10 pods) room to double
        // while bounding the cost at twice the seed's.
        initialNodes: 3,
        minNodes: 3,
        maxNodes: 6,
      },
      labels: { app: 'kf-api', env: 'production' },
      registry: { repositoryId: 'kf-api' },
      // The Ingress names this address in its kubernetes.io/ingress.global-static-ip-name annotation.
      ingressAddress: { name: 'kf-api-ip' },
      // To have Cloud DNS point the API's host at it (the managed certificate needs that):
      // ingressAddress: { name: 'kf-api-ip', dns: { managedZone: 'example-com', host: 'api.example.com' } },
      workloadIdentities: [{ accountId: 'kf-api', namespace: 'kf-api', kubernetesServiceAccount: 'kf-api' }],
    });
    // Google Groups for RBAC needs a Google Workspace domain of your own; the placeholder project has none.
    suppressCheck(stack.cluster, 'gke-google-groups-rbac', 'Groups for RBAC need your own Workspace domain: set securityGroup when you have one');
    app.synth();
    // Errors fail the synth before anything replaces cdktf.out/; cdktf.out.checks.json keeps the report.
    enforceOnDirectory(tmp, outdir);
  });
});
