import { MigrationStrategy, ServerRunner, TlsMode } from '../../lib';
import { restrictedViolations } from '../helpers/pod-security';
import { validateAll } from '../helpers/schema';
import { MINIMAL, kinds, only, synthApi } from '../helpers/synth';

const TLS = { host: 'api.example.com' };

describe('WebApi defaults', () => {
  const { api, manifests } = synthApi();
  const deployment = only(manifests, 'Deployment');
  const pod = deployment.spec.template.spec;
  const app = pod.containers[0];

  test('every object validates against the Kubernetes schema', () => {
    expect(validateAll(manifests)).toBe(manifests.length);
    expect(kinds(manifests).sort()).toEqual([
      'Deployment', 'HorizontalPodAutoscaler', 'Namespace', 'NetworkPolicy', 'PodDisruptionBudget',
      'PriorityClass', 'Service', 'ServiceAccount',
    ]);
  });

  test('every namespaced object sits in an explicit namespace, with app.kubernetes.io labels', () => {
    for (const m of manifests.filter((x) => !['Namespace', 'PriorityClass'].includes(x.kind))) {
      expect(m.metadata.namespace).toBe('api');
    }
    for (const m of manifests) {
      expect(m.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'api',
        'app.kubernetes.io/instance': 'api',
        'app.kubernetes.io/version': '1.2.3',
        'app.kubernetes.io/managed-by': 'cdk-fastapi-gke',
      });
    }
    expect(only(manifests, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the server runs in the foreground, in exec form, one process', () => {
    expect(app.command).toEqual(['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000', '--timeout-graceful-shutdown', '20']);
    expect(app.args).toBeUndefined();
  });

  test('requests and limits on every container, with our defaults, never cdk8s-plus\'s 1000m/512Mi', () => {
    expect(app.resources).toEqual({
      requests: { 'cpu': '250m', 'memory': '256Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
    });
    expect(api.resources.cpuRequestMillis).toBe(250);
  });

  test('the pod passes Pod Security "restricted" with a read-only root and a /tmp emptyDir', () => {
    expect(restrictedViolations(pod)).toEqual([]);
    expect(app.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsUser: 10001, runAsGroup: 10001 });
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(app.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('api');
    expect(only(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('probes are distinct: readiness, liveness and startup on FastAPI-style paths', () => {
    expect(app.readinessProbe.httpGet.path).toBe('/readyz');
    expect(app.livenessProbe.httpGet.path).toBe('/livez');
    expect(app.startupProbe.httpGet.path).toBe('/livez');
    expect(app.startupProbe.failureThreshold * app.startupProbe.periodSeconds).toBe(60);
    expect(app.readinessProbe).not.toEqual(app.livenessProbe);
  });

  test('graceful shutdown: preStop pause, then a grace period that covers it and the drain', () => {
    expect(app.lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(pod.terminationGracePeriodSeconds).toBe(10 + 20 + 5);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
  });

  test('an autoscaling/v2 HPA at 50% CPU, 2 to 10 pods, with scale-down stabilisation, and no replicas beside it', () => {
    const hpa = only(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'api' } });
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.metadata.annotations).toEqual({
      'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
      'exemption-reason.cdk-fastapi-gke.io/polaris-deploymentMissingReplicas': expect.stringContaining('the HPA sets the replicas'),
    });
  });

  test('a ClusterIP Service with a named port, selecting only the serving pods', () => {
    const service = only(manifests, 'Service');
    expect(service.metadata.name).toBe('api-svc');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8000, protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(api.selector);
    expect(deployment.spec.selector.matchLabels).toEqual(api.selector);
    expect(api.selector['app.kubernetes.io/component']).toBe('api');
    expect(deployment.spec.template.metadata.labels).toMatchObject(api.selector);
    expect(deployment.spec.template.metadata.labels['cdk8s.io/metadata.addr']).toBeUndefined();
  });

  test('availability: PDB below the HPA minimum, topology spread over zones and nodes, a PriorityClass', () => {
    const pdb = only(manifests, 'PodDisruptionBudget');
    // One pod at a time whatever the count (Kubernetes recommends maxUnavailable beside an HPA).
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: api.selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(pod.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    const priority = only(manifests, 'PriorityClass');
    expect(pod.priorityClassName).toBe(priority.metadata.name);
  });

  test('a NetworkPolicy: ingress only to the serving port, from pods of the cluster (no tls), egress only to DNS', () => {
    const np = only(manifests, 'NetworkPolicy');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 8000 }] }]);
    expect(np.spec.egress).toEqual([{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }]);
  });
});

