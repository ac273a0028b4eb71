/**
 * GKE hardening: Checkov's CKV_GCP checks of `google_container_cluster` and `google_container_node_pool`, restated
 * from their published sources, plus what they miss (Cloud NAT for private nodes, deletion protection, the nodes'
 * service account, `::/0` among the authorized networks).
 *
 * Where Checkov fails a field that is absent although the provider's default is already safe (client certificates,
 * shielded nodes, auto-repair...), these rules fail it too, and say so: the point is that a configuration that
 * passes here passes Checkov. They depart from Checkov where its check is out of date (PodSecurityPolicy, left
 * out: removed in Kubernetes 1.25), reads a version as a float (CKV_GCP_67, a warning here) or misses a case
 * (`::/0`, an empty `logging_config`, the `COS` Docker image).
 *
 * Blocks come as objects (cdktf) or as arrays of objects (hand-written Terraform JSON); both are read. Autopilot
 * clusters (`enable_autopilot = true`) skip the node rules: Google manages the nodes (COS, shielded nodes with
 * secure boot, the GKE metadata server and Dataplane V2 are always on).
 */
import { regionOf as regionOfLocation } from '../../plan/locations';
import { Level, Pack, TfResource, TfRule, TfTarget } from '../model';
import { Obj } from '../workloads';

const CLUSTER = 'google_container_cluster';
const NODE_POOL = 'google_container_node_pool';

// ---------------------------------------------------------------------------------------------------------------
// Reading Terraform JSON

/** A nested block: an object, or the first object of an array (Terraform JSON allows both). */
function block(v: unknown): Obj | undefined {
  if (Array.isArray(v)) return v.find(isObj);
  return isObj(v) ? v : undefined;
}

/** Every object of a repeated block. */
function blocks(v: unknown): Obj[] {
  if (Array.isArray(v)) return v.filter(isObj);
  return isObj(v) ? [v] : [];
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Booleans may be written as JSON booleans or as strings. */
const isTrue = (v: unknown): boolean => v === true || v === 'true';
const isFalse = (v: unknown): boolean => v === false || v === 'false';

/** A value as a message shows it. */
const show = (v: unknown): string => (v === undefined ? 'not set' : JSON.stringify(v));

/** `a.b.c` of a resource body, through objects or single-element arrays. */
function at(body: Obj | undefined, path: string): unknown {
  let cur: unknown = body;
  for (const key of path.split('.')) {
    const o = block(cur);
    if (o === undefined) return undefined;
    cur = o[key];
  }
  return cur;
}

const isAutopilot = (c: Obj): boolean => isTrue(c.enable_autopilot);

/** `${type.name.attr}`: the resource of the same configuration it points at. */
const REFERENCE = /^\$\{([A-Za-z0-9_]+)\.([^.}\s]+)\.[A-Za-z0-9_]+\}$/;

function referenced(value: unknown, all: readonly TfResource[]): TfResource | undefined {
  if (typeof value !== 'string') return undefined;
  const m = REFERENCE.exec(value);
  return m ? all.find((r) => r.type === m[1] && r.name === m[2]) : undefined;
}

const isExpression = (v: unknown): boolean => typeof v === 'string' && v.includes('${');

/** A string written out, not an expression. */
const literal = (v: unknown): string | undefined => (typeof v === 'string' && !isExpression(v) ? v : undefined);

/**
 * The name a network or subnetwork field designates: the referenced resource's `name`, or the last segment of a
 * literal (`projects/p/global/networks/gke` and `gke` alike). `undefined` when it cannot be known here.
 */
function nameOf(value: unknown, type: string, all: readonly TfResource[]): string | undefined {
  const target = referenced(value, all);
  if (target) return target.type === type && typeof target.body.name === 'string' && !isExpression(target.body.name) ? target.body.name : undefined;
  if (typeof value !== 'string' || isExpression(value) || value === '') return undefined;
  return value.split('/').pop();
}

/** Two names that are either equal or not both known. */
const sameOrUnknown = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

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
  return all.find((r) => r.type === 'google_compute_subnetwork' && r.body.name === name && sameOrUnknown(region, literal(r.body.region)));
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
// Rule builders

type Problems = (string | undefined | false)[] | string | undefined | false;

