import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { TerraformStack, Testing } from 'cdktf';
import { GkeCluster, GkeClusterProps, NodePoolOptions } from '../../lib/gcp/gke-cluster';
import { OPERATORS, onlyResource, resourcesOf, synth, testNetwork, testStack } from './helpers';

Testing.setupJest();

const GIB = 2 ** 30;

function cluster(stack: TerraformStack, overrides: Partial<GkeClusterProps> = {}): GkeCluster {
  return new GkeCluster(stack, 'main', {
    projectId: 'my-project-id',
    name: 'kf-cluster',
    location: 'europe-west2-a',
    network: testNetwork(stack),
    authorizedNetworks: OPERATORS,
    ...overrides,
  });
}

function withPool(nodePool: NodePoolOptions): () => GkeCluster {
  return () => cluster(testStack(), { nodePool });
}

describe('GkeCluster', () => {
  describe('the cluster', () => {
    const stack = testStack();
    const gke = cluster(stack);
    const out = synth(stack);
    const resource = onlyResource(out, 'google_container_cluster');

    test("the seed's zone, VPC-native on the network's secondary ranges", () => {
      expect(out).toHaveResourceWithProperties(ContainerCluster, {
        name: 'kf-cluster',
        location: 'europe-west2-a',
        networking_mode: 'VPC_NATIVE',
        ip_allocation_policy: { cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services' },
      });
      expect(resource.network).toMatch(/google_compute_network\./);
      expect(resource.subnetwork).toMatch(/google_compute_subnetwork\./);
    });

    test('the default node pool is removed', () => {
      expect(resource).toMatchObject({ remove_default_node_pool: true, initial_node_count: 1 });
      expect(resource.node_pool).toBeUndefined();
    });

    test('the control plane endpoint gets a subnet of its own, on masterIpv4CidrBlock', () => {
      const subnet = resourcesOf(out, 'google_compute_subnetwork').find((s) => s.name === 'kf-cluster-control-plane');
      expect(subnet).toMatchObject({ ip_cidr_range: '172.16.0.0/28', region: 'europe-west2', private_ip_google_access: true });
      expect(subnet.log_config).toBeDefined();
      expect(gke.controlPlaneSubnetwork.ipCidrRangeInput).toBe('172.16.0.0/28');
    });

    test('private nodes, a public endpoint restricted to the authorized networks', () => {
      // The current (1.29+) model: Private Service Connect, no VPC peering, so no master_ipv4_cidr_block.
      expect(resource.private_cluster_config).toEqual({
        enable_private_nodes: true,
        enable_private_endpoint: false,
        private_endpoint_subnetwork: expect.stringMatching(/^\$\{google_compute_subnetwork\..*control-plane-subnetwork.*\.id\}$/),
      });
      expect(resource.control_plane_endpoints_config).toEqual({
        dns_endpoint_config: { allow_external_traffic: true },
        ip_endpoints_config: { enabled: true },
      });
      expect(resource.master_authorized_networks_config).toEqual({
        gcp_public_cidrs_access_enabled: false,
        cidr_blocks: [{ cidr_block: '203.0.113.0/24', display_name: 'operators' }],
      });
    });

    test('identity and access: Workload Identity, no client certificate, no legacy ABAC, Binary Authorization', () => {
      expect(resource).toMatchObject({
        workload_identity_config: { workload_pool: 'my-project-id.svc.id.goog' },
        master_auth: { client_certificate_config: { issue_client_certificate: false } },
        enable_legacy_abac: false,
        binary_authorization: { evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      });
      expect(resource.authenticator_groups_config).toBeUndefined();
    });

    test('nodes and network: shielded nodes, Dataplane V2 (NetworkPolicy built in), intranode visibility', () => {
      expect(resource).toMatchObject({
        enable_shielded_nodes: true,
        datapath_provider: 'ADVANCED_DATAPATH',
        network_policy: { enabled: false },
        enable_intranode_visibility: true,
        addons_config: {
          http_load_balancing: { disabled: false },
          horizontal_pod_autoscaling: { disabled: false },
          network_policy_config: { disabled: true },
        },
      });
    });

    test('upkeep: REGULAR channel, weekend maintenance window, logging, monitoring, labels, deletion protection', () => {
      expect(resource).toMatchObject({
        release_channel: { channel: 'REGULAR' },
        maintenance_policy: {
          recurring_window: { start_time: '2025-01-04T01:00:00Z', end_time: '2025-01-04T09:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' },
        },
        logging_config: { enable_components: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
        monitoring_config: { enable_components: ['SYSTEM_COMPONENTS'] },
        resource_labels: { 'managed-by': 'cdktf' },
        deletion_protection: true,
      });
      expect(resource.min_master_version).toBeUndefined();
    });

    test('a node_config on the cluster too (Checkov reads it), changes to it ignored', () => {
      expect(resource.node_config).toMatchObject({
        image_type: 'COS_CONTAINERD',
        shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        workload_metadata_config: { mode: 'GKE_METADATA' },
        metadata: { 'disable-legacy-endpoints': 'true' },
      });
      expect(resource.lifecycle).toEqual({ ignore_changes: ['node_config'] });
    });

    test('it waits for the node role', () => {
      expect(resource.depends_on).toHaveLength(1);
      expect(resource.depends_on.every((d: string) => d.startsWith('google_project_iam_member.'))).toBe(true);
    });

    test('effective values are readable', () => {
      expect(gke.settings.deletionProtection).toBe(true);
      expect(gke.nodePoolSettings).toMatchObject({ name: 'primary', machineType: 'e2-standard-2', minNodes: 1, maxNodes: 3, initialNodes: 1 });
      // What one node leaves to workloads after GKE's reservations and system pods (lib/plan/machine-types).
      expect(gke.nodePoolSettings.allocatable.cpuMillis).toBe(1483);
      expect(gke.getCredentialsCommand).toBe('gcloud container clusters get-credentials kf-cluster --zone europe-west2-a --project my-project-id');
    });
  });

  describe('the node pool', () => {
    const stack = testStack();
    cluster(stack, { nodePool: { initialNodes: 3, minNodes: 3, maxNodes: 6, nodeLabels: { tier: 'web' } } });
    const out = synth(stack);
    const pool = onlyResource(out, 'google_container_node_pool');

    test("the seed's 3 nodes, autoscaled, repaired and upgraded by GKE", () => {
      expect(out).toHaveResourceWithProperties(ContainerNodePool, {
        name: 'primary',
        location: 'europe-west2-a',
        initial_node_count: 3,
        autoscaling: { min_node_count: 3, max_node_count: 6 },
        management: { auto_repair: true, auto_upgrade: true },
        upgrade_settings: { strategy: 'SURGE', max_surge: 1, max_unavailable: 0 },
      });
      expect(pool.lifecycle).toEqual({ ignore_changes: ['initial_node_count'] });
      expect(pool.cluster).toMatch(/^\$\{google_container_cluster\..*\.name\}$/);
    });

    test('hardened nodes on the dedicated service account, never the default compute account', () => {
      expect(pool.node_config).toMatchObject({
        machine_type: 'e2-standard-2',
        image_type: 'COS_CONTAINERD',
        disk_size_gb: 50,
        disk_type: 'pd-balanced',
        oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'],
        metadata: { 'disable-legacy-endpoints': 'true' },
        shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        workload_metadata_config: { mode: 'GKE_METADATA' },
        resource_labels: { 'managed-by': 'cdktf' },
        labels: { tier: 'web' },
      });
      expect(pool.node_config.service_account).toMatch(/^\$\{google_service_account\..*node-service-account.*\.email\}$/);
      expect(out).not.toMatch(/compute@developer\.gserviceaccount\.com/);
    });

    test('the cluster and the pool carry the same node_config', () => {
      expect(onlyResource(out, 'google_container_cluster').node_config).toEqual({ ...pool.node_config });
    });
  });

  test('regional, private endpoint, Google Groups, a version floor, protection off', () => {
    const stack = testStack();
    const gke = cluster(stack, {
      location: 'europe-west2',
      enablePrivateEndpoint: true,
      securityGroup: 'gke-security-groups@example.com',
      minMasterVersion: '1.35',
      deletionProtection: false,
      releaseChannel: 'STABLE',
    });
    const out = synth(stack);
    expect(out).toHaveResourceWithProperties(ContainerCluster, {
      location: 'europe-west2',
      private_cluster_config: expect.objectContaining({ enable_private_endpoint: true }),
      authenticator_groups_config: { security_group: 'gke-security-groups@example.com' },
      min_master_version: '1.35',
      deletion_protection: false,
      release_channel: { channel: 'STABLE' },
    });
    expect(gke.getCredentialsCommand).toBe(
      'gcloud container clusters get-credentials kf-cluster --region europe-west2 --project my-project-id --dns-endpoint',
    );
  });

  describe('machine types', () => {
    test('a pod that fits', () => {
      expect(withPool({ largestPodRequest: { cpuMillis: 1483, memoryBytes: 5 * GIB } })).not.toThrow();
    });

    test('a pod too big for the CPU', () => {
      expect(withPool({ largestPodRequest: { cpuMillis: 2000, memoryBytes: GIB } })).toThrow(
        "GkeCluster 'main' in stack 'test': 'nodePool.largestPodRequest.cpuMillis' (2000) must fit in the 1.48 CPU allocatable on one e2-standard-2 node (2 vCPU, 8 GiB): choose a larger 'nodePool.machineType'",
      );
    });

    test('a pod too big for the memory', () => {
      expect(withPool({ machineType: 'e2-medium', largestPodRequest: { cpuMillis: 250, memoryBytes: 3 * GIB } })).toThrow(
        "GkeCluster 'main' in stack 'test': 'nodePool.largestPodRequest.memoryBytes' (3221225472) must fit in the 2.31 GiB allocatable on one e2-medium node (2 vCPU, 4 GiB): choose a larger 'nodePool.machineType'",
      );
    });

    test('a larger machine fixes it', () => {
      expect(withPool({ machineType: 'e2-standard-4', largestPodRequest: { cpuMillis: 2000, memoryBytes: 3 * GIB } })).not.toThrow();
    });

    test('an unknown machine type lists the known ones', () => {
      expect(withPool({ machineType: 'e2-standard-3' })).toThrow(
        /^GkeCluster 'main' in stack 'test': 'nodePool.machineType' \("e2-standard-3"\) is not a machine type this library knows \(known: e2-micro, .*c3-standard-176, or '<family>-custom-<vCPUs>-<MiB>'\); give 'nodePool.machineShape' \{ vcpus, memoryGib \} to use it$/,
      );
    });

    test('an explicit shape makes an unknown type usable', () => {
      const stack = testStack();
      const gke = cluster(stack, { nodePool: { machineType: 'n4-standard-4', machineShape: { vcpus: 4, memoryGib: 16 } } });
      expect(gke.nodePoolSettings.allocatable.cpuMillis).toBe(3473);
      expect(synth(stack)).toHaveResourceWithProperties(ContainerNodePool, { node_config: expect.objectContaining({ machine_type: 'n4-standard-4' }) });
    });

    test('a custom type is read from its name', () => {
      expect(cluster(testStack(), { nodePool: { machineType: 'e2-custom-4-8192' } }).nodePoolSettings.machineShape).toEqual({ vcpus: 4, memoryGib: 8 });
    });

    test('an empty shape', () => {
      expect(withPool({ machineShape: { vcpus: 0, memoryGib: 4 } })).toThrow(
        `GkeCluster 'main' in stack 'test': 'nodePool.machineShape' ({"vcpus":0,"memoryGib":4}) must have more than 0 vcpus and memoryGib`,
      );
    });
  });

  describe('node pool errors', () => {
    const P = "GkeCluster 'main' in stack 'test':";
    test.each<[NodePoolOptions, string]>([
      [{ minNodes: 5, maxNodes: 3 }, `${P} 'nodePool.minNodes' (5) must be at most 'nodePool.maxNodes' (3)`],
      [{ minNodes: -1 }, `${P} 'nodePool.minNodes' (-1) must be at least 0`],
      [{ minNodes: 1.5 }, `${P} 'nodePool.minNodes' (1.5) must be a whole number`],
      [{ maxNodes: 0, minNodes: 0 }, `${P} 'nodePool.maxNodes' (0) must be at least 1`],
      [{ initialNodes: 0 }, `${P} 'nodePool.initialNodes' (0) must be at least 1`],
      [{ initialNodes: 4, maxNodes: 3 }, `${P} 'nodePool.initialNodes' (4) must be at most 'nodePool.maxNodes' (3)`],
      [{ initialNodes: 1, minNodes: 2 }, `${P} 'nodePool.initialNodes' (1) must be at least 'nodePool.minNodes' (2)`],
      [{ diskSizeGb: 5 }, `${P} 'nodePool.diskSizeGb' (5) must be at least 10`],
      [{ maxSurge: -1 }, `${P} 'nodePool.maxSurge' (-1) must be at least 0`],
      [{ maxUnavailable: -1 }, `${P} 'nodePool.maxUnavailable' (-1) must be at least 0`],
      [{ maxSurge: 0, maxUnavailable: 0 }, `${P} 'nodePool.maxSurge' (0) must be above 0 when 'nodePool.maxUnavailable' is 0, or upgrades cannot proceed`],
      [{ name: 'Primary' }, `${P} 'nodePool.name' ("Primary") must be 1-40 lowercase letters`],
    ])('%j', (nodePool, message) => {
      expect(withPool(nodePool)).toThrow(message);
    });

    test('a pool that may scale to zero starts with one node', () => {
      expect(cluster(testStack(), { nodePool: { minNodes: 0 } }).nodePoolSettings.initialNodes).toBe(1);
    });
  });

  describe('cluster errors', () => {
    test('a cluster name GKE would reject', () => {
      expect(() => cluster(testStack(), { name: 'KF' })).toThrow(
        "GkeCluster 'main' in stack 'test': 'name' (\"KF\") must be 1-40 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
      );
    });

    test('an authorized network of 0.0.0.0/0', () => {
      expect(() => cluster(testStack(), { authorizedNetworks: [{ cidrBlock: '0.0.0.0/0' }] })).toThrow(
        "GkeCluster 'main' in stack 'test': 'authorizedNetworks[0].cidrBlock' (\"0.0.0.0/0\") would open the control plane to the whole internet: list the networks your operators and CI use",
      );
    });

    test('an unknown zone', () => {
      expect(() => cluster(testStack(), { location: 'europe-west2-d' })).toThrow(
        "GkeCluster 'main' in stack 'test': 'location' (\"europe-west2-d\") is not a zone of europe-west2",
      );
    });

    test("a control plane range that overlaps the network's, at synth", () => {
      const stack = testStack();
      cluster(stack, { masterIpv4CidrBlock: '10.0.0.16/28' });
      expect(() => synth(stack)).toThrow(
        "GkeCluster 'main' in stack 'test': 'masterIpv4CidrBlock' (\"10.0.0.16/28\") overlaps 'network.subnetCidr' (\"10.0.0.0/20\")",
      );
    });

    test('the overlap rule passes on a disjoint range', () => {
      const stack = testStack();
      cluster(stack, { masterIpv4CidrBlock: '192.168.255.240/28' });
      expect(() => synth(stack)).not.toThrow();
    });
  });
});
