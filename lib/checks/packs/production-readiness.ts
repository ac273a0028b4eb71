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
import { literalSecretProblem } from '../../plan/literals';
import { parseBytes, parseCpu } from '../../plan/quantity';
import { Level, Manifest, ManifestRule, ManifestTarget, Pack } from '../model';
import { ContainerRef, Obj, containersOf, hpaTarget, hpasTargeting, maxPods, namespaceOf, objectsInNamespace, objectsOfKind, podLabelsOf, podSpecOf, selectorMatches } from '../workloads';

// ---------------------------------------------------------------------------------------------------------------
// Private readers
// ---------------------------------------------------------------------------------------------------------------

/** Controllers that run N copies of one pod, and so need spreading and a disruption budget. */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);
const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

function rule(id: string, level: Level, summary: string, fix: string, source: string, check: (t: ManifestTarget) => string[]): ManifestRule {
  return { target: 'kubernetes', id, level, summary, fix, source, check };
}

/** Every container (init containers included) of a workload, mapped to at most one message each. */
function perContainer(m: Manifest, f: (c: ContainerRef) => string | undefined): string[] {
  return containersOf(podSpecOf(m)).map(f).filter((x): x is string => x !== undefined);
}

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

/** Workloads (objects with a pod template) of `all` in the same namespace as `m`. */
function workloadsBeside(m: Manifest, all: readonly Manifest[]): Manifest[] {
  return objectsInNamespace(all, namespaceOf(m)).filter((w) => podSpecOf(w) !== undefined);
}

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
  return objectsOfKind(all, 'NetworkPolicy', namespaceOf(m)).filter((np) => networkPolicySelects(np, labels));
}

