import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Testing } from 'cdktf';
import { defaultNodeAccountId, NODE_ROLES, NodeServiceAccount } from '../../lib/gcp/node-service-account';
import { resourcesOf, synth, testStack } from './helpers';

Testing.setupJest();

describe('NodeServiceAccount', () => {
  test('a dedicated account with roles/container.defaultNodeServiceAccount and nothing more', () => {
    const stack = testStack();
    const sa = new NodeServiceAccount(stack, 'nodes', { projectId: 'my-project-id', accountId: 'kf-cluster-nodes' });
    const out = synth(stack);

    expect(out).toHaveResourceWithProperties(ServiceAccount, { account_id: 'kf-cluster-nodes', display_name: 'GKE nodes' });
    expect(resourcesOf(out, 'google_project_iam_member').map((m) => m.role)).toEqual(['roles/container.defaultNodeServiceAccount']);
    expect(out).toHaveResourceWithProperties(ProjectIamMember, {
      project: 'my-project-id',
      member: expect.stringMatching(/^serviceAccount:\$\{google_service_account\..*\.email\}$/),
    });
    expect(sa.email).toBe('kf-cluster-nodes@my-project-id.iam.gserviceaccount.com');
    expect(sa.roleBindings).toHaveLength(NODE_ROLES.length);
    expect(NODE_ROLES).not.toContain('roles/editor');
  });

  test.each([
    [{ accountId: 'nodes' }, `NodeServiceAccount 'nodes' in stack 'test': 'accountId' ("nodes") must be a service account id`],
    [{ projectId: 'Project' }, `NodeServiceAccount 'nodes' in stack 'test': 'projectId' ("Project") must be a project id`],
  ])('refuses %j', (props, message) => {
    expect(
      () => new NodeServiceAccount(testStack(), 'nodes', { projectId: 'my-project-id', accountId: 'kf-nodes', ...props }),
    ).toThrow(message);
  });
});

test('defaultNodeAccountId', () => {
  expect(defaultNodeAccountId('kf-cluster')).toBe('kf-cluster-nodes');
  expect(defaultNodeAccountId('a')).toBe('a-nodes');
  const long = defaultNodeAccountId('a-very-long-cluster-name-of-forty-chars');
  expect(long).toBe('a-very-long-cluster-name-nodes');
  expect(long.length).toBeLessThanOrEqual(30);
  expect(defaultNodeAccountId('abcdefghijklmnopqrstuvw-xyz')).toBe('abcdefghijklmnopqrstuvw-nodes');
});
