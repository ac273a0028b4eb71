import * as fs from 'fs';
import * as path from 'path';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { App, GcsBackend, Testing } from 'cdktf';
import { AutopilotCluster } from '../../lib/gcp/autopilot-cluster';
import { GkeCluster } from '../../lib/gcp/gke-cluster';
import { GkePlatformStack, GkePlatformStackProps } from '../../lib/gcp/gke-platform-stack';
import { onlyResource, resourcesOf } from './helpers';

Testing.setupJest();

const PROPS: GkePlatformStackProps = {
  projectId: 'my-project-id',
  location: 'europe-west2-a',
  name: 'kf-cluster',
  authorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'operators' }],
  nodePool: { initialNodes: 3, minNodes: 3, maxNodes: 6 },
  registry: { repositoryId: 'kf-api' },
  ingressAddresses: [{ name: 'kf-api-ip' }],
  workloadIdentities: [{ accountId: 'kf-api', namespace: 'kf-api', kubernetesServiceAccount: 'kf-api' }],
};

function platform(overrides: Partial<GkePlatformStackProps> = {}): GkePlatformStack {
  return new GkePlatformStack(Testing.app(), 'production', { ...PROPS, ...overrides });
}

describe('GkePlatformStack', () => {
  const stack = platform();
  const out = Testing.synth(stack, true);
  const json = JSON.parse(out);

  test('a provider for the project and region', () => {
    expect(json.provider.google).toEqual([{ project: 'my-project-id', region: 'europe-west2' }]);
  });

  test('a relative local state path, so the JSON is the same in every clone', () => {
    expect(json.terraform.backend).toEqual({ local: { path: '../../../terraform.production.tfstate' } });
  });

  test('network, cluster, pool, registry, address and identity, wired together', () => {
    expect(stack.cluster).toBeInstanceOf(GkeCluster);
    expect(out).toHaveResourceWithProperties(ContainerCluster, { name: 'kf-cluster', location: 'europe-west2-a' });
    expect(out).toHaveResourceWithProperties(ContainerNodePool, { autoscaling: { min_node_count: 3, max_node_count: 6 } });
    expect(resourcesOf(out, 'google_compute_subnetwork').map((s) => [s.name, s.region])).toEqual([
      ['kf-cluster-control-plane', 'europe-west2'], ['gke-network', 'europe-west2'],
    ]);
    expect(onlyResource(out, 'google_artifact_registry_repository_iam_member').member).toBe(
      onlyResource(out, 'google_container_node_pool').node_config.service_account.replace(/^/, 'serviceAccount:'),
    );
    expect(onlyResource(out, 'google_service_account_iam_member').depends_on).toEqual([
      expect.stringMatching(/^google_container_cluster\./),
      expect.stringMatching(/^google_project_service\.services_iam_/),
      expect.stringMatching(/^google_project_service\.services_iamcredentials_/),
    ]);
    expect(Object.keys(stack.workloadIdentities)).toEqual(['kf-api']);
  });

  test('the outputs asked for, and no others', () => {
    expect(Object.keys(json.output).sort()).toEqual([
      'cluster_ca_certificate',
      'cluster_endpoint',
      'dns_endpoint',
      'get_credentials_command',
      'registry_url',
      'static_ip_kf_api_ip',
    ]);
    expect(json.output.cluster_endpoint.value).toMatch(/^\$\{google_container_cluster\..*\.endpoint\}$/);
    expect(json.output.cluster_ca_certificate).toMatchObject({
      sensitive: true,
      value: expect.stringMatching(/\.master_auth\[0\]\.cluster_ca_certificate\}$/),
    });
    expect(json.output.get_credentials_command.value).toBe(
      'gcloud container clusters get-credentials kf-cluster --zone europe-west2-a --project my-project-id',
    );
    expect(json.output.registry_url.value).toBe('europe-west2-docker.pkg.dev/my-project-id/kf-api');
    expect(json.output.static_ip_kf_api_ip.value).toMatch(/^\$\{google_compute_global_address\..*\.address\}$/);
    expect(json.output.cluster_endpoint.sensitive).toBeUndefined();
  });

  test('two synths give the same JSON', () => {
    expect(Testing.synth(platform(), true)).toBe(out);
  });

  test('a full synth writes the stack where cdktf and terraform look for it', () => {
    const outdir = Testing.fullSynth(platform());
    const written = fs.readFileSync(path.join(outdir, 'stacks', 'production', 'cdk.tf.json'), 'utf8');
    expect(JSON.parse(written).output.registry_url.value).toBe('europe-west2-docker.pkg.dev/my-project-id/kf-api');
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks.production.workingDirectory).toBe(
      'stacks/production',
    );
  });

  test('readable HCL', () => {
    const hcl = Testing.synthHcl(platform(), true);
    expect(hcl).toContain('resource "google_container_cluster"');
    expect(hcl).toContain('issue_client_certificate = false');
    expect(hcl).toMatch(/output "cluster_ca_certificate" \{\n.*\n.*\n\s*sensitive\s*= true\n\}/);
  });

  test('defaults: registry "images" in the region, no address, no identities', () => {
    const s = platform({ registry: undefined, ingressAddresses: undefined, workloadIdentities: undefined });
    const o = JSON.parse(Testing.synth(s, true));
    expect(o.output.registry_url.value).toBe('europe-west2-docker.pkg.dev/my-project-id/images');
    expect(o.output.static_ip_kf_api_ip).toBeUndefined();
    expect(resourcesOf(JSON.stringify(o), 'google_service_account_iam_member')).toHaveLength(0);
  });

  test('a GCS backend', () => {
    const s = platform({ backend: (st) => new GcsBackend(st, { bucket: 'my-tf-state', prefix: 'kf/production' }) });
    expect(JSON.parse(Testing.synth(s, true)).terraform.backend).toEqual({ gcs: { bucket: 'my-tf-state', prefix: 'kf/production' } });
  });

  test('Autopilot mode', () => {
    const s = platform({ mode: 'autopilot', location: 'europe-west2', nodePool: undefined });
    const o = Testing.synth(s, true);
    expect(s.cluster).toBeInstanceOf(AutopilotCluster);
    expect(o).toHaveResourceWithProperties(ContainerCluster, { enable_autopilot: true });
    expect(o).not.toHaveResource(ContainerNodePool);
    expect(JSON.parse(o).output.get_credentials_command.value).toContain('--region europe-west2');
  });

  describe('errors', () => {
    test('Autopilot with a node pool', () => {
      expect(() => platform({ mode: 'autopilot', location: 'europe-west2' })).toThrow(
        "AutopilotCluster 'cluster' in stack 'production': 'nodePool.initialNodes' (3) is not supported on Autopilot: Autopilot adds and removes nodes itself",
      );
    });

    test('an unknown zone', () => {
      expect(() => platform({ location: 'europe-west9-z' })).toThrow(
        "GkePlatformStack 'production': 'location' (\"europe-west9-z\") is not a zone of europe-west9 (its zones: europe-west9-a, europe-west9-b, europe-west9-c)",
      );
    });

    test('the same account for two APIs', () => {
      const identity = { accountId: 'kf-api', namespace: 'kf-api', kubernetesServiceAccount: 'kf-api' };
      expect(() => platform({ workloadIdentities: [identity, { ...identity, namespace: 'other' }] })).toThrow(
        "GkePlatformStack 'production': 'workloadIdentities[1].accountId' (\"kf-api\") is used twice: each API needs its own account",
      );
    });

    test("an API account named like the nodes' account", () => {
      expect(() =>
        platform({ workloadIdentities: [{ accountId: 'kf-cluster-nodes', namespace: 'kf-api', kubernetesServiceAccount: 'kf-api' }] }),
      ).toThrow("GkePlatformStack 'production': 'workloadIdentities[0].accountId' (\"kf-cluster-nodes\") is the nodes' service account: choose another id");
    });

    test('External Secrets without, or with a malformed, operator account', () => {
      expect(() => platform({ secretManager: { externalSecrets: ['db'] } })).toThrow(
        "GkePlatformStack 'production': 'secretManager.externalSecretsServiceAccount' (undefined) is required with 'secretManager.externalSecrets'",
      );
      expect(() => platform({ secretManager: { externalSecrets: ['db'], externalSecretsServiceAccount: 'eso' } })).toThrow(
        "GkePlatformStack 'production': 'secretManager.externalSecretsServiceAccount' (\"eso\") must be a Google service account e-mail",
      );
    });

    test('the same certificate map twice', () => {
      const map = { name: 'kf-api-certmap', host: 'api.example.com' };
      expect(() => platform({ certificateMaps: [map, map] })).toThrow(
        "GkePlatformStack 'production': 'certificateMaps[1].name' (\"kf-api-certmap\") is used twice: each Gateway needs its own map",
      );
    });

    test('validation errors surface in app.synth()', () => {
      const app = new App({ outdir: Testing.app().outdir });
      new GkePlatformStack(app, 'production', { ...PROPS, masterIpv4CidrBlock: '10.4.0.0/28' });
      expect(() => app.synth()).toThrow(/Validation failed[\s\S]*'masterIpv4CidrBlock' \("10.4.0.0\/28"\) overlaps 'network.podsCidr' \("10.4.0.0\/14"\)/);
    });
  });
});