function rule(
  id: string, level: Level, source: string, resourceTypes: readonly string[], summary: string, fix: string,
  problems: (body: Obj, t: TfTarget) => Problems,
): TfRule {
  return {
    target: 'terraform', id, level, summary, fix, source, resourceTypes,
    check: (t) => {
      const found = problems(t.resource.body, t);
      return (Array.isArray(found) ? found : [found]).filter((m): m is string => typeof m === 'string' && m.length > 0);
    },
  };
}

/** A rule over the cluster. */
const clusterRule = (id: string, level: Level, source: string, summary: string, fix: string, problems: (c: Obj, t: TfTarget) => Problems): TfRule =>
  rule(id, level, source, [CLUSTER], summary, fix, problems);

/** A rule over a Standard cluster only: Autopilot manages the setting itself. */
const standardClusterRule = (id: string, level: Level, source: string, summary: string, fix: string, problems: (c: Obj, t: TfTarget) => Problems): TfRule =>
  rule(id, level, source, [CLUSTER], summary, fix, (c, t) => (isAutopilot(c) ? [] : problems(c, t)));

/** A rule over every node configuration of a cluster or a node pool. */
const nodeRule = (id: string, level: Level, source: string, summary: string, fix: string, problem: (s: NodeScope) => string | undefined | false): TfRule =>
  rule(id, level, source, [CLUSTER, NODE_POOL], summary, fix, (_b, t) => nodeScopes(t.resource).map(problem));

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** A /0 range is every address: `0.0.0.0/0`, `::/0` (Checkov CKV_GCP_18 looks for `0.0.0.0/0` only). */
const WHOLE_INTERNET = /\/0$/;
const DEFAULT_COMPUTE_ACCOUNT = /-compute@developer\.gserviceaccount\.com$/;
const BINAUTHZ_ENFORCING = new Set(['PROJECT_SINGLETON_POLICY_ENFORCE', 'POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE']);

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

/**
 * Checkov CKV_GCP_67 reads `min_master_version` as a float: `1.35` passes; `1.35.1-gke.1000`, `latest` and `1.100`
 * (1.1) fail; `1.9` passes (1.9 >= 1.12), which this refuses too. Returns why it fails, or undefined.
 */
function minMasterVersionProblem(version: unknown): string | undefined {
  if (version === undefined) return 'min_master_version is not set, and Checkov CKV_GCP_67 fails without it';
  const text = String(version).trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return `min_master_version is ${show(version)}, which Checkov cannot read as a number (write the minor version alone, e.g. "1.35")`;
  const [major, minor = 0] = text.split('.').map(Number);
  if (major < 1 || (major === 1 && minor < 12)) return `min_master_version is ${show(version)}, below 1.12, where GKE turned the legacy metadata endpoints off`;
  if (Number.parseFloat(text) < 1.12) return `min_master_version is ${show(version)}, which Checkov reads as the number ${Number.parseFloat(text)}, below 1.12 (write it so that the number is at least 1.12)`;
  return undefined;
}

