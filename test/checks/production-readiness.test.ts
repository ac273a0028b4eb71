import { Testing } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Manifest, ManifestRule } from '../../lib/checks/model';
import { PRODUCTION_READINESS } from '../../lib/checks/packs/production-readiness';
import { WebApi } from '../../lib/k8s/web-api';
import { referenceKfApi } from '../helpers/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const RULES = PRODUCTION_READINESS.rules as ManifestRule[];

function ruleById(id: string): ManifestRule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

/** Messages of one rule over every object of a set (each object sees the whole set). */
function messages(id: string, objs: readonly Manifest[]): string[] {
  const rule = ruleById(id);
  return objs.flatMap((manifest) => rule.check({ manifest, all: objs }));
}

/** Every finding of the pack over a set, as `rule-id: message`. */
function allFindings(objs: readonly Manifest[]): string[] {
  return RULES.flatMap((r) => objs.flatMap((manifest) => r.check({ manifest, all: objs }).map((m) => `${r.id} [${manifest.kind} ${manifest.metadata?.name}]: ${m}`)));
}

function loadYaml(file: string): Manifest[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((m) => m && m.kind);
}

/** A small set that passes every rule: Deployment, Service, HPA, PDB, NetworkPolicy, ServiceAccount, Ingress. */
function good() {
  const labels = { app: 'api' };
  const container: Any = {
    name: 'api', image: 'repo/api:1.0.0', imagePullPolicy: 'Always',
    ports: [{ name: 'http', containerPort: 8080 }],
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    livenessProbe: { httpGet: { path: '/live', port: 8080 } },
    resources: {
      requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '500m', 'memory': '128Mi', 'ephemeral-storage': '128Mi' },
    },
    securityContext: { readOnlyRootFilesystem: true, runAsUser: 10001, runAsGroup: 10001 },
  };
  const pod: Any = {
    serviceAccountName: 'api', automountServiceAccountToken: false, priorityClassName: 'web',
    affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } } }] } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
    containers: [container],
  };
  const deploy: Any = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'ns', labels: { 'app.kubernetes.io/instance': 'api' } },
    spec: { selector: { matchLabels: labels }, strategy: { type: 'RollingUpdate' }, template: { metadata: { labels: { ...labels, version: '1.0.0' } }, spec: pod } },
  };
  const svc: Any = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'ns' }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
  const hpa: Any = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', namespace: 'ns' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 5 },
  };
  const pdb: Any = {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', namespace: 'ns' },
    spec: { maxUnavailable: 1, selector: { matchLabels: labels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  };
  const np: Any = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'api', namespace: 'ns' }, spec: {
    podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'],
    ingress: [{ ports: [{ port: 8080 }] }], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
  } };
  const sa: Any = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'ns' }, automountServiceAccountToken: false };
  const ingress: Any = {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'api', namespace: 'ns' },
    spec: { rules: [{ host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }] },
  };
  const set = (): Manifest[] => [deploy, svc, hpa, pdb, np, sa, ingress];
  return { labels, container, pod, deploy, svc, hpa, pdb, np, sa, ingress, set };
}

type Good = ReturnType<typeof good>;

/** A batch workload that passes every rule. */
function cronJob(g: Good): Any {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'ns' },
    spec: { schedule: '0 * * * *', startingDeadlineSeconds: 300, jobTemplate: { spec: { template: { metadata: { labels: g.labels }, spec: { ...g.pod, restartPolicy: 'OnFailure', containers: [{ ...g.container, readinessProbe: undefined, livenessProbe: undefined }] } } } } },
  };
}

function statefulSet(g: Good): { sts: Any; headless: Any } {
  const labels = { app: 'db' };
  const sts: Any = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'ns' },
    spec: { serviceName: 'db', replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { ...g.pod, affinity: undefined, topologySpreadConstraints: undefined } } },
  };
  const headless: Any = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'ns' }, spec: { clusterIP: 'None', selector: labels, ports: [{ port: 8080 }] } };
  return { sts, headless };
}

const role = (rules: Any[]): Any => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'ns' }, rules });
const binding = (kind: string, name: string): Any => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name }, subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'ns' }],
});

interface Fixture {
  readonly id: string;
  readonly name: string;
  /** Builds the set; `good()` passes every rule, so a fixture states only what it changes. */
  readonly objects: (g: Good) => Manifest[];
  /** `undefined`: the rule passes. A RegExp: the rule reports, and some message matches. */
  readonly fails?: RegExp;
}

