/**
 * GKE hardening: Checkov's CKV_GCP checks of `google_container_cluster` and `google_container_node_pool`, restated
 * from their published sources, plus what they miss (Cloud NAT for private nodes, deletion protection, the nodes'
 * service account, `::/0` among the authorized networks).
 *
 * Where Checkov fails a field that is absent although the provider's default is already safe (client certificates,
 * shielded nodes, auto-repair...), these rules fail it too, and say so: the point is that a configuration that
 * passes here passes Checkov. They depart from Checkov where its check is out of date (PodSecurityPolicy, left
 * out: removed in Kubernetes 1.25) or misses a case (`::/0`, an empty `logging_config`, the `COS` Docker image).
 * CKV_GCP_67 (legacy metadata endpoints, read off `min_master_version` >= 1.12) is not restated: Checkov removed it
 * in 2.3.310 (PR #5275, 2023-07) as no longer deployable; GKE turned those endpoints off in 1.12.
 *
 * Blocks come as objects (cdktf) or as arrays of objects (hand-written Terraform JSON); both are read. Autopilot
 * clusters (`enable_autopilot = true`) skip the node rules: Google manages the nodes (COS, shielded nodes with
 * secure boot, the GKE metadata server and Dataplane V2 are always on).
 */
import { regionOf as regionOfLocation } from '../../plan/locations';
import { defineRule } from '../define-rule';
import { Obj, Pack, TfResource, TfRule, TfTarget } from '../model';
import { at, block, blocks, isExpression, isFalse, isTrue, literal, nameOf, referenced, resourcesOfType, sameOrUnknown, show } from '../terraform';

const CLUSTER = 'google_container_cluster';
const NODE_POOL = 'google_container_node_pool';
const REGISTRY = 'google_artifact_registry_repository';

// ---------------------------------------------------------------------------------------------------------------
// Reading GKE resources (terraform.ts reads Terraform JSON in general)

const isAutopilot = (c: Obj): boolean => isTrue(c.enable_autopilot);


/** The region of a cluster's location (a zone's region for a zonal cluster), when it is literal. */
function regionOf(c: Obj): string | undefined {
  const location = c.location ?? c.region ?? c.zone;
  return typeof location === 'string' ? regionOfLocation(location) : undefined;
}

/** The resource that a cluster's `subnetwork` designates, when it is in this configuration. */
function clusterSubnet(c: Obj, all: readonly TfResource[]): TfResource | undefined {
  const target = referenced(c.subnetwork, all);
  if (target) return target.type === 'google_compute_subnetwork' ? target : undefined;
  const name = nameOf(c.subnetwork, 'google_compute_subnetwork', all);
  if (name === undefined) return undefined;
  const region = regionOf(c);
  return resourcesOfType(all, 'google_compute_subnetwork').find((r) => r.body.name === name && sameOrUnknown(region, literal(r.body.region)));
}

// ---------------------------------------------------------------------------------------------------------------
// Nodes: the cluster's own node_config (its default pool), inline node_pool blocks, and node pool resources

interface NodeScope {
  /** Where it is, for messages: `node_config`, `node_pool[0] (primary).node_config`... */
  readonly where: string;
  readonly config: Obj | undefined;
  /** The `management` block of a pool; `undefined` for the cluster's default pool. */
  readonly management?: Obj;
  /** A pool of its own (resource or inline block), not the cluster's default pool. */
  readonly pool: boolean;
  /** The cluster's default pool, removed once the cluster exists (`remove_default_node_pool = true`). */
  readonly removed: boolean;
}

function nodeScopes(r: TfResource): NodeScope[] {
  const b = r.body;
  if (r.type === NODE_POOL) return [{ where: 'node_config', config: block(b.node_config), management: block(b.management), pool: true, removed: false }];
  if (isAutopilot(b)) return [];
  return [
    { where: 'node_config', config: block(b.node_config), pool: false, removed: isTrue(b.remove_default_node_pool) },
    ...blocks(b.node_pool).map((p, i) => ({
      where: `node_pool[${i}]${typeof p.name === 'string' ? ` (${p.name})` : ''}.node_config`,
      config: block(p.node_config),
      management: block(p.management),
      pool: true,
      removed: false,
    })),
  ];
}