/** Why no Cloud NAT serves a private cluster's nodes, or undefined when one does. */
function natProblem(c: Obj, all: readonly TfResource[]): string | undefined {
  const network = c.network === undefined ? 'default' : nameOf(c.network, 'google_compute_network', all);
  const subnet = c.subnetwork === undefined ? undefined : nameOf(c.subnetwork, 'google_compute_subnetwork', all);
  const region = regionOf(c);
  const candidates = all.filter((r) => r.type === 'google_compute_router_nat').filter((nat) => {
    if (!sameOrUnknown(region, literal(nat.body.region))) return false;
    const router = referenced(nat.body.router, all)
      ?? all.find((r) => r.type === 'google_compute_router' && typeof nat.body.router === 'string' && r.body.name === nat.body.router);
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
  clusterRule('gke-logging', 'error', 'Checkov CKV_GCP_1', 'Cloud Logging is on for the cluster',
    'Remove `logging_service = "none"`; write `logging_config { enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"] }`.',
    (c) => [
      c.logging_service === 'none' && 'logging_service is "none": the cluster sends no logs to Cloud Logging',
      componentsOff(c.logging_config) && 'logging_config.enable_components is empty: the cluster sends no logs to Cloud Logging',
    ]),
  clusterRule('gke-legacy-abac-off', 'error', 'Checkov CKV_GCP_7', 'Legacy ABAC is off: RBAC alone authorizes',
    'Set `enable_legacy_abac = false` (or remove it).',
    (c) => isTrue(c.enable_legacy_abac) && 'enable_legacy_abac is true: legacy ABAC grants broad static permissions besides RBAC'),
  clusterRule('gke-monitoring', 'error', 'Checkov CKV_GCP_8', 'Cloud Monitoring is on for the cluster',
    'Remove `monitoring_service = "none"`; write `monitoring_config { enable_components = ["SYSTEM_COMPONENTS"] }`.',
    (c) => [
      c.monitoring_service === 'none' && 'monitoring_service is "none": the cluster sends no metrics to Cloud Monitoring',
      componentsOff(c.monitoring_config) && 'monitoring_config.enable_components is empty: the cluster sends no metrics to Cloud Monitoring',
    ]),
  standardClusterRule('gke-network-policy', 'error', 'Checkov CKV_GCP_12', 'NetworkPolicy is enforced (Dataplane V2, or the Calico add-on)',
    'Set `datapath_provider = "ADVANCED_DATAPATH"` and write `network_policy { enabled = false }` (Checkov reads the block; Dataplane V2 refuses the Calico add-on), or enable `network_policy` with the add-on.',
    (c) => {
      const policy = block(c.network_policy);
      if (isTrue(policy?.enabled)) return undefined;
      if (c.datapath_provider === 'ADVANCED_DATAPATH') {
        return policy !== undefined && 'enabled' in policy ? undefined
          : 'datapath_provider is ADVANCED_DATAPATH (Dataplane V2 enforces NetworkPolicy), but network_policy.enabled is not written, and Checkov CKV_GCP_12 reads it: write network_policy { enabled = false }';
      }
      return `network_policy.enabled is ${show(policy?.enabled)} and datapath_provider is ${show(c.datapath_provider)}: NetworkPolicy objects are not enforced`;
    }),
  clusterRule('gke-client-certificate-off', 'error', 'Checkov CKV_GCP_13', 'No client certificate is issued',
    'Write `master_auth { client_certificate_config { issue_client_certificate = false } }`.',
    (c) => {
      const issue = at(c, 'master_auth.client_certificate_config.issue_client_certificate');
      if (isFalse(issue)) return undefined;
      return isTrue(issue)
        ? 'master_auth.client_certificate_config.issue_client_certificate is true: GKE issues a long-lived client certificate that cannot be revoked'
        : 'master_auth.client_certificate_config.issue_client_certificate is not set to false (the provider\'s default is false, but Checkov CKV_GCP_13 reads the field)';
    }),
  clusterRule('gke-authorized-networks-not-public', 'error', 'Checkov CKV_GCP_18; ::/0 too', 'The control plane is not open to the whole internet',
    'List your operators\' and CI\'s egress ranges in `master_authorized_networks_config.cidr_blocks`, never 0.0.0.0/0 or ::/0.',
    (c) => blocks(block(c.master_authorized_networks_config)?.cidr_blocks)
      .filter((b) => typeof b.cidr_block === 'string' && WHOLE_INTERNET.test(b.cidr_block.trim()))
      .map((b) => `master_authorized_networks_config.cidr_blocks has ${b.cidr_block}${b.display_name ? ` (${b.display_name})` : ''}: the Kubernetes API accepts connections from the whole internet`)),
  clusterRule('gke-basic-auth-off', 'error', 'Checkov CKV_GCP_19', 'No basic authentication (username and password)',
    'Remove `master_auth.username` and `master_auth.password`; write `master_auth` with only `client_certificate_config { issue_client_certificate = false }`.',
    (c) => {
      const auth = block(c.master_auth);
      if (auth === undefined) return 'master_auth is not written (GKE no longer offers basic authentication, but Checkov CKV_GCP_19 fails without the block)';
      return (auth.username || auth.password) ? 'master_auth sets a username or password: basic authentication to the Kubernetes API' : undefined;
    }),
  clusterRule('gke-master-authorized-networks', 'error', 'Checkov CKV_GCP_20', 'Only authorized networks reach the control plane',
    'Write `master_authorized_networks_config` with your operators\' and CI\'s ranges in `cidr_blocks`.',
    (c) => c.master_authorized_networks_config === undefined && 'master_authorized_networks_config is not written: any address may reach the Kubernetes API'),
  clusterRule('gke-labels', 'warning', 'Checkov CKV_GCP_21', 'The cluster has labels, for cost reports and inventory',
    'Set `resource_labels`, e.g. { app = "...", env = "..." }.',
    (c) => !isExpression(c.resource_labels) && Object.keys(block(c.resource_labels) ?? {}).length === 0
      && `resource_labels is ${c.resource_labels === undefined ? 'not set' : 'empty'}`),
  clusterRule('gke-vpc-native', 'error', 'Checkov CKV_GCP_23', 'The cluster is VPC-native (alias IP ranges)',
    'Write `ip_allocation_policy` (with the subnet\'s secondary ranges for pods and Services) and `networking_mode = "VPC_NATIVE"`.',
    (c) => [
      c.networking_mode === 'ROUTES' && 'networking_mode is ROUTES: pods get route-based addresses, outside the VPC\'s firewall rules and flow logs',
      c.ip_allocation_policy === undefined && 'ip_allocation_policy is not written: Checkov CKV_GCP_23 wants the alias IP ranges stated',
    ]),
  clusterRule('gke-private-nodes', 'error', 'Checkov CKV_GCP_25, CKV_GCP_64', 'Private cluster: the nodes have no public IP',
    'Write `private_cluster_config { enable_private_nodes = true, master_ipv4_cidr_block = "172.16.0.0/28" }`, and a Cloud NAT for egress.',
    (c) => {
      const config = block(c.private_cluster_config);
      if (config === undefined) return 'private_cluster_config is not written: every node gets a public IP address';
      return !isTrue(config.enable_private_nodes) && `private_cluster_config.enable_private_nodes is ${show(config.enable_private_nodes)}: every node gets a public IP address`;
    }),
  clusterRule('gke-private-nodes-nat', 'error', 'GKE private clusters: Cloud NAT for egress', 'Private nodes reach the internet through Cloud NAT',
    'Add a `google_compute_router` on the cluster\'s network and region, and a `google_compute_router_nat` on it that covers the cluster\'s subnetwork (GkeNetwork does both).',
    (c, t) => isTrue(at(c, 'private_cluster_config.enable_private_nodes')) ? natProblem(c, t.all) : undefined),
  clusterRule('gke-intranode-visibility', 'error', 'Checkov CKV_GCP_61', 'Intranode visibility: pod-to-pod traffic on a node goes through the VPC',
    'Set `enable_intranode_visibility = true`.',
    (c) => {
      if (isAutopilot(c)) return isFalse(c.enable_intranode_visibility) && 'enable_intranode_visibility is false: traffic between pods of a node escapes the VPC\'s firewall rules and flow logs';
      return !isTrue(c.enable_intranode_visibility)
        && `enable_intranode_visibility is ${show(c.enable_intranode_visibility)}: traffic between pods of a node escapes the VPC's firewall rules and flow logs`;
    }),
  clusterRule('gke-private-google-access', 'error', 'Checkov CKV_GCP_74 (on the cluster\'s subnetwork)', 'The cluster\'s subnetwork has Private Google Access',
    'Set `private_ip_google_access = true` on the cluster\'s `google_compute_subnetwork`.',
    (c, t) => {
      const subnet = clusterSubnet(c, t.all);
      return subnet !== undefined && !isTrue(subnet.body.private_ip_google_access)
        && `the subnetwork google_compute_subnetwork.${subnet.name} has private_ip_google_access ${show(subnet.body.private_ip_google_access)}: nodes without a public IP reach Google APIs (Artifact Registry, Logging) only through it, or through NAT`;
    }),
  clusterRule('gke-google-groups-rbac', 'warning', 'Checkov CKV_GCP_65', 'Google Groups for RBAC: grant roles to groups, not to users one by one',
    'Set `authenticator_groups_config { security_group = "gke-security-groups@<your domain>" }` (the `securityGroup` prop).',
    (c) => at(c, 'authenticator_groups_config.security_group') === undefined
      && 'authenticator_groups_config.security_group is not set: Kubernetes RBAC roles can be granted to users and service accounts only, not to Google Groups'),
  clusterRule('gke-binary-authorization', 'error', 'Checkov CKV_GCP_66', 'Binary Authorization enforces the project\'s policy',
    'Write `binary_authorization { evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE" }`.',
    (c) => {
      const config = block(c.binary_authorization);
      if (BINAUTHZ_ENFORCING.has(config?.evaluation_mode) || isTrue(config?.enabled) || isTrue(c.enable_binary_authorization)) return undefined;
      return `binary_authorization.evaluation_mode is ${show(config?.evaluation_mode)}: any image may run, whatever the project's Binary Authorization policy says`;
    }),
  clusterRule('gke-min-master-version', 'warning', 'Checkov CKV_GCP_67', 'min_master_version is set, to 1.12 or later, as Checkov reads it',
    'Set `min_master_version` to a minor version the release channel offers, e.g. "1.35" (`minMasterVersion`). GKE has disabled the legacy metadata endpoints since 1.12, so this only satisfies Checkov.',
    (c) => minMasterVersionProblem(c.min_master_version)),
  clusterRule('gke-release-channel', 'error', 'Checkov CKV_GCP_70', 'The cluster is enrolled in a release channel, so that GKE keeps it patched',
    'Write `release_channel { channel = "REGULAR" }` (or RAPID, STABLE, EXTENDED).',
    (c) => {
      const channel = at(c, 'release_channel.channel');
      if (channel === 'UNSPECIFIED') return 'release_channel.channel is "UNSPECIFIED": no release channel, so upgrades and security patches are yours to schedule';
      return channel === undefined && 'release_channel.channel is not set: the cluster\'s upgrade policy is left to GKE\'s default, not a channel you chose (Checkov CKV_GCP_70)';
    }),
  standardClusterRule('gke-shielded-nodes', 'error', 'Checkov CKV_GCP_71', 'Shielded GKE nodes',
    'Set `enable_shielded_nodes = true`.',
    (c) => {
      if (isTrue(c.enable_shielded_nodes)) return undefined;
      return isFalse(c.enable_shielded_nodes)
        ? 'enable_shielded_nodes is false: a compromised node can impersonate others to the control plane'
        : 'enable_shielded_nodes is not set to true (GKE\'s default is true, but Checkov CKV_GCP_71 reads the field)';
    }),
  clusterRule('gke-no-inline-node-pools', 'warning', 'Checkov CKV_GCP_123', 'Node pools are separate google_container_node_pool resources',
    'Move each `node_pool` block into a `google_container_node_pool` resource: inline pools cannot be removed without recreating the cluster.',
    (c) => blocks(c.node_pool).length > 0 && `node_pool has ${blocks(c.node_pool).length} inline block(s): they cannot be added or removed without recreating the cluster`),
  clusterRule('gke-deletion-protection', 'warning', 'Terraform google provider: deletion_protection', 'Terraform refuses to destroy or replace the cluster',
    'Remove `deletion_protection = false` (the default is true). Set it to false only to tear down, as docs/operations.md describes.',
    (c) => isFalse(c.deletion_protection) && 'deletion_protection is false: a plan that destroys or replaces the cluster (a changed network or range) applies without a guard'),

  // --- the nodes: the cluster's default pool, inline pools, node pool resources
  nodeRule('gke-secure-boot', 'error', 'Checkov CKV_GCP_68', 'Shielded nodes boot with Secure Boot',
    'Write `node_config { shielded_instance_config { enable_secure_boot = true } }` on the cluster and on every node pool.',
    (s) => {
      if (s.config === undefined) {
        return s.removed ? undefined : `${s.where} is not written: the nodes boot without Secure Boot (GKE's default is off)`;
      }
      const secureBoot = at(s.config, 'shielded_instance_config.enable_secure_boot');
      return !isTrue(secureBoot) && `${s.where}.shielded_instance_config.enable_secure_boot is ${show(secureBoot)}: the nodes boot without Secure Boot (GKE's default is off)`;
    }),
  nodeRule('gke-metadata-server', 'error', 'Checkov CKV_GCP_69', 'Nodes run the GKE metadata server (Workload Identity)',
    'Write `node_config { workload_metadata_config { mode = "GKE_METADATA" } }` on the cluster and on every node pool, with `workload_identity_config` on the cluster.',
    (s) => {
      const metadata = block(s.config?.workload_metadata_config);
      if (metadata?.mode === 'GKE_METADATA' || metadata?.node_metadata === 'GKE_METADATA_SERVER') return undefined;
      return `${s.where}.workload_metadata_config.mode is ${show(metadata?.mode)}: ` + (s.removed && s.config === undefined
        ? 'the default pool is removed, but Checkov CKV_GCP_69 reads the cluster\'s node_config'
        : 'pods can read the node\'s metadata, the credentials of its service account included');
    }),
  nodeRule('gke-integrity-monitoring', 'error', 'Checkov CKV_GCP_72', 'Shielded nodes have integrity monitoring',
    'Write `enable_integrity_monitoring = true` beside `enable_secure_boot` in `shielded_instance_config`.',
    (s) => {
      const shielded = block(s.config?.shielded_instance_config);
      if (shielded === undefined || isTrue(shielded.enable_integrity_monitoring)) return undefined;
      return isFalse(shielded.enable_integrity_monitoring)
        ? `${s.where}.shielded_instance_config.enable_integrity_monitoring is false: a node's boot integrity goes unchecked`
        : `${s.where}.shielded_instance_config.enable_integrity_monitoring is not set to true (the default is true, but Checkov CKV_GCP_72 fails the block without it)`;
    }),
  rule('gke-no-default-service-account', 'error', 'CIS GKE Benchmark 5.2.1', [CLUSTER, NODE_POOL], 'Nodes run as a dedicated service account, not the Compute Engine default',
    'Set `node_config.service_account` (and, with node auto-provisioning or Autopilot, `cluster_autoscaling.auto_provisioning_defaults.service_account`) to a dedicated least-privilege account (GkeCluster creates one).',
    (b, t) => {
      const scopes = nodeScopes(t.resource).map((s) => serviceAccountProblem(s.where, s.config?.service_account));
      if (t.resource.type === CLUSTER && (isAutopilot(b) || isTrue(at(b, 'cluster_autoscaling.enabled')))) {
        scopes.push(serviceAccountProblem('cluster_autoscaling.auto_provisioning_defaults', at(b, 'cluster_autoscaling.auto_provisioning_defaults.service_account')));
      }
      return scopes;
    }),
  nodeRule('gke-cos-containerd', 'error', 'Checkov CKV_GCP_22', 'Nodes run Container-Optimized OS with containerd',
    'Set `node_config.image_type = "COS_CONTAINERD"`.',
    (s) => {
      const image = s.config?.image_type;
      if (typeof image === 'string' && image.toLowerCase() === 'cos_containerd') return undefined;
      if (image === undefined && !s.pool) return undefined; // the cluster's default pool: GKE's default image is COS_CONTAINERD
      if (typeof image === 'string' && image.toLowerCase() === 'cos') return `${s.where}.image_type is ${show(image)}: the Docker-based COS image is gone since GKE 1.24; use COS_CONTAINERD`;
      return image === undefined
        ? `${s.where}.image_type is not set (GKE's default is COS_CONTAINERD, but Checkov CKV_GCP_22 reads the field)`
        : `${s.where}.image_type is ${show(image)}, not Container-Optimized OS (COS_CONTAINERD): a larger, mutable node OS`;
    }),
  nodeRule('gke-node-auto-repair', 'error', 'Checkov CKV_GCP_9', 'Node pools repair unhealthy nodes automatically',
    'Write `management { auto_repair = true }` on every node pool.',
    (s) => s.pool && !isTrue(s.management?.auto_repair) ? `${poolOf(s)}.auto_repair is ${show(s.management?.auto_repair)}: unhealthy nodes stay in the pool (Checkov CKV_GCP_9 wants it written true)` : undefined),
  nodeRule('gke-node-auto-upgrade', 'error', 'Checkov CKV_GCP_10', 'Node pools upgrade automatically, with the control plane',
    'Write `management { auto_upgrade = true }` on every node pool.',
    (s) => s.pool && !isTrue(s.management?.auto_upgrade) ? `${poolOf(s)}.auto_upgrade is ${show(s.management?.auto_upgrade)}: the nodes miss security patches and drift from the control plane's version` : undefined),
];

/** Checkov's GKE checks, restated, with what they miss. */
export const GKE_HARDENING: Pack = {
  name: 'gke-hardening',
  description: 'GKE cluster and node pool hardening (Checkov CKV_GCP checks, Cloud NAT, service accounts)',
  rules: RULES,
};
