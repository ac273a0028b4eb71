import { TerraformBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CapacityReport } from '../plan/capacity';
import { BoundApi, ResolvedEnvironment, resolveEnvironment } from '../plan/environment';
import { checkEnvironmentCapacity } from '../plan/environment-plan';
import { PlatformSpec } from '../plan/platform';
import { SecretDelivery } from '../plan/web-api-spec';
import { GkePlatformStack, GkePlatformStackProps } from './gke-platform-stack';

/**
 * The range reserved for private services access when an API reaches Cloud SQL over a private IP: clear of the
 * network's default ranges (10.0.0.0/20, 10.4.0.0/14, 10.8.0.0/20) and of the control plane's (172.16.0.0/28).
 */
export const DEFAULT_PRIVATE_SERVICES_CIDR = '10.16.0.0/20';

/** Props of {@link PlatformStack}. */
export interface PlatformStackProps {
  /** The platform description (the same one `PlatformChart` reads). */
  readonly platform: PlatformSpec;
  /** Which of its environments this stack builds; it is also the stack's name. */
  readonly environment: string;
  /**
   * Where Terraform keeps the state.
   * @default - a local file, see `GkePlatformStackProps.backend`
   */
  readonly backend?: (stack: TerraformStack) => TerraformBackend;
}

/**
 * The Terraform side of one environment of a platform description: the GKE platform, with a node pool sized by the
 * environment, a static IP (and DNS record) for each API served over GKE-managed TLS or a Gateway, a certificate
 * map for each API behind a Gateway, a Google service account bound through Workload Identity for each API, the
 * Secret Manager secrets the APIs read (granted to whoever reads them: the API's account with the CSI add-on, the
 * External Secrets Operator's with External Secrets), and private services access when Cloud SQL is reached over a
 * private IP. Every name comes from `plan/derive.ts`, as on the Kubernetes side.
 */
export class PlatformStack extends GkePlatformStack {
  /** The environment, with every crossing name derived. */
  public readonly environment: ResolvedEnvironment;
  /** What the APIs need against what the node pool holds (`undefined` on Autopilot). */
  public readonly capacity?: CapacityReport;

  constructor(scope: Construct, props: PlatformStackProps) {
    const environment = resolveEnvironment(props.platform, props.environment);
    // The same check as PlatformChart's: a pool too small for the APIs at their HPA maximums is refused.
    const capacity = checkEnvironmentCapacity(environment);
    super(scope, props.environment, PlatformStack.stackProps(environment, capacity, props.backend));
    this.environment = environment;
    this.capacity = capacity;
  }

  /** Maps the description onto the platform stack's props. */
  private static stackProps(env: ResolvedEnvironment, capacity: CapacityReport | undefined, backend: PlatformStackProps['backend']): GkePlatformStackProps {
    const { spec } = env;
    const cluster = spec.cluster;
    return {
      projectId: spec.projectId,
      location: spec.location,
      name: cluster.name,
      mode: cluster.mode,
      authorizedNetworks: spec.authorizedNetworks,
      masterIpv4CidrBlock: env.masterIpv4CidrBlock,
      minMasterVersion: cluster.minMasterVersion,
      securityGroup: cluster.securityGroup,
      deletionProtection: cluster.deletionProtection,
      // The CSI driver behind SecretDelivery.SECRET_MANAGER_CSI is a cluster add-on.
      secretManagerCsi: env.apis.some((a) => a.model.secrets?.delivery === SecretDelivery.SECRET_MANAGER_CSI),
      // Cloud SQL private IP: the instance peers with this VPC through private services access.
      network: env.apis.some((a) => a.model.cloudSql?.privateIp === true) ? { privateServicesCidr: DEFAULT_PRIVATE_SERVICES_CIDR } : undefined,
      labels: spec.labels ?? { env: spec.name },
      nodePool: cluster.mode === 'autopilot' ? undefined : {
        machineType: cluster.machineType,
        machineShape: cluster.machineShape,
        minNodes: cluster.minNodes,
        maxNodes: cluster.maxNodes,
        initialNodes: cluster.initialNodes,
        // The cluster checks that its machine type can hold the largest pod.
        largestPodRequest: capacity && largestPod(capacity),
      },
      registry: { repositoryId: env.registryRepository, location: env.region, kmsKeyName: spec.registryKmsKey },
      ingressAddresses: env.apis.filter((a) => a.names.staticIpName !== undefined).map((a) => ({
        name: a.names.staticIpName!,
        ...(spec.dnsZone && a.names.host ? { dns: { managedZone: spec.dnsZone, host: a.names.host } } : {}),
      })),
      workloadIdentities: env.apis.filter((a) => a.names.googleServiceAccountId !== undefined).map((a) => ({
        accountId: a.names.googleServiceAccountId!,
        namespace: a.names.namespace,
        kubernetesServiceAccount: a.names.kubernetesServiceAccount,
        // The Cloud SQL Auth Proxy connects as the API's identity; its secrets are readable one by one.
        roles: a.model.cloudSql ? ['roles/cloudsql.client'] : [],
        secrets: secretIdsDelivered(a, SecretDelivery.SECRET_MANAGER_CSI),
      })),
      sslPolicies: env.apis.flatMap((a) => (a.names.sslPolicyName === undefined ? [] : [a.names.sslPolicyName])),
      certificateMaps: env.apis.filter((a) => a.names.certificateMapName !== undefined && a.names.host !== undefined).map((a) => ({
        name: a.names.certificateMapName!, host: a.names.host!, dnsAuthorizationZone: spec.dnsZone,
      })),
      secretManager: {
        existing: spec.secretManager?.existingSecrets,
        replicaLocations: spec.secretManager?.replicaLocations,
        // The operator's SecretStore reads these secrets, as its own account: the APIs' pods never do.
        externalSecrets: env.apis.flatMap((a) => secretIdsDelivered(a, SecretDelivery.EXTERNAL_SECRETS)),
        externalSecretsServiceAccount: spec.secretManager?.externalSecretsServiceAccount,
      },
      backend,
    };
  }
}

/** The Secret Manager secret ids an API has delivered one way. */
function secretIdsDelivered(api: BoundApi, delivery: SecretDelivery): string[] {
  return api.model.secrets?.delivery === delivery ? [...api.model.secrets.secretIds] : [];
}

/** The largest CPU and memory any one API's pod requests. */
function largestPod(capacity: CapacityReport): { cpuMillis: number; memoryBytes: number } {
  return {
    cpuMillis: Math.max(0, ...capacity.apis.map((a) => a.pod.cpuMillis)),
    memoryBytes: Math.max(0, ...capacity.apis.map((a) => a.pod.memoryBytes)),
  };
}