const FIXTURES: Fixture[] = [
  // Resources
  { id: 'prod-requests', name: 'requests set', objects: (g) => g.set() },
  { id: 'prod-requests', name: 'no memory request', fails: /container api requests no memory/, objects: (g) => { delete g.container.resources.requests.memory; return g.set(); } },
  { id: 'prod-requests', name: 'init container without resources', fails: /init container migrate requests no CPU and no memory/, objects: (g) => { g.pod.initContainers = [{ name: 'migrate', image: 'x:1' }]; return g.set(); } },
  { id: 'prod-requests', name: 'a zero request counts as none', fails: /requests no CPU/, objects: (g) => { g.container.resources.requests.cpu = '0'; return g.set(); } },
  { id: 'prod-memory-limit', name: 'memory limit set', objects: (g) => g.set() },
  { id: 'prod-memory-limit', name: 'no memory limit', fails: /container api has no memory limit/, objects: (g) => { delete g.container.resources.limits.memory; return g.set(); } },
  { id: 'prod-cpu-limit', name: 'cpu limit set', objects: (g) => g.set() },
  { id: 'prod-cpu-limit', name: 'no cpu limit', fails: /container api has no CPU limit/, objects: (g) => { delete g.container.resources.limits.cpu; return g.set(); } },
  { id: 'prod-ephemeral-storage', name: 'both set', objects: (g) => g.set() },
  { id: 'prod-ephemeral-storage', name: 'no request', fails: /no ephemeral-storage request/, objects: (g) => { delete g.container.resources.requests['ephemeral-storage']; return g.set(); } },

  // Containers
  { id: 'prod-image-pull-always', name: 'Always', objects: (g) => g.set() },
  { id: 'prod-image-pull-always', name: 'unset with the latest tag defaults to Always', objects: (g) => { delete g.container.imagePullPolicy; g.container.image = 'repo/api:latest'; return g.set(); } },
  { id: 'prod-image-pull-always', name: 'IfNotPresent', fails: /imagePullPolicy IfNotPresent/, objects: (g) => { g.container.imagePullPolicy = 'IfNotPresent'; return g.set(); } },
  { id: 'prod-image-pull-always', name: 'unset with a pinned tag', fails: /imagePullPolicy unset/, objects: (g) => { delete g.container.imagePullPolicy; return g.set(); } },
  { id: 'prod-read-only-root-fs', name: 'read-only', objects: (g) => g.set() },
  { id: 'prod-read-only-root-fs', name: 'writable', fails: /container api can write to its root filesystem/, objects: (g) => { g.container.securityContext.readOnlyRootFilesystem = false; return g.set(); } },
  { id: 'prod-high-uid-gid', name: 'pod-level IDs are inherited', objects: (g) => { g.container.securityContext = { readOnlyRootFilesystem: true }; g.pod.securityContext = { runAsUser: 10001, runAsGroup: 10001 }; return g.set(); } },
  { id: 'prod-high-uid-gid', name: 'low user, no group', fails: /runs with user 1000 and no run-as group/, objects: (g) => { g.container.securityContext = { readOnlyRootFilesystem: true, runAsUser: 1000 }; return g.set(); } },
  { id: 'prod-env-secret', name: 'secretKeyRef and plain values', objects: (g) => {
    g.container.env = [
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'LOG_LEVEL', value: 'info' },
    ];
    return g.set();
  } },
  // As Polaris judges it: the name, whatever the value says.
  { id: 'prod-env-secret', name: 'a file path under a sensitive name', fails: /env DB_PASSWORD_FILE has a sensitive name and a literal value/, objects: (g) => { g.container.env = [{ name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }]; return g.set(); } },
  { id: 'prod-env-secret', name: 'a file path, with Polaris\'s exemption', objects: (g) => {
    g.container.env = [{ name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }];
    g.deploy.metadata.annotations = { ...g.deploy.metadata.annotations, 'polaris.fairwinds.com/sensitiveContainerEnvVar-exempt': 'true' };
    return g.set();
  } },
  // Polaris's exemption covers the whole object; a real secret added beside the path is still found.
  { id: 'prod-env-secret', name: 'a password literal beside an exempted path', fails: /env DB_PASSWORD has a sensitive name and a literal value/, objects: (g) => {
    g.container.env = [{ name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }, { name: 'DB_PASSWORD', value: 'hunter2' }];
    g.deploy.metadata.annotations = { ...g.deploy.metadata.annotations, 'polaris.fairwinds.com/sensitiveContainerEnvVar-exempt': 'true' };
    return g.set();
  } },
  { id: 'prod-env-secret', name: 'password literal', fails: /container api: env DB_PASSWORD has a sensitive name and a literal value/, objects: (g) => { g.container.env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; return g.set(); } },
  { id: 'prod-env-secret', name: 'database URL with a password', fails: /env DATABASE_URL holds a URL with a password/, objects: (g) => { g.container.env = [{ name: 'DATABASE_URL', value: 'postgresql://app:s3cret@db:5432/app' }]; return g.set(); } },
  { id: 'prod-duplicate-env', name: 'distinct names', objects: (g) => { g.container.env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]; return g.set(); } },
  { id: 'prod-duplicate-env', name: 'A twice', fails: /container api sets A more than once/, objects: (g) => { g.container.env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }]; return g.set(); } },
  { id: 'prod-probe-port', name: 'probes on declared ports, by name and number', objects: (g) => g.set() },
  { id: 'prod-probe-port', name: 'unknown port name', fails: /readinessProbe uses the port name health, which the container does not declare/, objects: (g) => { g.container.readinessProbe.httpGet.port = 'health'; return g.set(); } },
  { id: 'prod-probe-port', name: 'undeclared port number', fails: /livenessProbe reaches port 9000/, objects: (g) => { g.container.livenessProbe = { tcpSocket: { port: 9000 } }; return g.set(); } },
  { id: 'prod-port-names', name: 'valid names', objects: (g) => g.set() },
  { id: 'prod-port-names', name: 'upper case container port name', fails: /port name "Http_Port" is not a valid port name/, objects: (g) => { g.container.ports = [{ name: 'Http_Port', containerPort: 8080 }]; return g.set(); } },
  { id: 'prod-port-names', name: 'too long Service targetPort name', fails: /targetPort "a-very-long-port-name" is not a valid port name/, objects: (g) => { g.svc.spec.ports[0].targetPort = 'a-very-long-port-name'; return g.set(); } },
  { id: 'prod-docker-socket', name: 'emptyDir only', objects: (g) => { g.pod.volumes = [{ name: 'tmp', emptyDir: {} }]; return g.set(); } },
  { id: 'prod-docker-socket', name: 'docker.sock', fails: /volume docker mounts \/var\/run\/docker.sock/, objects: (g) => { g.pod.volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]; return g.set(); } },
  { id: 'prod-ssh-port', name: 'http only', objects: (g) => g.set() },
  { id: 'prod-ssh-port', name: 'port 22', fails: /container api exposes port 22/, objects: (g) => { g.container.ports.push({ name: 'ssh', containerPort: 22 }); return g.set(); } },

  // Pod
  { id: 'prod-priority-class', name: 'set', objects: (g) => g.set() },
  { id: 'prod-priority-class', name: 'unset', fails: /sets no priorityClassName/, objects: (g) => { delete g.pod.priorityClassName; return g.set(); } },
  { id: 'prod-automount-token', name: 'off on the pod', objects: (g) => g.set() },
  { id: 'prod-automount-token', name: 'off on the ServiceAccount', objects: (g) => { delete g.pod.automountServiceAccountToken; return g.set(); } },
  { id: 'prod-automount-token', name: 'on for the pod', fails: /sets automountServiceAccountToken: true/, objects: (g) => { g.pod.automountServiceAccountToken = true; return g.set(); } },
  { id: 'prod-automount-token', name: 'default ServiceAccount, not in the set', fails: /ServiceAccount default .* a ServiceAccount in the set/, objects: (g) => { delete g.pod.automountServiceAccountToken; delete g.pod.serviceAccountName; return g.set(); } },
  { id: 'prod-service-account-exists', name: 'exists', objects: (g) => g.set() },
  { id: 'prod-service-account-exists', name: 'no ServiceAccount in the set at all', objects: (g) => { g.pod.serviceAccountName = 'elsewhere'; return g.set().filter((m) => m.kind !== 'ServiceAccount'); } },
  { id: 'prod-service-account-exists', name: 'missing', fails: /uses ServiceAccount worker, which is not in the set/, objects: (g) => { g.pod.serviceAccountName = 'worker'; return g.set(); } },
  { id: 'prod-service-account-exists', name: 'in another namespace', fails: /uses ServiceAccount api/, objects: (g) => { g.sa.metadata.namespace = 'other'; return g.set(); } },
  { id: 'prod-deprecated-service-account-field', name: 'serviceAccountName only', objects: (g) => g.set() },
  { id: 'prod-deprecated-service-account-field', name: 'serviceAccount only', fails: /deprecated field serviceAccount \(api\)/, objects: (g) => { g.pod.serviceAccount = 'api'; delete g.pod.serviceAccountName; return g.set(); } },

  // Network
  { id: 'prod-network-policy', name: 'selected', objects: (g) => g.set() },
  { id: 'prod-network-policy', name: 'an empty podSelector selects every pod', objects: (g) => { g.np.spec.podSelector = {}; return g.set(); } },
  { id: 'prod-network-policy', name: 'none', fails: /no NetworkPolicy selects its pods/, objects: (g) => g.set().filter((m) => m.kind !== 'NetworkPolicy') },
  { id: 'prod-network-policy', name: 'only in another namespace', fails: /no NetworkPolicy/, objects: (g) => { g.np.metadata.namespace = 'other'; return g.set(); } },
  { id: 'prod-network-policy-shape', name: 'one pod label, both rules', objects: (g) => g.set() },
  { id: 'prod-network-policy-shape', name: 'no NetworkPolicy at all is prod-network-policy\'s finding', objects: (g) => g.set().filter((m) => m.kind !== 'NetworkPolicy') },
  { id: 'prod-network-policy-shape', name: 'policyTypes unwritten', objects: (g) => { delete g.np.spec.policyTypes; return g.set(); } },
  // As Polaris judges it: these select the pods, yet fail its schema.
  { id: 'prod-network-policy-shape', name: 'a default-deny policy', fails: /api: it has no ingress and no egress rule/, objects: (g) => { delete g.np.spec.ingress; delete g.np.spec.egress; return g.set(); } },
  { id: 'prod-network-policy-shape', name: 'an empty podSelector', fails: /api: its podSelector.matchLabels gives 0 of the pod's labels/, objects: (g) => { g.np.spec.podSelector = {}; return g.set(); } },
  { id: 'prod-network-policy-shape', name: 'two pod labels named (oneOf)', fails: /gives 2 of the pod's labels, not exactly one/, objects: (g) => { g.np.spec.podSelector.matchLabels = { app: 'api', version: '1.0.0' }; return g.set(); } },
  { id: 'prod-network-policy-shape', name: 'policyTypes without Egress', fails: /its policyTypes lack Egress/, objects: (g) => { g.np.spec.policyTypes = ['ingress']; return g.set(); } },
  { id: 'prod-network-policy-shape', name: 'one good policy among others is enough', objects: (g) => [...g.set(), { ...g.np, metadata: { name: 'deny', namespace: 'ns' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } }] },
  { id: 'prod-network-policy-directions', name: 'egress implied by egress rules', objects: (g) => { delete g.np.spec.policyTypes; g.np.spec.egress = [{ ports: [{ port: 53, protocol: 'UDP' }] }]; return g.set(); } },
  { id: 'prod-network-policy-directions', name: 'ingress only', fails: /do not restrict egress traffic/, objects: (g) => { g.np.spec.policyTypes = ['Ingress']; return g.set(); } },
  { id: 'prod-network-policy-targets-pod', name: 'selects the api', objects: (g) => g.set() },
  { id: 'prod-network-policy-targets-pod', name: 'selects nothing', fails: /matches no pod of the set/, objects: (g) => { g.np.spec.podSelector = { matchLabels: { app: 'gone' } }; return g.set(); } },
  { id: 'prod-service-targets-pod', name: 'selects the api', objects: (g) => g.set() },
  { id: 'prod-service-targets-pod', name: 'ExternalName has no selector', objects: () => [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } }] },
  { id: 'prod-service-targets-pod', name: 'dangling', fails: /matches no pod of the set: the Service has no endpoints/, objects: (g) => { g.svc.spec.selector = { app: 'gone' }; return g.set(); } },
  { id: 'prod-service-target-port', name: 'named and numbered targets that exist', objects: (g) => { g.svc.spec.ports.push({ name: 'alt', port: 8080 }); return g.set(); } },
  { id: 'prod-service-target-port', name: 'unknown name', fails: /port 80 targets the port name web, which no container of Deployment api declares/, objects: (g) => { g.svc.spec.ports[0].targetPort = 'web'; return g.set(); } },
  { id: 'prod-service-target-port', name: 'undeclared number', fails: /port 80 targets port 9090/, objects: (g) => { g.svc.spec.ports[0].targetPort = 9090; return g.set(); } },
  { id: 'prod-service-nodeport', name: 'ClusterIP', objects: (g) => g.set() },
  { id: 'prod-service-nodeport', name: 'NodePort', fails: /is a NodePort/, objects: (g) => { g.svc.spec.type = 'NodePort'; return g.set(); } },
  { id: 'prod-ingress-backend', name: 'existing Service and port', objects: (g) => g.set() },
  { id: 'prod-ingress-backend', name: 'port by name', objects: (g) => { g.ingress.spec.rules[0].http.paths[0].backend.service.port = { name: 'http' }; return g.set(); } },
  { id: 'prod-ingress-backend', name: 'missing Service', fails: /routes to Service web, which is not in the set/, objects: (g) => { g.ingress.spec.defaultBackend = { service: { name: 'web', port: { number: 80 } } }; return g.set(); } },
  { id: 'prod-ingress-backend', name: 'missing port', fails: /routes to port 81 of Service api, which has no such port/, objects: (g) => { g.ingress.spec.rules[0].http.paths[0].backend.service.port.number = 81; return g.set(); } },

  // Availability
  { id: 'prod-replicas', name: 'HPA-scaled, no replicas', objects: (g) => g.set() },
  { id: 'prod-replicas', name: 'three replicas, no HPA', objects: (g) => { g.deploy.spec.replicas = 3; return g.set().filter((m) => m.kind !== 'HorizontalPodAutoscaler'); } },
  { id: 'prod-replicas', name: 'one replica, no HPA', fails: /runs 1 replica: every restart/, objects: (g) => { g.deploy.spec.replicas = 1; return g.set().filter((m) => m.kind !== 'HorizontalPodAutoscaler'); } },
  { id: 'prod-replicas', name: 'replicas unset, no HPA', fails: /runs 1 replica \(replicas unset\)/, objects: (g) => g.set().filter((m) => m.kind !== 'HorizontalPodAutoscaler') },
  { id: 'prod-hpa-min-replicas', name: 'min 2', objects: (g) => g.set() },
  { id: 'prod-hpa-min-replicas', name: 'min 1', fails: /has minReplicas 1/, objects: (g) => { g.hpa.spec.minReplicas = 1; return g.set(); } },
  { id: 'prod-hpa-min-replicas', name: 'min unset', fails: /has minReplicas 1 \(unset\)/, objects: (g) => { delete g.hpa.spec.minReplicas; return g.set(); } },
  { id: 'prod-hpa-max-above-min', name: '2 to 5', objects: (g) => g.set() },
  { id: 'prod-hpa-max-above-min', name: '2 to 2', fails: /maxReplicas 2 and minReplicas 2: it can never add a pod/, objects: (g) => { g.hpa.spec.maxReplicas = 2; return g.set(); } },
  { id: 'prod-hpa-target', name: 'existing Deployment', objects: (g) => g.set() },
  { id: 'prod-hpa-target', name: 'missing', fails: /scales Deployment web, which is not in the set/, objects: (g) => { g.hpa.spec.scaleTargetRef.name = 'web'; return g.set(); } },
  { id: 'prod-hpa-target', name: 'wrong API group', fails: /as extensions\/v1beta1, but it is apps\/v1: the autoscaler looks in the wrong API group/, objects: (g) => { g.hpa.spec.scaleTargetRef.apiVersion = 'extensions/v1beta1'; return g.set(); } },
  { id: 'prod-pdb', name: 'covered', objects: (g) => g.set() },
  { id: 'prod-pdb', name: 'single pod, no PDB needed', objects: (g) => { g.deploy.spec.replicas = 1; return g.set().filter((m) => m.kind !== 'PodDisruptionBudget' && m.kind !== 'HorizontalPodAutoscaler'); } },
  { id: 'prod-pdb', name: 'policy/v1 empty selector covers the namespace', objects: (g) => { g.pdb.spec.selector = {}; return g.set(); } },
  { id: 'prod-pdb', name: 'missing', fails: /runs up to 5 pods and no PodDisruptionBudget selects them/, objects: (g) => g.set().filter((m) => m.kind !== 'PodDisruptionBudget') },
  { id: 'prod-pdb', name: 'StatefulSet of 3 without one', fails: /runs up to 3 pods/, objects: (g) => { const { sts, headless } = statefulSet(g); sts.spec.replicas = 3; return [sts, headless]; } },
  // As kube-score counts pods: unset replicas (no HPA in the set) may mean several.
  { id: 'prod-pdb', name: 'replicas unset, no HPA', fails: /does not write its replicas \(an HPA may scale it\) and no PodDisruptionBudget selects them/, objects: (g) => g.set().filter((m) => m.kind !== 'PodDisruptionBudget' && m.kind !== 'HorizontalPodAutoscaler') },
  { id: 'prod-pdb-every-deployment', name: 'covered by matchLabels', objects: (g) => g.set() },
  { id: 'prod-pdb-every-deployment', name: 'several pods and none is prod-pdb\'s finding', objects: (g) => g.set().filter((m) => m.kind !== 'PodDisruptionBudget') },
  { id: 'prod-pdb-every-deployment', name: 'a StatefulSet is not Polaris\'s concern', objects: (g) => { const { sts, headless } = statefulSet(g); return [sts, headless]; } },
  // As Polaris judges it: one pod still wants a PDB, and a matchExpressions selector is not read.
  { id: 'prod-pdb-every-deployment', name: 'single pod without one', fails: /has no PodDisruptionBudget; Polaris wants one on every Deployment/, objects: (g) => { g.deploy.spec.replicas = 1; return g.set().filter((m) => m.kind !== 'PodDisruptionBudget' && m.kind !== 'HorizontalPodAutoscaler'); } },
  { id: 'prod-pdb-every-deployment', name: 'selected by matchExpressions only', fails: /its PodDisruptionBudgets \(api\) name none of its pod labels in selector.matchLabels/, objects: (g) => { g.pdb.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] }; return g.set(); } },
  { id: 'prod-pdb-policy', name: 'maxUnavailable only', objects: (g) => g.set() },
  { id: 'prod-pdb-policy', name: 'neither', fails: /sets neither minAvailable nor maxUnavailable/, objects: (g) => { delete g.pdb.spec.maxUnavailable; return g.set(); } },
  { id: 'prod-pdb-policy', name: 'both', fails: /sets both/, objects: (g) => { g.pdb.spec.minAvailable = 1; return g.set(); } },
  { id: 'prod-pdb-allows-disruption', name: 'maxUnavailable 1', objects: (g) => g.set() },
  { id: 'prod-pdb-allows-disruption', name: 'minAvailable 1 under an HPA minimum of 2', objects: (g) => { delete g.pdb.spec.maxUnavailable; g.pdb.spec.minAvailable = 1; return g.set(); } },
  { id: 'prod-pdb-allows-disruption', name: 'minAvailable 50% of 2', objects: (g) => { delete g.pdb.spec.maxUnavailable; g.pdb.spec.minAvailable = '50%'; return g.set(); } },
  { id: 'prod-pdb-allows-disruption', name: 'maxUnavailable 0', fails: /has maxUnavailable 0: no pod can ever be evicted/, objects: (g) => { g.pdb.spec.maxUnavailable = 0; return g.set(); } },
  { id: 'prod-pdb-allows-disruption', name: 'maxUnavailable 0%', fails: /has maxUnavailable 0%/, objects: (g) => { g.pdb.spec.maxUnavailable = '0%'; return g.set(); } },
  { id: 'prod-pdb-allows-disruption', name: 'minAvailable 100%', fails: /has minAvailable 100%/, objects: (g) => { delete g.pdb.spec.maxUnavailable; g.pdb.spec.minAvailable = '100%'; return g.set(); } },
  { id: 'prod-pdb-allows-disruption', name: 'minAvailable equal to the HPA minimum', fails: /has minAvailable 2, not below the HPA minimum of 2 of Deployment api/, objects: (g) => { delete g.pdb.spec.maxUnavailable; g.pdb.spec.minAvailable = 2; return g.set(); } },
  { id: 'prod-pdb-allows-disruption', name: 'minAvailable equal to the replicas', fails: /not below the 3 replicas of Deployment api/, objects: (g) => { delete g.pdb.spec.maxUnavailable; g.pdb.spec.minAvailable = 3; g.deploy.spec.replicas = 3; return g.set().filter((m) => m.kind !== 'HorizontalPodAutoscaler'); } },
  { id: 'prod-pdb-unhealthy-eviction', name: 'AlwaysAllow', objects: (g) => g.set() },
  { id: 'prod-pdb-unhealthy-eviction', name: 'unset', fails: /does not set unhealthyPodEvictionPolicy/, objects: (g) => { delete g.pdb.spec.unhealthyPodEvictionPolicy; return g.set(); } },
  { id: 'prod-host-spread', name: 'preferred host anti-affinity', objects: (g) => g.set() },
  // As kube-score and kube-linter judge it: a hostname spread constraint is not a podAntiAffinity.
  { id: 'prod-host-spread', name: 'hostname spread constraint instead', fails: /a hostname topology spread is there, but kube-score and kube-linter read only podAntiAffinity/, objects: (g) => { delete g.pod.affinity; g.pod.topologySpreadConstraints[0].topologyKey = 'kubernetes.io/hostname'; return g.set(); } },
  { id: 'prod-host-spread', name: 'replicas unset and no HPA, as kube-score counts it', fails: /does not write its replicas \(an HPA may scale it\) and has no host podAntiAffinity/, objects: (g) => { delete g.pod.affinity; return g.set().filter((m) => m.kind !== 'HorizontalPodAutoscaler'); } },
  { id: 'prod-host-spread', name: 'a zone anti-affinity term only', fails: /has no host podAntiAffinity/, objects: (g) => { g.pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'topology.kubernetes.io/zone'; return g.set(); } },
  { id: 'prod-host-spread', name: 'a term limited to other namespaces', fails: /has no host podAntiAffinity/, objects: (g) => { g.pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaces = ['other']; return g.set(); } },
  { id: 'prod-host-spread', name: 'a required term', objects: (g) => { g.pod.affinity.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'api' } }, namespaces: ['ns'] }] }; return g.set(); } },
  { id: 'prod-host-spread', name: 'single replica needs none', objects: (g) => { delete g.pod.affinity; g.deploy.spec.replicas = 1; return g.set().filter((m) => m.kind !== 'HorizontalPodAutoscaler'); } },
  { id: 'prod-host-spread', name: 'zone spread only', fails: /runs up to 5 pods and has no host podAntiAffinity keeping them off a single node: one node failure/, objects: (g) => { delete g.pod.affinity; return g.set(); } },
  { id: 'prod-host-spread', name: 'anti-affinity that selects other pods', fails: /has no host podAntiAffinity/, objects: (g) => { delete g.pod.topologySpreadConstraints; g.pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector = { matchLabels: { app: 'other' } }; return g.set(); } },
  { id: 'prod-topology-spread', name: 'zone constraint', objects: (g) => g.set() },
  { id: 'prod-topology-spread', name: 'none', fails: /has no topologySpreadConstraints; Polaris fails/, objects: (g) => { delete g.pod.topologySpreadConstraints; return g.set(); } },
  // As Polaris judges it: one pod or many, a pod template without a constraint fails; a Job's is exempt.
  { id: 'prod-topology-spread', name: 'none on a single replica', fails: /has no topologySpreadConstraints/, objects: (g) => { delete g.pod.topologySpreadConstraints; g.deploy.spec.replicas = 1; return g.set().filter((m) => m.kind !== 'HorizontalPodAutoscaler'); } },
  { id: 'prod-topology-spread', name: 'a Job needs none', objects: (g) => [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'ns' }, spec: { template: { spec: { ...g.pod, topologySpreadConstraints: undefined } } } }] },
  { id: 'prod-topology-spread', name: 'a list that spreads other pods', fails: /has no topology spread constraint over zones or nodes that selects its own pods/, objects: (g) => { for (const c of g.pod.topologySpreadConstraints) c.labelSelector = { matchLabels: { app: 'other' } }; return g.set(); } },
  { id: 'prod-topology-spread-valid', name: 'complete', objects: (g) => g.set() },
  { id: 'prod-topology-spread-valid', name: 'maxSkew 0 and no whenUnsatisfiable', fails: /topologySpreadConstraints\[0\] has maxSkew 0/, objects: (g) => { g.pod.topologySpreadConstraints[0].maxSkew = 0; delete g.pod.topologySpreadConstraints[0].whenUnsatisfiable; return g.set(); } },
  { id: 'prod-topology-spread-valid', name: 'no labelSelector', fails: /has no labelSelector/, objects: (g) => { delete g.pod.topologySpreadConstraints[0].labelSelector; return g.set(); } },
  { id: 'prod-rolling-update', name: 'RollingUpdate', objects: (g) => g.set() },
  { id: 'prod-rolling-update', name: 'Recreate with no Service in front', objects: (g) => { g.deploy.spec.strategy = { type: 'Recreate' }; return [g.deploy]; } },
  { id: 'prod-rolling-update', name: 'Recreate behind a Service', fails: /uses the Recreate strategy while Service api sends it traffic/, objects: (g) => { g.deploy.spec.strategy = { type: 'Recreate' }; return g.set(); } },

  // Consistency
  { id: 'prod-selector-matches-template', name: 'matches', objects: (g) => g.set() },
  { id: 'prod-selector-matches-template', name: 'mismatch', fails: /does not match its pod template labels/, objects: (g) => { g.deploy.spec.selector = { matchLabels: { app: 'other' } }; return g.set(); } },
  { id: 'prod-selector-matches-template', name: 'missing', fails: /has no spec.selector/, objects: (g) => { delete g.deploy.spec.selector; return g.set(); } },
  { id: 'prod-statefulset-service', name: 'headless Service', objects: (g) => { const { sts, headless } = statefulSet(g); return [sts, headless]; } },
  { id: 'prod-statefulset-service', name: 'not headless', fails: /Service db is not headless/, objects: (g) => { const { sts, headless } = statefulSet(g); delete headless.spec.clusterIP; return [sts, headless]; } },
  { id: 'prod-statefulset-service', name: 'missing', fails: /names Service db, which is not in the set/, objects: (g) => [statefulSet(g).sts] },
  { id: 'prod-cronjob-deadline', name: 'deadline set', objects: (g) => [cronJob(g)] },
  { id: 'prod-cronjob-deadline', name: 'no deadline', fails: /sets no startingDeadlineSeconds/, objects: (g) => { const c = cronJob(g); delete c.spec.startingDeadlineSeconds; return [c]; } },
  { id: 'prod-job-ttl', name: 'Job with a TTL', objects: (g) => [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { ttlSecondsAfterFinished: 86400, template: { spec: { restartPolicy: 'Never', containers: [g.container] } } } }] },
  { id: 'prod-job-ttl', name: 'CronJob leaving it to its history limits', objects: (g) => [cronJob(g)] },
  { id: 'prod-job-ttl', name: 'Job without one', fails: /sets no ttlSecondsAfterFinished/, objects: (g) => [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [g.container] } } } }] },
  { id: 'prod-job-ttl', name: 'CronJob template with one', fails: /sets ttlSecondsAfterFinished in its jobTemplate/, objects: (g) => { const c = cronJob(g); c.spec.jobTemplate.spec.ttlSecondsAfterFinished = 60; return [c]; } },
  { id: 'prod-job-restart-policy', name: 'OnFailure', objects: (g) => [cronJob(g)] },
  { id: 'prod-job-restart-policy', name: 'unset', fails: /has restartPolicy unset \(Always\)/, objects: (g) => { const c = cronJob(g); delete c.spec.jobTemplate.spec.template.spec.restartPolicy; return [c]; } },
  { id: 'prod-job-restart-policy', name: 'Job with Always', fails: /has restartPolicy Always/, objects: (g) => [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Always', containers: [g.container] } } } }] },
  { id: 'prod-deprecated-api', name: 'current APIs and a GKE CRD in v1beta1', objects: (g) => [...g.set(), { apiVersion: 'networking.gke.io/v1beta1', kind: 'FrontendConfig', metadata: { name: 'f' } }, { apiVersion: 'storage.k8s.io/v1beta1', kind: 'VolumeAttributesClass', metadata: { name: 'v' } }] },
  { id: 'prod-deprecated-api', name: 'extensions/v1beta1 Ingress', fails: /uses extensions\/v1beta1, which current Kubernetes no longer serves; use networking.k8s.io\/v1/, objects: (g) => { g.ingress.apiVersion = 'extensions/v1beta1'; return g.set(); } },
  { id: 'prod-deprecated-api', name: 'policy/v1beta1 PDB', fails: /use policy\/v1/, objects: (g) => { g.pdb.apiVersion = 'policy/v1beta1'; return g.set(); } },
  { id: 'prod-deprecated-api', name: 'autoscaling/v2beta2 HPA', fails: /use autoscaling\/v2/, objects: (g) => { g.hpa.apiVersion = 'autoscaling/v2beta2'; return g.set(); } },
  { id: 'prod-label-values', name: 'valid labels', objects: (g) => g.set() },
  { id: 'prod-label-values', name: 'space and bang', fails: /metadata: label team has the invalid value "a team!"/, objects: (g) => { g.deploy.metadata.labels.team = 'a team!'; return g.set(); } },
  { id: 'prod-label-values', name: 'number from unquoted YAML', fails: /pod template: label version has the non-string value 1.1/, objects: (g) => { g.deploy.spec.template.metadata.labels.version = 1.1; return g.set(); } },
  { id: 'prod-label-values', name: 'bad key', fails: /label key "-bad" is not a valid label name/, objects: (g) => { g.svc.metadata.labels = { '-bad': 'x' }; return g.set(); } },
  { id: 'prod-instance-label', name: 'instance is the name', objects: (g) => g.set() },
  { id: 'prod-instance-label', name: 'absent, which Polaris fails too', fails: /has no app.kubernetes.io\/instance label; Polaris wants it, equal to the name api/, objects: (g) => { delete g.deploy.metadata.labels; return g.set(); } },
  { id: 'prod-instance-label', name: 'mismatch', fails: /has app.kubernetes.io\/instance web but is named api/, objects: (g) => { g.deploy.metadata.labels['app.kubernetes.io/instance'] = 'web'; return g.set(); } },
  { id: 'prod-configmap-secret', name: 'plain settings', objects: () => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { LOG_LEVEL: 'info', SECRET_NAME: 'db-credentials' } }] },
  { id: 'prod-configmap-secret', name: 'token', fails: /key api_token has a sensitive name and a literal value/, objects: () => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { api_token: 'abc123' } }] },
  { id: 'prod-configmap-secret', name: 'private key', fails: /key tls.key holds a private key/, objects: () => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'tls.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIE...' } }] },
  { id: 'prod-rbac-exec-attach', name: 'read pods, bind view', objects: () => [role([{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }]), binding('ClusterRole', 'view')] },
  { id: 'prod-rbac-exec-attach', name: 'Role with pods/exec', fails: /allows pods\/exec or pods\/attach/, objects: () => [role([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }])] },
  { id: 'prod-rbac-exec-attach', name: 'binding of a Role with a wildcard', fails: /binds Role r, which allows pods\/exec/, objects: () => [role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), binding('Role', 'r')] },
  { id: 'prod-rbac-exec-attach', name: 'binding of the built-in edit ClusterRole', fails: /binds ClusterRole edit/, objects: () => [binding('ClusterRole', 'edit')] },
  { id: 'prod-rbac-exec-attach', name: 'a */exec grant, which Kubernetes RBAC matches', fails: /allows pods\/exec or pods\/attach/, objects: () => [role([{ apiGroups: [''], resources: ['*/exec'], verbs: ['create'] }])] },
  { id: 'prod-rbac-exec-attach', name: 'pods/*, which Kubernetes RBAC does not expand', objects: () => [role([{ apiGroups: [''], resources: ['pods/*'], verbs: ['create'] }])] },
  { id: 'prod-rbac-exec-attach', name: 'list and watch on pods/exec grant no exec', objects: () => [role([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['list', 'watch'] }])] },
  // As Polaris judges it: system roles pass, and a binding to a Role it cannot see fails.
  { id: 'prod-rbac-exec-attach', name: 'a system: role', objects: () => [{ ...role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), metadata: { name: 'system:controller:x', namespace: 'ns' } }] },
  { id: 'prod-rbac-exec-attach', name: 'binding of a Role not in the set', fails: /binds Role gone, which is not in the set/, objects: () => [binding('Role', 'gone')] },
  { id: 'prod-rbac-cluster-admin', name: 'view', objects: () => [binding('ClusterRole', 'view')] },
  { id: 'prod-rbac-cluster-admin', name: 'cluster-admin', fails: /binds ClusterRole cluster-admin to ServiceAccount api/, objects: () => [binding('ClusterRole', 'cluster-admin')] },
];