describe('WebApi options', () => {
  test('fixed replicas give no HPA, and a PDB one below them', () => {
    const { manifests } = synthApi({ replicas: 3 });
    expect(kinds(manifests)).not.toContain('HorizontalPodAutoscaler');
    expect(only(manifests, 'Deployment').spec.replicas).toBe(3);
    expect(only(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  test('zero replicas: no PDB', () => {
    const { manifests } = synthApi({ replicas: 0 });
    expect(kinds(manifests)).not.toContain('PodDisruptionBudget');
  });

  test('a variable that says where a secret is, not the secret, is fine', () => {
    expect(() => synthApi({ env: { DB_PASSWORD_FILE: '/var/secrets/db_password' } })).not.toThrow();
  });

  test('env and secret refs', () => {
    const { manifests } = synthApi({ env: { LOG_LEVEL: 'info' }, secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } } });
    const env = only(manifests, 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } },
    ]));
  });

  test('workers with a memory budget that fits', () => {
    const { api, manifests } = synthApi({ server: { workers: 2, memoryPerWorker: '512Mi' }, resources: { memory: { request: '1Gi' } } });
    expect(api.command).toEqual(['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000', '--workers', '2', '--timeout-graceful-shutdown', '20']);
    expect(only(manifests, 'Deployment').metadata.annotations['cdk-fastapi-gke.io/memory-per-worker']).toBe('512Mi');
  });

  test('fastapi run, for an API without a load balancer; behind one it cannot set the keep-alive, so it is refused', () => {
    const { api } = synthApi({ server: { runner: ServerRunner.FASTAPI, app: 'app/main.py' } });
    expect(api.command).toEqual(['fastapi', 'run', 'app/main.py', '--host', '0.0.0.0', '--port', '8000', '--no-proxy-headers']);
    expect(() => synthApi({ server: { runner: ServerRunner.FASTAPI, app: 'app/main.py' }, tls: TLS })).toThrow(
      "WebApi 'api': 'server.runner' (\"fastapi\") cannot set the server's keep-alive: `fastapi run` has no such option (fastapi-cli 0.0.32), and uvicorn's 5 s default is shorter than the 600 s a load balancer keeps idle connections, which gives sporadic 502s. Use ServerRunner.UVICORN with 'server.app' as module:attribute",
    );
  });

  test('proxy headers are trusted from the load balancer only, never from anyone', () => {
    const { api } = synthApi({ tls: TLS });
    expect(api.command).toEqual(expect.arrayContaining(['--forwarded-allow-ips', '35.191.0.0/16,130.211.0.0/22,2600:2d00:1:b029::/64,2600:2d00:1:1::/64', '--timeout-keep-alive', '620']));
    expect(() => synthApi({ tls: TLS, server: { forwardedAllowIps: '*' } })).toThrow("'server.forwardedAllowIps' (\"*\") must not trust '*': uvicorn then takes the leftmost X-Forwarded-For entry, which the client writes itself");
    expect(() => synthApi({ server: { proxyHeaders: true } })).toThrow("'server.forwardedAllowIps' (undefined) is required with proxy headers behind a proxy of your own");
    expect(synthApi({ tls: TLS, server: { keepAliveSeconds: 700 } }).api.command).toEqual(expect.arrayContaining(['--timeout-keep-alive', '700']));
  });

  test('a raw foreground command is kept as given', () => {
    const command = ['sh', '-c', 'nohup /opt/daemon & exec uvicorn main:app --host 0.0.0.0 --port 8000'];
    expect(synthApi({ server: { command } }).api.command).toEqual(command);
  });

  test('init containers for safe steps inherit the app\'s resources and security', () => {
    const { manifests } = synthApi({ preStartSteps: [{ name: 'warm-cache', command: ['python', '-m', 'warm'] }] });
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.initContainers[0]).toMatchObject({ name: 'warm-cache', command: ['python', '-m', 'warm'], image: MINIMAL.image });
    expect(pod.initContainers[0].resources).toEqual(pod.containers[0].resources);
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('Workload Identity annotates the ServiceAccount', () => {
    const gsa = 'api-runtime@my-project.iam.gserviceaccount.com';
    const { manifests } = synthApi({ googleServiceAccount: gsa });
    expect(only(manifests, 'ServiceAccount').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': gsa });
  });

  test('Kubernetes API access (seed 002): a least-privilege Role, a token, and egress to the API server', () => {
    const { manifests } = synthApi({ kubernetesApi: [{ apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: ['get', 'list', 'create'] }] });
    expect(validateAll(manifests)).toBeGreaterThan(0);
    expect(only(manifests, 'Role').rules).toEqual([{ apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: ['get', 'list', 'create'] }]);
    expect(only(manifests, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'api', namespace: 'api' }]);
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(['tmp', 'kube-api-access']);
    expect(only(manifests, 'NetworkPolicy').spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '172.16.0.0/28' } }], ports: [{ protocol: 'TCP', port: 443 }] });
  });

  test('declared egress destinations', () => {
    const { manifests } = synthApi({ egress: [{ cidr: '10.20.0.5/32', ports: [5432] }] });
    expect(only(manifests, 'NetworkPolicy').spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.5/32' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
  });

  test('a shared namespace and an existing PriorityClass create neither', () => {
    const { manifests } = synthApi({ namespace: 'apis', createNamespace: false, priorityClassName: 'high' });
    expect(kinds(manifests)).not.toContain('Namespace');
    expect(kinds(manifests)).not.toContain('PriorityClass');
    expect(only(manifests, 'Deployment').spec.template.spec.priorityClassName).toBe('high');
  });

  test('GKE TLS mode marks the Service for container-native load balancing', () => {
    const { manifests } = synthApi({ tls: TLS });
    expect(only(manifests, 'Service').metadata.annotations).toEqual({
      'cloud.google.com/neg': '{"ingress": true}', 'cloud.google.com/backend-config': '{"default":"api-backend"}',
    });
    const { manifests: cm } = synthApi({
      tls: { ...TLS, mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'ops@example.com' },
      server: { forwardedAllowIps: '10.4.0.0/14' },
    });
    expect(only(cm, 'Service').metadata.annotations).toBeUndefined();
  });
});

