/** Serving traffic on GKE for real (load-balancer health checks, rollouts, proxy, Cloud SQL, secrets). */
import { ALL_PACKS, Manifest, SecretDelivery, ServerRunner, TlsCertificate, TlsMode, runChecks } from '../../lib';
import { restrictedViolations } from '../helpers/pod-security';
import { validateAll } from '../helpers/schema';
import { kinds, only, synthApi } from '../helpers/synth';

const TLS = { host: 'api.example.com' };
const GSA = 'api-production@acme-prod.iam.gserviceaccount.com';

describe('the load balancer health-checks what the API serves', () => {
  test('the readiness path, on the serving port, by default', () => {
    const { api, manifests } = synthApi({ tls: TLS, health: { readinessPath: '/ping', livenessPath: '/ping' } });
    expect(api.healthCheckPath).toBe('/ping');
    expect(only(manifests, 'BackendConfig').spec.healthCheck).toMatchObject({ requestPath: api.healthCheckPath, port: 8000 });
    expect(app(manifests).readinessProbe.httpGet.path).toBe(only(manifests, 'BackendConfig').spec.healthCheck.requestPath);
  });

  test('another path the API declares as served', () => {
    const { manifests } = synthApi({ tls: { ...TLS, healthCheckPath: '/api/v1/health' }, servedPaths: ['/api/v1'] });
    expect(only(manifests, 'BackendConfig').spec.healthCheck.requestPath).toBe('/api/v1/health');
  });

  test('a path the API does not serve is refused, with why', () => {
    expect(() => synthApi({ tls: { ...TLS, healthCheckPath: '/' }, servedPaths: ['/api/v1'] })).toThrow(
      'WebApi \'api\': \'tls.healthCheckPath\' ("/") is not a path the API serves (its probe paths, or under \'servedPaths\'): the load balancer would mark every pod unhealthy and answer 502',
    );
    expect(() => synthApi({ tls: { ...TLS, healthCheckPath: '/api/v10' }, servedPaths: ['/api/v1'] })).toThrow('is not a path the API serves');
  });

  test('the backend timeout is exposed', () => {
    expect(only(synthApi({ tls: { ...TLS, backendTimeoutSeconds: 300 } }).manifests, 'BackendConfig').spec.timeoutSec).toBe(300);
  });
});