/** Where a pool's `management` block is: `management`, or `node_pool[0] (primary).management` for an inline pool. */
const poolOf = (s: NodeScope): string => (s.where === 'node_config' ? 'management' : `${s.where.slice(0, -'.node_config'.length)}.management`);

// ---------------------------------------------------------------------------------------------------------------
// What the checks find

/** What a check finds: one message or several; `undefined`, `false` and empty strings are no finding. */
type Problems = (string | undefined | false)[] | string | undefined | false;

function messages(found: Problems): string[] {
  return (Array.isArray(found) ? found : [found]).filter((m): m is string => typeof m === 'string' && m.length > 0);
}

/** A check of the resource's body. */
const bodyCheck = (problems: (body: Obj, t: TfTarget) => Problems) => (t: TfTarget): string[] => messages(problems(t.resource.body, t));

/** A check of a Standard cluster only: Autopilot manages the setting itself. */
const standardClusterCheck = (problems: (c: Obj, t: TfTarget) => Problems) => bodyCheck((c, t) => (isAutopilot(c) ? [] : problems(c, t)));

/** A check of every node configuration of a cluster or a node pool. */
const nodeCheck = (problem: (s: NodeScope) => string | undefined | false) => (t: TfTarget): string[] => messages(nodeScopes(t.resource).map(problem));

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** A /0 range is every address: `0.0.0.0/0`, `::/0` (Checkov CKV_GCP_18 looks for `0.0.0.0/0` only). */
const WHOLE_INTERNET = /\/0$/;
const DEFAULT_COMPUTE_ACCOUNT = /-compute@developer\.gserviceaccount\.com$/;
/**
 * The Binary Authorization settings Checkov's CKV_GCP_66 (GKEBinaryAuthorization.py) passes: this mode, or the legacy
 * `enable_binary_authorization = true`. POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE enforces as much, yet
 * Checkov fails it: so does this rule, so that both say the same.
 */
const BINAUTHZ_ENFORCING = new Set(['PROJECT_SINGLETON_POLICY_ENFORCE']);

function serviceAccountProblem(where: string, account: unknown): string | undefined {
  if (account === undefined || account === null || account === '') {
    return `${where}.service_account is not set, so the nodes run as the Compute Engine default service account (Editor on the project unless your organization turned that off)`;
  }
  if (account === 'default' || (typeof account === 'string' && (DEFAULT_COMPUTE_ACCOUNT.test(account) || account.includes('google_compute_default_service_account')))) {
    return `${where}.service_account is ${show(account)}, the Compute Engine default service account (Editor on the project unless your organization turned that off)`;
  }
  return undefined;
}

/** Is a `logging_config`/`monitoring_config` present with an empty component list (`--logging=NONE`)? */
function componentsOff(config: unknown): boolean {
  const components = at(block(config), 'enable_components');
  return Array.isArray(components) && components.length === 0;
}

