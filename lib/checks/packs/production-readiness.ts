/**
 * Production readiness and reliability: our own rules for the default checks of kube-score, Polaris and
 * kube-linter that the Pod Security Standards pack and the seed pitfalls pack leave out. Resources on every
 * container, a NetworkPolicy and a PodDisruptionBudget for every workload that needs one, pods spread over nodes,
 * objects that name other objects which exist (Service → pods, Ingress → Service, HPA → workload...), and
 * removed API versions.
 *
 * Where the tools disagree we follow kube-score (design.md): an HPA-scaled Deployment sets no replicas (the seed
 * pack checks that) and its HPA keeps at least 2 pods; a Deployment without an HPA runs at least 2 replicas.
 */
import { POLARIS_SENSITIVE_ENV_EXEMPT, literalSecretProblem, polarisSensitiveName } from '../../plan/literals';
import { parseBytes, parseCpu } from '../../plan/quantity';
import { defineRule } from '../define-rule';
import { Manifest, ManifestRule, Pack } from '../model';
import { hpaTarget, hpasTargeting, maxPods, objectNamed, objectsOfKind, objectsSelecting, workloadsSelectable } from '../lookups';
import { Obj, eachContainer, namespaceOf, podLabelsOf, podSpecOf, selectorMatches } from '../workloads';

// ---------------------------------------------------------------------------------------------------------------
// Private readers
// ---------------------------------------------------------------------------------------------------------------

/** Controllers that run N copies of one pod, and so need spreading and a disruption budget. */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);
const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

/** A workload with several pods at some point: a replicated controller whose replicas or HPA maximum is above 1. */
function isMultiPod(m: Manifest, all: readonly Manifest[]): boolean {
  return REPLICATED.has(m.kind) && maxPods(m, all) > 1;
}

/** The fewest pods a workload runs in normal operation: the HPA minimum, else `spec.replicas` (default 1). */
function minPods(m: Manifest, all: readonly Manifest[]): number | undefined {
  const hpas = hpasTargeting(m, all);
  if (hpas.length > 0) return Math.min(...hpas.map((h) => h.spec?.minReplicas ?? 1));
  return REPLICATED.has(m.kind) ? m.spec?.replicas ?? 1 : undefined;
}

/** The selectors of Services, NetworkPolicies and PodDisruptionBudgets, for the lookups (one function each). */
const SERVICE_SELECTOR = (s: Manifest): unknown => s.spec?.selector;
const POD_SELECTOR = (np: Manifest): unknown => np.spec?.podSelector;
const PDB_SELECTOR = (pdb: Manifest): unknown => pdb.spec?.selector;

function isEmptySelector(sel: Obj | undefined): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && !(sel.matchExpressions?.length));
}

/** A NetworkPolicy's podSelector: an empty one selects every pod of its namespace. */
function networkPolicySelects(np: Manifest, labels: Record<string, string>): boolean {
  const sel = np.spec?.podSelector;
  return isEmptySelector(sel) || selectorMatches(sel, labels);
}

/** A PDB's selector: in policy/v1 an empty one selects every pod of its namespace, in v1beta1 none. */
function pdbSelects(pdb: Manifest, labels: Record<string, string>): boolean {
  const sel = pdb.spec?.selector;
  if (isEmptySelector(sel)) return sel !== undefined && pdb.apiVersion === 'policy/v1';
  return selectorMatches(sel, labels);
}

/** The directions a NetworkPolicy restricts (policyTypes, or what the API defaults it to). */
function policyTypes(np: Manifest): string[] {
  return np.spec?.policyTypes ?? ['Ingress', ...(np.spec?.egress ? ['Egress'] : [])];
}

function networkPoliciesSelecting(m: Manifest, all: readonly Manifest[]): Manifest[] {
  const labels = podLabelsOf(m);
  return objectsSelecting(all, 'NetworkPolicy', namespaceOf(m), labels, POD_SELECTOR).filter((np) => networkPolicySelects(np, labels));
}

/**
 * Why a NetworkPolicy fails the shape Polaris's missingNetworkPolicy schema wants, or undefined if it has it:
 * podSelector.matchLabels giving exactly one of the pod's labels (its schema is a oneOf over them, so naming two
 * fails), at least one ingress and one egress rule, and policyTypes, if written, naming both directions.
 */
function polarisNetworkPolicyGap(np: Manifest, labels: Record<string, string>): string | undefined {
  const matchLabels = np.spec?.podSelector?.matchLabels ?? {};
  const named = Object.keys(labels).filter((k) => matchLabels[k] === labels[k]).length;
  if (named !== 1) return `its podSelector.matchLabels gives ${named} of the pod's labels, not exactly one`;
  const none = ['ingress', 'egress'].filter((d) => !(Array.isArray(np.spec?.[d]) && np.spec[d].length > 0));
  if (none.length) return `it has no ${none.join(' and no ')} rule`;
  const types: unknown = np.spec?.policyTypes;
  const lacking = Array.isArray(types) ? ['Ingress', 'Egress'].filter((d) => !types.some((t) => String(t).toLowerCase() === d.toLowerCase())) : [];
  return lacking.length ? `its policyTypes lack ${lacking.join(' and ')}` : undefined;
}

function pdbsSelecting(m: Manifest, all: readonly Manifest[]): Manifest[] {
  const labels = podLabelsOf(m);
  return objectsSelecting(all, 'PodDisruptionBudget', namespaceOf(m), labels, PDB_SELECTOR).filter((p) => pdbSelects(p, labels));
}

/** Services with a selector (ExternalName and selector-less Services route elsewhere). */
function hasPodSelector(svc: Manifest): boolean {
  return svc.kind === 'Service' && svc.spec?.type !== 'ExternalName' && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

function servicesSelecting(m: Manifest, all: readonly Manifest[]): Manifest[] {
  const labels = podLabelsOf(m);
  return objectsSelecting(all, 'Service', namespaceOf(m), labels, SERVICE_SELECTOR).filter((s) => hasPodSelector(s) && selectorMatches(s.spec.selector, labels));
}

function workloadsSelectedBy(svc: Manifest, all: readonly Manifest[]): Manifest[] {
  return workloadsSelectable(all, namespaceOf(svc), svc.spec.selector).filter((w) => selectorMatches(svc.spec.selector, podLabelsOf(w)));
}

/** Is a quantity absent or zero? Unparsable text counts as set (the API rejects it anyway). */
function unset(value: unknown, parse: (s: string) => number | undefined): boolean {
  return value === undefined || value === null || parse(String(value)) === 0;
}

/** Does some container of the list declare the port (by name if a string, by number otherwise)? */
function declaresPort(containers: readonly Obj[], port: unknown): boolean {
  return containers.some((c) => (c.ports ?? []).some((p: Obj) => (typeof port === 'string' ? p.name === port : p.containerPort === port)));
}

/** `50%` or `3` of `total`, rounded up as the disruption controller does. */
function scaled(value: unknown, total: number): number | undefined {
  if (typeof value === 'number') return value;
  const pct = /^(\d+)%$/.exec(String(value));
  return pct ? Math.ceil((Number(pct[1]) * total) / 100) : undefined;
}

/** The `group` of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
function apiGroup(apiVersion: string | undefined): string {
  return apiVersion?.includes('/') ? apiVersion.split('/')[0] : '';
}

/** IANA_SVC_NAME, the form of a port name: at most 15 lowercase letters, digits and single hyphens, one letter. */
function validPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelProblems(where: string, labels: Record<string, unknown> | undefined): string[] {
  return Object.entries(labels ?? {}).flatMap(([key, value]) => {
    const out: string[] = [];
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (!(name.length <= 63 && LABEL_NAME.test(name)) || (prefix !== undefined && !(prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)))) {
      out.push(`${where}: label key ${JSON.stringify(key)} is not a valid label name`);
    }
    if (typeof value !== 'string') {
      out.push(`${where}: label ${key} has the non-string value ${JSON.stringify(value)}; quote it in YAML`);
    } else if (value.length > 63 || !LABEL_VALUE.test(value)) {
      out.push(`${where}: label ${key} has the invalid value ${JSON.stringify(value)} (at most 63 letters, digits, '-', '_', '.', starting and ending with a letter or digit)`);
    }
    return out;
  });
}

