import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Aspects, IAspect, TerraformDataSource, TerraformResource, TerraformStack, dependable } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { PROJECT_ID } from '../plan/names';
import { checkName, gcpChecker } from './prop-checks';

/**
 * The Google APIs this library's resources call, by the service name `google_project_service` takes. An empty
 * project has none of them on except the few Google enables on every new project (Service Usage among them, which
 * `google_project_service` itself needs; see docs/operations.md).
 */
export const GOOGLE_API = {
  /** Clusters and node pools. */
  CONTAINER: 'container.googleapis.com',
  /** The VPC, subnets, router, Cloud NAT, global addresses; GKE's nodes and load balancers. */
  COMPUTE: 'compute.googleapis.com',
  /** The Docker repository. */
  ARTIFACT_REGISTRY: 'artifactregistry.googleapis.com',
  /** Service accounts and their IAM bindings. */
  IAM: 'iam.googleapis.com',
  /** Short-lived tokens: Workload Identity Federation for GKE impersonates the API's service account through it. */
  IAM_CREDENTIALS: 'iamcredentials.googleapis.com',
  /** Project IAM bindings (`google_project_iam_member` reads and writes the project's policy). */
  RESOURCE_MANAGER: 'cloudresourcemanager.googleapis.com',
  /** The cluster's `binary_authorization` (PROJECT_SINGLETON_POLICY_ENFORCE). */
  BINARY_AUTHORIZATION: 'binaryauthorization.googleapis.com',
  /** The cluster's `logging_config` and `monitoring_config`. */
  LOGGING: 'logging.googleapis.com',
  MONITORING: 'monitoring.googleapis.com',
  /** DNS records in a managed zone. */
  DNS: 'dns.googleapis.com',
  /** Certificate maps for a Gateway (TlsMode.GATEWAY). */
  CERTIFICATE_MANAGER: 'certificatemanager.googleapis.com',
  /** Secrets, their IAM bindings, and the cluster's Secret Manager add-on (CSI). */
  SECRET_MANAGER: 'secretmanager.googleapis.com',
  /** The Cloud SQL Auth Proxy: it asks the SQL Admin API for the instance's address and certificates. */
  SQL_ADMIN: 'sqladmin.googleapis.com',
  /** Private services access: the peering Cloud SQL private IP reaches the VPC through. */
  SERVICE_NETWORKING: 'servicenetworking.googleapis.com',
} as const;

/** A Google API's service name, e.g. `container.googleapis.com`. */
export type GoogleApi = (typeof GOOGLE_API)[keyof typeof GOOGLE_API];

const A = GOOGLE_API;

/** What each resource or data source type needs, whatever its arguments. */
const APIS_OF_TYPE: Readonly<Record<string, readonly GoogleApi[]>> = {
  google_compute_network: [A.COMPUTE],
  google_compute_subnetwork: [A.COMPUTE],
  google_compute_router: [A.COMPUTE],
  google_compute_router_nat: [A.COMPUTE],
  google_compute_global_address: [A.COMPUTE],
  google_compute_ssl_policy: [A.COMPUTE],
  google_container_cluster: [A.CONTAINER, A.COMPUTE, A.LOGGING, A.MONITORING],
  google_container_node_pool: [A.CONTAINER, A.COMPUTE],
  google_service_account: [A.IAM],
  google_service_account_iam_member: [A.IAM],
  google_project_iam_member: [A.RESOURCE_MANAGER],
  google_artifact_registry_repository: [A.ARTIFACT_REGISTRY],
  google_artifact_registry_repository_iam_member: [A.ARTIFACT_REGISTRY],
  google_dns_record_set: [A.DNS],
  google_certificate_manager_certificate: [A.CERTIFICATE_MANAGER],
  google_certificate_manager_certificate_map: [A.CERTIFICATE_MANAGER],
  google_certificate_manager_certificate_map_entry: [A.CERTIFICATE_MANAGER],
  google_certificate_manager_dns_authorization: [A.CERTIFICATE_MANAGER],
  google_secret_manager_secret: [A.SECRET_MANAGER],
  google_secret_manager_secret_iam_member: [A.SECRET_MANAGER],
  google_service_networking_connection: [A.SERVICE_NETWORKING, A.COMPUTE],
};
const DATA_APIS_OF_TYPE: Readonly<Record<string, readonly GoogleApi[]>> = {
  google_secret_manager_secret: [A.SECRET_MANAGER],
  google_service_account: [A.IAM],
};

