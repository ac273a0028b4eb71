/**
 * The gke-hardening pack: every rule passes and fails on small inline bodies, in both block shapes (cdktf's objects
 * and hand-written Terraform JSON's arrays); the reference stack has no error; a `gcloud container clusters create
 * --num-nodes=3` cluster fails what it should.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { TfResource, TfRule } from '../../lib/checks/model';
import { GKE_HARDENING } from '../../lib/checks/packs/gke-hardening';
import { runChecks } from '../../lib/checks/runner';
import { AutopilotCluster } from '../../lib/gcp/autopilot-cluster';
import { GkeCluster } from '../../lib/gcp/gke-cluster';
import { OPERATORS, synth, testNetwork, testStack } from '../gcp/helpers';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

Testing.setupJest();

const RULES = GKE_HARDENING.rules as TfRule[];

function ruleById(id: string): TfRule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

const cluster = (body: Obj, name = 'c'): TfResource => ({ type: 'google_container_cluster', name, body });
const registry = (body: Obj): TfResource => ({ type: 'google_artifact_registry_repository', name: 'r', body: { format: 'DOCKER', ...body } });
const pool = (body: Obj, name = 'p'): TfResource => ({ type: 'google_container_node_pool', name, body });
const res = (type: string, name: string, body: Obj): TfResource => ({ type, name, body });

/** Attributes that are maps, not blocks: they stay objects in Terraform JSON. */
const MAPS = new Set(['resource_labels', 'labels', 'metadata', '//']);

/** The same body as hand-written Terraform JSON often has it: every nested block an array of one object. */
function asArrays(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => asArrays(v));
  if (typeof value !== 'object' || value === null || (key !== undefined && MAPS.has(key))) return value;
  const converted = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asArrays(v, k)]));
  if (key === undefined) return converted; // the resource body itself
  return [converted];
}
const arrayShaped = (r: TfResource): TfResource => ({ ...r, body: asArrays(r.body) as Obj });

/** One resource to check, with the rest of its configuration. */
interface Sample {
  readonly r: TfResource;
  readonly others?: readonly TfResource[];
}
interface Failing extends Sample {
  /** A message must match it. */
  readonly expect: RegExp;
}
interface Case {
  readonly pass: readonly Sample[];
  readonly fail: readonly Failing[];
}

function messages(id: string, { r, others = [] }: Sample): string[] {
  return ruleById(id).check({ resource: r, all: [r, ...others] });
}

function bothShapes(s: Sample): Sample[] {
  return [s, { r: arrayShaped(s.r), others: (s.others ?? []).map(arrayShaped) }];
}

// -------------------------------------------------------------------------------------------------------------
// Fixtures

const SA = 'gke-nodes@my-project-id.iam.gserviceaccount.com';
const GOOD_NODES: Obj = {
  machine_type: 'e2-standard-2',
  image_type: 'COS_CONTAINERD',
  service_account: SA,
  metadata: { 'disable-legacy-endpoints': 'true' },
  shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
  workload_metadata_config: { mode: 'GKE_METADATA' },
};
const nodes = (change: Obj = {}): Obj => ({ ...GOOD_NODES, ...change });
const GOOD_POOL: Obj = { cluster: 'c', node_config: GOOD_NODES, management: { auto_repair: true, auto_upgrade: true } };
const AUTOPILOT: Obj = {
  enable_autopilot: true,
  cluster_autoscaling: { auto_provisioning_defaults: { service_account: SA } },
};