/** Removed API versions: apiVersion → kinds (`*`: every kind) → replacement. autoscaling/v1 is the seed pack's. */
const REMOVED_APIS: Record<string, Record<string, string>> = {
  'extensions/v1beta1': { Deployment: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1', Ingress: 'networking.k8s.io/v1', NetworkPolicy: 'networking.k8s.io/v1', PodSecurityPolicy: 'Pod Security Admission (namespace labels)', '*': 'a current API group' },
  'apps/v1beta1': { '*': 'apps/v1' },
  'apps/v1beta2': { '*': 'apps/v1' },
  'batch/v1beta1': { CronJob: 'batch/v1' },
  'batch/v2alpha1': { '*': 'batch/v1' },
  'policy/v1beta1': { PodDisruptionBudget: 'policy/v1', PodSecurityPolicy: 'Pod Security Admission (namespace labels)', '*': 'policy/v1' },
  'networking.k8s.io/v1beta1': { Ingress: 'networking.k8s.io/v1', IngressClass: 'networking.k8s.io/v1' },
  'autoscaling/v2beta1': { '*': 'autoscaling/v2' },
  'autoscaling/v2beta2': { '*': 'autoscaling/v2' },
  'rbac.authorization.k8s.io/v1beta1': { '*': 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1alpha1': { '*': 'rbac.authorization.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1': { PriorityClass: 'scheduling.k8s.io/v1' },
  'scheduling.k8s.io/v1alpha1': { PriorityClass: 'scheduling.k8s.io/v1' },
  'storage.k8s.io/v1beta1': { CSIDriver: 'storage.k8s.io/v1', CSINode: 'storage.k8s.io/v1', StorageClass: 'storage.k8s.io/v1', VolumeAttachment: 'storage.k8s.io/v1', CSIStorageCapacity: 'storage.k8s.io/v1' },
  'discovery.k8s.io/v1beta1': { EndpointSlice: 'discovery.k8s.io/v1' },
  'node.k8s.io/v1beta1': { RuntimeClass: 'node.k8s.io/v1' },
  'coordination.k8s.io/v1beta1': { Lease: 'coordination.k8s.io/v1' },
  'events.k8s.io/v1beta1': { Event: 'events.k8s.io/v1' },
  'admissionregistration.k8s.io/v1beta1': { MutatingWebhookConfiguration: 'admissionregistration.k8s.io/v1', ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/v1' },
  'apiextensions.k8s.io/v1beta1': { CustomResourceDefinition: 'apiextensions.k8s.io/v1' },
  'apiregistration.k8s.io/v1beta1': { APIService: 'apiregistration.k8s.io/v1' },
  'certificates.k8s.io/v1beta1': { CertificateSigningRequest: 'certificates.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta1': { FlowSchema: 'flowcontrol.apiserver.k8s.io/v1', PriorityLevelConfiguration: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { FlowSchema: 'flowcontrol.apiserver.k8s.io/v1', PriorityLevelConfiguration: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta3': { FlowSchema: 'flowcontrol.apiserver.k8s.io/v1', PriorityLevelConfiguration: 'flowcontrol.apiserver.k8s.io/v1' },
};

/** Built-in ClusterRoles that allow pods/exec and pods/attach. */
const EXEC_CLUSTER_ROLES = new Set(['admin', 'edit', 'cluster-admin']);

/**
 * Resources that grant pods/exec or pods/attach. Polaris lists `*`, `pods/exec`, `pods/attach`; Kubernetes RBAC also
 * grants them through `*\/exec` and `*\/attach` (the API reference of PolicyRule.resources: "'*\/foo' represents the
 * subresource 'foo' for all resources"). `pods/*` is no wildcard there: it names a subresource called `*`.
 */
const EXEC_RESOURCES = new Set(['*', 'pods/exec', 'pods/attach', '*/exec', '*/attach']);
/** Roles Polaris never alerts on: Kubernetes' and GKE's own. */
const isSystemRbacName = (name: unknown): boolean => typeof name === 'string' && (name.startsWith('system:') || name === 'gce:podsecuritypolicy:calico-sa');

/** Does a Role or ClusterRole allow exec into, or attach to, pods? `get` counts: exec also works over a WebSocket GET. */
function allowsExec(role: Manifest): boolean {
  return (role.rules ?? []).some((r: Obj) => (r.apiGroups ?? []).some((g: string) => g === '' || g === '*')
    && (r.resources ?? []).some((x: string) => EXEC_RESOURCES.has(x))
    && (r.verbs ?? []).some((v: string) => ['create', 'get', '*'].includes(v)));
}

/** The Role or ClusterRole a binding refers to, if it is in the set. */
function boundRole(binding: Manifest, all: readonly Manifest[]): Manifest | undefined {
  const ref = binding.roleRef ?? {};
  return objectNamed(all, ref.kind, ref.kind === 'ClusterRole' ? undefined : namespaceOf(binding), ref.name);
}

/** The backends of an Ingress, networking.k8s.io/v1 and the old serviceName/servicePort form alike. */
function ingressBackends(ingress: Manifest): { service: string; port: number | string | undefined }[] {
  const raw: Obj[] = [ingress.spec?.defaultBackend ?? ingress.spec?.backend, ...(ingress.spec?.rules ?? []).flatMap((r: Obj) => (r.http?.paths ?? []).map((p: Obj) => p.backend))];
  return raw.filter((b) => b && (b.service?.name ?? b.serviceName))
    .map((b) => ({ service: b.service?.name ?? b.serviceName, port: b.service ? (b.service.port?.number ?? b.service.port?.name) : b.servicePort }));
}

/** Probes with the port they reach, for each app container. */
function probePorts(c: Obj): { probe: string; port: unknown }[] {
  return ['livenessProbe', 'readinessProbe', 'startupProbe']
    .filter((p) => c[p])
    .map((p) => ({ probe: p, port: c[p].httpGet?.port ?? c[p].tcpSocket?.port ?? c[p].grpc?.port }))
    .filter((p) => p.port !== undefined);
}

/** A pod-affinity term (required or preferred) that keeps this workload's pods off one node. */
/**
 * A podAntiAffinity term, preferred or required, on the node hostname that selects the pod's own labels in its own
 * namespace. kube-linter's no-anti-affinity wants exactly this (its default topologyKey is the hostname, and it
 * checks the term's namespaces); kube-score would also take a zone or region key, so a hostname term passes both.
 */
function hasHostAntiAffinity(pod: Obj, labels: Record<string, string>, namespace: string): boolean {
  const anti = pod.affinity?.podAntiAffinity ?? {};
  const terms: Obj[] = [...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: Obj) => p.podAffinityTerm ?? {})];
  return terms.some((t) => t.topologyKey === HOSTNAME && selectorMatches(t.labelSelector, labels)
    && (!(t.namespaces?.length > 0) || t.namespaces.includes(namespace)));
}

/**
 * Whether a workload may run several pods as kube-score's host anti-affinity checks count them: a Deployment or
 * StatefulSet is skipped only when its replicas are written and below 2 (unset may mean an HPA). An HPA whose
 * maximum is above 1 also counts, as the pods it adds land as freely as the first.
 */
function mayRunSeveralPods(m: Manifest, all: readonly Manifest[]): boolean {
  const unsetReplicas = (m.kind === 'Deployment' || m.kind === 'StatefulSet') && m.spec?.replicas === undefined;
  return isMultiPod(m, all) || unsetReplicas;
}

/** How a finding of a workload that {@link mayRunSeveralPods} says so: its pod count, or that it leaves it unwritten. */
function severalPodsPhrase(m: Manifest, all: readonly Manifest[]): string {
  return m.spec?.replicas === undefined && hpasTargeting(m, all).length === 0
    ? 'does not write its replicas (an HPA may scale it)' : `runs up to ${maxPods(m, all)} pods`;
}

function spreadsOver(pod: Obj, labels: Record<string, string>, keys: readonly string[]): boolean {
  return (pod.topologySpreadConstraints ?? []).some((c: Obj) => keys.includes(c.topologyKey) && selectorMatches(c.labelSelector, labels));
}

// ---------------------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------------------

const RESOURCES: ManifestRule[] = [
  defineRule.kubernetes({
    id: 'prod-requests',
    level: 'error',
    summary: 'Every container, init containers included, requests CPU and memory',
    fix: 'Set resources.requests.cpu and resources.requests.memory on every container, sized to what it uses at rest.',
    source: 'kube-score container-resources; Polaris cpuRequestsMissing, memoryRequestsMissing; kube-linter unset-cpu-requirements (its unset-memory-requirements tests the limit, see prod-memory-limit)',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => {
      const r = c.container.resources?.requests ?? {};
      const missing = [unset(r.cpu, parseCpu) && 'CPU', unset(r.memory, parseBytes) && 'memory'].filter(Boolean);
      return missing.length ? `${c.label} requests no ${missing.join(' and no ')}: the scheduler reserves nothing for it and it is evicted first under pressure` : undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'prod-memory-limit',
    level: 'error',
    summary: 'Every container, init containers included, has a memory limit',
    fix: 'Set resources.limits.memory (equal to the request is safest).',
    source: 'kube-score container-resources; Polaris memoryLimitsMissing; kube-linter unset-memory-requirements',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => unset(c.container.resources?.limits?.memory, parseBytes)
      ? `${c.label} has no memory limit: a leak can exhaust the node and take its other pods down` : undefined),
  }),
  defineRule.kubernetes({
    id: 'prod-cpu-limit',
    level: 'warning',
    summary: 'Every container, init containers included, has a CPU limit',
    fix: 'Set resources.limits.cpu (a few times the request leaves room for bursts).',
    source: 'kube-score container-resources; Polaris cpuLimitsMissing',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => unset(c.container.resources?.limits?.cpu, parseCpu)
      ? `${c.label} has no CPU limit: it can starve the other pods of its node` : undefined),
  }),
  defineRule.kubernetes({
    id: 'prod-ephemeral-storage',
    level: 'warning',
    summary: 'Every container requests and limits ephemeral storage',
    fix: 'Set resources.requests["ephemeral-storage"] and resources.limits["ephemeral-storage"]; give emptyDir volumes a sizeLimit.',
    source: 'kube-score container-ephemeral-storage-request-and-limit',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => {
      const r = c.container.resources ?? {};
      const missing = [unset(r.requests?.['ephemeral-storage'], parseBytes) && 'request', unset(r.limits?.['ephemeral-storage'], parseBytes) && 'limit'].filter(Boolean);
      return missing.length ? `${c.label} has no ephemeral-storage ${missing.join(' and no ')}: logs and temporary files can fill the node's disk and get every pod on it evicted` : undefined;
    }),
  }),
];

const CONTAINERS: ManifestRule[] = [
  defineRule.kubernetes({
    id: 'prod-image-pull-always',
    level: 'warning',
    summary: 'Containers pull their image every time (imagePullPolicy: Always)',
    fix: 'Set imagePullPolicy: Always, so that the node checks the registry credentials and the tag on every start.',
    source: 'kube-score container-image-pull-policy; Polaris pullPolicyNotAlways',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => {
      const image: string = c.container.image ?? '';
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      const policy = c.container.imagePullPolicy ?? (!image.includes('@') && (!tag || tag === 'latest') ? 'Always' : undefined);
      return policy === 'Always' ? undefined : `${c.label} has imagePullPolicy ${policy ?? 'unset (IfNotPresent)'}: a node reuses its cached image without checking the pull secret`;
    }),
  }),
  defineRule.kubernetes({
    id: 'prod-read-only-root-fs',
    level: 'warning',
    summary: 'Containers run with a read-only root filesystem',
    fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes (e.g. /tmp).',
    source: 'kube-score container-security-context-readonlyrootfilesystem; Polaris notReadOnlyRootFilesystem; kube-linter no-read-only-root-fs',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => c.container.securityContext?.readOnlyRootFilesystem === true
      ? undefined : `${c.label} can write to its root filesystem`),
  }),
  defineRule.kubernetes({
    id: 'prod-high-uid-gid',
    level: 'warning',
    summary: 'Containers run as a user and a group of 10000 or above',
    fix: 'Set securityContext.runAsUser and runAsGroup (on the pod or the container) to 10000 or above, e.g. 10001.',
    source: 'kube-score container-security-context-user-group-id',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c, pod) => {
      const sc = c.container.securityContext ?? {};
      const psc = pod.securityContext ?? {};
      const low = [['user', sc.runAsUser ?? psc.runAsUser], ['group', sc.runAsGroup ?? psc.runAsGroup]]
        .filter(([, id]) => typeof id !== 'number' || id < 10000)
        .map(([what, id]) => (id === undefined ? `no run-as ${what}` : `${what} ${id}`));
      return low.length ? `${c.label} runs with ${low.join(' and ')}: IDs below 10000 can clash with users of the node` : undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'prod-env-secret',
    level: 'error',
    summary: 'No secret is written in an environment variable literal',
    fix: 'Move the value into a Secret and read it with env[].valueFrom.secretKeyRef (or mount it as a file). A variable that only names a file (`DB_PASSWORD_FILE`) still fails Polaris and kube-linter: exempt the workload with their annotations and ours, with the reason.',
    // As Polaris judges it: any literal `value` of a variable whose name looks sensitive, `_FILE` paths included,
    // unless the workload carries Polaris's exemption; plus the values that are secrets whatever their name. The
    // exemption covers the whole object, so it lifts only Polaris's judgement by name: a real secret added beside
    // an exempted `DB_PASSWORD_FILE` (a password-like name with no reference suffix, a key, a URL with a password)
    // still fails here.
    source: 'Polaris sensitiveContainerEnvVar (pkg/config/checks/sensitiveContainerEnvVar.yaml); kube-linter env-var-secret',
    check: ({ manifest }) => {
      const exempt = manifest.metadata?.annotations?.[POLARIS_SENSITIVE_ENV_EXEMPT] === 'true' || manifest.metadata?.annotations?.['polaris.fairwinds.com/exempt'] === 'true';
      const byNameOnly = (name: string) => !exempt && polarisSensitiveName(name) ? 'has a sensitive name and a literal value' : undefined;
      return eachContainer(manifest, { scope: 'all' }, (c) => (c.container.env ?? [])
        .filter((e: Obj) => e.value !== undefined && e.value !== null && String(e.value) !== '')
        .map((e: Obj) => ({ name: String(e.name), problem: literalSecretProblem(String(e.name), e.value) ?? byNameOnly(String(e.name)) }))
        .filter((e: { problem?: string }) => e.problem)
        .map((e: { name: string; problem: string }) => `${c.label}: env ${e.name} ${e.problem}; anyone who can read the ${manifest.kind} can read it`));
    },
  }),
  defineRule.kubernetes({
    id: 'prod-duplicate-env',
    level: 'error',
    summary: 'No container sets the same environment variable twice',
    fix: 'Keep one entry per name; the last one silently wins.',
    source: 'kube-linter duplicate-env-var; kube-score environment-variable-key-duplication',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => {
      const names: string[] = (c.container.env ?? []).map((e: Obj) => e.name);
      const dups = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
      return dups.length ? `${c.label} sets ${dups.join(', ')} more than once` : undefined;
    }),
  }),
  defineRule.kubernetes({
    id: 'prod-probe-port',
    level: 'error',
    summary: 'Probes reach a port the container declares',
    fix: 'Point the probe at a declared port (by name or number), or declare the port in ports[].',
    source: 'kube-linter liveness-port, readiness-port, startup-port',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'app' }, (c) => probePorts(c.container)
      .filter((p) => !declaresPort([c.container], p.port))
      .map((p) => (typeof p.port === 'string'
        ? `${c.label}: ${p.probe} uses the port name ${p.port}, which the container does not declare, so the probe always fails`
        : `${c.label}: ${p.probe} reaches port ${p.port}, which is not among the container's ports`))),
  }),
  defineRule.kubernetes({
    id: 'prod-port-names',
    level: 'error',
    summary: 'Port names are valid IANA service names',
    fix: 'Use at most 15 lowercase letters, digits and single hyphens, with at least one letter (e.g. http, metrics).',
    source: 'kube-linter invalid-target-ports',
    check: ({ manifest }) => {
      const own = eachContainer(manifest, { scope: 'all' }, (c) => (c.container.ports ?? [])
        .filter((p: Obj) => p.name !== undefined && !validPortName(String(p.name)))
        .map((p: Obj) => `${c.label}: port name ${JSON.stringify(p.name)} is not a valid port name`));
      const svc = manifest.kind === 'Service' ? (manifest.spec?.ports ?? [])
        .filter((p: Obj) => typeof p.targetPort === 'string' && !validPortName(p.targetPort))
        .map((p: Obj) => `port ${p.port}: targetPort ${JSON.stringify(p.targetPort)} is not a valid port name`) : [];
      return [...own, ...svc];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-docker-socket',
    level: 'error',
    summary: 'No pod mounts the container runtime socket',
    fix: 'Remove the hostPath volume of docker.sock (or containerd.sock, crio.sock); build images with a daemonless builder or Cloud Build.',
    source: 'kube-linter docker-sock',
    check: ({ manifest }) => (podSpecOf(manifest)?.volumes ?? [])
      .filter((v: Obj) => /(docker|containerd|crio)\.sock$/.test(v.hostPath?.path ?? ''))
      .map((v: Obj) => `volume ${v.name} mounts ${v.hostPath.path}: whoever controls the container controls the node`),
  }),
  defineRule.kubernetes({
    id: 'prod-ssh-port',
    level: 'warning',
    summary: 'No container exposes port 22 (SSH)',
    fix: 'Remove the SSH port; use kubectl exec or port-forward for access, and vet any real SSH server.',
    source: 'kube-linter ssh-port',
    check: ({ manifest }) => eachContainer(manifest, { scope: 'all' }, (c) => (c.container.ports ?? []).some((p: Obj) => p.containerPort === 22 && (p.protocol ?? 'TCP') === 'TCP')
      ? `${c.label} exposes port 22 (SSH)` : undefined),
  }),
];

