/**
 * The seed API (seed 001, `../shared/reference/4oh4-kubernetes-fastapi/`), described once. The same names, image,
 * port, CPU request and HPA bounds as the seed's manifests; where this departs from them, docs/concepts.md says why.
 */
import type { WebApiProps } from '../lib/k8s/web-api';

/** The host the API is served on. Replace it with a name in a DNS zone you control. */
export const KF_API_HOST = 'kf-api.example.com';

export const KF_API: WebApiProps = {
  name: 'kf-api',
  image: '4oh4/kubernetes-fastapi:1.0.0',
  port: 8080,
  // The image's own CMD, in exec form, plus proxy headers because the Ingress terminates TLS.
  server: { app: 'service.main:app' },
  resources: {
    cpu: { request: '250m', limit: '500m' },
    memory: { request: '256Mi', limit: '256Mi' },
  },
  // The seed: `kubectl autoscale deployment kf-api --cpu-percent=50 --min=1 --max=10`; at least 2 here, so a
  // node drain or a crash never takes the API down.
  autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilization: 50 },
  // The app serves GET /ping only: readiness, liveness and startup all use it, with different timings.
  health: { readinessPath: '/ping', livenessPath: '/ping', startupPath: '/ping' },
  // A step that is safe in every pod: fail fast if the image cannot import the app.
  preStartSteps: [{ name: 'check-app', command: ['python', '-c', 'import service.main'] }],
  tls: { host: KF_API_HOST },
  serviceName: 'kf-api-svc',
  hpaName: 'kf-api-hpa',
};
