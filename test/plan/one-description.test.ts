/**
 * One description, one verdict: `PlatformChart` (Kubernetes) and `PlatformStack` (Terraform) accept the same
 * descriptions and refuse the same ones with the same message, because both start from the resolved plan
 * (lib/plan/environment.ts → lib/plan/web-api-model.ts). And the capacity planner counts each pod exactly as the
 * scheduler will count the rendered one: the largest init container, or the sum of the app containers, with native
 * sidecars added to both.
 */
import { App as Cdk8sApp, Testing as Cdk8sTesting } from 'cdk8s';
import { App as CdktfApp } from 'cdktf';
import {
  ApiSpec, EnvironmentSpec, MigrationStrategy, PlatformChart, PlatformSpec, PlatformStack, SecretDelivery, TlsMode, parseBytes, parseCpu,
  resolveEnvironment,
} from '../../lib';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ENV: EnvironmentSpec = {
  name: 'production', projectId: 'acme-prod', location: 'europe-west1', domain: 'example.com',
  authorizedNetworks: [{ cidrBlock: '198.51.100.0/24', displayName: 'office' }],
  cluster: { name: 'apps', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 4 },
};
const API: ApiSpec = { name: 'orders', image: 'ghcr.io/acme/orders:1.0.0', tls: {} };
const CLOUD_SQL = { instanceConnectionName: 'acme-prod:europe-west1:orders' };

const platform = (api: Partial<ApiSpec> = {}, env: Partial<EnvironmentSpec> = {}): PlatformSpec => ({
  apis: [{ ...API, ...api } as ApiSpec],
  environments: [{ ...ENV, ...env }],
});

/** Descriptions that both sides accept: each TLS mode, Cloud SQL, secrets both ways, migrations, workers. */
const GOOD: Record<string, PlatformSpec> = {
  'GKE-managed TLS': platform(),
  'cert-manager': platform({ tls: { mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'ops@example.com' } }),
  'Gateway': platform({ tls: { mode: TlsMode.GATEWAY } }),
  'no TLS, fixed replicas': platform({ tls: undefined, replicas: 3 }),
  'Cloud SQL proxy': platform({ cloudSql: CLOUD_SQL }),
  'Cloud SQL, private IP': platform({ cloudSql: { ...CLOUD_SQL, privateIp: true } }),
  'secrets by CSI': platform({ secrets: { refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }] } }),
  'secrets by External Secrets': platform({ secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, store: 'gsm', refs: [{ env: 'DB_PASSWORD', secret: 'orders-db' }] } },
    { secretManager: { externalSecretsServiceAccount: 'external-secrets@acme-prod.iam.gserviceaccount.com' } }),
  'migrations in a Job, with the proxy': platform({ cloudSql: CLOUD_SQL, migrations: { command: ['alembic', 'upgrade', 'head'] } }),
  'migrations in a Job the pods wait for': platform({ cloudSql: CLOUD_SQL, migrations: { command: ['alembic', 'upgrade', 'head'], strategy: MigrationStrategy.JOB_WITH_WAIT } }, {
    cluster: { ...ENV.cluster, minMasterVersion: '1.35' },
  }),
  'locked migrations and steps': platform({
    migrations: { command: ['alembic', 'upgrade', 'head'], strategy: MigrationStrategy.LOCKED_INIT_CONTAINER },
    preStartSteps: [{ name: 'warm', command: ['python', '-m', 'warm'], resources: { cpu: { request: '1' }, memory: { request: '1Gi' } } }],
  }),
  'workers': platform({ server: { workers: 2, memoryPerWorker: '256Mi' }, resources: { memory: { request: '512Mi' } } }),
  'an environment override of cloudSql': platform({ cloudSql: { instanceConnectionName: 'acme-other:europe-west1:orders' } }, {
    apis: { orders: { cloudSql: { instanceConnectionName: 'acme-prod:europe-west1:orders-prod' } } },
  }),
};