/** A VPC, subnet, router and NAT as GkeNetwork writes them (cdktf references). */
const NETWORK = res('google_compute_network', 'net', { name: 'gke-network', auto_create_subnetworks: false });
const SUBNET = res('google_compute_subnetwork', 'subnet', {
  name: 'gke-network', region: 'europe-west2', network: '${google_compute_network.net.id}', ip_cidr_range: '10.0.0.0/20',
  private_ip_google_access: true,
});
const ROUTER = res('google_compute_router', 'router', { name: 'gke-router', region: 'europe-west2', network: '${google_compute_network.net.id}' });
const NAT = res('google_compute_router_nat', 'nat', {
  name: 'gke-nat', region: 'europe-west2', router: '${google_compute_router.router.name}', nat_ip_allocate_option: 'AUTO_ONLY',
  source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS',
  subnetwork: [{ name: '${google_compute_subnetwork.subnet.id}', source_ip_ranges_to_nat: ['ALL_IP_RANGES'] }],
});
const VPC = [NETWORK, SUBNET, ROUTER, NAT];
const PRIVATE_CLUSTER: Obj = {
  location: 'europe-west2-a',
  network: '${google_compute_network.net.id}',
  subnetwork: '${google_compute_subnetwork.subnet.id}',
  private_cluster_config: { enable_private_nodes: true, master_ipv4_cidr_block: '172.16.0.0/28' },
};
/** The same, as hand-written Terraform names them: literal names and paths. */
const HAND_WRITTEN_VPC = [
  res('google_compute_router', 'r', { name: 'edge', region: 'us-central1', network: 'projects/p/global/networks/prod-vpc' }),
  res('google_compute_router_nat', 'n', { name: 'edge-nat', region: 'us-central1', router: 'edge', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }),
];
const HAND_WRITTEN_CLUSTER: Obj = {
  location: 'us-central1', network: 'prod-vpc', subnetwork: 'projects/p/regions/us-central1/subnetworks/gke',
  private_cluster_config: [{ enable_private_nodes: 'true' }],
};
const withNat = (change: Obj): TfResource => res('google_compute_router_nat', 'nat', { ...NAT.body, ...change });
const withRouter = (change: Obj): TfResource => res('google_compute_router', 'router', { ...ROUTER.body, ...change });

