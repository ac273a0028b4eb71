/**
 * The reference app (the seed's kf-api), run as a user runs it: the compiled entry point `cdk8s.yaml` names,
 * in a separate process. `npm test` compiles first (`tsc -b`).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { podSpecOf, restrictedViolations } from '../helpers/pod-security';
import { validateAll } from '../helpers/schema';
import { only } from '../helpers/synth';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'build/apps/k8s.js');

/** Runs the entry point; returns every file it wrote, by path relative to the output directory. */
function synthTo(outdir: string): Record<string, string> {
  execFileSync(process.execPath, [ENTRY], { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir } });
  const files = fs.readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(outdir, f)).isFile());
  return Object.fromEntries(files.sort().map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kf-api-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const files = synthTo(path.join(tmp, 'a'));
const parse = (text: string) => parseAllDocuments(text).map((d) => d.toJS());
const manifests = parse(files['production/kf-api.yaml']);
const staging = parse(files['staging/kf-api.yaml']);

test('writes one directory per environment, and every object validates against its schema', () => {
  expect(Object.keys(files)).toEqual(['_cluster/production.yaml', '_cluster/staging.yaml', 'production/kf-api.yaml', 'staging/kf-api.yaml']);
  expect(validateAll(manifests)).toBe(manifests.length);
  expect(validateAll(staging)).toBe(staging.length);
});

test('keeps the seed\'s names, image, port, CPU request and HPA bounds', () => {
  const deployment = only(manifests, 'Deployment', 'kf-api');
  const container = deployment.spec.template.spec.containers[0];
  // The seed's image, served from the environment's Artifact Registry.
  expect(container.image).toBe('europe-west2-docker.pkg.dev/my-project-id/apps/kubernetes-fastapi:1.0.0');
  expect(container.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
  expect(container.resources.requests.cpu).toBe('250m');
  expect(only(manifests, 'Service', 'kf-api-svc').spec.ports[0].targetPort).toBe(8080);
  const hpa = only(manifests, 'HorizontalPodAutoscaler', 'kf-api-hpa');
  expect(hpa.apiVersion).toBe('autoscaling/v2');
  expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10, scaleTargetRef: { name: 'kf-api' } });
  // Staging sets its own bounds (apps/platform.ts), which override the API's.
  expect(only(staging, 'HorizontalPodAutoscaler', 'kf-api-hpa').spec).toMatchObject({ minReplicas: 3, maxReplicas: 5 });
  expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(50);
});

test('departs from the seed where the seed is unsafe: probes, memory, TLS, no replicas beside the HPA', () => {
  const deployment = only(manifests, 'Deployment', 'kf-api');
  const pod = deployment.spec.template.spec;
  const c = pod.containers[0];
  expect(deployment.spec.replicas).toBeUndefined();
  // The seed serves /ping only: readiness and startup GET it; liveness checks the port, so that kube-score's
  // pod-probes-identical (which compares path and port, not timings) passes and a slow dependency restarts nothing.
  expect([c.readinessProbe, c.startupProbe].map((p) => p.httpGet.path)).toEqual(['/ping', '/ping']);
  expect(c.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 } });
  expect(c.livenessProbe.httpGet).toBeUndefined();
  expect(c.resources.limits.memory).toBe('256Mi');
  // Proxy headers from Google's front ends only, and a keep-alive longer than the load balancer's 600 s.
  expect(c.command).toEqual([
    'uvicorn', 'service.main:app', '--host', '0.0.0.0', '--port', '8080', '--proxy-headers',
    '--forwarded-allow-ips', '35.191.0.0/16,130.211.0.0/22,2600:2d00:1:b029::/64,2600:2d00:1:1::/64', '--timeout-keep-alive', '620',
  ]);
  expect(pod.initContainers.map((i: { name: string }) => i.name)).toEqual(['check-app']);
  expect(only(manifests, 'Service', 'kf-api-svc').spec.type).toBe('ClusterIP');
  expect(only(manifests, 'Ingress', 'kf-api').spec.rules[0].host).toBe('kf-api.example.com');
  expect(only(manifests, 'ManagedCertificate').spec.domains).toEqual(['kf-api.example.com']);
  // The load balancer health-checks /ping (the seed answers 404 on /, GKE's default), through the NEGs.
  expect(only(manifests, 'BackendConfig').spec.healthCheck).toMatchObject({ requestPath: '/ping', port: 8080 });
  expect(only(manifests, 'Service', 'kf-api-svc').metadata.annotations).toEqual({
    'cloud.google.com/neg': '{"ingress": true}', 'cloud.google.com/backend-config': '{"default":"kf-api-backend"}',
  });
});

test('every pod passes Pod Security "restricted"', () => {
  const pods = [...manifests, ...staging].map(podSpecOf).filter((p) => p !== undefined);
  expect(pods.length).toBeGreaterThan(0);
  for (const pod of pods) expect(restrictedViolations(pod!)).toEqual([]);
});

test('no Secret value appears anywhere in the output', () => {
  for (const text of Object.values(files)) {
    expect(text).not.toMatch(/^kind: Secret$/m);
    expect(text).not.toMatch(/^\s*(data|stringData):/m);
  }
});

test('two synths are byte-identical', () => {
  expect(synthTo(path.join(tmp, 'b'))).toEqual(files);
});

test('the output, as an operator reads it', () => {
  expect(files['production/kf-api.yaml']).toMatchSnapshot();
});

test('a prop mistake prints one line, exits 1, and writes nothing', () => {
  const outdir = path.join(tmp, 'bad');
  const script = `
    const { App, Chart } = require('cdk8s');
    const { WebApi, runMain, writeAtomically } = require(${JSON.stringify(path.join(ROOT, 'build/lib'))});
    runMain(() => writeAtomically(process.env.OUT, (dir) => {
      const app = new App({ outdir: dir });
      new WebApi(new Chart(app, 'c'), 'kf-api', { image: '4oh4/kubernetes-fastapi:1.0.0', autoscaling: { minReplicas: 2, maxReplicas: 0 } });
      app.synth();
    }));`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, OUT: outdir }, encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toBe('error: WebApi \'kf-api\': \'autoscaling.maxReplicas\' (0) must be at least \'autoscaling.minReplicas\' (2)\n');
  expect(fs.existsSync(outdir)).toBe(false);
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith('bad'))).toEqual([]);
});