describe('zero-downtime rollouts: one setting each for the pause and the drain', () => {
  test('defaults: maxUnavailable 0, preStop 10 s, uvicorn drains 30 s (the backend timeout), grace period 45 s', () => {
    const { api, manifests } = synthApi({ tls: TLS });
    const d = only(manifests, 'Deployment');
    expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    // Kubernetes' own sleep action (on by default since 1.30): no `sleep` program needed in the image.
    expect(app(manifests).lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    // A request the load balancer still waits for (30 s by default) is not cut by a rollout.
    expect(api.command.slice(-2)).toEqual(['--timeout-graceful-shutdown', '30']);
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(45);
    expect(only(manifests, 'BackendConfig').spec.connectionDraining.drainingTimeoutSec).toBe(10 + 30);
    expect(synthApi().api.command.slice(-2)).toEqual(['--timeout-graceful-shutdown', '20']); // no load balancer
  });

  test('a user-set drain moves the server flag and the grace period together', () => {
    const { api, manifests } = synthApi({ shutdown: { preStopSeconds: 15, drainSeconds: 60 } });
    expect(api.command.slice(-2)).toEqual(['--timeout-graceful-shutdown', '60']);
    expect(api.terminationGracePeriodSeconds).toBe(80);
    expect(only(manifests, 'Deployment').spec.template.spec.terminationGracePeriodSeconds).toBe(80);
  });

  test('a grace period shorter than the shutdown it must cover is refused', () => {
    expect(() => synthApi({ shutdown: { preStopSeconds: 10, drainSeconds: 20, terminationGracePeriodSeconds: 25 } })).toThrow(
      'WebApi \'api\': \'shutdown.terminationGracePeriodSeconds\' (25) must cover \'shutdown.preStopSeconds\' (10) + \'shutdown.drainSeconds\' (20) = 30',
    );
  });

  test('an image whose uvicorn predates the flag can turn it off; fastapi run has none', () => {
    expect(synthApi({ server: { timeoutGracefulShutdown: false } }).api.command).not.toContain('--timeout-graceful-shutdown');
    expect(synthApi({ server: { runner: ServerRunner.FASTAPI, app: 'main.py' } }).api.command).not.toContain('--timeout-graceful-shutdown');
  });
});

test('behind the proxy under a path prefix: --root-path and the Ingress path agree', () => {
  const { api, manifests } = synthApi({ tls: { ...TLS, pathPrefix: '/orders' }, server: { timeoutGracefulShutdown: false } });
  expect(api.command).toEqual([
    'uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000', '--proxy-headers',
    '--forwarded-allow-ips', '35.191.0.0/16,130.211.0.0/22,2600:2d00:1:b029::/64,2600:2d00:1:1::/64', '--root-path', '/orders', '--timeout-keep-alive', '620',
  ]);
  expect(only(manifests, 'Ingress').spec.rules[0].http.paths[0].path).toBe('/orders');
  expect(() => synthApi({ tls: { ...TLS, pathPrefix: 'orders/' } })).toThrow('\'tls.pathPrefix\' ("orders/") must start with \'/\'');
});

describe('the Cloud SQL Auth Proxy, as a native sidecar', () => {
  const cloudSql = { instanceConnectionName: 'acme-prod:europe-west2:orders' };
  const { manifests } = synthApi({
    cloudSql, googleServiceAccount: GSA, migrations: { command: ['alembic', 'upgrade', 'head'] },
    secretEnv: { DATABASE_URL: { secretName: 'db', key: 'url' } },
  });
  const pod = only(manifests, 'Deployment').spec.template.spec;
  const job = only(manifests, 'Job').spec.template.spec;

  test('in the pods and in the migration Job, first, with restartPolicy Always and a startup probe', () => {
    expect(validateAll(manifests)).toBe(manifests.length);
    for (const spec of [pod, job]) {
      const proxy = spec.initContainers[0];
      expect(proxy).toMatchObject({ name: 'cloud-sql-proxy', restartPolicy: 'Always' });
      expect(proxy.args).toEqual(expect.arrayContaining(['--port=5432', '--health-check', 'acme-prod:europe-west2:orders']));
      expect(proxy.startupProbe.httpGet).toMatchObject({ path: '/startup', port: 9090 });
      expect(proxy.resources.requests).toEqual({ 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '64Mi' });
      expect(restrictedViolations(spec)).toEqual([]);
    }
    // The migrations run before the rollout, in the Job: the pods have nothing to wait for.
    expect(pod.initContainers.map((c: { name: string }) => c.name)).toEqual(['cloud-sql-proxy']);
    expect(job.containers.map((c: { name: string }) => c.name)).toEqual(['migrate']);
  });

  test('the HPA scales on the app container\'s CPU only', () => {
    expect(only(manifests, 'HorizontalPodAutoscaler').spec.metrics).toEqual([{
      type: 'ContainerResource', containerResource: { name: 'cpu', container: 'api', target: { type: 'Utilization', averageUtilization: 50 } },
    }]);
  });

  test('egress to the instance, Google APIs and the metadata server (Workload Identity)', () => {
    const egress = only(manifests, 'NetworkPolicy').spec.egress;
    for (const [cidr, port] of [['169.254.169.254/32', 80], ['169.254.169.252/32', 988], ['0.0.0.0/0', 3307], ['0.0.0.0/0', 443]] as const) {
      expect(egress).toContainEqual({ to: [{ ipBlock: { cidr } }], ports: [{ protocol: 'TCP', port }] });
    }
  });

  test('a malformed connection name is refused', () => {
    expect(() => synthApi({ cloudSql: { instanceConnectionName: 'orders' } })).toThrow('\'cloudSql.instanceConnectionName\' ("orders") must be an instance connection name');
  });
});

describe('secrets from Secret Manager, never a value in the manifests', () => {
  test('through the Secret Manager CSI driver: files, named by <NAME>_FILE', () => {
    const { manifests } = synthApi({ googleServiceAccount: GSA, secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db-password' }] } });
    expect(validateAll(manifests)).toBe(manifests.length);
    const spc = only(manifests, 'SecretProviderClass');
    expect(spc.spec).toEqual({
      provider: 'gke',
      parameters: { secrets: '- resourceName: "projects/acme-prod/secrets/orders-db-password/versions/latest"\n  path: "db_password"\n' },
    });
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'secrets', csi: { driver: 'secrets-store-gke.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'api-secrets' } } });
    expect(pod.containers[0].env).toContainEqual({ name: 'DB_PASSWORD_FILE', value: '/var/secrets/db_password' });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'secrets', mountPath: '/var/secrets', readOnly: true });
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('through External Secrets: a Kubernetes Secret the operator writes, as variables', () => {
    const { manifests } = synthApi({ secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, store: 'gcp-secret-manager', refs: [{ env: 'API_TOKEN', secret: 'orders-api-token', version: '3' }] } });
    expect(validateAll(manifests)).toBe(manifests.length);
    expect(only(manifests, 'ExternalSecret').spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'gcp-secret-manager', kind: 'ClusterSecretStore' },
      target: { name: 'api-secrets', creationPolicy: 'Owner' },
      data: [{ secretKey: 'API_TOKEN', remoteRef: { key: 'orders-api-token', version: '3' } }],
    });
    expect(app(manifests).env).toContainEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'API_TOKEN' } } });
    expect(kinds(manifests)).not.toContain('Secret');
  });

  test.each([
    ['a secret given as a literal', { env: { DB_PASSWORD: 's3cr3t!' } }, '\'env.DB_PASSWORD\' ("<redacted>") looks like a credential'],
    ['a value where the secret id goes', { secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'correct horse battery staple' }] } }, 'must be a Secret Manager secret id (letters, digits, - and _), not a value'],
    ['External Secrets without a store', { secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, refs: [{ env: 'A', secret: 'a' }] } }, '\'secrets.store\' (undefined) is required with SecretDelivery.EXTERNAL_SECRETS'],
    ['no secrets listed', { secrets: { refs: [] } }, '\'secrets.refs\' ([]) must list at least one secret'],
    ['the same variable twice', { secrets: { refs: [{ env: 'A', secret: 'a' }, { env: 'a', secret: 'b' }] } }, '\'secrets.refs[1].env\' ("a") is used twice'],
  ])('%s is refused', (_what, props, message) => {
    expect(() => synthApi(props as never)).toThrow(message);
  });
});