/**
 * The APIs a resource or data source needs before Terraform can create or read it: by its type, and for a few by
 * what it configures (a cluster's Binary Authorization and Secret Manager add-on, the role a binding grants: the
 * Cloud SQL client role is used through the SQL Admin API, Workload Identity through IAM Credentials).
 * @internal
 */
export function apisNeededBy(element: IConstruct): GoogleApi[] {
  if (element instanceof TerraformDataSource) return [...(DATA_APIS_OF_TYPE[element.terraformResourceType] ?? [])];
  if (!(element instanceof TerraformResource) || element instanceof ProjectService) return [];
  const apis = [...(APIS_OF_TYPE[element.terraformResourceType] ?? [])];
  if (element instanceof ContainerCluster) {
    if (element.binaryAuthorizationInput !== undefined) apis.push(A.BINARY_AUTHORIZATION);
    if (element.secretManagerConfigInput?.enabled === true) apis.push(A.SECRET_MANAGER);
  }
  if (element instanceof ProjectIamMember && element.roleInput === 'roles/cloudsql.client') apis.push(A.SQL_ADMIN);
  if (element instanceof ServiceAccountIamMember && element.roleInput === 'roles/iam.workloadIdentityUser') apis.push(A.IAM_CREDENTIALS);
  return apis;
}

/** Props of {@link ProjectServices}. */
export interface ProjectServicesProps {
  readonly projectId: string;
  /** The APIs to enable (duplicates are ignored). */
  readonly apis: readonly GoogleApi[];
}

/**
 * Enables Google APIs on a project (`google_project_service`, with `disable_on_destroy = false`: destroying the
 * stack never turns off an API that something else in the project may use), and makes every resource and data
 * source of the stack depend on the APIs it needs ({@link apisNeededBy}), so that an empty project applies in one go.
 * A resource that needs an API the list lacks fails the synth, naming both.
 */
export class ProjectServices extends Construct {
  /** By API name. */
  public readonly services: Readonly<Partial<Record<GoogleApi, ProjectService>>>;
  public readonly apis: readonly GoogleApi[];

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    const check = gcpChecker('ProjectServices', this);
    checkName(check, 'projectId', props.projectId, PROJECT_ID);
    this.apis = [...new Set(props.apis)].sort();
    const services: Partial<Record<GoogleApi, ProjectService>> = {};
    for (const api of this.apis) {
      services[api] = new ProjectService(this, api.replace(/\.googleapis\.com$/, ''), {
        project: props.projectId,
        service: api,
        disableOnDestroy: false,
        disableDependentServices: false,
      });
    }
    this.services = services;
    const missing: string[] = [];
    Aspects.of(TerraformStack.of(this)).add(new DependOnServices(this.services, missing));
    this.node.addValidation({ validate: () => missing });
  }
}

/** Adds `depends_on` from each resource and data source to the services it needs; notes the APIs not enabled. */
class DependOnServices implements IAspect {
  /** `<path>|<api>` already wired: a second synth of the same stack adds nothing twice. */
  private readonly done = new Set<string>();

  constructor(private readonly services: Readonly<Partial<Record<GoogleApi, ProjectService>>>, private readonly missing: string[]) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource || node instanceof TerraformDataSource)) return;
    for (const api of apisNeededBy(node)) {
      const service = this.services[api];
      if (service === undefined) {
        const message = `ProjectServices: ${node.node.path} needs ${api}, which the stack does not enable`;
        if (!this.missing.includes(message)) this.missing.push(message);
        continue;
      }
      const key = `${node.node.path}|${api}`;
      if (this.done.has(key)) continue;
      this.done.add(key);
      node.dependsOn = [...(node.dependsOn ?? []), dependable(service)];
    }
  }
}