/** Why no Cloud NAT serves a private cluster's nodes, or undefined when one does. */
function natProblem(c: Obj, all: readonly TfResource[]): string | undefined {
  const network = c.network === undefined ? 'default' : nameOf(c.network, 'google_compute_network', all);
  const subnet = c.subnetwork === undefined ? undefined : nameOf(c.subnetwork, 'google_compute_subnetwork', all);
  const region = regionOf(c);
  const candidates = resourcesOfType(all, 'google_compute_router_nat').filter((nat) => {
    if (!sameOrUnknown(region, literal(nat.body.region))) return false;
    const router = referenced(nat.body.router, all)
      ?? resourcesOfType(all, 'google_compute_router').find((r) => typeof nat.body.router === 'string' && r.body.name === nat.body.router);
    if (!router) return true; // a router outside this configuration: its network cannot be known here
    return sameOrUnknown(region, literal(router.body.region)) && sameOrUnknown(network, nameOf(router.body.network, 'google_compute_network', all));
  });
  const where = `network ${network ?? show(c.network)}${region ? ` in ${region}` : ''}`;
  if (candidates.length === 0) {
    return `private_cluster_config.enable_private_nodes is true, but no google_compute_router_nat in this configuration serves the ${where}: ` +
      'the nodes have no public IP and no route to the internet (images from Docker Hub or any public registry cannot be pulled)';
  }
  const covers = (nat: TfResource): boolean => {
    if (nat.body.source_subnetwork_ip_ranges_to_nat !== 'LIST_OF_SUBNETWORKS') return true;
    return blocks(nat.body.subnetwork).some((s) => sameOrUnknown(subnet, nameOf(s.name, 'google_compute_subnetwork', all)));
  };
  if (candidates.some(covers)) return undefined;
  return `private_cluster_config.enable_private_nodes is true, but the Cloud NAT of the ${where} ` +
    `(${candidates.map((n) => `google_compute_router_nat.${n.name}`).join(', ')}) lists its subnetworks, and the cluster's subnetwork ${subnet ?? show(c.subnetwork)} is not among them`;
}

// ---------------------------------------------------------------------------------------------------------------
// The rules