const POD: ManifestRule[] = [
  defineRule.kubernetes({
    id: 'prod-priority-class',
    level: 'warning',
    summary: 'Pods name a PriorityClass',
    fix: 'Set priorityClassName (create a PriorityClass for serving pods, so batch work is evicted before them).',
    source: 'Polaris priorityClassNotSet',
    check: ({ manifest }) => {
      const pod = podSpecOf(manifest);
      return pod && !pod.priorityClassName ? ['sets no priorityClassName: under pressure its pods are preempted like any other'] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-automount-token',
    level: 'warning',
    summary: 'Pods do not mount a service-account token unless they need one',
    fix: 'Set automountServiceAccountToken: false on the pod (or on its ServiceAccount); mount a projected token only where the API is called.',
    source: 'Polaris automountServiceAccountToken',
    check: ({ manifest, all }) => {
      const pod = podSpecOf(manifest);
      if (!pod || pod.automountServiceAccountToken === false) return [];
      if (pod.automountServiceAccountToken === true) return ['sets automountServiceAccountToken: true: every container gets a token for the Kubernetes API'];
      const name = pod.serviceAccountName ?? pod.serviceAccount ?? 'default';
      const sa = objectNamed(all, 'ServiceAccount', namespaceOf(manifest), name);
      if (sa?.automountServiceAccountToken === false) return [];
      return [`mounts the token of ServiceAccount ${name} in every container: neither the pod nor ${sa ? 'the ServiceAccount' : 'a ServiceAccount in the set'} sets automountServiceAccountToken: false`];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-service-account-exists',
    level: 'error',
    summary: 'Pods use a ServiceAccount that exists',
    fix: 'Create the ServiceAccount in the pod\'s namespace, or fix serviceAccountName.',
    source: 'kube-linter non-existent-service-account',
    check: ({ manifest, all }) => {
      const pod = podSpecOf(manifest);
      const name = pod?.serviceAccountName ?? pod?.serviceAccount;
      if (!name || name === 'default' || objectsOfKind(all, 'ServiceAccount').length === 0) return [];
      return objectNamed(all, 'ServiceAccount', namespaceOf(manifest), name)
        ? [] : [`uses ServiceAccount ${name}, which is not in the set beside it: its pods are never created`];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-deprecated-service-account-field',
    level: 'warning',
    summary: 'Pods name their ServiceAccount with serviceAccountName',
    fix: 'Replace serviceAccount with serviceAccountName (or make both say the same).',
    source: 'kube-linter deprecated-service-account-field',
    check: ({ manifest }) => {
      const pod = podSpecOf(manifest);
      return pod?.serviceAccount && pod.serviceAccount !== pod.serviceAccountName
        ? [`uses the deprecated field serviceAccount (${pod.serviceAccount})${pod.serviceAccountName ? ` beside serviceAccountName ${pod.serviceAccountName}` : ''}`] : [];
    },
  }),
];

const NETWORK: ManifestRule[] = [
  defineRule.kubernetes({
    id: 'prod-network-policy',
    level: 'error',
    summary: 'A NetworkPolicy selects the pods of every workload',
    fix: 'Add a NetworkPolicy in the same namespace whose podSelector matches the pod labels, allowing only the traffic the app needs.',
    source: 'kube-linter non-isolated-pod; kube-score pod-networkpolicy (its both-directions half is prod-network-policy-directions; Polaris\'s stricter shape is prod-network-policy-shape)',
    check: ({ manifest, all }) => podSpecOf(manifest) && networkPoliciesSelecting(manifest, all).length === 0
      ? ['no NetworkPolicy selects its pods: they accept traffic from, and send it to, anything in the cluster'] : [],
  }),
  defineRule.kubernetes({
    id: 'prod-network-policy-shape',
    level: 'warning',
    summary: 'A NetworkPolicy selecting the pods has the shape Polaris accepts: one pod label in matchLabels, ingress and egress rules',
    fix: 'Select the pods by podSelector.matchLabels with exactly one of their labels (app.kubernetes.io/instance), and give the policy at least one ingress and one egress rule, with policyTypes [Ingress, Egress].',
    // Polaris passes a pod template if any NetworkPolicy of its namespace validates against its schema. An empty
    // podSelector or a matchExpressions one selects the pods yet fails there. Where no policy selects the pods at
    // all, prod-network-policy reports it once.
    source: 'Polaris missingNetworkPolicy',
    check: ({ manifest, all }) => {
      if (!podSpecOf(manifest)) return [];
      const labels = podLabelsOf(manifest);
      if (Object.keys(labels).length === 0) return ['its pod template has no labels, so no NetworkPolicy can name them in matchLabels'];
      const gaps = networkPoliciesSelecting(manifest, all).map((np) => ({ np, gap: polarisNetworkPolicyGap(np, labels) }));
      return gaps.length === 0 || gaps.some((g) => g.gap === undefined) ? []
        : [`no NetworkPolicy selecting its pods has the shape Polaris accepts: ${gaps.map((g) => `${g.np.metadata?.name}: ${g.gap}`).join('; ')}`];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-network-policy-directions',
    level: 'warning',
    summary: 'NetworkPolicies restrict both ingress and egress of every pod',
    fix: 'List both Ingress and Egress in the policyTypes of a NetworkPolicy that selects the pods.',
    source: 'kube-score pod-networkpolicy',
    check: ({ manifest, all }) => {
      const policies = podSpecOf(manifest) ? networkPoliciesSelecting(manifest, all) : [];
      if (policies.length === 0) return [];
      const types = new Set(policies.flatMap(policyTypes));
      const missing = ['Ingress', 'Egress'].filter((d) => !types.has(d));
      return missing.length ? [`its NetworkPolicies (${policies.map((p) => p.metadata?.name).join(', ')}) do not restrict ${missing.join(' or ').toLowerCase()} traffic`] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-network-policy-targets-pod',
    level: 'warning',
    summary: 'Every NetworkPolicy selects some pod',
    fix: 'Fix the podSelector to match the pod labels of a workload in the same namespace, or remove the policy.',
    source: 'kube-score networkpolicy-targets-pod; kube-linter dangling-networkpolicy',
    check: ({ manifest, all }) => {
      if (manifest.kind !== 'NetworkPolicy' || isEmptySelector(manifest.spec?.podSelector)) return [];
      return workloadsSelectable(all, namespaceOf(manifest), manifest.spec?.podSelector).some((w) => networkPolicySelects(manifest, podLabelsOf(w)))
        ? [] : ['its podSelector matches no pod of the set: the policy protects nothing'];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-service-targets-pod',
    level: 'error',
    summary: 'Every Service selects the pods of some workload',
    fix: 'Make spec.selector match the pod template labels of a workload in the same namespace.',
    source: 'kube-score service-targets-pod; kube-linter dangling-service',
    check: ({ manifest, all }) => hasPodSelector(manifest) && workloadsSelectedBy(manifest, all).length === 0
      ? [`its selector ${JSON.stringify(manifest.spec.selector)} matches no pod of the set: the Service has no endpoints`] : [],
  }),
  defineRule.kubernetes({
    id: 'prod-service-target-port',
    level: 'error',
    summary: 'A Service\'s targetPort is a port its pods declare',
    fix: 'Set targetPort to a containerPort (or port name) of the selected containers.',
    source: 'kube-linter dangling-service / invalid-target-ports (our reading: the port must exist on the pod)',
    check: ({ manifest, all }) => {
      if (!hasPodSelector(manifest)) return [];
      return workloadsSelectedBy(manifest, all).flatMap((w) => (manifest.spec.ports ?? [])
        .map((p: Obj) => ({ port: p.port, target: p.targetPort ?? p.port }))
        .filter((p: Obj) => !declaresPort(eachContainer(w, { scope: 'app' }, (c) => c.container), p.target))
        .map((p: Obj) => `port ${p.port} targets ${typeof p.target === 'string' ? 'the port name' : 'port'} ${p.target}, which no container of ${w.kind} ${w.metadata?.name} declares`));
    },
  }),
  defineRule.kubernetes({
    id: 'prod-service-nodeport',
    level: 'warning',
    summary: 'Services are not of type NodePort',
    fix: 'Use a ClusterIP Service behind an Ingress (or an internal LoadBalancer).',
    source: 'kube-score service-type',
    check: ({ manifest }) => manifest.kind === 'Service' && manifest.spec?.type === 'NodePort'
      ? ['is a NodePort: it opens a port on every node, outside the reach of NetworkPolicies'] : [],
  }),
  defineRule.kubernetes({
    id: 'prod-ingress-backend',
    level: 'error',
    summary: 'Ingress backends name a Service of the set and one of its ports',
    fix: 'Point every backend at a Service in the Ingress\'s namespace, by a port number or name that Service has.',
    source: 'kube-score ingress-targets-service; kube-linter dangling-ingress',
    check: ({ manifest, all }) => {
      if (manifest.kind !== 'Ingress') return [];
      return ingressBackends(manifest).flatMap((b) => {
        const svc = objectNamed(all, 'Service', namespaceOf(manifest), b.service);
        if (!svc) return [`routes to Service ${b.service}, which is not in the set`];
        const ports: Obj[] = svc.spec?.ports ?? [];
        const ok = b.port === undefined || ports.some((p) => (typeof b.port === 'string' ? p.name === b.port : p.port === b.port));
        return ok ? [] : [`routes to port ${b.port} of Service ${b.service}, which has no such port`];
      });
    },
  }),
];

const AVAILABILITY: ManifestRule[] = [
  defineRule.kubernetes({
    id: 'prod-replicas',
    level: 'warning',
    summary: 'A Deployment without an HPA runs at least 2 replicas',
    fix: 'Set spec.replicas to 2 or more, or scale it with an HPA whose minReplicas is 2 or more.',
    source: 'Polaris deploymentMissingReplicas; kube-score deployment-replicas',
    check: ({ manifest, all }) => {
      if (manifest.kind !== 'Deployment' || hpasTargeting(manifest, all).length > 0) return [];
      const replicas = manifest.spec?.replicas ?? 1;
      return replicas < 2 ? [`runs ${replicas} replica${replicas === 1 ? '' : 's'}${manifest.spec?.replicas === undefined ? ' (replicas unset)' : ''}: every restart, rollout or node drain is downtime`] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-hpa-min-replicas',
    level: 'warning',
    summary: 'An HPA keeps at least 2 pods',
    fix: 'Set minReplicas to 2 or more.',
    source: 'Polaris hpaMinAvailability; kube-score horizontalpodautoscaler-replicas',
    check: ({ manifest }) => manifest.kind === 'HorizontalPodAutoscaler' && (manifest.spec?.minReplicas ?? 1) < 2
      ? [`has minReplicas ${manifest.spec?.minReplicas ?? '1 (unset)'}: when load is low one pod carries everything, and its loss is downtime`] : [],
  }),
  defineRule.kubernetes({
    id: 'prod-hpa-max-above-min',
    level: 'warning',
    summary: 'An HPA can scale: maxReplicas is above minReplicas',
    fix: 'Raise maxReplicas above minReplicas (or drop the HPA and set replicas).',
    source: 'Polaris hpaMaxAvailability',
    check: ({ manifest }) => {
      if (manifest.kind !== 'HorizontalPodAutoscaler') return [];
      const min = manifest.spec?.minReplicas ?? 1;
      const max = manifest.spec?.maxReplicas;
      return typeof max === 'number' && max <= min ? [`has maxReplicas ${max} and minReplicas ${min}: it can never add a pod`] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-hpa-target',
    level: 'error',
    summary: 'An HPA scales an object of the set',
    fix: 'Fix scaleTargetRef (apiVersion, kind and name) to name a workload in the HPA\'s namespace.',
    source: 'kube-score horizontalpodautoscaler-has-target; kube-linter dangling-horizontalpodautoscaler',
    check: ({ manifest, all }) => {
      if (manifest.kind !== 'HorizontalPodAutoscaler') return [];
      const ref = manifest.spec?.scaleTargetRef ?? {};
      const target = hpaTarget(manifest, all);
      if (!target) return [`scales ${ref.kind} ${ref.name}, which is not in the set`];
      return ref.apiVersion && ref.apiVersion !== target.apiVersion
        ? [`names ${ref.kind} ${ref.name} as ${ref.apiVersion}, but it is ${target.apiVersion}${apiGroup(ref.apiVersion) === apiGroup(target.apiVersion) ? '' : ': the autoscaler looks in the wrong API group'}`] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-pdb',
    level: 'error',
    summary: 'A PodDisruptionBudget covers every Deployment and StatefulSet that runs several pods',
    fix: 'Add a policy/v1 PodDisruptionBudget whose selector matches the pod labels, with maxUnavailable: 1 (or a minAvailable below the minimum pod count).',
    // As kube-score counts pods: skipped only when replicas are written and below 2 (unset may mean an HPA).
    source: 'kube-score deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget (Polaris\'s every-Deployment check is prod-pdb-every-deployment)',
    check: ({ manifest, all }) => {
      if (!['Deployment', 'StatefulSet'].includes(manifest.kind) || !mayRunSeveralPods(manifest, all)) return [];
      if (pdbsSelecting(manifest, all).length > 0) return [];
      const pods = severalPodsPhrase(manifest, all);
      return [`${pods} and no PodDisruptionBudget selects them: a node drain or cluster upgrade can evict them all at once`];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-pdb-every-deployment',
    level: 'warning',
    summary: 'Every Deployment, one pod or many, has a PodDisruptionBudget whose matchLabels name one of its pod labels',
    fix: 'Add a policy/v1 PodDisruptionBudget with maxUnavailable: 1 whose selector.matchLabels gives one of the pod labels (app.kubernetes.io/instance).',
    // Polaris's schema: any Deployment, and a PDB of its namespace whose selector.matchLabels has one of the pod
    // labels with its value (an anyOf over them); a matchExpressions selector fails it. Where no PDB selects a
    // Deployment that may run several pods, prod-pdb reports it once.
    source: 'Polaris missingPodDisruptionBudget',
    check: ({ manifest, all }) => {
      if (manifest.kind !== 'Deployment') return [];
      const labels = podLabelsOf(manifest);
      const selecting = pdbsSelecting(manifest, all);
      if (selecting.length === 0) {
        return mayRunSeveralPods(manifest, all) ? [] : ['has no PodDisruptionBudget; Polaris wants one on every Deployment, one pod or many'];
      }
      const named = selecting.some((p) => Object.keys(labels).some((k) => p.spec?.selector?.matchLabels?.[k] === labels[k]));
      return named ? [] : [`its PodDisruptionBudgets (${selecting.map((p) => p.metadata?.name).join(', ')}) name none of its pod labels in selector.matchLabels, which is all Polaris reads`];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-pdb-policy',
    level: 'error',
    summary: 'A PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable',
    fix: 'Set maxUnavailable (e.g. 1) or minAvailable, not both.',
    source: 'kube-score poddisruptionbudget-has-policy',
    check: ({ manifest }) => {
      if (manifest.kind !== 'PodDisruptionBudget') return [];
      const has = ['minAvailable', 'maxUnavailable'].filter((k) => manifest.spec?.[k] !== undefined);
      if (has.length === 0) return ['sets neither minAvailable nor maxUnavailable'];
      return has.length === 2 ? ['sets both minAvailable and maxUnavailable, which the API rejects'] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-pdb-allows-disruption',
    level: 'error',
    summary: 'A PodDisruptionBudget allows at least one pod to be evicted',
    fix: 'Use maxUnavailable: 1, or a minAvailable below the fewest pods the workload runs (its HPA minReplicas, else its replicas).',
    source: 'kube-linter pdb-max-unavailable, pdb-min-available; Polaris pdbDisruptionsIsZero, pdbMinAvailableGreaterThanHPAMinReplicas (Polaris fails only above the minimum; equal also blocks every eviction, so this rule fails it too)',
    check: ({ manifest, all }) => {
      if (manifest.kind !== 'PodDisruptionBudget') return [];
      const { minAvailable, maxUnavailable } = manifest.spec ?? {};
      if (maxUnavailable !== undefined && scaled(maxUnavailable, 100) === 0) {
        return [`has maxUnavailable ${maxUnavailable}: no pod can ever be evicted, so node drains and cluster upgrades hang`];
      }
      if (minAvailable === undefined) return [];
      if (String(minAvailable) === '100%') return ['has minAvailable 100%: no pod can ever be evicted, so node drains and cluster upgrades hang'];
      return workloadsSelectable(all, namespaceOf(manifest), manifest.spec?.selector).filter((w) => pdbSelects(manifest, podLabelsOf(w))).flatMap((w) => {
        const fewest = minPods(w, all);
        const needed = fewest === undefined ? undefined : scaled(minAvailable, fewest);
        if (fewest === undefined || needed === undefined || needed < fewest) return [];
        const what = hpasTargeting(w, all).length > 0 ? `the HPA minimum of ${fewest}` : `the ${fewest} replica${fewest === 1 ? '' : 's'}`;
        return [`has minAvailable ${minAvailable}, not below ${what} of ${w.kind} ${w.metadata?.name}: at that size no pod can be evicted`];
      });
    },
  }),
  defineRule.kubernetes({
    id: 'prod-pdb-unhealthy-eviction',
    level: 'warning',
    summary: 'A PodDisruptionBudget lets unhealthy pods be evicted',
    fix: 'Set spec.unhealthyPodEvictionPolicy: AlwaysAllow, so that crash-looping pods do not block node drains.',
    source: 'kube-linter pdb-unhealthy-pod-eviction-policy',
    check: ({ manifest }) => manifest.kind === 'PodDisruptionBudget' && manifest.spec?.unhealthyPodEvictionPolicy === undefined
      ? ['does not set unhealthyPodEvictionPolicy: a pod that never becomes ready can block node drains'] : [],
  }),
  defineRule.kubernetes({
    id: 'prod-host-spread',
    level: 'warning',
    summary: 'The pods of a multi-pod workload have a host podAntiAffinity that keeps them on different nodes',
    fix: 'Add a podAntiAffinity term on kubernetes.io/hostname (preferred is enough) whose labelSelector matches the pod labels. A topology spread constraint alone does not satisfy kube-score or kube-linter.',
    // Both tools read only podAntiAffinity: a hostname topology spread, which also keeps pods apart, still fails them.
    source: 'kube-score deployment-has-host-podantiaffinity, statefulset-has-host-podantiaffinity; kube-linter no-anti-affinity',
    check: ({ manifest, all }) => {
      if (!mayRunSeveralPods(manifest, all)) return [];
      const pod = podSpecOf(manifest) ?? {};
      if (hasHostAntiAffinity(pod, podLabelsOf(manifest), namespaceOf(manifest))) return [];
      const pods = severalPodsPhrase(manifest, all);
      const spreadOnly = spreadsOver(pod, podLabelsOf(manifest), [HOSTNAME]) ? ' (a hostname topology spread is there, but kube-score and kube-linter read only podAntiAffinity)' : '';
      return [`${pods} and has no host podAntiAffinity keeping them off a single node${spreadOnly}: one node failure can take them all`];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-topology-spread',
    level: 'warning',
    summary: 'A pod template other than a Job\'s has a topology spread constraint; a multi-pod one spreads its own pods over zones or nodes',
    fix: `Add topologySpreadConstraints on ${ZONE} (and ${HOSTNAME}) with maxSkew: 1 and a labelSelector matching the pod labels.`,
    // Polaris's schema only requires a non-empty list on every pod spec but a Job's or CronJob's, one pod or many;
    // for a multi-pod workload this rule also wants one that spreads its own pods, or the list protects nothing.
    source: 'Polaris topologySpreadConstraint (a non-empty list; the multi-pod spread is this rule\'s own)',
    check: ({ manifest, all }) => {
      const pod = podSpecOf(manifest);
      if (!pod || manifest.kind === 'Job' || manifest.kind === 'CronJob') return [];
      if (!(pod.topologySpreadConstraints?.length > 0)) return ['has no topologySpreadConstraints; Polaris fails every pod template but a Job\'s without one'];
      return isMultiPod(manifest, all) && !spreadsOver(pod, podLabelsOf(manifest), [ZONE, HOSTNAME])
        ? ['has no topology spread constraint over zones or nodes that selects its own pods'] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-topology-spread-valid',
    level: 'error',
    summary: 'Topology spread constraints are complete',
    fix: 'Give each constraint a labelSelector matching the pods, maxSkew >= 1, a topologyKey, whenUnsatisfiable DoNotSchedule or ScheduleAnyway, and minDomains >= 1 if set.',
    source: 'kube-score pod-topology-spread-constraints',
    check: ({ manifest }) => (podSpecOf(manifest)?.topologySpreadConstraints ?? []).flatMap((c: Obj, i: number) => {
      const where = `topologySpreadConstraints[${i}]`;
      return [
        !c.labelSelector && `${where} has no labelSelector, so it counts no pods`,
        !(typeof c.maxSkew === 'number' && c.maxSkew >= 1) && `${where} has maxSkew ${c.maxSkew ?? 'unset'} (must be 1 or more)`,
        c.minDomains !== undefined && !(c.minDomains >= 1) && `${where} has minDomains ${c.minDomains} (must be 1 or more)`,
        !c.topologyKey && `${where} has no topologyKey`,
        !['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable) && `${where} has whenUnsatisfiable ${c.whenUnsatisfiable ?? 'unset'} (DoNotSchedule or ScheduleAnyway)`,
      ].filter((x): x is string => typeof x === 'string');
    }),
  }),
  defineRule.kubernetes({
    id: 'prod-rolling-update',
    level: 'warning',
    summary: 'A Deployment behind a Service updates with RollingUpdate',
    fix: 'Set spec.strategy.type: RollingUpdate (with maxUnavailable: 0 for zero-downtime rollouts).',
    source: 'kube-score deployment-strategy',
    check: ({ manifest, all }) => {
      const type = manifest.spec?.strategy?.type;
      return manifest.kind === 'Deployment' && type !== undefined && type !== 'RollingUpdate' && servicesSelecting(manifest, all).length > 0
        ? [`uses the ${type} strategy while Service ${servicesSelecting(manifest, all).map((s) => s.metadata?.name).join(', ')} sends it traffic: every rollout is downtime`] : [];
    },
  }),
];

const CONSISTENCY: ManifestRule[] = [
  defineRule.kubernetes({
    id: 'prod-selector-matches-template',
    level: 'error',
    summary: 'A controller\'s selector matches its own pod template labels',
    fix: 'Make spec.selector.matchLabels a subset of spec.template.metadata.labels.',
    source: 'kube-linter mismatching-selector; kube-score deployment-pod-selector-labels-match-template-metadata-labels',
    check: ({ manifest }) => {
      if (!['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(manifest.kind)) return [];
      const sel = manifest.spec?.selector;
      if (isEmptySelector(sel)) return ['has no spec.selector (required in apps/v1)'];
      return selectorMatches(sel, podLabelsOf(manifest)) ? [] : [`its selector ${JSON.stringify(sel)} does not match its pod template labels: the API rejects it`];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-statefulset-service',
    level: 'warning',
    summary: 'A StatefulSet names a headless Service of the set that selects its pods',
    fix: 'Set spec.serviceName to a Service with clusterIP: None whose selector matches the pod labels.',
    source: 'kube-score statefulset-has-servicename',
    check: ({ manifest, all }) => {
      if (manifest.kind !== 'StatefulSet') return [];
      const name = manifest.spec?.serviceName;
      if (!name) return ['sets no serviceName: its pods get no stable DNS names'];
      const svc = objectNamed(all, 'Service', namespaceOf(manifest), name);
      if (!svc) return [`names Service ${name}, which is not in the set`];
      const problems = [
        svc.spec?.clusterIP !== 'None' && `Service ${name} is not headless (clusterIP: None)`,
        !(hasPodSelector(svc) && selectorMatches(svc.spec.selector, podLabelsOf(manifest))) && `Service ${name} does not select its pods`,
      ];
      return problems.filter((x): x is string => typeof x === 'string');
    },
  }),
  defineRule.kubernetes({
    id: 'prod-cronjob-deadline',
    level: 'warning',
    summary: 'A CronJob sets startingDeadlineSeconds',
    fix: 'Set spec.startingDeadlineSeconds, so that a run missed during an outage is skipped rather than started late.',
    source: 'kube-score cronjob-has-deadline',
    check: ({ manifest }) => manifest.kind === 'CronJob' && manifest.spec?.startingDeadlineSeconds === undefined
      ? ['sets no startingDeadlineSeconds'] : [],
  }),
  defineRule.kubernetes({
    id: 'prod-job-ttl',
    level: 'warning',
    summary: 'A Job cleans up after itself (ttlSecondsAfterFinished); a CronJob leaves that to its history limits',
    fix: 'Set spec.ttlSecondsAfterFinished on a standalone Job (e.g. 86400: a day to read its logs); remove it from a CronJob\'s jobTemplate, whose successfulJobsHistoryLimit and failedJobsHistoryLimit keep the history.',
    source: 'kube-linter job-ttl-seconds-after-finished',
    check: ({ manifest }) => {
      if (manifest.kind === 'Job' && manifest.spec?.ttlSecondsAfterFinished === undefined) return ['sets no ttlSecondsAfterFinished: the finished Job and its pod stay until someone deletes them'];
      if (manifest.kind === 'CronJob' && manifest.spec?.jobTemplate?.spec?.ttlSecondsAfterFinished !== undefined) {
        return ['sets ttlSecondsAfterFinished in its jobTemplate: Jobs may vanish before the CronJob\'s history limits keep them'];
      }
      return [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-job-restart-policy',
    level: 'error',
    summary: 'Job and CronJob pods set restartPolicy OnFailure or Never',
    fix: 'Set the pod template\'s restartPolicy to OnFailure (retry in place) or Never (a new pod per retry).',
    source: 'kube-score cronjob-restartpolicy',
    check: ({ manifest }) => {
      if (manifest.kind !== 'Job' && manifest.kind !== 'CronJob') return [];
      const policy = podSpecOf(manifest)?.restartPolicy;
      return ['OnFailure', 'Never'].includes(policy) ? [] : [`has restartPolicy ${policy ?? 'unset (Always)'}, which the API rejects for Jobs`];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-deprecated-api',
    level: 'error',
    summary: 'Objects use API versions that current Kubernetes still serves',
    fix: 'Move the object to the replacement apiVersion named in the message (and adapt its fields).',
    source: 'kube-score stable-version; kube-linter no-extensions-v1beta',
    check: ({ manifest }) => {
      const removed = Object.prototype.hasOwnProperty.call(REMOVED_APIS, manifest.apiVersion) ? REMOVED_APIS[manifest.apiVersion] : undefined;
      const replacement = removed?.[manifest.kind] ?? removed?.['*'];
      return replacement ? [`uses ${manifest.apiVersion}, which current Kubernetes no longer serves; use ${replacement}`] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-label-values',
    level: 'error',
    summary: 'Labels have valid keys and string values',
    fix: 'Use label values of at most 63 letters, digits, \'-\', \'_\' and \'.\' that start and end with a letter or digit, quoted in YAML.',
    source: 'kube-score label-values',
    check: ({ manifest }) => [
      ...labelProblems('metadata', manifest.metadata?.labels),
      ...(podSpecOf(manifest) && manifest.kind !== 'Pod' ? labelProblems('pod template', podLabelsOf(manifest)) : []),
    ],
  }),
  defineRule.kubernetes({
    id: 'prod-instance-label',
    level: 'warning',
    summary: 'A workload has an app.kubernetes.io/instance label equal to its name',
    fix: 'Set app.kubernetes.io/instance to metadata.name (or rename the object).',
    // Polaris's schema requires the label and makes it the object's name, so an absent label fails too.
    source: 'Polaris metadataAndInstanceMismatched',
    check: ({ manifest }) => {
      if (!podSpecOf(manifest)) return [];
      const instance = manifest.metadata?.labels?.['app.kubernetes.io/instance'];
      if (instance === undefined) return [`has no app.kubernetes.io/instance label; Polaris wants it, equal to the name ${manifest.metadata?.name}`];
      return instance !== manifest.metadata?.name ? [`has app.kubernetes.io/instance ${instance} but is named ${manifest.metadata?.name}`] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-configmap-secret',
    level: 'error',
    summary: 'ConfigMaps hold no secrets',
    fix: 'Move the value into a Secret (or a secret manager) and reference it from there.',
    source: 'Polaris sensitiveConfigmapContent',
    check: ({ manifest }) => manifest.kind !== 'ConfigMap' ? [] : Object.entries(manifest.data ?? {})
      .map(([k, v]) => ({ k, problem: literalSecretProblem(k, v) }))
      .filter((e) => e.problem)
      .map((e) => `key ${e.k} ${e.problem}; ConfigMaps are neither encrypted nor access-controlled like Secrets`),
  }),
  defineRule.kubernetes({
    id: 'prod-rbac-exec-attach',
    level: 'error',
    summary: 'No Role grants exec into, or attach to, pods',
    fix: 'Remove pods/exec and pods/attach (and wildcards) from the rules, and bind no role that grants them.',
    source: 'Polaris clusterrolePodExecAttach, rolePodExecAttach, clusterrolebindingPodExecAttach, rolebindingRolePodExecAttach, rolebindingClusterRolePodExecAttach',
    // As Polaris judges it: roles and bindings named system:... are Kubernetes' own and pass; a RoleBinding to a Role
    // that is not in the set fails, as Polaris cannot check it either.
    check: ({ manifest, all }) => {
      if (isSystemRbacName(manifest.metadata?.name)) return [];
      if (manifest.kind === 'Role' || manifest.kind === 'ClusterRole') {
        return allowsExec(manifest) ? ['allows pods/exec or pods/attach: a shell in any pod it reaches, with that pod\'s secrets and identity'] : [];
      }
      if (manifest.kind !== 'RoleBinding' && manifest.kind !== 'ClusterRoleBinding') return [];
      const ref = manifest.roleRef ?? {};
      if (ref.name === 'cluster-admin' || isSystemRbacName(ref.name)) return [];
      const role = boundRole(manifest, all);
      if (!role && ref.kind === 'Role') return [`binds Role ${ref.name}, which is not in the set: what it allows cannot be checked`];
      const grants = role ? allowsExec(role) : ref.kind === 'ClusterRole' && EXEC_CLUSTER_ROLES.has(ref.name);
      return grants ? [`binds ${ref.kind} ${ref.name}, which allows pods/exec or pods/attach`] : [];
    },
  }),
  defineRule.kubernetes({
    id: 'prod-rbac-cluster-admin',
    level: 'error',
    summary: 'No binding grants cluster-admin',
    fix: 'Bind a role with only the verbs and resources the subject needs.',
    source: 'Polaris clusterrolebindingClusterAdmin, rolebindingClusterAdminClusterRole, rolebindingClusterAdminRole',
    check: ({ manifest }) => (manifest.kind === 'RoleBinding' || manifest.kind === 'ClusterRoleBinding') && manifest.roleRef?.name === 'cluster-admin'
      ? [`binds ${manifest.roleRef.kind} cluster-admin to ${(manifest.subjects ?? []).map((s: Obj) => `${s.kind} ${s.name}`).join(', ') || 'its subjects'}`] : [],
  }),
];

/** Production readiness and reliability checks of kube-score, Polaris and kube-linter, in our own code. */
export const PRODUCTION_READINESS: Pack = {
  name: 'production-readiness',
  description: 'Reliability and production readiness (kube-score, Polaris, kube-linter defaults): resources, NetworkPolicy, PodDisruptionBudget, spreading, references between objects, removed APIs',
  rules: [...RESOURCES, ...CONTAINERS, ...POD, ...NETWORK, ...AVAILABILITY, ...CONSISTENCY],
  kinds: [
    'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
    'NetworkPolicy', 'ServiceAccount', 'ConfigMap', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding',
  ],
};