function app(manifests: Array<Record<string, any>>) {
  return only(manifests, 'Deployment').spec.template.spec.containers[0];
}

describe('Gateway API, the third TLS mode', () => {
  const { api, manifests } = synthApi({ tls: { host: 'api.example.com', mode: TlsMode.GATEWAY, staticIpName: 'api-ip', certificateMapName: 'api-certmap' }, health: { readinessPath: '/ping' } });

  test('Gateway, routes and policies validate against their schemas, with no Ingress', () => {
    expect(validateAll(manifests)).toBe(manifests.length);
    expect(kinds(manifests)).toEqual(expect.arrayContaining(['Gateway', 'HTTPRoute', 'HealthCheckPolicy', 'GCPBackendPolicy']));
    expect(kinds(manifests)).not.toContain('Ingress');
    expect(api.gateway?.gateway.name).toBe('api');
  });

  test('the health check path is the readiness probe\'s, and the grace and draining times agree', () => {
    const policy = only(manifests, 'HealthCheckPolicy');
    expect(policy.spec.default.config.httpHealthCheck).toMatchObject({ requestPath: '/ping', port: 8000 });
    expect(app(manifests).readinessProbe.httpGet.path).toBe('/ping');
    expect(only(manifests, 'GCPBackendPolicy').spec.default.connectionDraining.drainingTimeoutSec).toBe(10 + 30);
  });

  test('the Gateway names the static IP and the certificate map', () => {
    const gw = only(manifests, 'Gateway');
    expect(gw.spec.gatewayClassName).toBe('gke-l7-global-external-managed');
    expect(gw.spec.addresses).toEqual([{ type: 'NamedAddress', value: 'api-ip' }]);
    expect(gw.metadata.annotations['networking.gke.io/certmap']).toBe('api-certmap');
  });

  test('Gateway mode with a ManagedCertificate is refused, with why', () => {
    expect(() => synthApi({ tls: { host: 'api.example.com', mode: TlsMode.GATEWAY, certificate: TlsCertificate.MANAGED_CERTIFICATE } }))
      .toThrow('ManagedCertificate only works with GKE Ingress');
  });
});