/** Descriptions that both sides refuse, and the words the message must hold. */
const BAD: Record<string, [PlatformSpec, string]> = {
  'an image tagged latest': [platform({ image: 'ghcr.io/acme/orders:latest' }), "WebApi 'orders' in environment 'production': 'image' (\"ghcr.io/acme/orders:latest\") must name a tag other than latest"],
  'a relative readiness path': [platform({ health: { readinessPath: 'no-slash' } }), "'health.readinessPath' (\"no-slash\") must be an absolute URL path"],
  'maxReplicas below minReplicas': [platform({ autoscaling: { minReplicas: 3, maxReplicas: 2 } }), "'autoscaling.maxReplicas' (2) must be at least 'autoscaling.minReplicas' (3)"],
  'a literal credential': [platform({ env: { DB_PASSWORD: 'hunter22' } }), "'env.DB_PASSWORD' (\"<redacted>\") looks like a credential"],
  'a bad egress range': [platform({ egress: [{ cidr: '10.0.0.0', ports: [5432] }] }), "'egress[0].cidr' (\"10.0.0.0\") must be an IP range"],
  'secrets by CSI without an identity': [platform({ workloadIdentity: false, secrets: { refs: [{ env: 'DB', secret: 'db' }] } }), "'googleServiceAccount' (undefined) is required with 'secrets'"],
  'a Cloud SQL instance in another project': [platform({ cloudSql: { instanceConnectionName: 'acme-staging:europe-west1:orders' } }), "'apis.orders.cloudSql.instanceConnectionName' (\"acme-staging:europe-west1:orders\") is in project 'acme-staging', but environment 'production' is in project 'acme-prod'"],
  'a Gateway-only prop in GKE mode': [platform({ tls: { gatewayClassName: 'gke-l7-global-external-managed' } }), "'tls.gatewayClassName' (\"gke-l7-global-external-managed\") applies to TlsMode.GATEWAY only"],
  'a waiting kubectl of no known version': [platform({ migrations: { command: ['migrate'], strategy: MigrationStrategy.JOB_WITH_WAIT } }), "'migrations.kubectlVersion' (undefined) is required with MigrationStrategy.JOB_WITH_WAIT"],
  'racing migrations': [platform({ migrations: { command: ['migrate'], strategy: MigrationStrategy.INIT_CONTAINER } }), "'migrations.strategy' (\"init-container\") runs migrations in every pod"],
  'a control plane open to the internet': [platform({}, { authorizedNetworks: [{ cidrBlock: '0.0.0.0/0', displayName: 'all' }] }), "Platform 'production': 'environments[0].authorizedNetworks[0].cidrBlock' (\"0.0.0.0/0\") would open the control plane to the whole internet"],
  'maxNodes below minNodes': [platform({}, { cluster: { ...ENV.cluster, minNodes: 4, maxNodes: 2 } }), "'environments[0].cluster.maxNodes' (2) must be at least 'environments[0].cluster.minNodes' (4)"],
  'a malformed project id': [platform({}, { projectId: 'X' }), "'environments[0].projectId' (\"X\") must be a project id"],
  'a GKE version that is not one': [platform({}, { cluster: { ...ENV.cluster, minMasterVersion: 'latest' } }), "'environments[0].cluster.minMasterVersion' (\"latest\") must be a GKE version"],
  'External Secrets without the operator\'s account': [platform({ secrets: { delivery: SecretDelivery.EXTERNAL_SECRETS, store: 'gsm', refs: [{ env: 'DB', secret: 'db' }] } }),
    "Platform 'production': 'environments[0].secretManager.externalSecretsServiceAccount' (undefined) is required: orders delivers secrets by SecretDelivery.EXTERNAL_SECRETS"],
  'a malformed operator account': [platform({}, { secretManager: { externalSecretsServiceAccount: 'external-secrets' } }),
    "Platform 'production': 'environments[0].secretManager.externalSecretsServiceAccount' (\"external-secrets\") must be a Google service account e-mail"],
  'an environment override that breaks the HPA bounds': [platform({}, { apis: { orders: { autoscaling: { minReplicas: 0 } } } }), "WebApi 'orders' in environment 'production': 'autoscaling.minReplicas' (0) must be at least 1"],
  'a node pool too small': [platform({ resources: { memory: { request: '14Gi' } } }, { cluster: { ...ENV.cluster, maxNodes: 1 } }), "Platform 'production': 'environments[0].cluster' (\"1–1 × e2-standard-4 × 3 zones\") cannot hold its APIs"],
};

/** What a side says of a description: 'ok', or its error's message. */
function verdict(build: () => void): string {
  try {
    build();
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}
const kubernetesVerdict = (p: PlatformSpec) => verdict(() => new PlatformChart(new Cdk8sApp(), 'chart', { platform: p, environment: 'production' }));
const terraformVerdict = (p: PlatformSpec) => verdict(() => new PlatformStack(new CdktfApp(), { platform: p, environment: 'production' }));

test.each(Object.entries(GOOD))('both sides accept: %s', (_, description) => {
  expect(kubernetesVerdict(description)).toBe('ok');
  expect(terraformVerdict(description)).toBe('ok');
});

test.each(Object.entries(BAD))('both sides refuse, with the same message: %s', (_, [description, words]) => {
  const message = kubernetesVerdict(description);
  expect(message).toContain(words);
  expect(terraformVerdict(description)).toBe(message);
});

/** The scheduler's effective request of a rendered pod spec (KEP-753: native sidecars run beside everything after them). */
function effectiveRequest(pod: Obj): { cpuMillis: number; memoryBytes: number } {
  const request = (c: Obj, pick: 'cpu' | 'memory') => {
    const q = c.resources?.requests?.[pick];
    return q === undefined ? 0 : pick === 'cpu' ? parseCpu(String(q))! : parseBytes(String(q))!;
  };
  const effective = (pick: 'cpu' | 'memory') => {
    let sidecars = 0;
    let most = 0;
    for (const c of pod.initContainers ?? []) {
      if (c.restartPolicy === 'Always') { sidecars += request(c, pick); most = Math.max(most, sidecars); } else most = Math.max(most, sidecars + request(c, pick));
    }
    return Math.max(most, sidecars + (pod.containers as Obj[]).reduce((total, c) => total + request(c, pick), 0));
  };
  return { cpuMillis: effective('cpu'), memoryBytes: effective('memory') };
}

test.each(Object.entries(GOOD))("the planner's pod request is the rendered pod's: %s", (_, description) => {
  const chart = new PlatformChart(Cdk8sTesting.app(), 'chart', { platform: description, environment: 'production' });
  const manifests: Obj[] = chart.toJson();
  const deployment = manifests.find((m) => m.kind === 'Deployment')!;
  const [planned] = resolveEnvironment(description, 'production').apis;
  expect(planned.model.podRequest).toEqual(effectiveRequest(deployment.spec.template.spec));
  expect(chart.capacity!.apis[0].pod).toEqual(planned.model.podRequest);
  // The migration Job's pod too, with its Cloud SQL proxy.
  const job = manifests.find((m) => m.kind === 'Job');
  expect(planned.model.migrations?.jobPodRequest).toEqual(job && effectiveRequest(job.spec.template.spec));
});

test('the Cloud SQL proxy counts: 250m + 100m CPU and 256Mi + 256Mi per pod', () => {
  const [planned] = resolveEnvironment(GOOD['Cloud SQL proxy'], 'production').apis;
  expect(planned.model.podRequest).toEqual({ cpuMillis: 350, memoryBytes: 512 * 2 ** 20 });
});