const CASES: Record<string, Case> = {
  'gke-logging': {
    pass: [{ r: cluster({}) }, { r: cluster({ logging_config: { enable_components: ['SYSTEM_COMPONENTS', 'WORKLOADS'] } }) },
      { r: cluster({ logging_service: 'logging.googleapis.com/kubernetes' }) }],
    fail: [{ r: cluster({ logging_service: 'none' }), expect: /^logging_service is "none"/ },
      { r: cluster({ logging_config: { enable_components: [] } }), expect: /^logging_config\.enable_components is empty/ }],
  },
  'gke-legacy-abac-off': {
    pass: [{ r: cluster({}) }, { r: cluster({ enable_legacy_abac: false }) }],
    fail: [{ r: cluster({ enable_legacy_abac: true }), expect: /^enable_legacy_abac is true/ },
      { r: cluster({ enable_legacy_abac: 'true' }), expect: /^enable_legacy_abac is true/ }],
  },
  'gke-monitoring': {
    pass: [{ r: cluster({}) }, { r: cluster({ monitoring_config: { enable_components: ['SYSTEM_COMPONENTS'] } }) }],
    fail: [{ r: cluster({ monitoring_service: 'none' }), expect: /^monitoring_service is "none"/ },
      { r: cluster({ monitoring_config: { enable_components: [] } }), expect: /^monitoring_config\.enable_components is empty/ }],
  },
  'gke-network-policy': {
    pass: [{ r: cluster({ network_policy: { enabled: true, provider: 'CALICO' } }) },
      { r: cluster({ datapath_provider: 'ADVANCED_DATAPATH', network_policy: { enabled: false } }) },
      { r: cluster(AUTOPILOT) }],
    fail: [{ r: cluster({}), expect: /^network_policy\.enabled is not set and datapath_provider is not set: NetworkPolicy objects are not enforced/ },
      { r: cluster({ network_policy: { enabled: false } }), expect: /^network_policy\.enabled is false/ },
      { r: cluster({ datapath_provider: 'ADVANCED_DATAPATH' }), expect: /Checkov CKV_GCP_12 reads it: write network_policy \{ enabled = false \}/ }],
  },
  'gke-client-certificate-off': {
    pass: [{ r: cluster({ master_auth: { client_certificate_config: { issue_client_certificate: false } } }) }],
    fail: [{ r: cluster({}), expect: /^master_auth\.client_certificate_config\.issue_client_certificate is not set to false/ },
      { r: cluster({ master_auth: { client_certificate_config: { issue_client_certificate: true } } }), expect: /issue_client_certificate is true/ }],
  },
  'gke-authorized-networks-not-public': {
    pass: [{ r: cluster({}) }, { r: cluster({ master_authorized_networks_config: { cidr_blocks: [{ cidr_block: '203.0.113.0/24' }] } }) }],
    fail: [{ r: cluster({ master_authorized_networks_config: { cidr_blocks: [{ cidr_block: '203.0.113.0/24' }, { cidr_block: '0.0.0.0/0', display_name: 'all' }] } }),
      expect: /^master_authorized_networks_config\.cidr_blocks has 0\.0\.0\.0\/0 \(all\): the Kubernetes API accepts connections from the whole internet/ },
    { r: cluster({ master_authorized_networks_config: { cidr_blocks: [{ cidr_block: '::/0' }] } }), expect: /cidr_blocks has ::\/0/ }],
  },
  'gke-basic-auth-off': {
    pass: [{ r: cluster({ master_auth: { client_certificate_config: { issue_client_certificate: false } } }) }, { r: cluster({}) }],
    fail: [{ r: cluster({ master_auth: { username: 'admin', password: 'secret-password' } }), expect: /^master_auth sets a username or password/ }],
  },
  'gke-master-authorized-networks': {
    pass: [{ r: cluster({ master_authorized_networks_config: { cidr_blocks: [{ cidr_block: '203.0.113.0/24' }] } }) }],
    fail: [{ r: cluster({}), expect: /^master_authorized_networks_config is not written/ }],
  },
  'gke-registry-cmek': {
    pass: [{ r: registry({ kms_key_name: 'projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k' }) }],
    fail: [{ r: registry({}), expect: /^kms_key_name is not set: the images are encrypted with a Google-managed key, which Checkov CKV_GCP_84 fails$/ }],
  },
  'gke-labels': {
    pass: [{ r: cluster({ resource_labels: { env: 'production' } }) }],
    fail: [{ r: cluster({}), expect: /^resource_labels is not set/ }, { r: cluster({ resource_labels: {} }), expect: /^resource_labels is empty/ }],
  },
  'gke-vpc-native': {
    pass: [{ r: cluster({ networking_mode: 'VPC_NATIVE', ip_allocation_policy: { cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services' } }) }],
    fail: [{ r: cluster({}), expect: /^ip_allocation_policy is not written/ },
      { r: cluster({ networking_mode: 'ROUTES', ip_allocation_policy: {} }), expect: /^networking_mode is ROUTES/ }],
  },
  'gke-private-nodes': {
    pass: [{ r: cluster({ private_cluster_config: { enable_private_nodes: true } }) }],
    fail: [{ r: cluster({}), expect: /^private_cluster_config is not written/ },
      { r: cluster({ private_cluster_config: { enable_private_nodes: false } }), expect: /^private_cluster_config\.enable_private_nodes is false/ },
      { r: cluster({ private_cluster_config: { enable_private_endpoint: false } }), expect: /^private_cluster_config\.enable_private_nodes is not set/ }],
  },
  'gke-private-nodes-nat': {
    pass: [
      { r: cluster(PRIVATE_CLUSTER), others: VPC },
      { r: cluster({ ...PRIVATE_CLUSTER, location: 'europe-west2' }), others: VPC },
      { r: cluster(HAND_WRITTEN_CLUSTER), others: HAND_WRITTEN_VPC },
      { r: cluster({ location: 'europe-west2-a' }) }, // public nodes need no NAT
      { r: cluster({ ...PRIVATE_CLUSTER, private_cluster_config: { enable_private_nodes: false } }) },
      // A router outside this configuration: its network cannot be known, so the region decides.
      { r: cluster(PRIVATE_CLUSTER), others: [NETWORK, SUBNET, withNat({ router: 'shared-router', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' })] },
    ],
    fail: [
      { r: cluster(PRIVATE_CLUSTER), others: [NETWORK, SUBNET, ROUTER],
        expect: /^private_cluster_config\.enable_private_nodes is true, but no google_compute_router_nat in this configuration serves the network gke-network in europe-west2: the nodes have no public IP/ },
      { r: cluster(PRIVATE_CLUSTER), others: [NETWORK, SUBNET, withRouter({ region: 'us-east1' }), withNat({ region: 'us-east1' })], expect: /no google_compute_router_nat/ },
      { r: cluster(PRIVATE_CLUSTER), others: [NETWORK, SUBNET, res('google_compute_network', 'other', { name: 'other-vpc' }),
        withRouter({ network: '${google_compute_network.other.id}' }), NAT], expect: /no google_compute_router_nat/ },
      { r: cluster(PRIVATE_CLUSTER), others: [NETWORK, SUBNET, ROUTER, res('google_compute_subnetwork', 'other', { name: 'other-subnet', region: 'europe-west2' }),
        withNat({ subnetwork: [{ name: '${google_compute_subnetwork.other.self_link}', source_ip_ranges_to_nat: ['ALL_IP_RANGES'] }] })],
      expect: /lists its subnetworks, and the cluster's subnetwork gke-network is not among them/ },
      { r: cluster({ location: 'us-central1-b', private_cluster_config: { enable_private_nodes: true } }), others: HAND_WRITTEN_VPC,
        expect: /serves the network default in us-central1/ },
    ],
  },
  'gke-intranode-visibility': {
    pass: [{ r: cluster({ enable_intranode_visibility: true }) }, { r: cluster(AUTOPILOT) }],
    fail: [{ r: cluster({}), expect: /^enable_intranode_visibility is not set:/ },
      { r: cluster({ enable_intranode_visibility: false }), expect: /^enable_intranode_visibility is false/ },
      { r: cluster({ ...AUTOPILOT, enable_intranode_visibility: false }), expect: /^enable_intranode_visibility is false/ }],
  },
  'gke-private-google-access': {
    pass: [{ r: cluster(PRIVATE_CLUSTER), others: VPC }, { r: cluster({}) },
      { r: cluster({ subnetwork: 'projects/p/regions/europe-west2/subnetworks/shared' }), others: VPC }],
    fail: [
      { r: cluster(PRIVATE_CLUSTER), others: [res('google_compute_subnetwork', 'subnet', { ...SUBNET.body, private_ip_google_access: false })],
        expect: /^the subnetwork google_compute_subnetwork\.subnet has private_ip_google_access false/ },
      { r: cluster({ location: 'europe-west2-b', subnetwork: 'gke-network' }), others: [res('google_compute_subnetwork', 'subnet', { name: 'gke-network', region: 'europe-west2' })],
        expect: /has private_ip_google_access not set/ },
    ],
  },
  'gke-google-groups-rbac': {
    pass: [{ r: cluster({ authenticator_groups_config: { security_group: 'gke-security-groups@example.com' } }) }],
    fail: [{ r: cluster({}), expect: /^authenticator_groups_config\.security_group is not set/ }],
  },
  'gke-binary-authorization': {
    pass: [{ r: cluster({ binary_authorization: { evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' } }) },
      { r: cluster({ enable_binary_authorization: true }) }],
    // As Checkov judges it: the policy-bindings mode enforces as much, yet CKV_GCP_66 fails it.
    fail: [{ r: cluster({}), expect: /^binary_authorization\.evaluation_mode is not set/ },
      { r: cluster({ binary_authorization: { evaluation_mode: 'POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE' } }), expect: /^binary_authorization\.evaluation_mode is "POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE"/ },
      { r: cluster({ binary_authorization: { evaluation_mode: 'DISABLED' } }), expect: /^binary_authorization\.evaluation_mode is "DISABLED"/ }],
  },
  'gke-release-channel': {
    pass: [{ r: cluster({ release_channel: { channel: 'REGULAR' } }) }],
    fail: [{ r: cluster({}), expect: /^release_channel\.channel is not set/ },
      { r: cluster({ release_channel: { channel: 'UNSPECIFIED' } }), expect: /no release channel/ }],
  },
  'gke-shielded-nodes': {
    // As Checkov judges it: unset is GKE's default (true), and passes.
    pass: [{ r: cluster({ enable_shielded_nodes: true }) }, { r: cluster(AUTOPILOT) }, { r: cluster({}) }],
    fail: [{ r: cluster({ enable_shielded_nodes: false }), expect: /^enable_shielded_nodes is false/ }],
  },
  'gke-no-inline-node-pools': {
    // As Checkov judges it: remove_default_node_pool = true exempts the cluster, inline pools or not.
    pass: [{ r: cluster({ remove_default_node_pool: true }) }, { r: cluster({}) },
      { r: cluster({ remove_default_node_pool: true, node_pool: [{ name: 'extra', node_config: GOOD_NODES }] }) }],
    fail: [{ r: cluster({ node_pool: [{ name: 'default-pool', node_config: GOOD_NODES }] }), expect: /^node_pool has 1 inline block/ },
      { r: cluster({ remove_default_node_pool: false, node_pool: [{ name: 'a' }, { name: 'b' }] }), expect: /^node_pool has 2 inline block/ }],
  },
  'gke-deletion-protection': {
    pass: [{ r: cluster({}) }, { r: cluster({ deletion_protection: true }) }],
    fail: [{ r: cluster({ deletion_protection: false }), expect: /^deletion_protection is false/ },
      { r: cluster({ deletion_protection: 'false' }), expect: /^deletion_protection is false/ }],
  },
  'gke-secure-boot': {
    pass: [{ r: cluster({ node_config: GOOD_NODES }) }, { r: cluster({ remove_default_node_pool: true }) }, { r: pool(GOOD_POOL) }, { r: cluster(AUTOPILOT) }],
    fail: [{ r: pool({ cluster: 'c' }), expect: /^node_config is not written: the nodes boot without Secure Boot/ },
      { r: cluster({}), expect: /^node_config is not written/ },
      { r: pool({ node_config: nodes({ shielded_instance_config: { enable_integrity_monitoring: true } }) }),
        expect: /^node_config\.shielded_instance_config\.enable_secure_boot is not set/ },
      { r: cluster({ remove_default_node_pool: true, node_pool: [{ name: 'extra', node_config: nodes({ shielded_instance_config: { enable_secure_boot: false } }) }] }),
        expect: /^node_pool\[0\] \(extra\)\.node_config\.shielded_instance_config\.enable_secure_boot is false/ }],
  },
  'gke-metadata-server': {
    pass: [{ r: cluster({ node_config: GOOD_NODES }) }, { r: pool(GOOD_POOL) }, { r: cluster(AUTOPILOT) },
      { r: pool({ node_config: nodes({ workload_metadata_config: { node_metadata: 'GKE_METADATA_SERVER' } }) }) }],
    fail: [{ r: pool({ cluster: 'c' }), expect: /^node_config\.workload_metadata_config\.mode is not set: pods can read the node's metadata/ },
      { r: pool({ node_config: nodes({ workload_metadata_config: { mode: 'GCE_METADATA' } }) }), expect: /mode is "GCE_METADATA"/ },
      { r: cluster({ remove_default_node_pool: true }), expect: /the default pool is removed, but Checkov CKV_GCP_69 reads the cluster's node_config/ }],
  },
  'gke-integrity-monitoring': {
    pass: [{ r: cluster({ node_config: GOOD_NODES }) }, { r: pool(GOOD_POOL) }, { r: pool({ cluster: 'c' }) },
      { r: pool({ node_config: { image_type: 'COS_CONTAINERD' } }) }],
    fail: [{ r: pool({ node_config: nodes({ shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: false } }) }),
      expect: /^node_config\.shielded_instance_config\.enable_integrity_monitoring is false/ },
    { r: cluster({ node_config: nodes({ shielded_instance_config: { enable_secure_boot: true } }) }), expect: /enable_integrity_monitoring is not set to true/ }],
  },
  'gke-no-default-service-account': {
    pass: [{ r: cluster({ node_config: GOOD_NODES }) }, { r: pool(GOOD_POOL) }, { r: cluster(AUTOPILOT) },
      { r: cluster({ node_config: GOOD_NODES, cluster_autoscaling: { enabled: true, auto_provisioning_defaults: { service_account: SA } } }) }],
    fail: [{ r: pool({ cluster: 'c' }), expect: /^node_config\.service_account is not set, so the nodes run as the Compute Engine default service account/ },
      { r: pool({ node_config: nodes({ service_account: '123456789-compute@developer.gserviceaccount.com' }) }), expect: /is "123456789-compute@developer\.gserviceaccount\.com", the Compute Engine default/ },
      { r: cluster({ node_config: nodes({ service_account: 'default' }) }), expect: /^node_config\.service_account is "default"/ },
      { r: pool({ node_config: nodes({ service_account: '${data.google_compute_default_service_account.default.email}' }) }), expect: /the Compute Engine default/ },
      { r: cluster({ remove_default_node_pool: true }), expect: /^node_config\.service_account is not set/ },
      { r: cluster({ enable_autopilot: true }), expect: /^cluster_autoscaling\.auto_provisioning_defaults\.service_account is not set/ },
      { r: cluster({ node_config: GOOD_NODES, cluster_autoscaling: { enabled: true } }), expect: /^cluster_autoscaling\.auto_provisioning_defaults\.service_account is not set/ }],
  },
  'gke-cos-containerd': {
    // GKE's default (unset) is COS_CONTAINERD, and Checkov passes it.
    pass: [{ r: pool(GOOD_POOL) }, { r: cluster({}) }, { r: cluster({ node_config: { machine_type: 'e2-standard-2' } }) },
      { r: pool({ node_config: nodes({ image_type: 'cos_containerd' }) }) }, { r: cluster(AUTOPILOT) }, { r: pool({ cluster: 'c' }) },
      { r: cluster({ node_pool: [{ name: 'extra' }] }) }],
    fail: [{ r: pool({ node_config: nodes({ image_type: 'UBUNTU_CONTAINERD' }) }), expect: /^node_config\.image_type is "UBUNTU_CONTAINERD", not Container-Optimized OS/ },
      { r: cluster({ node_config: nodes({ image_type: 'COS' }) }), expect: /the Docker-based COS image is gone/ },
      { r: cluster({ node_pool: [{ name: 'extra', node_config: { image_type: 'UBUNTU' } }] }), expect: /^node_pool\[0\] \(extra\)\.node_config\.image_type is "UBUNTU"/ }],
  },
  'gke-node-auto-repair': {
    pass: [{ r: pool(GOOD_POOL) }, { r: cluster({}) }],
    fail: [{ r: pool({ cluster: 'c' }), expect: /^management\.auto_repair is not set/ },
      { r: pool({ management: { auto_repair: false, auto_upgrade: true } }), expect: /^management\.auto_repair is false/ },
      { r: cluster({ node_pool: [{ name: 'extra', management: { auto_upgrade: true } }] }), expect: /^node_pool\[0\] \(extra\)\.management\.auto_repair is not set/ }],
  },
  'gke-node-auto-upgrade': {
    pass: [{ r: pool(GOOD_POOL) }, { r: cluster({}) }],
    fail: [{ r: pool({ cluster: 'c' }), expect: /^management\.auto_upgrade is not set/ },
      { r: pool({ management: { auto_repair: true, auto_upgrade: false } }), expect: /^management\.auto_upgrade is false: the nodes miss security patches/ }],
  },
};

// -------------------------------------------------------------------------------------------------------------

describe('gke-hardening rules', () => {
  test('every rule has a fixture, and every fixture a rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test('rules are Terraform rules on clusters, node pools and the registry they pull from, with gke- ids and a source', () => {
    for (const r of RULES) {
      expect(r.target).toBe('terraform');
      expect(r.id).toMatch(/^gke-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
      for (const type of r.resourceTypes) expect(['google_container_cluster', 'google_container_node_pool', 'google_artifact_registry_repository']).toContain(type);
      expect(r.source.length).toBeGreaterThan(5);
    }
  });

  test('advice is a warning; hardening is an error', () => {
    const warnings = RULES.filter((r) => r.level === 'warning').map((r) => r.id).sort();
    expect(warnings).toEqual(['gke-deletion-protection', 'gke-google-groups-rbac', 'gke-labels', 'gke-no-inline-node-pools', 'gke-registry-cmek']);
  });

  test('PodSecurityPolicy (CKV_GCP_24) is not checked: Kubernetes 1.25 removed it', () => {
    expect(RULES.some((r) => r.source.includes('CKV_GCP_24'))).toBe(false);
  });

  describe.each(Object.entries(CASES))('%s', (id, { pass, fail }) => {
    test('passes', () => {
      for (const sample of pass) {
        for (const shaped of bothShapes(sample)) expect(messages(id, shaped)).toEqual([]);
      }
    });
    test('fails, saying what is wrong', () => {
      for (const sample of fail) {
        for (const shaped of bothShapes(sample)) {
          const found = messages(id, shaped);
          expect(found.length).toBeGreaterThan(0);
          expect(found).toEqual(expect.arrayContaining([expect.stringMatching(sample.expect)]));
        }
      }
    });
  });
});

// -------------------------------------------------------------------------------------------------------------

/** Every resource of a cdk.tf.json. */
function resourcesOf(tf: Obj): TfResource[] {
  return Object.entries(tf.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName as Obj).map(([name, body]) => ({ type, name, body: body as Obj })));
}

/** `level rule resource-type` for each finding of the pack over one configuration. */
function findings(resources: TfResource[]): string[] {
  return runChecks({ terraform: [{ resources }] }, [GKE_HARDENING]).map((f) => `${f.level} ${f.rule} ${f.resource.split('.')[0]}`);
}

/** The reference app (apps/gcp.ts) synthesized into a temporary directory, as test/gcp/reference-app.test.ts does. */
function synthReferenceApp(): Obj {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-hardening-'));
  const before = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = path.join(outdir, 'cdktf.out');
  try {
    jest.isolateModules(() => require('../../apps/gcp'));
    return JSON.parse(fs.readFileSync(path.join(outdir, 'cdktf.out', 'stacks', 'production', 'cdk.tf.json'), 'utf8'));
  } finally {
    if (before === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = before;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('the reference stack', () => {
  // Both suppressed in apps/platform.ts, with their reasons (the report shows them as suppressed).
  const REFERENCE_WARNINGS = ['warning gke-google-groups-rbac google_container_cluster', 'warning gke-registry-cmek google_artifact_registry_repository'].sort();

  test('apps/gcp.ts: no error; only Google Groups for RBAC and a customer-managed key, which need your domain and key', () => {
    const resources = resourcesOf(synthReferenceApp());
    expect(resources.filter((r) => r.type === 'google_container_cluster')).toHaveLength(1);
    expect(resources.filter((r) => r.type === 'google_container_node_pool')).toHaveLength(1);
    expect(findings(resources).sort()).toEqual(REFERENCE_WARNINGS);
  });

  const onDisk = path.resolve(__dirname, '../../cdktf.out/stacks/production/cdk.tf.json');
  (fs.existsSync(onDisk) ? test : test.skip)('cdktf.out/stacks/production/cdk.tf.json, as last synthesized: the same', () => {
    expect(findings(resourcesOf(JSON.parse(fs.readFileSync(onDisk, 'utf8')))).sort()).toEqual(REFERENCE_WARNINGS);
  });

  test('GkeCluster and AutopilotCluster with their defaults: no error', () => {
    const stack = testStack();
    const network = testNetwork(stack);
    new GkeCluster(stack, 'standard', { projectId: 'my-project-id', name: 'standard', location: 'europe-west2', network, authorizedNetworks: OPERATORS });
    new AutopilotCluster(stack, 'autopilot', { projectId: 'my-project-id', name: 'autopilot', location: 'europe-west2', network, authorizedNetworks: OPERATORS });
    const found = findings(resourcesOf(JSON.parse(synth(stack))));
    expect(found.filter((f) => f.startsWith('error'))).toEqual([]);
    // Neither sets securityGroup by default.
    expect(found.map((f) => f.split(' ')[1]).sort()).toEqual(['gke-google-groups-rbac', 'gke-google-groups-rbac']);
  });
});

describe('the seed\'s cluster: gcloud container clusters create --num-nodes=3', () => {
  const seed = cluster({ name: 'c', location: 'europe-west2-a', initial_node_count: 3 });
  const found = runChecks({ terraform: [{ resources: [seed] }] }, [GKE_HARDENING]);

  test('fails the hardening rules', () => {
    // As Checkov judges them: no basic auth (CKV_GCP_19 is gone) and shielded nodes (GKE's default) pass.
    expect(found.filter((f) => f.level === 'error').map((f) => f.rule).sort()).toEqual([
      'gke-binary-authorization',
      'gke-client-certificate-off',
      'gke-intranode-visibility',
      'gke-master-authorized-networks',
      'gke-metadata-server',
      'gke-network-policy',
      'gke-no-default-service-account',
      'gke-private-nodes',
      'gke-release-channel',
      'gke-secure-boot',
      'gke-vpc-native',
    ]);
  });

  test('and warns about labels and RBAC groups', () => {
    expect(found.filter((f) => f.level === 'warning').map((f) => f.rule).sort()).toEqual(['gke-google-groups-rbac', 'gke-labels']);
  });

  test('passes what GKE\'s defaults already give: logging, monitoring, no ABAC, deletion protection, COS', () => {
    const rules = new Set(found.map((f) => f.rule));
    for (const id of ['gke-logging', 'gke-monitoring', 'gke-legacy-abac-off', 'gke-deletion-protection', 'gke-cos-containerd', 'gke-integrity-monitoring']) {
      expect(rules.has(id)).toBe(false);
    }
  });

  test('a default node pool beside it fails the node pool rules', () => {
    const defaultPool = pool({ cluster: '${google_container_cluster.c.name}', node_count: 3 });
    const poolFindings = runChecks({ terraform: [{ resources: [seed, defaultPool] }] }, [GKE_HARDENING])
      .filter((f) => f.resource === 'google_container_node_pool.p').map((f) => f.rule).sort();
    expect(poolFindings).toEqual([
      'gke-metadata-server', 'gke-no-default-service-account', 'gke-node-auto-repair', 'gke-node-auto-upgrade', 'gke-secure-boot',
    ]);
  });
});
