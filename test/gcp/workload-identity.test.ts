import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Testing } from 'cdktf';
import { WorkloadIdentity, WorkloadIdentityProps } from '../../lib/gcp/workload-identity';
import { onlyResource, synth, testStack } from './helpers';

Testing.setupJest();

const BASE: WorkloadIdentityProps = {
  projectId: 'my-project-id',
  accountId: 'kf-api',
  namespace: 'kf-api',
  kubernetesServiceAccount: 'kf-api',
};

describe('WorkloadIdentity', () => {
  test("a Google service account the API's Kubernetes service account may act as", () => {
    const stack = testStack();
    const identity = new WorkloadIdentity(stack, 'kf-api', BASE);
    const out = synth(stack);

    expect(out).toHaveResourceWithProperties(ServiceAccount, { account_id: 'kf-api', project: 'my-project-id' });
    expect(out).toHaveResourceWithProperties(ServiceAccountIamMember, {
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:my-project-id.svc.id.goog[kf-api/kf-api]',
    });
    expect(onlyResource(out, 'google_service_account_iam_member').service_account_id).toMatch(
      /^\$\{google_service_account\..*\.name\}$/,
    );
    expect(out).not.toHaveResource(ProjectIamMember);
    expect(identity.email).toBe('kf-api@my-project-id.iam.gserviceaccount.com');
    expect(identity.member).toBe('serviceAccount:my-project-id.svc.id.goog[kf-api/kf-api]');
  });

  test('project roles, and a dependency on the cluster that creates the pool', () => {
    const stack = testStack();
    const other = new ServiceAccount(stack, 'cluster-stand-in', { accountId: 'stand-in' });
    new WorkloadIdentity(stack, 'kf-api', { ...BASE, roles: ['roles/cloudsql.client'], dependsOn: [other] });
    const out = synth(stack);
    expect(out).toHaveResourceWithProperties(ProjectIamMember, {
      role: 'roles/cloudsql.client',
      member: expect.stringMatching(/^serviceAccount:\$\{google_service_account\..*\.email\}$/),
    });
    expect(onlyResource(out, 'google_service_account_iam_member').depends_on).toEqual([
      expect.stringMatching(/^google_service_account\.cluster-stand-in/),
    ]);
  });

  const P = "WorkloadIdentity 'kf-api' in stack 'test':";
  test.each<[Partial<WorkloadIdentityProps>, string]>([
    [{ accountId: 'api' }, `${P} 'accountId' ("api") must be a service account id`],
    [{ projectId: 'x' }, `${P} 'projectId' ("x") must be a project id`],
    [{ namespace: 'KF' }, `${P} 'namespace' ("KF") must be a Kubernetes namespace name (an RFC 1123 label)`],
    [{ kubernetesServiceAccount: 'kf api' }, `${P} 'kubernetesServiceAccount' ("kf api") must be a Kubernetes service account name (an RFC 1123 subdomain)`],
    [{ roles: ['cloudsql.client'] }, `${P} 'roles[0]' ("cloudsql.client") must be a role such as 'roles/cloudsql.client'`],
    [{ roles: ['roles/cloudsql.client', 'roles/editor'] }, `${P} 'roles[1]' ("roles/editor") is a basic role that grants far more than one API needs: grant predefined roles`],
    [{ roles: ['roles/owner'] }, `${P} 'roles[0]' ("roles/owner") is a basic role`],
  ])('refuses %j', (overrides, message) => {
    expect(() => new WorkloadIdentity(testStack(), 'kf-api', { ...BASE, ...overrides })).toThrow(message);
  });

  test('a custom role is a role', () => {
    expect(() => new WorkloadIdentity(testStack(), 'kf-api', { ...BASE, roles: ['projects/my-project-id/roles/apiReader'] })).not.toThrow();
  });
});