describe('production-readiness pack', () => {
  test('rules are data: unique kebab-case prod- ids, each with a summary, fix and source', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.target).toBe('kubernetes');
      expect(r.id).toMatch(/^prod-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['error', 'warning']).toContain(r.level);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(10);
      expect(r.source).toMatch(/kube-score|Polaris|kube-linter/);
    }
  });

  test('every rule has a passing and a failing fixture', () => {
    for (const r of RULES) {
      expect({ id: r.id, passing: FIXTURES.some((f) => f.id === r.id && !f.fails) }).toEqual({ id: r.id, passing: true });
      expect({ id: r.id, failing: FIXTURES.some((f) => f.id === r.id && f.fails) }).toEqual({ id: r.id, failing: true });
    }
    expect(FIXTURES.filter((f) => !RULES.some((r) => r.id === f.id))).toEqual([]);
  });

  test('the base fixture passes every rule', () => {
    expect(allFindings(good().set())).toEqual([]);
  });

  test.each(FIXTURES.map((f) => [f.id, f.name, f] as const))('%s: %s', (id, _name, f) => {
    const found = messages(id, f.objects(good()));
    if (f.fails) {
      expect(found.length).toBeGreaterThan(0);
      expect(found.some((m) => f.fails!.test(m)) ? 'matched' : found).toBe('matched');
    } else {
      expect(found).toEqual([]);
    }
  });

  test('checks are pure: they leave the objects as they were', () => {
    const objs = good().set();
    const before = JSON.stringify(objs);
    allFindings(objs);
    expect(JSON.stringify(objs)).toBe(before);
  });

  test('zero findings on the reference app (the seed kf-api, as apps/k8s.ts synthesizes it)', () => {
    const chart = Testing.chart();
    new WebApi(chart, 'kf-api', referenceKfApi());
    const objs: Manifest[] = Testing.synth(chart);
    expect(objs.map((m) => m.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'Ingress']));
    expect(allFindings(objs)).toEqual([]);
  });

  describe('the seed manifests (4oh4-kubernetes-fastapi api.yaml + autoscale.yaml)', () => {
    const dir = path.join(__dirname, '../fixtures/seed-manifests');
    const objs = [...loadYaml(path.join(dir, 'api.yaml')), ...loadYaml(path.join(dir, 'autoscale.yaml'))];
    const found = allFindings(objs);

    test.each([
      ['prod-requests', /Deployment kf-api\]: container kf-api requests no memory/],
      ['prod-memory-limit', /container kf-api has no memory limit/],
      ['prod-cpu-limit', /container kf-api has no CPU limit/],
      ['prod-network-policy', /Deployment kf-api\]: no NetworkPolicy selects its pods/],
      ['prod-pdb', /Deployment kf-api\]: runs up to 10 pods and no PodDisruptionBudget/],
      ['prod-hpa-min-replicas', /HorizontalPodAutoscaler kf-api-hpa\]: has minReplicas 1/],
      ['prod-host-spread', /has no host podAntiAffinity keeping them off a single node/],
      ['prod-topology-spread', /has no topologySpreadConstraints/],
      ['prod-ephemeral-storage', /no ephemeral-storage request and no limit/],
      ['prod-read-only-root-fs', /can write to its root filesystem/],
      ['prod-high-uid-gid', /no run-as user and no run-as group/],
      ['prod-automount-token', /ServiceAccount default/],
      ['prod-priority-class', /sets no priorityClassName/],
    ])('finds %s', (id, pattern) => {
      expect(found.filter((f) => f.startsWith(`${id} `) && pattern.test(f))).toHaveLength(1);
    });

    test('and nothing it should not: the Service, the pull policy, the API versions and the HPA target are right', () => {
      const ids = new Set(found.map((f) => f.split(' ')[0]));
      for (const id of ['prod-service-targets-pod', 'prod-service-target-port', 'prod-image-pull-always', 'prod-deprecated-api', 'prod-hpa-target', 'prod-replicas', 'prod-selector-matches-template']) {
        expect({ id, found: ids.has(id) }).toEqual({ id, found: false });
      }
    });
  });
});
