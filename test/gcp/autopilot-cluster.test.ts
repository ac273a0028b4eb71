import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { TerraformStack, Testing } from 'cdktf';
import { AutopilotCluster, AutopilotClusterProps } from '../../lib/gcp/autopilot-cluster';
import { OPERATORS, onlyResource, resourcesOf, synth, testNetwork, testStack } from './helpers';

Testing.setupJest();

function autopilot(stack: TerraformStack, overrides: Partial<AutopilotClusterProps> = {}): AutopilotCluster {
  return new AutopilotCluster(stack, 'main', {
    projectId: 'my-project-id',
    name: 'kf-autopilot',
    location: 'europe-west2',
    network: testNetwork(stack),
    authorizedNetworks: OPERATORS,
    ...overrides,
  });
}

describe('AutopilotCluster', () => {
  const stack = testStack();
  const cluster = autopilot(stack, { labels: { env: 'staging' }, releaseChannel: 'RAPID' });
  const out = synth(stack);
  const resource = onlyResource(out, 'google_container_cluster');

  test('an Autopilot cluster with the shared hardening', () => {
    expect(out).toHaveResourceWithProperties(ContainerCluster, {
      name: 'kf-autopilot',
      location: 'europe-west2',
      enable_autopilot: true,
      deletion_protection: true,
      release_channel: { channel: 'RAPID' },
      resource_labels: { 'managed-by': 'cdktf', env: 'staging' },
      private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: false, private_endpoint_subnetwork: expect.stringMatching(/control-plane-subnetwork/) },
      control_plane_endpoints_config: { dns_endpoint_config: { allow_external_traffic: true }, ip_endpoints_config: { enabled: true } },
      master_authorized_networks_config: expect.objectContaining({ cidr_blocks: [{ cidr_block: '203.0.113.0/24', display_name: 'operators' }] }),
      binary_authorization: { evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      workload_identity_config: { workload_pool: 'my-project-id.svc.id.goog' },
      maintenance_policy: expect.objectContaining({ recurring_window: expect.objectContaining({ recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' }) }),
    });
  });

  test('nodes run as the dedicated service account; no node pool, no node blocks Autopilot refuses', () => {
    expect(resource.cluster_autoscaling.auto_provisioning_defaults.service_account).toMatch(
      /^\$\{google_service_account\..*node-service-account.*\.email\}$/,
    );
    expect(out).not.toHaveResource(ContainerNodePool);
    for (const key of ['node_config', 'node_pool', 'remove_default_node_pool', 'enable_shielded_nodes', 'network_policy', 'datapath_provider']) {
      expect(resource[key]).toBeUndefined();
    }
    expect(resourcesOf(out, 'google_project_iam_member')).toHaveLength(1);
  });

  test('effective values', () => {
    expect(cluster.settings.nodeServiceAccountId).toBe('kf-autopilot-nodes');
    expect(cluster.getCredentialsCommand).toBe(
      'gcloud container clusters get-credentials kf-autopilot --region europe-west2 --project my-project-id',
    );
  });

  describe('errors', () => {
    const P = "AutopilotCluster 'main' in stack 'test':";
    test('a zone', () => {
      expect(() => autopilot(testStack(), { location: 'europe-west2-a' })).toThrow(
        `${P} 'location' ("europe-west2-a") must be a region, not a zone: Autopilot clusters are regional (did you mean 'europe-west2'?)`,
      );
    });

    test.each([
      [{ machineType: 'e2-standard-2' }, `${P} 'nodePool.machineType' ("e2-standard-2") is not supported on Autopilot: Autopilot chooses the machines from the pods' requests`],
      [{ machineShape: { vcpus: 2, memoryGib: 8 } }, `${P} 'nodePool.machineShape' ({"vcpus":2,"memoryGib":8}) is not supported on Autopilot: Autopilot chooses the machines`],
      [{ minNodes: 3 }, `${P} 'nodePool.minNodes' (3) is not supported on Autopilot: Autopilot adds and removes nodes itself`],
      [{ maxNodes: 6 }, `${P} 'nodePool.maxNodes' (6) is not supported on Autopilot: Autopilot adds and removes nodes itself`],
      [{ initialNodes: 3 }, `${P} 'nodePool.initialNodes' (3) is not supported on Autopilot: Autopilot adds and removes nodes itself`],
      [{ diskSizeGb: 100 }, `${P} 'nodePool' ({"diskSizeGb":100}) is not supported on Autopilot: Google manages the nodes; use GkeCluster to manage them`],
    ])('node pool %j', (nodePool, message) => {
      expect(() => autopilot(testStack(), { nodePool: nodePool as never })).toThrow(message);
    });

    test("the shared checks, e.g. a control plane range that overlaps the network's, at synth", () => {
      const s = testStack();
      autopilot(s, { masterIpv4CidrBlock: '10.8.0.0/28' });
      expect(() => synth(s)).toThrow(
        `${P} 'masterIpv4CidrBlock' ("10.8.0.0/28") overlaps 'network.servicesCidr' ("10.8.0.0/20")`,
      );
    });
  });
});