/** Services with a selector (ExternalName and selector-less Services route elsewhere). */
function hasPodSelector(svc: Manifest): boolean {
  return svc.kind === 'Service' && svc.spec?.type !== 'ExternalName' && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

function servicesSelecting(m: Manifest, all: readonly Manifest[]): Manifest[] {
  const labels = podLabelsOf(m);
  return objectsOfKind(all, 'Service', namespaceOf(m)).filter((s) => hasPodSelector(s) && selectorMatches(s.spec.selector, labels));
}

function workloadsSelectedBy(svc: Manifest, all: readonly Manifest[]): Manifest[] {
  return workloadsBeside(svc, all).filter((w) => selectorMatches(svc.spec.selector, podLabelsOf(w)));
}

/** Is a quantity absent or zero? Unparsable text counts as set (the API rejects it anyway). */
function unset(value: unknown, parse: (s: string) => number | undefined): boolean {
  return value === undefined || value === null || parse(String(value)) === 0;
}

function appContainers(m: Manifest): Obj[] {
  return containersOf(podSpecOf(m)).filter((c) => !c.init).map((c) => c.container);
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

/** Does a Role or ClusterRole allow exec into, or attach to, pods? */
function allowsExec(role: Manifest): boolean {
  return (role.rules ?? []).some((r: Obj) => (r.apiGroups ?? []).some((g: string) => g === '' || g === '*')
    && (r.resources ?? []).some((x: string) => ['pods/exec', 'pods/attach', 'pods/*', '*'].includes(x))
    && (r.verbs ?? []).some((v: string) => ['create', 'get', '*'].includes(v)));
}

/** The Role or ClusterRole a binding refers to, if it is in the set. */
function boundRole(binding: Manifest, all: readonly Manifest[]): Manifest | undefined {
  const ref = binding.roleRef ?? {};
  return objectsOfKind(all, ref.kind, ref.kind === 'ClusterRole' ? undefined : namespaceOf(binding)).find((r) => r.metadata?.name === ref.name);
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
function hasHostAntiAffinity(pod: Obj, labels: Record<string, string>): boolean {
  const anti = pod.affinity?.podAntiAffinity ?? {};
  const terms: Obj[] = [...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: Obj) => p.podAffinityTerm ?? {})];
  return terms.some((t) => t.topologyKey === HOSTNAME && selectorMatches(t.labelSelector, labels));
}

function spreadsOver(pod: Obj, labels: Record<string, string>, keys: readonly string[]): boolean {
  return (pod.topologySpreadConstraints ?? []).some((c: Obj) => keys.includes(c.topologyKey) && selectorMatches(c.labelSelector, labels));
}

// ---------------------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------------------

const RESOURCES: ManifestRule[] = [
  rule('prod-requests', 'error',
    'Every container, init containers included, requests CPU and memory',
    'Set resources.requests.cpu and resources.requests.memory on every container, sized to what it uses at rest.',
    'kube-score container-resources; Polaris cpuRequestsMissing, memoryRequestsMissing; kube-linter unset-cpu-requirements, unset-memory-requirements',
    ({ manifest }) => perContainer(manifest, (c) => {
      const r = c.container.resources?.requests ?? {};
      const missing = [unset(r.cpu, parseCpu) && 'CPU', unset(r.memory, parseBytes) && 'memory'].filter(Boolean);
      return missing.length ? `${c.label} requests no ${missing.join(' and no ')}: the scheduler reserves nothing for it and it is evicted first under pressure` : undefined;
    })),
  rule('prod-memory-limit', 'error',
    'Every container, init containers included, has a memory limit',
    'Set resources.limits.memory (equal to the request is safest).',
    'kube-score container-resources; Polaris memoryLimitsMissing; kube-linter unset-memory-requirements',
    ({ manifest }) => perContainer(manifest, (c) => unset(c.container.resources?.limits?.memory, parseBytes)
      ? `${c.label} has no memory limit: a leak can exhaust the node and take its other pods down` : undefined)),
  rule('prod-cpu-limit', 'warning',
    'Every container, init containers included, has a CPU limit',
    'Set resources.limits.cpu (a few times the request leaves room for bursts).',
    'kube-score container-resources; Polaris cpuLimitsMissing',
    ({ manifest }) => perContainer(manifest, (c) => unset(c.container.resources?.limits?.cpu, parseCpu)
      ? `${c.label} has no CPU limit: it can starve the other pods of its node` : undefined)),
  rule('prod-ephemeral-storage', 'warning',
    'Every container requests and limits ephemeral storage',
    'Set resources.requests["ephemeral-storage"] and resources.limits["ephemeral-storage"]; give emptyDir volumes a sizeLimit.',
    'kube-score container-ephemeral-storage-request-and-limit',
    ({ manifest }) => perContainer(manifest, (c) => {
      const r = c.container.resources ?? {};
      const missing = [unset(r.requests?.['ephemeral-storage'], parseBytes) && 'request', unset(r.limits?.['ephemeral-storage'], parseBytes) && 'limit'].filter(Boolean);
      return missing.length ? `${c.label} has no ephemeral-storage ${missing.join(' and no ')}: logs and temporary files can fill the node's disk and get every pod on it evicted` : undefined;
    })),
];

const CONTAINERS: ManifestRule[] = [
  rule('prod-image-pull-always', 'warning',
    'Containers pull their image every time (imagePullPolicy: Always)',
    'Set imagePullPolicy: Always, so that the node checks the registry credentials and the tag on every start.',
    'kube-score container-image-pull-policy; Polaris pullPolicyNotAlways',
    ({ manifest }) => perContainer(manifest, (c) => {
      const image: string = c.container.image ?? '';
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      const policy = c.container.imagePullPolicy ?? (!image.includes('@') && (!tag || tag === 'latest') ? 'Always' : undefined);
      return policy === 'Always' ? undefined : `${c.label} has imagePullPolicy ${policy ?? 'unset (IfNotPresent)'}: a node reuses its cached image without checking the pull secret`;
    })),
  rule('prod-read-only-root-fs', 'warning',
    'Containers run with a read-only root filesystem',
    'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes (e.g. /tmp).',
    'kube-score container-security-context-readonlyrootfilesystem; Polaris notReadOnlyRootFilesystem; kube-linter no-read-only-root-fs',
    ({ manifest }) => perContainer(manifest, (c) => c.container.securityContext?.readOnlyRootFilesystem === true
      ? undefined : `${c.label} can write to its root filesystem`)),
  rule('prod-high-uid-gid', 'warning',
    'Containers run as a user and a group of 10000 or above',
    'Set securityContext.runAsUser and runAsGroup (on the pod or the container) to 10000 or above, e.g. 10001.',
    'kube-score container-security-context-user-group-id',
    ({ manifest }) => {
      const psc = podSpecOf(manifest)?.securityContext ?? {};
      return perContainer(manifest, (c) => {
        const sc = c.container.securityContext ?? {};
        const low = [['user', sc.runAsUser ?? psc.runAsUser], ['group', sc.runAsGroup ?? psc.runAsGroup]]
          .filter(([, id]) => typeof id !== 'number' || id < 10000)
          .map(([what, id]) => (id === undefined ? `no run-as ${what}` : `${what} ${id}`));
        return low.length ? `${c.label} runs with ${low.join(' and ')}: IDs below 10000 can clash with users of the node` : undefined;
      });
    }),
  rule('prod-env-secret', 'error',
    'No secret is written in an environment variable literal',
    'Move the value into a Secret and read it with env[].valueFrom.secretKeyRef (or mount it as a file).',
    'kube-linter env-var-secret; Polaris sensitiveContainerEnvVar',
    ({ manifest }) => containersOf(podSpecOf(manifest)).flatMap((c) => (c.container.env ?? [])
      .map((e: Obj) => ({ name: String(e.name), problem: literalSecretProblem(String(e.name), e.value) }))
      .filter((e: { problem?: string }) => e.problem)
      .map((e: { name: string; problem: string }) => `${c.label}: env ${e.name} ${e.problem}; anyone who can read the ${manifest.kind} can read it`))),
  rule('prod-duplicate-env', 'error',
    'No container sets the same environment variable twice',
    'Keep one entry per name; the last one silently wins.',
    'kube-linter duplicate-env-var; kube-score environment-variable-key-duplication',
    ({ manifest }) => perContainer(manifest, (c) => {
      const names: string[] = (c.container.env ?? []).map((e: Obj) => e.name);
      const dups = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
      return dups.length ? `${c.label} sets ${dups.join(', ')} more than once` : undefined;
    })),
  rule('prod-probe-port', 'error',
    'Probes reach a port the container declares',
    'Point the probe at a declared port (by name or number), or declare the port in ports[].',
    'kube-linter liveness-port, readiness-port, startup-port',
    ({ manifest }) => containersOf(podSpecOf(manifest)).filter((c) => !c.init).flatMap((c) => probePorts(c.container)
      .filter((p) => !declaresPort([c.container], p.port))
      .map((p) => (typeof p.port === 'string'
        ? `${c.label}: ${p.probe} uses the port name ${p.port}, which the container does not declare, so the probe always fails`
        : `${c.label}: ${p.probe} reaches port ${p.port}, which is not among the container's ports`)))),
  rule('prod-port-names', 'error',
    'Port names are valid IANA service names',
    'Use at most 15 lowercase letters, digits and single hyphens, with at least one letter (e.g. http, metrics).',
    'kube-linter invalid-target-ports',
    ({ manifest }) => {
      const own = containersOf(podSpecOf(manifest)).flatMap((c) => (c.container.ports ?? [])
        .filter((p: Obj) => p.name !== undefined && !validPortName(String(p.name)))
        .map((p: Obj) => `${c.label}: port name ${JSON.stringify(p.name)} is not a valid port name`));
      const svc = manifest.kind === 'Service' ? (manifest.spec?.ports ?? [])
        .filter((p: Obj) => typeof p.targetPort === 'string' && !validPortName(p.targetPort))
        .map((p: Obj) => `port ${p.port}: targetPort ${JSON.stringify(p.targetPort)} is not a valid port name`) : [];
      return [...own, ...svc];
    }),
  rule('prod-docker-socket', 'error',
    'No pod mounts the container runtime socket',
    'Remove the hostPath volume of docker.sock (or containerd.sock, crio.sock); build images with a daemonless builder or Cloud Build.',
    'kube-linter docker-sock',
    ({ manifest }) => (podSpecOf(manifest)?.volumes ?? [])
      .filter((v: Obj) => /(docker|containerd|crio)\.sock$/.test(v.hostPath?.path ?? ''))
      .map((v: Obj) => `volume ${v.name} mounts ${v.hostPath.path}: whoever controls the container controls the node`)),
  rule('prod-ssh-port', 'warning',
    'No container exposes port 22 (SSH)',
    'Remove the SSH port; use kubectl exec or port-forward for access, and vet any real SSH server.',
    'kube-linter ssh-port',
    ({ manifest }) => perContainer(manifest, (c) => (c.container.ports ?? []).some((p: Obj) => p.containerPort === 22 && (p.protocol ?? 'TCP') === 'TCP')
      ? `${c.label} exposes port 22 (SSH)` : undefined)),
];

const POD: ManifestRule[] = [
  rule('prod-priority-class', 'warning',
    'Pods name a PriorityClass',
    'Set priorityClassName (create a PriorityClass for serving pods, so batch work is evicted before them).',
    'Polaris priorityClassNotSet',
    ({ manifest }) => {
      const pod = podSpecOf(manifest);
      return pod && !pod.priorityClassName ? ['sets no priorityClassName: under pressure its pods are preempted like any other'] : [];
    }),
  rule('prod-automount-token', 'warning',
    'Pods do not mount a service-account token unless they need one',
    'Set automountServiceAccountToken: false on the pod (or on its ServiceAccount); mount a projected token only where the API is called.',
    'Polaris automountServiceAccountToken',
    ({ manifest, all }) => {
      const pod = podSpecOf(manifest);
      if (!pod || pod.automountServiceAccountToken === false) return [];
      if (pod.automountServiceAccountToken === true) return ['sets automountServiceAccountToken: true: every container gets a token for the Kubernetes API'];
      const name = pod.serviceAccountName ?? pod.serviceAccount ?? 'default';
      const sa = objectsOfKind(all, 'ServiceAccount', namespaceOf(manifest)).find((s) => s.metadata?.name === name);
      if (sa?.automountServiceAccountToken === false) return [];
      return [`mounts the token of ServiceAccount ${name} in every container: neither the pod nor ${sa ? 'the ServiceAccount' : 'a ServiceAccount in the set'} sets automountServiceAccountToken: false`];
    }),
  rule('prod-service-account-exists', 'error',
    'Pods use a ServiceAccount that exists',
    'Create the ServiceAccount in the pod\'s namespace, or fix serviceAccountName.',
    'kube-linter non-existent-service-account',
    ({ manifest, all }) => {
      const pod = podSpecOf(manifest);
      const name = pod?.serviceAccountName ?? pod?.serviceAccount;
      if (!name || name === 'default' || objectsOfKind(all, 'ServiceAccount').length === 0) return [];
      return objectsOfKind(all, 'ServiceAccount', namespaceOf(manifest)).some((s) => s.metadata?.name === name)
        ? [] : [`uses ServiceAccount ${name}, which is not in the set beside it: its pods are never created`];
    }),
  rule('prod-deprecated-service-account-field', 'warning',
    'Pods name their ServiceAccount with serviceAccountName',
    'Replace serviceAccount with serviceAccountName (or make both say the same).',
    'kube-linter deprecated-service-account-field',
    ({ manifest }) => {
      const pod = podSpecOf(manifest);
      return pod?.serviceAccount && pod.serviceAccount !== pod.serviceAccountName
        ? [`uses the deprecated field serviceAccount (${pod.serviceAccount})${pod.serviceAccountName ? ` beside serviceAccountName ${pod.serviceAccountName}` : ''}`] : [];
    }),
];

const NETWORK: ManifestRule[] = [
  rule('prod-network-policy', 'error',
    'A NetworkPolicy selects the pods of every workload',
    'Add a NetworkPolicy in the same namespace whose podSelector matches the pod labels, allowing only the traffic the app needs.',
    'kube-score pod-networkpolicy; Polaris missingNetworkPolicy; kube-linter non-isolated-pod',
    ({ manifest, all }) => podSpecOf(manifest) && networkPoliciesSelecting(manifest, all).length === 0
      ? ['no NetworkPolicy selects its pods: they accept traffic from, and send it to, anything in the cluster'] : []),
  rule('prod-network-policy-directions', 'warning',
    'NetworkPolicies restrict both ingress and egress of every pod',
    'List both Ingress and Egress in the policyTypes of a NetworkPolicy that selects the pods.',
    'kube-score pod-networkpolicy',
    ({ manifest, all }) => {
      const policies = podSpecOf(manifest) ? networkPoliciesSelecting(manifest, all) : [];
      if (policies.length === 0) return [];
      const types = new Set(policies.flatMap(policyTypes));
      const missing = ['Ingress', 'Egress'].filter((d) => !types.has(d));
      return missing.length ? [`its NetworkPolicies (${policies.map((p) => p.metadata?.name).join(', ')}) do not restrict ${missing.join(' or ').toLowerCase()} traffic`] : [];
    }),
  rule('prod-network-policy-targets-pod', 'warning',
    'Every NetworkPolicy selects some pod',
    'Fix the podSelector to match the pod labels of a workload in the same namespace, or remove the policy.',
    'kube-score networkpolicy-targets-pod; kube-linter dangling-networkpolicy',
    ({ manifest, all }) => {
      if (manifest.kind !== 'NetworkPolicy' || isEmptySelector(manifest.spec?.podSelector)) return [];
      return workloadsBeside(manifest, all).some((w) => networkPolicySelects(manifest, podLabelsOf(w)))
        ? [] : ['its podSelector matches no pod of the set: the policy protects nothing'];
    }),
  rule('prod-service-targets-pod', 'error',
    'Every Service selects the pods of some workload',
    'Make spec.selector match the pod template labels of a workload in the same namespace.',
    'kube-score service-targets-pod; kube-linter dangling-service',
    ({ manifest, all }) => hasPodSelector(manifest) && workloadsSelectedBy(manifest, all).length === 0
      ? [`its selector ${JSON.stringify(manifest.spec.selector)} matches no pod of the set: the Service has no endpoints`] : []),
  rule('prod-service-target-port', 'error',
    'A Service\'s targetPort is a port its pods declare',
    'Set targetPort to a containerPort (or port name) of the selected containers.',
    'kube-linter dangling-service / invalid-target-ports (our reading: the port must exist on the pod)',
    ({ manifest, all }) => {
      if (!hasPodSelector(manifest)) return [];
      return workloadsSelectedBy(manifest, all).flatMap((w) => (manifest.spec.ports ?? [])
        .map((p: Obj) => ({ port: p.port, target: p.targetPort ?? p.port }))
        .filter((p: Obj) => !declaresPort(appContainers(w), p.target))
        .map((p: Obj) => `port ${p.port} targets ${typeof p.target === 'string' ? 'the port name' : 'port'} ${p.target}, which no container of ${w.kind} ${w.metadata?.name} declares`));
    }),
  rule('prod-service-nodeport', 'warning',
    'Services are not of type NodePort',
    'Use a ClusterIP Service behind an Ingress (or an internal LoadBalancer).',
    'kube-score service-type',
    ({ manifest }) => manifest.kind === 'Service' && manifest.spec?.type === 'NodePort'
      ? ['is a NodePort: it opens a port on every node, outside the reach of NetworkPolicies'] : []),
  rule('prod-ingress-backend', 'error',
    'Ingress backends name a Service of the set and one of its ports',
    'Point every backend at a Service in the Ingress\'s namespace, by a port number or name that Service has.',
    'kube-score ingress-targets-service; kube-linter dangling-ingress',
    ({ manifest, all }) => {
      if (manifest.kind !== 'Ingress') return [];
      return ingressBackends(manifest).flatMap((b) => {
        const svc = objectsOfKind(all, 'Service', namespaceOf(manifest)).find((s) => s.metadata?.name === b.service);
        if (!svc) return [`routes to Service ${b.service}, which is not in the set`];
        const ports: Obj[] = svc.spec?.ports ?? [];
        const ok = b.port === undefined || ports.some((p) => (typeof b.port === 'string' ? p.name === b.port : p.port === b.port));
        return ok ? [] : [`routes to port ${b.port} of Service ${b.service}, which has no such port`];
      });
    }),
];

const AVAILABILITY: ManifestRule[] = [
  rule('prod-replicas', 'warning',
    'A Deployment without an HPA runs at least 2 replicas',
    'Set spec.replicas to 2 or more, or scale it with an HPA whose minReplicas is 2 or more.',
    'Polaris deploymentMissingReplicas; kube-score deployment-replicas',
    ({ manifest, all }) => {
      if (manifest.kind !== 'Deployment' || hpasTargeting(manifest, all).length > 0) return [];
      const replicas = manifest.spec?.replicas ?? 1;
      return replicas < 2 ? [`runs ${replicas} replica${replicas === 1 ? '' : 's'}${manifest.spec?.replicas === undefined ? ' (replicas unset)' : ''}: every restart, rollout or node drain is downtime`] : [];
    }),
  rule('prod-hpa-min-replicas', 'warning',
    'An HPA keeps at least 2 pods',
    'Set minReplicas to 2 or more.',
    'Polaris hpaMinAvailability; kube-score horizontalpodautoscaler-replicas',
    ({ manifest }) => manifest.kind === 'HorizontalPodAutoscaler' && (manifest.spec?.minReplicas ?? 1) < 2
      ? [`has minReplicas ${manifest.spec?.minReplicas ?? '1 (unset)'}: when load is low one pod carries everything, and its loss is downtime`] : []),
  rule('prod-hpa-max-above-min', 'warning',
    'An HPA can scale: maxReplicas is above minReplicas',
    'Raise maxReplicas above minReplicas (or drop the HPA and set replicas).',
    'Polaris hpaMaxAvailability',
    ({ manifest }) => {
      if (manifest.kind !== 'HorizontalPodAutoscaler') return [];
      const min = manifest.spec?.minReplicas ?? 1;
      const max = manifest.spec?.maxReplicas;
      return typeof max === 'number' && max <= min ? [`has maxReplicas ${max} and minReplicas ${min}: it can never add a pod`] : [];
    }),
  rule('prod-hpa-target', 'error',
    'An HPA scales an object of the set',
    'Fix scaleTargetRef (apiVersion, kind and name) to name a workload in the HPA\'s namespace.',
    'kube-score horizontalpodautoscaler-has-target; kube-linter dangling-horizontalpodautoscaler',
    ({ manifest, all }) => {
      if (manifest.kind !== 'HorizontalPodAutoscaler') return [];
      const ref = manifest.spec?.scaleTargetRef ?? {};
      const target = hpaTarget(manifest, all);
      if (!target) return [`scales ${ref.kind} ${ref.name}, which is not in the set`];
      return ref.apiVersion && ref.apiVersion !== target.apiVersion
        ? [`names ${ref.kind} ${ref.name} as ${ref.apiVersion}, but it is ${target.apiVersion}${apiGroup(ref.apiVersion) === apiGroup(target.apiVersion) ? '' : ': the autoscaler looks in the wrong API group'}`] : [];
    }),
  rule('prod-pdb', 'error',
    'A PodDisruptionBudget covers every Deployment and StatefulSet that runs several pods',
    'Add a policy/v1 PodDisruptionBudget whose selector matches the pod labels, with maxUnavailable: 1 (or a minAvailable below the minimum pod count).',
    'kube-score deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget; Polaris missingPodDisruptionBudget',
    ({ manifest, all }) => {
      if (!['Deployment', 'StatefulSet'].includes(manifest.kind) || !isMultiPod(manifest, all)) return [];
      const labels = podLabelsOf(manifest);
      return objectsOfKind(all, 'PodDisruptionBudget', namespaceOf(manifest)).some((p) => pdbSelects(p, labels))
        ? [] : [`runs up to ${maxPods(manifest, all)} pods and no PodDisruptionBudget selects them: a node drain or cluster upgrade can evict them all at once`];
    }),
  rule('prod-pdb-policy', 'error',
    'A PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable',
    'Set maxUnavailable (e.g. 1) or minAvailable, not both.',
    'kube-score poddisruptionbudget-has-policy',
    ({ manifest }) => {
      if (manifest.kind !== 'PodDisruptionBudget') return [];
      const has = ['minAvailable', 'maxUnavailable'].filter((k) => manifest.spec?.[k] !== undefined);
      if (has.length === 0) return ['sets neither minAvailable nor maxUnavailable'];
      return has.length === 2 ? ['sets both minAvailable and maxUnavailable, which the API rejects'] : [];
    }),
  rule('prod-pdb-allows-disruption', 'error',
    'A PodDisruptionBudget allows at least one pod to be evicted',
    'Use maxUnavailable: 1, or a minAvailable below the fewest pods the workload runs (its HPA minReplicas, else its replicas).',
    'kube-linter pdb-max-unavailable, pdb-min-available; Polaris pdbDisruptionsIsZero, pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas',
    ({ manifest, all }) => {
      if (manifest.kind !== 'PodDisruptionBudget') return [];
      const { minAvailable, maxUnavailable } = manifest.spec ?? {};
      if (maxUnavailable !== undefined && scaled(maxUnavailable, 100) === 0) {
        return [`has maxUnavailable ${maxUnavailable}: no pod can ever be evicted, so node drains and cluster upgrades hang`];
      }
      if (minAvailable === undefined) return [];
      if (String(minAvailable) === '100%') return ['has minAvailable 100%: no pod can ever be evicted, so node drains and cluster upgrades hang'];
      return workloadsBeside(manifest, all).filter((w) => pdbSelects(manifest, podLabelsOf(w))).flatMap((w) => {
        const fewest = minPods(w, all);
        const needed = fewest === undefined ? undefined : scaled(minAvailable, fewest);
        if (fewest === undefined || needed === undefined || needed < fewest) return [];
        const what = hpasTargeting(w, all).length > 0 ? `the HPA minimum of ${fewest}` : `the ${fewest} replica${fewest === 1 ? '' : 's'}`;
        return [`has minAvailable ${minAvailable}, not below ${what} of ${w.kind} ${w.metadata?.name}: at that size no pod can be evicted`];
      });
    }),
  rule('prod-pdb-unhealthy-eviction', 'warning',
    'A PodDisruptionBudget lets unhealthy pods be evicted',
    'Set spec.unhealthyPodEvictionPolicy: AlwaysAllow, so that crash-looping pods do not block node drains.',
    'kube-linter pdb-unhealthy-pod-eviction-policy',
    ({ manifest }) => manifest.kind === 'PodDisruptionBudget' && manifest.spec?.unhealthyPodEvictionPolicy === undefined
      ? ['does not set unhealthyPodEvictionPolicy: a pod that never becomes ready can block node drains'] : []),
  rule('prod-host-spread', 'warning',
    'The pods of a multi-pod workload are kept on different nodes',
    'Add a podAntiAffinity term (preferred is enough) or a topologySpreadConstraint on kubernetes.io/hostname, whose labelSelector matches the pod labels.',
    'kube-score deployment-has-host-podantiaffinity, statefulset-has-host-podantiaffinity; kube-linter no-anti-affinity',
    ({ manifest, all }) => {
      if (!isMultiPod(manifest, all)) return [];
      const pod = podSpecOf(manifest) ?? {};
      const labels = podLabelsOf(manifest);
      return hasHostAntiAffinity(pod, labels) || spreadsOver(pod, labels, [HOSTNAME])
        ? [] : [`runs up to ${maxPods(manifest, all)} pods with nothing keeping them off a single node: one node failure takes them all`];
    }),
  rule('prod-topology-spread', 'warning',
    'A multi-pod workload has a topology spread constraint over zones or nodes',
    `Add topologySpreadConstraints on ${ZONE} (and ${HOSTNAME}) with maxSkew: 1 and a labelSelector matching the pod labels.`,
    'Polaris topologySpreadConstraint',
    ({ manifest, all }) => isMultiPod(manifest, all) && !spreadsOver(podSpecOf(manifest) ?? {}, podLabelsOf(manifest), [ZONE, HOSTNAME])
      ? ['has no topology spread constraint over zones or nodes that selects its own pods'] : []),
  rule('prod-topology-spread-valid', 'error',
    'Topology spread constraints are complete',
    'Give each constraint a labelSelector matching the pods, maxSkew >= 1, a topologyKey, whenUnsatisfiable DoNotSchedule or ScheduleAnyway, and minDomains >= 1 if set.',
    'kube-score pod-topology-spread-constraints',
    ({ manifest }) => (podSpecOf(manifest)?.topologySpreadConstraints ?? []).flatMap((c: Obj, i: number) => {
      const where = `topologySpreadConstraints[${i}]`;
      return [
        !c.labelSelector && `${where} has no labelSelector, so it counts no pods`,
        !(typeof c.maxSkew === 'number' && c.maxSkew >= 1) && `${where} has maxSkew ${c.maxSkew ?? 'unset'} (must be 1 or more)`,
        c.minDomains !== undefined && !(c.minDomains >= 1) && `${where} has minDomains ${c.minDomains} (must be 1 or more)`,
        !c.topologyKey && `${where} has no topologyKey`,
        !['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable) && `${where} has whenUnsatisfiable ${c.whenUnsatisfiable ?? 'unset'} (DoNotSchedule or ScheduleAnyway)`,
      ].filter((x): x is string => typeof x === 'string');
    })),
  rule('prod-rolling-update', 'warning',
    'A Deployment behind a Service updates with RollingUpdate',
    'Set spec.strategy.type: RollingUpdate (with maxUnavailable: 0 for zero-downtime rollouts).',
    'kube-score deployment-strategy',
    ({ manifest, all }) => {
      const type = manifest.spec?.strategy?.type;
      return manifest.kind === 'Deployment' && type !== undefined && type !== 'RollingUpdate' && servicesSelecting(manifest, all).length > 0
        ? [`uses the ${type} strategy while Service ${servicesSelecting(manifest, all).map((s) => s.metadata?.name).join(', ')} sends it traffic: every rollout is downtime`] : [];
    }),
];

const CONSISTENCY: ManifestRule[] = [
  rule('prod-selector-matches-template', 'error',
    'A controller\'s selector matches its own pod template labels',
    'Make spec.selector.matchLabels a subset of spec.template.metadata.labels.',
    'kube-linter mismatching-selector; kube-score deployment-pod-selector-labels-match-template-metadata-labels',
    ({ manifest }) => {
      if (!['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(manifest.kind)) return [];
      const sel = manifest.spec?.selector;
      if (isEmptySelector(sel)) return ['has no spec.selector (required in apps/v1)'];
      return selectorMatches(sel, podLabelsOf(manifest)) ? [] : [`its selector ${JSON.stringify(sel)} does not match its pod template labels: the API rejects it`];
    }),
  rule('prod-statefulset-service', 'warning',
    'A StatefulSet names a headless Service of the set that selects its pods',
    'Set spec.serviceName to a Service with clusterIP: None whose selector matches the pod labels.',
    'kube-score statefulset-has-servicename',
    ({ manifest, all }) => {
      if (manifest.kind !== 'StatefulSet') return [];
      const name = manifest.spec?.serviceName;
      if (!name) return ['sets no serviceName: its pods get no stable DNS names'];
      const svc = objectsOfKind(all, 'Service', namespaceOf(manifest)).find((s) => s.metadata?.name === name);
      if (!svc) return [`names Service ${name}, which is not in the set`];
      const problems = [
        svc.spec?.clusterIP !== 'None' && `Service ${name} is not headless (clusterIP: None)`,
        !(hasPodSelector(svc) && selectorMatches(svc.spec.selector, podLabelsOf(manifest))) && `Service ${name} does not select its pods`,
      ];
      return problems.filter((x): x is string => typeof x === 'string');
    }),
  rule('prod-cronjob-deadline', 'warning',
    'A CronJob sets startingDeadlineSeconds',
    'Set spec.startingDeadlineSeconds, so that a run missed during an outage is skipped rather than started late.',
    'kube-score cronjob-has-deadline',
    ({ manifest }) => manifest.kind === 'CronJob' && manifest.spec?.startingDeadlineSeconds === undefined
      ? ['sets no startingDeadlineSeconds'] : []),
  rule('prod-job-restart-policy', 'error',
    'Job and CronJob pods set restartPolicy OnFailure or Never',
    'Set the pod template\'s restartPolicy to OnFailure (retry in place) or Never (a new pod per retry).',
    'kube-score cronjob-restartpolicy',
    ({ manifest }) => {
      if (manifest.kind !== 'Job' && manifest.kind !== 'CronJob') return [];
      const policy = podSpecOf(manifest)?.restartPolicy;
      return ['OnFailure', 'Never'].includes(policy) ? [] : [`has restartPolicy ${policy ?? 'unset (Always)'}, which the API rejects for Jobs`];
    }),
  rule('prod-deprecated-api', 'error',
    'Objects use API versions that current Kubernetes still serves',
    'Move the object to the replacement apiVersion named in the message (and adapt its fields).',
    'kube-score stable-version; kube-linter no-extensions-v1beta',
    ({ manifest }) => {
      const removed = Object.prototype.hasOwnProperty.call(REMOVED_APIS, manifest.apiVersion) ? REMOVED_APIS[manifest.apiVersion] : undefined;
      const replacement = removed?.[manifest.kind] ?? removed?.['*'];
      return replacement ? [`uses ${manifest.apiVersion}, which current Kubernetes no longer serves; use ${replacement}`] : [];
    }),
  rule('prod-label-values', 'error',
    'Labels have valid keys and string values',
    'Use label values of at most 63 letters, digits, \'-\', \'_\' and \'.\' that start and end with a letter or digit, quoted in YAML.',
    'kube-score label-values',
    ({ manifest }) => [
      ...labelProblems('metadata', manifest.metadata?.labels),
      ...(podSpecOf(manifest) && manifest.kind !== 'Pod' ? labelProblems('pod template', podLabelsOf(manifest)) : []),
    ]),
  rule('prod-instance-label', 'warning',
    'A workload\'s app.kubernetes.io/instance label, when present, is its name',
    'Set app.kubernetes.io/instance to metadata.name (or rename the object).',
    'Polaris metadataAndInstanceMismatched',
    ({ manifest }) => {
      const instance = manifest.metadata?.labels?.['app.kubernetes.io/instance'];
      return podSpecOf(manifest) && instance !== undefined && instance !== manifest.metadata?.name
        ? [`has app.kubernetes.io/instance ${instance} but is named ${manifest.metadata?.name}`] : [];
    }),
  rule('prod-configmap-secret', 'error',
    'ConfigMaps hold no secrets',
    'Move the value into a Secret (or a secret manager) and reference it from there.',
    'Polaris sensitiveConfigmapContent',
    ({ manifest }) => manifest.kind !== 'ConfigMap' ? [] : Object.entries(manifest.data ?? {})
      .map(([k, v]) => ({ k, problem: literalSecretProblem(k, v) }))
      .filter((e) => e.problem)
      .map((e) => `key ${e.k} ${e.problem}; ConfigMaps are neither encrypted nor access-controlled like Secrets`)),
  rule('prod-rbac-exec-attach', 'error',
    'No Role grants exec into, or attach to, pods',
    'Remove pods/exec and pods/attach (and wildcards) from the rules, and bind no role that grants them.',
    'Polaris clusterrolePodExecAttach, rolePodExecAttach, clusterrolebindingPodExecAttach, rolebindingRolePodExecAttach, rolebindingClusterRolePodExecAttach',
    ({ manifest, all }) => {
      if (manifest.kind === 'Role' || manifest.kind === 'ClusterRole') {
        return allowsExec(manifest) ? ['allows pods/exec or pods/attach: a shell in any pod it reaches, with that pod\'s secrets and identity'] : [];
      }
      if (manifest.kind !== 'RoleBinding' && manifest.kind !== 'ClusterRoleBinding') return [];
      const ref = manifest.roleRef ?? {};
      if (ref.name === 'cluster-admin') return [];
      const role = boundRole(manifest, all);
      const grants = role ? allowsExec(role) : ref.kind === 'ClusterRole' && EXEC_CLUSTER_ROLES.has(ref.name);
      return grants ? [`binds ${ref.kind} ${ref.name}, which allows pods/exec or pods/attach`] : [];
    }),
  rule('prod-rbac-cluster-admin', 'error',
    'No binding grants cluster-admin',
    'Bind a role with only the verbs and resources the subject needs.',
    'Polaris clusterrolebindingClusterAdmin, rolebindingClusterAdminClusterRole, rolebindingClusterAdminRole',
    ({ manifest }) => (manifest.kind === 'RoleBinding' || manifest.kind === 'ClusterRoleBinding') && manifest.roleRef?.name === 'cluster-admin'
      ? [`binds ${manifest.roleRef.kind} cluster-admin to ${(manifest.subjects ?? []).map((s: Obj) => `${s.kind} ${s.name}`).join(', ') || 'its subjects'}`] : []),
];

/** Production readiness and reliability checks of kube-score, Polaris and kube-linter, in our own code. */
export const PRODUCTION_READINESS: Pack = {
  name: 'production-readiness',
  description: 'Reliability and production readiness (kube-score, Polaris, kube-linter defaults): resources, NetworkPolicy, PodDisruptionBudget, spreading, references between objects, removed APIs',
  rules: [...RESOURCES, ...CONTAINERS, ...POD, ...NETWORK, ...AVAILABILITY, ...CONSISTENCY],
};
