import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Construct } from 'constructs';
import { serviceAccountEmail } from '../plan/derive';
import { PROJECT_ID, SERVICE_ACCOUNT_ID } from '../plan/names';
import { checkName, gcpChecker } from './prop-checks';

/**
 * The project role a GKE node needs and no more: Kubernetes Engine Default Node Service Account
 * (`roles/container.defaultNodeServiceAccount`), Google's least-privilege role for node service accounts (logs,
 * metrics, resource metadata, the HPA's performance profile). It replaces the four roles (logWriter, metricWriter,
 * monitoring.viewer, resourceMetadata.writer) this list held before; GKE's console asks for it by name ("Grant
 * roles/container.defaultNodeServiceAccount role to Node service account") and terraform-google-modules' GKE module
 * grants it. Sources: cloud.google.com/kubernetes-engine/security/configure-node-service-accounts ("Grant the minimum
 * required role for GKE"); CIS GKE Benchmark 5.2.1. Pulling images is granted on the registry itself
 * (`roles/artifactregistry.reader` on the repository, see `ArtifactRegistry`), not on the project.
 */
export const NODE_ROLES: readonly string[] = ['roles/container.defaultNodeServiceAccount'];

/** Props of {@link NodeServiceAccount}. */
export interface NodeServiceAccountProps {
  readonly projectId: string;
  /** The account id, the part of the email before `@`: 6-30 characters. */
  readonly accountId: string;
  /**
   * Shown in the console.
   * @default - "GKE nodes"
   */
  readonly displayName?: string;
}

/**
 * A dedicated, least-privilege service account for GKE nodes, with the {@link NODE_ROLES} on the project. GKE's
 * default is the Compute Engine default service account, which holds the Editor role on the whole project.
 */
export class NodeServiceAccount extends Construct {
  public readonly account: ServiceAccount;
  /** One binding per role in {@link NODE_ROLES}; node pools should depend on them. */
  public readonly roleBindings: ProjectIamMember[];
  public readonly accountId: string;
  /** The account's email, derived from its id and project (known before apply). */
  public readonly email: string;

  constructor(scope: Construct, id: string, props: NodeServiceAccountProps) {
    super(scope, id);
    const check = gcpChecker('NodeServiceAccount', this);
    checkName(check, 'projectId', props.projectId, PROJECT_ID);
    checkName(check, 'accountId', props.accountId, SERVICE_ACCOUNT_ID);

    this.accountId = props.accountId;
    this.email = serviceAccountEmail(props.accountId, props.projectId);
    this.account = new ServiceAccount(this, 'account', {
      project: props.projectId,
      accountId: props.accountId,
      displayName: props.displayName ?? 'GKE nodes',
    });
    this.roleBindings = NODE_ROLES.map(
      (role) =>
        new ProjectIamMember(this, role.replace(/^roles\//, ''), {
          project: props.projectId,
          role,
          member: `serviceAccount:${this.account.email}`,
        }),
    );
  }
}

/**
 * The default node service account id for a cluster: its name with `-nodes`, cut to the 30 characters an account
 * id may have.
 * @internal
 */
export function defaultNodeAccountId(clusterName: string): string {
  const base = clusterName.slice(0, 24).replace(/-+$/, '');
  return `${base}-nodes`;
}
