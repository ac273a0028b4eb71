import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../plan/errors';
import { serviceAccountEmail, workloadIdentityMember } from '../plan/derive';
import { PROJECT_ID, SERVICE_ACCOUNT_ID } from '../plan/names';
import { checkName, gcpChecker } from './prop-checks';

/** Props of {@link WorkloadIdentity}. */
export interface WorkloadIdentityProps {
  readonly projectId: string;
  /** The Google service account's id (6-30 characters), e.g. the API's name `kf-api`. */
  readonly accountId: string;
  /** The Kubernetes namespace of the API's service account. */
  readonly namespace: string;
  /** The Kubernetes service account the API's pods run as. */
  readonly kubernetesServiceAccount: string;
  /**
   * Project roles the API needs (e.g. `roles/cloudsql.client`). Basic roles (owner, editor) are refused.
   * @default [] (an identity that can do nothing yet)
   */
  readonly roles?: readonly string[];
  /**
   * What the binding must wait for. The Workload Identity pool (`<project>.svc.id.goog`) exists only once a
   * cluster that enables it does, so pass the cluster.
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

const BASIC_ROLES = ['roles/owner', 'roles/editor', 'roles/viewer'];

/**
 * A Google service account for one web API, and the `roles/iam.workloadIdentityUser` binding that lets its
 * Kubernetes service account act as it (member `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]`): the
 * pods get Google credentials without a key file.
 *
 * The Kubernetes service account must carry the annotation `iam.gke.io/gcp-service-account: <email>`. Secret
 * Manager secrets are granted on the secrets themselves, by `SecretManagerSecrets.grantAccess`, which binds only
 * secrets the stack creates or reads.
 */
export class WorkloadIdentity extends Construct {
  public readonly serviceAccount: ServiceAccount;
  public readonly binding: ServiceAccountIamMember;
  public readonly roleBindings: ProjectIamMember[];

  /** The Google service account's email, known before apply (for the Kubernetes annotation). */
  public readonly email: string;
  /** The IAM member that stands for the Kubernetes service account. */
  public readonly member: string;
  public readonly roles: readonly string[];

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const check = gcpChecker('WorkloadIdentity', this);
    checkName(check, 'projectId', props.projectId, PROJECT_ID);
    checkName(check, 'accountId', props.accountId, SERVICE_ACCOUNT_ID);
    check.matches('namespace', props.namespace, DNS_LABEL, 'a Kubernetes namespace name (an RFC 1123 label)');
    check.matches(
      'kubernetesServiceAccount',
      props.kubernetesServiceAccount,
      DNS_SUBDOMAIN,
      'a Kubernetes service account name (an RFC 1123 subdomain)',
    );
    this.roles = props.roles ?? [];
    this.roles.forEach((role, i) => {
      check.matches(`roles[${i}]`, role, /^(roles|projects\/[^/]+\/roles|organizations\/\d+\/roles)\/[A-Za-z0-9_.]+$/, "a role such as 'roles/cloudsql.client'");
      if (BASIC_ROLES.includes(role)) {
        check.fail(`roles[${i}]`, role, 'is a basic role that grants far more than one API needs: grant predefined roles');
      }
    });

    this.email = serviceAccountEmail(props.accountId, props.projectId);
    this.member = workloadIdentityMember(props.projectId, props.namespace, props.kubernetesServiceAccount);

    this.serviceAccount = new ServiceAccount(this, 'service-account', {
      project: props.projectId,
      accountId: props.accountId,
      displayName: `${props.namespace}/${props.kubernetesServiceAccount} (Workload Identity)`,
    });
    this.binding = new ServiceAccountIamMember(this, 'workload-identity-user', {
      serviceAccountId: this.serviceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: this.member,
      dependsOn: props.dependsOn,
    });
    this.roleBindings = this.roles.map(
      (role) =>
        new ProjectIamMember(this, role.replace(/^.*roles\//, ''), {
          project: props.projectId,
          role,
          member: `serviceAccount:${this.serviceAccount.email}`,
        }),
    );
  }
}