const RULES: TfRule[] = [
  // --- the control plane and the cluster
  defineRule.terraform({
    id: 'gke-logging',
    level: 'error',
    summary: 'Cloud Logging is on for the cluster',
    fix: 'Remove `logging_service = "none"`; write `logging_config { enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"] }`.',
    source: 'Checkov CKV_GCP_1',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => [
      c.logging_service === 'none' && 'logging_service is "none": the cluster sends no logs to Cloud Logging',
      componentsOff(c.logging_config) && 'logging_config.enable_components is empty: the cluster sends no logs to Cloud Logging',
    ]),
  }),
  defineRule.terraform({
    id: 'gke-legacy-abac-off',
    level: 'error',
    summary: 'Legacy ABAC is off: RBAC alone authorizes',
    fix: 'Set `enable_legacy_abac = false` (or remove it).',
    source: 'Checkov CKV_GCP_7',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => isTrue(c.enable_legacy_abac) && 'enable_legacy_abac is true: legacy ABAC grants broad static permissions besides RBAC'),
  }),
  defineRule.terraform({
    id: 'gke-monitoring',
    level: 'error',
    summary: 'Cloud Monitoring is on for the cluster',
    fix: 'Remove `monitoring_service = "none"`; write `monitoring_config { enable_components = ["SYSTEM_COMPONENTS"] }`.',
    source: 'Checkov CKV_GCP_8',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => [
      c.monitoring_service === 'none' && 'monitoring_service is "none": the cluster sends no metrics to Cloud Monitoring',
      componentsOff(c.monitoring_config) && 'monitoring_config.enable_components is empty: the cluster sends no metrics to Cloud Monitoring',
    ]),
  }),
  defineRule.terraform({
    id: 'gke-network-policy',
    level: 'error',
    summary: 'NetworkPolicy is enforced (Dataplane V2, or the Calico add-on)',
    fix: 'Set `datapath_provider = "ADVANCED_DATAPATH"` and write `network_policy { enabled = false }` (Checkov reads the block; Dataplane V2 refuses the Calico add-on), or enable `network_policy` with the add-on.',
    source: 'Checkov CKV_GCP_12',
    resourceTypes: [CLUSTER],
    check: standardClusterCheck((c) => {
      const policy = block(c.network_policy);
      if (isTrue(policy?.enabled)) return undefined;
      if (c.datapath_provider === 'ADVANCED_DATAPATH') {
        return policy !== undefined && 'enabled' in policy ? undefined
          : 'datapath_provider is ADVANCED_DATAPATH (Dataplane V2 enforces NetworkPolicy), but network_policy.enabled is not written, and Checkov CKV_GCP_12 reads it: write network_policy { enabled = false }';
      }
      return `network_policy.enabled is ${show(policy?.enabled)} and datapath_provider is ${show(c.datapath_provider)}: NetworkPolicy objects are not enforced`;
    }),
  }),
  defineRule.terraform({
    id: 'gke-client-certificate-off',
    level: 'error',
    summary: 'No client certificate is issued',
    fix: 'Write `master_auth { client_certificate_config { issue_client_certificate = false } }`.',
    source: 'Checkov CKV_GCP_13',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => {
      const issue = at(c, 'master_auth.client_certificate_config.issue_client_certificate');
      if (isFalse(issue)) return undefined;
      return isTrue(issue)
        ? 'master_auth.client_certificate_config.issue_client_certificate is true: GKE issues a long-lived client certificate that cannot be revoked'
        : 'master_auth.client_certificate_config.issue_client_certificate is not set to false (the provider\'s default is false, but Checkov CKV_GCP_13 reads the field)';
    }),
  }),
  defineRule.terraform({
    id: 'gke-authorized-networks-not-public',
    level: 'error',
    summary: 'The control plane is not open to the whole internet',
    fix: 'List your operators\' and CI\'s egress ranges in `master_authorized_networks_config.cidr_blocks`, never 0.0.0.0/0 or ::/0.',
    source: 'Checkov CKV_GCP_18; ::/0 too',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => blocks(block(c.master_authorized_networks_config)?.cidr_blocks)
      .filter((b) => typeof b.cidr_block === 'string' && WHOLE_INTERNET.test(b.cidr_block.trim()))
      .map((b) => `master_authorized_networks_config.cidr_blocks has ${b.cidr_block}${b.display_name ? ` (${b.display_name})` : ''}: the Kubernetes API accepts connections from the whole internet`)),
  }),
  defineRule.terraform({
    id: 'gke-basic-auth-off',
    level: 'error',
    summary: 'No basic authentication (username and password)',
    fix: 'Remove `master_auth.username` and `master_auth.password`; write `master_auth` with only `client_certificate_config { issue_client_certificate = false }`.',
    // Checkov deleted CKV_GCP_19 (PR #6010, 2024-02) when GKE dropped basic authentication (1.19): this rule only
    // refuses credentials written into master_auth, which older providers still accept.
    source: 'GKE: basic authentication removed in 1.19 (Checkov CKV_GCP_19, deleted in PR #6010)',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => {
      const auth = block(c.master_auth);
      return (auth?.username || auth?.password) ? 'master_auth sets a username or password: basic authentication to the Kubernetes API' : undefined;
    }),
  }),
  defineRule.terraform({
    id: 'gke-master-authorized-networks',
    level: 'error',
    summary: 'Only authorized networks reach the control plane',
    fix: 'Write `master_authorized_networks_config` with your operators\' and CI\'s ranges in `cidr_blocks`.',
    source: 'Checkov CKV_GCP_20',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => c.master_authorized_networks_config === undefined && 'master_authorized_networks_config is not written: any address may reach the Kubernetes API'),
  }),
  defineRule.terraform({
    id: 'gke-labels',
    level: 'warning',
    summary: 'The cluster has labels, for cost reports and inventory',
    fix: 'Set `resource_labels`, e.g. { app = "...", env = "..." }.',
    source: 'Checkov CKV_GCP_21',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => !isExpression(c.resource_labels) && Object.keys(block(c.resource_labels) ?? {}).length === 0
      && `resource_labels is ${c.resource_labels === undefined ? 'not set' : 'empty'}`),
  }),
  defineRule.terraform({
    id: 'gke-vpc-native',
    level: 'error',
    summary: 'The cluster is VPC-native (alias IP ranges)',
    fix: 'Write `ip_allocation_policy` (with the subnet\'s secondary ranges for pods and Services) and `networking_mode = "VPC_NATIVE"`.',
    source: 'Checkov CKV_GCP_23',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => [
      c.networking_mode === 'ROUTES' && 'networking_mode is ROUTES: pods get route-based addresses, outside the VPC\'s firewall rules and flow logs',
      c.ip_allocation_policy === undefined && 'ip_allocation_policy is not written: Checkov CKV_GCP_23 wants the alias IP ranges stated',
    ]),
  }),
  defineRule.terraform({
    id: 'gke-private-nodes',
    level: 'error',
    summary: 'Private cluster: the nodes have no public IP',
    fix: 'Write `private_cluster_config { enable_private_nodes = true }` (on GKE 1.29 and later the control plane is reached through Private Service Connect; `private_endpoint_subnetwork` places its internal endpoint, while `master_ipv4_cidr_block` asks for the archived VPC-peering model), and a Cloud NAT for egress.',
    source: 'Checkov CKV_GCP_25, CKV_GCP_64',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => {
      const config = block(c.private_cluster_config);
      if (config === undefined) return 'private_cluster_config is not written: every node gets a public IP address';
      return !isTrue(config.enable_private_nodes) && `private_cluster_config.enable_private_nodes is ${show(config.enable_private_nodes)}: every node gets a public IP address`;
    }),
  }),
  defineRule.terraform({
    id: 'gke-private-nodes-nat',
    level: 'error',
    summary: 'Private nodes reach the internet through Cloud NAT',
    fix: 'Add a `google_compute_router` on the cluster\'s network and region, and a `google_compute_router_nat` on it that covers the cluster\'s subnetwork (GkeNetwork does both).',
    source: 'GKE private clusters: Cloud NAT for egress',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c, t) => isTrue(at(c, 'private_cluster_config.enable_private_nodes')) ? natProblem(c, t.all) : undefined),
  }),
  defineRule.terraform({
    id: 'gke-intranode-visibility',
    level: 'error',
    summary: 'Intranode visibility: pod-to-pod traffic on a node goes through the VPC',
    fix: 'Set `enable_intranode_visibility = true`.',
    source: 'Checkov CKV_GCP_61',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => {
      if (isAutopilot(c)) return isFalse(c.enable_intranode_visibility) && 'enable_intranode_visibility is false: traffic between pods of a node escapes the VPC\'s firewall rules and flow logs';
      return !isTrue(c.enable_intranode_visibility)
        && `enable_intranode_visibility is ${show(c.enable_intranode_visibility)}: traffic between pods of a node escapes the VPC's firewall rules and flow logs`;
    }),
  }),
  defineRule.terraform({
    id: 'gke-private-google-access',
    level: 'error',
    summary: 'The cluster\'s subnetwork has Private Google Access',
    fix: 'Set `private_ip_google_access = true` on the cluster\'s `google_compute_subnetwork`.',
    source: 'Checkov CKV_GCP_74 (on the cluster\'s subnetwork)',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c, t) => {
      const subnet = clusterSubnet(c, t.all);
      return subnet !== undefined && !isTrue(subnet.body.private_ip_google_access)
        && `the subnetwork google_compute_subnetwork.${subnet.name} has private_ip_google_access ${show(subnet.body.private_ip_google_access)}: nodes without a public IP reach Google APIs (Artifact Registry, Logging) only through it, or through NAT`;
    }),
  }),
  defineRule.terraform({
    id: 'gke-google-groups-rbac',
    level: 'warning',
    summary: 'Google Groups for RBAC: grant roles to groups, not to users one by one',
    fix: 'Set `authenticator_groups_config { security_group = "gke-security-groups@<your domain>" }` (the `securityGroup` prop).',
    source: 'Checkov CKV_GCP_65',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => at(c, 'authenticator_groups_config.security_group') === undefined
      && 'authenticator_groups_config.security_group is not set: Kubernetes RBAC roles can be granted to users and service accounts only, not to Google Groups'),
  }),
  defineRule.terraform({
    id: 'gke-binary-authorization',
    level: 'error',
    summary: 'Binary Authorization enforces the project\'s policy',
    fix: 'Write `binary_authorization { evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE" }`.',
    source: 'Checkov CKV_GCP_66 (checkov/terraform/checks/resource/gcp/GKEBinaryAuthorization.py)',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => {
      const config = block(c.binary_authorization);
      if (BINAUTHZ_ENFORCING.has(config?.evaluation_mode) || isTrue(c.enable_binary_authorization)) return undefined;
      return `binary_authorization.evaluation_mode is ${show(config?.evaluation_mode)}: any image may run, whatever the project's Binary Authorization policy says`;
    }),
  }),
  defineRule.terraform({
    id: 'gke-release-channel',
    level: 'error',
    summary: 'The cluster is enrolled in a release channel, so that GKE keeps it patched',
    fix: 'Write `release_channel { channel = "REGULAR" }` (or RAPID, STABLE, EXTENDED).',
    source: 'Checkov CKV_GCP_70',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => {
      const channel = at(c, 'release_channel.channel');
      if (channel === 'UNSPECIFIED') return 'release_channel.channel is "UNSPECIFIED": no release channel, so upgrades and security patches are yours to schedule';
      return channel === undefined && 'release_channel.channel is not set: the cluster\'s upgrade policy is left to GKE\'s default, not a channel you chose (Checkov CKV_GCP_70)';
    }),
  }),
  defineRule.terraform({
    id: 'gke-shielded-nodes',
    level: 'error',
    summary: 'Shielded GKE nodes',
    fix: 'Set `enable_shielded_nodes = true`.',
    // As Checkov judges it: only an explicit false fails; unset is GKE's default, true.
    source: 'Checkov CKV_GCP_71 (checkov/terraform/checks/resource/gcp/GKEEnableShieldedNodes.py)',
    resourceTypes: [CLUSTER],
    check: standardClusterCheck((c) => (isFalse(c.enable_shielded_nodes)
      ? 'enable_shielded_nodes is false: a compromised node can impersonate others to the control plane'
      : undefined)),
  }),
  defineRule.terraform({
    id: 'gke-no-inline-node-pools',
    level: 'warning',
    summary: 'Node pools are separate google_container_node_pool resources',
    fix: 'Move each `node_pool` block into a `google_container_node_pool` resource: inline pools cannot be removed without recreating the cluster.',
    // As Checkov's GKEDontUseNodePools: a cluster with remove_default_node_pool = true passes whatever it inlines.
    source: 'Checkov CKV_GCP_123 (GKEDontUseNodePools, which exempts remove_default_node_pool = true)',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => !isTrue(c.remove_default_node_pool) && blocks(c.node_pool).length > 0
      && `node_pool has ${blocks(c.node_pool).length} inline block(s): they cannot be added or removed without recreating the cluster`),
  }),
  defineRule.terraform({
    id: 'gke-deletion-protection',
    level: 'warning',
    summary: 'Terraform refuses to destroy or replace the cluster',
    fix: 'Remove `deletion_protection = false` (the default is true). Set it to false only to tear down, as docs/operations.md describes.',
    source: 'Terraform google provider: deletion_protection',
    resourceTypes: [CLUSTER],
    check: bodyCheck((c) => isFalse(c.deletion_protection) && 'deletion_protection is false: a plan that destroys or replaces the cluster (a changed network or range) applies without a guard'),
  }),

  // --- the nodes: the cluster's default pool, inline pools, node pool resources
  defineRule.terraform({
    id: 'gke-secure-boot',
    level: 'error',
    summary: 'Shielded nodes boot with Secure Boot',
    fix: 'Write `node_config { shielded_instance_config { enable_secure_boot = true } }` on the cluster and on every node pool.',
    // Stricter than Checkov's GKESecureBootforShieldedNodes, which reports a resource without node_config as UNKNOWN:
    // GKE's default is Secure Boot off, so an unwritten node_config on a pool that exists boots without it.
    source: 'Checkov CKV_GCP_68 (it reports an absent node_config as unknown; this rule fails it, as GKE defaults Secure Boot off)',
    resourceTypes: [CLUSTER, NODE_POOL],
    check: nodeCheck((s) => {
      if (s.config === undefined) {
        return s.removed ? undefined : `${s.where} is not written: the nodes boot without Secure Boot (GKE's default is off)`;
      }
      const secureBoot = at(s.config, 'shielded_instance_config.enable_secure_boot');
      return !isTrue(secureBoot) && `${s.where}.shielded_instance_config.enable_secure_boot is ${show(secureBoot)}: the nodes boot without Secure Boot (GKE's default is off)`;
    }),
  }),
  defineRule.terraform({
    id: 'gke-metadata-server',
    level: 'error',
    summary: 'Nodes run the GKE metadata server (Workload Identity)',
    fix: 'Write `node_config { workload_metadata_config { mode = "GKE_METADATA" } }` on the cluster and on every node pool, with `workload_identity_config` on the cluster.',
    source: 'Checkov CKV_GCP_69',
    resourceTypes: [CLUSTER, NODE_POOL],
    check: nodeCheck((s) => {
      const metadata = block(s.config?.workload_metadata_config);
      if (metadata?.mode === 'GKE_METADATA' || metadata?.node_metadata === 'GKE_METADATA_SERVER') return undefined;
      return `${s.where}.workload_metadata_config.mode is ${show(metadata?.mode)}: ` + (s.removed && s.config === undefined
        ? 'the default pool is removed, but Checkov CKV_GCP_69 reads the cluster\'s node_config'
        : 'pods can read the node\'s metadata, the credentials of its service account included');
    }),
  }),
  defineRule.terraform({
    id: 'gke-integrity-monitoring',
    level: 'error',
    summary: 'Shielded nodes have integrity monitoring',
    fix: 'Write `enable_integrity_monitoring = true` beside `enable_secure_boot` in `shielded_instance_config`.',
    source: 'Checkov CKV_GCP_72',
    resourceTypes: [CLUSTER, NODE_POOL],
    check: nodeCheck((s) => {
      const shielded = block(s.config?.shielded_instance_config);
      if (shielded === undefined || isTrue(shielded.enable_integrity_monitoring)) return undefined;
      return isFalse(shielded.enable_integrity_monitoring)
        ? `${s.where}.shielded_instance_config.enable_integrity_monitoring is false: a node's boot integrity goes unchecked`
        : `${s.where}.shielded_instance_config.enable_integrity_monitoring is not set to true (the default is true, but Checkov CKV_GCP_72 fails the block without it)`;
    }),
  }),
  defineRule.terraform({
    id: 'gke-no-default-service-account',
    level: 'error',
    summary: 'Nodes run as a dedicated service account, not the Compute Engine default',
    fix: 'Set `node_config.service_account` (and, with node auto-provisioning or Autopilot, `cluster_autoscaling.auto_provisioning_defaults.service_account`) to a dedicated least-privilege account (GkeCluster creates one).',
    source: 'CIS GKE Benchmark 5.2.1',
    resourceTypes: [CLUSTER, NODE_POOL],
    check: bodyCheck((b, t) => {
      const scopes = nodeScopes(t.resource).map((s) => serviceAccountProblem(s.where, s.config?.service_account));
      if (t.resource.type === CLUSTER && (isAutopilot(b) || isTrue(at(b, 'cluster_autoscaling.enabled')))) {
        scopes.push(serviceAccountProblem('cluster_autoscaling.auto_provisioning_defaults', at(b, 'cluster_autoscaling.auto_provisioning_defaults.service_account')));
      }
      return scopes;
    }),
  }),
  defineRule.terraform({
    id: 'gke-cos-containerd',
    level: 'error',
    summary: 'Nodes run Container-Optimized OS with containerd',
    fix: 'Leave `node_config.image_type` unset (GKE\'s default, COS_CONTAINERD) or set it to "COS_CONTAINERD".',
    // Checkov's CKV_GCP_22 reads node pools only, and only those pinned below 1.24 (UNKNOWN otherwise): this rule fails
    // any explicit image other than COS_CONTAINERD, on pools and inline pools, and passes GKE's default.
    source: 'Checkov CKV_GCP_22 (checkov/terraform/checks/resource/gcp/GKEUseCosImage.py), extended to every version',
    resourceTypes: [CLUSTER, NODE_POOL],
    check: nodeCheck((s) => {
      const image = s.config?.image_type;
      if (image === undefined || (typeof image === 'string' && image.toLowerCase() === 'cos_containerd')) return undefined;
      if (typeof image === 'string' && image.toLowerCase() === 'cos') return `${s.where}.image_type is ${show(image)}: the Docker-based COS image is gone since GKE 1.24; use COS_CONTAINERD`;
      return `${s.where}.image_type is ${show(image)}, not Container-Optimized OS (COS_CONTAINERD): a larger, mutable node OS`;
    }),
  }),
  defineRule.terraform({
    id: 'gke-node-auto-repair',
    level: 'error',
    summary: 'Node pools repair unhealthy nodes automatically',
    fix: 'Write `management { auto_repair = true }` on every node pool.',
    source: 'Checkov CKV_GCP_9',
    resourceTypes: [CLUSTER, NODE_POOL],
    check: nodeCheck((s) => s.pool && !isTrue(s.management?.auto_repair) ? `${poolOf(s)}.auto_repair is ${show(s.management?.auto_repair)}: unhealthy nodes stay in the pool (Checkov CKV_GCP_9 wants it written true)` : undefined),
  }),
  defineRule.terraform({
    id: 'gke-node-auto-upgrade',
    level: 'error',
    summary: 'Node pools upgrade automatically, with the control plane',
    fix: 'Write `management { auto_upgrade = true }` on every node pool.',
    source: 'Checkov CKV_GCP_10',
    resourceTypes: [CLUSTER, NODE_POOL],
    check: nodeCheck((s) => s.pool && !isTrue(s.management?.auto_upgrade) ? `${poolOf(s)}.auto_upgrade is ${show(s.management?.auto_upgrade)}: the nodes miss security patches and drift from the control plane's version` : undefined),
  }),
  defineRule.terraform({
    id: 'gke-registry-cmek',
    level: 'warning',
    summary: 'The Artifact Registry repository that the nodes pull from is encrypted with a customer-managed key',
    fix: 'Set `kms_key_name` (`registryKmsKey` in an environment, `registry.kmsKeyName` on GkePlatformStack) to a Cloud KMS key the Artifact Registry service agent may use.',
    // Checkov passes any kms_key_name; its title says CSEK, its code checks a CMEK.
    source: 'Checkov CKV_GCP_84 (checkov/terraform/checks/resource/gcp/ArtifactRegsitryEncryptedWithCMK.py)',
    resourceTypes: [REGISTRY],
    check: bodyCheck((r) => (r.kms_key_name === undefined || r.kms_key_name === '' ? 'kms_key_name is not set: the images are encrypted with a Google-managed key, which Checkov CKV_GCP_84 fails' : undefined)),
  }),
];

/** Checkov's GKE checks, restated, with what they miss. */
export const GKE_HARDENING: Pack = {
  name: 'gke-hardening',
  description: 'GKE cluster and node pool hardening (Checkov CKV_GCP checks, Cloud NAT, service accounts)',
  rules: RULES,
};