describe('WebApi refuses props that make no sense', () => {
  const cases: Array<[string, Parameters<typeof synthApi>[0], string]> = [
    ['negative replicas', { replicas: -1 }, 'WebApi \'api\': \'replicas\' (-1) must be at least 0'],
    ['replicas beside an HPA', { replicas: 3, autoscaling: {} }, '\'replicas\' (3) cannot be set beside \'autoscaling\''],
    ['min above max', { autoscaling: { minReplicas: 2, maxReplicas: 0 } }, 'WebApi \'api\': \'autoscaling.maxReplicas\' (0) must be at least \'autoscaling.minReplicas\' (2)'],
    ['a minimum of 0', { autoscaling: { minReplicas: 0 } }, '\'autoscaling.minReplicas\' (0) must be at least 1'],
    ['min above max (both positive)', { autoscaling: { minReplicas: 5, maxReplicas: 3 } }, 'WebApi \'api\': \'autoscaling.maxReplicas\' (3) must be at least \'autoscaling.minReplicas\' (5)'],
    ['a CPU target of 0', { autoscaling: { targetCpuUtilization: 0 } }, '\'autoscaling.targetCpuUtilization\' (0) must be at least 1'],
    ['a CPU target of 150', { autoscaling: { targetCpuUtilization: 150 } }, '\'autoscaling.targetCpuUtilization\' (150) must be at most 100'],
    ['a malformed memory quantity', { resources: { memory: { request: '512MB' } } }, '\'resources.memory.request\' ("512MB") must be a memory quantity such as 256Mi or 1Gi'],
    ['a malformed CPU quantity', { resources: { cpu: { request: '2 cores' } } }, '\'resources.cpu.request\' ("2 cores") must be a CPU quantity'],
    ['a limit below its request', { resources: { memory: { request: '1Gi', limit: '512Mi' } } }, '\'resources.memory.limit\' ("512Mi") must be at least \'resources.memory.request\' (1Gi)'],
    ['a CPU limit below its request', { resources: { cpu: { request: '1', limit: '500m' } } }, '\'resources.cpu.limit\' ("500m") must be at least \'resources.cpu.request\' (1)'],
    ['an invalid DNS host', { tls: { host: 'https://API.example.com/' } }, '\'tls.host\' ("https://API.example.com/") must be a fully qualified lower-case DNS name'],
    ['a wildcard host', { tls: { host: '*.example.com' } }, '\'tls.host\' ("*.example.com") must be a fully qualified'],
    ['an empty image', { image: '' }, 'WebApi \'api\': \'image\' ("") must not be empty'],
    ['an untagged image', { image: 'nginx' }, '\'image\' ("nginx") must name a tag other than latest'],
    ['a latest image', { image: 'registry:5000/nginx:latest' }, 'must name a tag other than latest'],
    ['an HPA with no CPU request', { resources: { cpu: { request: '0' } } }, '\'resources.cpu.request\' ("0") must be above 0 when autoscaling on CPU'],
    ['workers × memory over the limit', { server: { workers: 4, memoryPerWorker: '1Gi' }, resources: { memory: { request: '3Gi' } } },
      '\'server.workers\' (4) × \'server.memoryPerWorker\' (1Gi) = 4 GiB, above \'resources.memory.limit\' (3Gi)'],
    ['workers without a memory budget', { server: { workers: 2 } }, '\'server.workers\' (2) needs \'server.memoryPerWorker\''],
    ['workers in a raw command without a memory budget', { server: { command: ['uvicorn', 'main:app', '--workers', '4'] } }, '\'server.workers\' (4) needs'],
    ['a backgrounded command', { server: { command: ['sh', '-c', 'nohup uvicorn main:app &'] } }, 'CrashLoopBackOff'],
    ['a raw command beside generated-command props', { server: { command: ['uvicorn', 'main:app'], workers: 2 } }, '\'server.workers\' (2) cannot be set beside \'server.command\''],
    ['migrations in every pod of a multi-pod Deployment', { migrations: { command: ['alembic', 'upgrade', 'head'], strategy: MigrationStrategy.INIT_CONTAINER } },
      '\'migrations.strategy\' ("init-container") runs migrations in every pod, and \'autoscaling.maxReplicas\' is 10: they would race'],
    ['migrations in every pod with fixed replicas', { replicas: 3, migrations: { command: ['alembic', 'upgrade', 'head'], strategy: MigrationStrategy.INIT_CONTAINER } },
      '\'replicas\' is 3'],
    ['a credential as a literal env value', { env: { DB_PASSWORD: 'hunter2' } }, '\'env.DB_PASSWORD\' ("<redacted>") looks like a credential'],
    ['a URL with a password in it', { env: { DATABASE_URL: 'postgresql://app:hunter2@10.0.0.5/orders' } }, '\'env.DATABASE_URL\' ("<redacted>") looks like a credential (holds a URL with a password in it)'],
    ['a bad probe path', { health: { readinessPath: 'ping' } }, '\'health.readinessPath\' ("ping") must be an absolute URL path'],
    ['an invalid name', { name: 'Kf_Api' }, 'WebApi \'Kf_Api\': \'name\' ("Kf_Api") must be a DNS label'],
    ['a port out of range', { port: 70000 }, '\'port\' (70000) must be at most 65535'],
    ['a wildcard Kubernetes API rule', { kubernetesApi: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] }, 'must not contain \'*\''],
    ['an egress CIDR that is not one', { egress: [{ cidr: 'db.internal', ports: [5432] }] }, '\'egress[0].cidr\' ("db.internal") must be an IP range'],
    ['a bad Google service account', { googleServiceAccount: 'me@gmail.com' }, '\'googleServiceAccount\' ("me@gmail.com") must be a Google service account e-mail'],
    ['cert-manager without an e-mail', { tls: { host: 'api.example.com', mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik' } }, '\'tls.acmeEmail\' (undefined) is required with TlsMode.CERT_MANAGER'],
    ['a GKE-only option in cert-manager mode', { tls: { host: 'api.example.com', mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'a@b.co', staticIpName: 'ip' } }, '\'tls.staticIpName\' ("ip") applies to TlsMode.GKE_MANAGED only'],
    ['duplicate init container names', { preStartSteps: [{ name: 'a', command: ['x'] }, { name: 'a', command: ['y'] }] }, '\'preStartSteps[1].name\' ("a") is already the name'],
    ['too little ephemeral storage for /tmp', { resources: { ephemeralStorage: { request: '16Mi', limit: '32Mi' } } }, 'must be at least 64Mi: it holds the /tmp emptyDir'],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => synthApi(props)).toThrow(message);
  });

  test('the error is a ConfigError that names the construct, the prop and the value', () => {
    try {
      synthApi({ autoscaling: { minReplicas: 2, maxReplicas: 1 } });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toMatchObject({ name: 'ConfigError', construct: 'WebApi', id: 'api', prop: 'autoscaling.maxReplicas', received: 1 });
      expect((err as Error).message).toBe('WebApi \'api\': \'autoscaling.maxReplicas\' (1) must be at least \'autoscaling.minReplicas\' (2)');
    }
  });
});

test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])("Kubernetes' own namespace %s is refused", (namespace) => {
  expect(() => synthApi({ namespace })).toThrow(`WebApi 'api': 'namespace' ("${namespace}") is one of Kubernetes' own namespaces`);
});