test('HOME is the writable /tmp (the root filesystem is read-only), unless the API sets its own', () => {
  const app = (manifests: Record<string, any>[]) => only(manifests, 'Deployment').spec.template.spec.containers[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(app(synthApi().manifests).env).toContainEqual({ name: 'HOME', value: '/tmp' });
  expect(app(synthApi({ env: { HOME: '/home/app' } }).manifests).env.filter((e: { name: string }) => e.name === 'HOME')).toEqual([{ name: 'HOME', value: '/home/app' }]);
});

test("the Cloud SQL proxy's probes follow Google's timings: no restart on a short stall", () => {
  const { manifests } = synthApi({ cloudSql: { instanceConnectionName: 'acme-prod:europe-west1:orders' } });
  const proxy = only(manifests, 'Deployment').spec.template.spec.initContainers[0];
  expect(proxy.image).toBe('gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.25.3');
  expect(proxy.startupProbe).toMatchObject({ periodSeconds: 1, timeoutSeconds: 5, failureThreshold: 20 });
  expect(proxy.livenessProbe).toMatchObject({ periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 5 });
  expect(proxy.readinessProbe).toBeUndefined();
});

test('secret file paths (<NAME>_FILE) carry the exemptions Polaris and kube-linter honour, which our check honours too', () => {
  const { manifests } = synthApi({
    googleServiceAccount: 'api-prod@acme-prod.iam.gserviceaccount.com',
    secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'db-password' }, { env: 'API_SECRET', secret: 'api-secret' }] },
    migrations: { command: ['alembic', 'upgrade', 'head'] },
  });
  const reason = 'DB_PASSWORD_FILE, API_SECRET_FILE hold the paths of secret files that the Secret Manager CSI driver mounts, not secrets';
  for (const kind of ['Deployment', 'Job']) {
    expect(only(manifests, kind).metadata.annotations).toMatchObject({
      'polaris.fairwinds.com/sensitiveContainerEnvVar-exempt': 'true',
      'ignore-check.kube-linter.io/env-var-secret': reason,
    });
  }
  const findings = runChecks({ manifests: manifests.map((manifest) => ({ manifest: manifest as Manifest })) }, ALL_PACKS).filter((f) => f.rule === 'prod-env-secret');
  expect(findings).toEqual([]);
});

test('the user and group are props: every container and the migration Job run as them; below 10000 is refused', () => {
  const { manifests } = synthApi({ runAsUser: 20000, runAsGroup: 20001, cloudSql: { instanceConnectionName: 'acme-prod:europe-west1:orders' }, migrations: { command: ['alembic', 'upgrade', 'head'] } });
  for (const kind of ['Deployment', 'Job']) {
    const pod = only(manifests, kind).spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20001, fsGroup: 20001 });
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) expect(c.securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20001 });
  }
  expect(() => synthApi({ runAsUser: 1000 })).toThrow("WebApi 'api': 'runAsUser' (1000) must be at least 10000");
});
