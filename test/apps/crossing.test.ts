/**
 * One description, two outputs: for each environment of the reference platform, the values that cross between the
 * synthesized Kubernetes YAML and the synthesized Terraform JSON are equal. Both entry points run as a user runs
 * them (compiled, in separate processes).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossing-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
execFileSync(process.execPath, [path.join(ROOT, 'build/apps/k8s.js')], { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: path.join(tmp, 'dist') } });
execFileSync(process.execPath, [path.join(ROOT, 'build/apps/gcp.js')], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: path.join(tmp, 'cdktf.out') } });

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function outputs(env: string) {
  const yaml = parseAllDocuments(fs.readFileSync(path.join(tmp, 'dist', env, 'kf-api.yaml'), 'utf8')).map((d) => d.toJS() as Obj);
  const tf = JSON.parse(fs.readFileSync(path.join(tmp, 'cdktf.out', 'stacks', env, 'cdk.tf.json'), 'utf8'));
  const k8s = (kind: string) => yaml.find((m) => m.kind === kind)!;
  const tfOne = (type: string, where: (r: Obj) => boolean = () => true) => (Object.values(tf.resource[type] ?? {}) as Obj[]).filter(where);
  return { k8s, tfOne, tf };
}

describe.each(['production', 'staging'])('%s', (env) => {
  const { k8s, tfOne, tf } = outputs(env);
  const provider = tf.provider.google[0];
  const project = provider.project;

  test('the static IP the Ingress names is the address Terraform reserves', () => {
    const name = k8s('Ingress').metadata.annotations['kubernetes.io/ingress.global-static-ip-name'];
    expect(name).toBe(`kf-api-${env}-ip`);
    expect(tfOne('google_compute_global_address').map((a) => a.name)).toEqual([name]);
  });

  test('the Google service account the KSA names is the one Terraform creates and binds', () => {
    const email = k8s('ServiceAccount').metadata.annotations['iam.gke.io/gcp-service-account'];
    const [accountId, domain] = email.split('@');
    expect(domain).toBe(`${project}.iam.gserviceaccount.com`);
    expect(tfOne('google_service_account', (a) => a.account_id === accountId)).toHaveLength(1);
    const ksa = k8s('ServiceAccount').metadata;
    const binding = tfOne('google_service_account_iam_member', (b) => b.role === 'roles/iam.workloadIdentityUser');
    expect(binding.map((b) => b.member)).toEqual([`serviceAccount:${project}.svc.id.goog[${ksa.namespace}/${ksa.name}]`]);
  });

  test('the image comes from the registry Terraform creates', () => {
    const image: string = k8s('Deployment').spec.template.spec.containers[0].image;
    const [repo] = tfOne('google_artifact_registry_repository');
    expect(image).toBe(`${repo.location}-docker.pkg.dev/${project}/${repo.repository_id}/kubernetes-fastapi:1.0.0`);
    expect(tf.output.registry_url.value).toBe(`${repo.location}-docker.pkg.dev/${project}/${repo.repository_id}`);
  });

  test('the host is the same in the Ingress and the certificate', () => {
    const host = k8s('Ingress').spec.rules[0].host;
    expect(host).toBe(env === 'production' ? 'kf-api.example.com' : 'kf-api.staging.example.com');
    expect(k8s('ManagedCertificate').spec.domains).toEqual([host]);
  });

  test('the node pool is the one the capacity plan sized', () => {
    const [pool] = tfOne('google_container_node_pool');
    expect(pool.node_config.machine_type).toBe('e2-standard-2');
    expect(pool.autoscaling.max_node_count).toBe(env === 'production' ? 6 : 2);
  });
});
