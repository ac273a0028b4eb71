/**
 * The reference platform, described once: the seed API `kf-api` (seed 001,
 * `../shared/reference/4oh4-kubernetes-fastapi/`) in a `production` and a smaller `staging` environment.
 * `apps/k8s.ts` writes its Kubernetes side (dist/<environment>/) and `apps/gcp.ts` its Terraform side
 * (cdktf.out/stacks/<environment>/); every name that crosses between them is derived in lib/plan/derive.ts.
 */
import type { PlatformStack } from '../lib/gcp/platform-stack';
import { suppressCheck } from '../lib/checks/suppress';
import type { ApiSpec, PlatformSpec } from '../lib/plan/platform';

/**
 * The seed API: the same names, image, port, CPU request and HPA bounds as its manifests. Where this departs from
 * them (minimum replicas, ClusterIP + TLS Ingress, probes, memory, the registry), docs/concepts.md says why.
 */
export const KF_API: ApiSpec = {
  name: 'kf-api',
  // The seed's image (4oh4/kubernetes-fastapi:1.0.0), pushed to each environment's Artifact Registry as
  // docs/operations.md shows: private nodes pull it over Google's network, not from Docker Hub.
  image: { name: 'kubernetes-fastapi', tag: '1.0.0' },
  port: 8080,
  // The image's own CMD, in exec form, plus proxy headers because the Ingress terminates TLS. The image (2021)
  // predates uvicorn 0.24's --timeout-graceful-shutdown, which would stop it from starting; the grace period still
  // covers the preStop pause and the drain.
  server: { app: 'service.main:app', timeoutGracefulShutdown: false },
  resources: {
    cpu: { request: '250m', limit: '500m' },
    memory: { request: '256Mi', limit: '256Mi' },
  },
  // The seed: `kubectl autoscale deployment kf-api --cpu-percent=50 --min=1 --max=10`; at least 2 here, so that a
  // node drain or a crash never takes the API down.
  autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilization: 50 },
  // The app serves GET /ping only: readiness, liveness and startup all use it, with different timings.
  health: { readinessPath: '/ping', livenessPath: '/ping', startupPath: '/ping' },
  // A step that is safe in every pod: fail fast if the image cannot import the app.
  preStartSteps: [{ name: 'check-app', command: ['python', '-c', 'import service.main'] }],
  // https://kf-api.<environment domain>, with a Google-managed certificate on a reserved static IP.
  tls: {},
  serviceName: 'kf-api-svc',
  hpaName: 'kf-api-hpa',
};

/**
 * Who may reach the clusters' control planes. 203.0.113.0/24 is a documentation range (RFC 5737) that nobody owns:
 * REPLACE it with your operators' and CI's egress ranges, or kubectl and `cdktf deploy` will be refused.
 */
const OPERATORS = [{ cidrBlock: '203.0.113.0/24', displayName: 'operators (replace me)' }];

export const PLATFORM: PlatformSpec = {
  apis: [KF_API],
  environments: [
    {
      name: 'production',
      projectId: 'my-project-id', // the seed's placeholder: replace with your project id
      location: 'europe-west2-a', // the seed's zone: a zonal cluster
      domain: 'example.com', // kf-api.example.com: replace with a domain you control
      authorizedNetworks: OPERATORS,
      cluster: {
        name: 'kf-cluster',
        // Not gcloud's default e2-medium: GKE's reservations and system pods leave it about 0.5 CPU for workloads.
        machineType: 'e2-standard-2',
        // The seed's 3 nodes (`--num-nodes=3`) as the floor; up to 6 as the HPA adds pods. At rest the floor holds
        // kf-api's two pods at about 11% CPU, and `npm run plan` says so: the seed's cluster is sized for load, not
        // for the API at rest (seed 000, resource utilisation).
        initialNodes: 3,
        minNodes: 3,
        maxNodes: 6,
        // A floor, not a pin: GKE upgrades past it within the REGULAR channel.
        minMasterVersion: '1.35',
      },
    },
    {
      name: 'staging',
      projectId: 'my-staging-project-id',
      location: 'europe-west2-a',
      domain: 'staging.example.com',
      authorizedNetworks: OPERATORS,
      cluster: { name: 'kf-cluster', machineType: 'e2-standard-2', minNodes: 1, maxNodes: 2, minMasterVersion: '1.35' },
      // Three pods on the one-node floor use half of it: inside the seed's 50–90% band.
      apis: { 'kf-api': { autoscaling: { minReplicas: 3, maxReplicas: 5 } } },
    },
  ],
};

/**
 * What the reference stacks set beyond the description: two exceptions, each with its reason. Google Groups for RBAC
 * needs a Workspace domain of your own; a customer-managed key needs a Cloud KMS key ring the placeholder project
 * does not have.
 */
export function configureStack(stack: PlatformStack): void {
  suppressCheck(stack.cluster, 'gke-google-groups-rbac', 'Groups for RBAC need your own Workspace domain: set cluster.securityGroup when you have one');
  suppressCheck(stack.registry, 'gke-registry-cmek', 'The placeholder project has no Cloud KMS key: set registryKmsKey to yours');
}
