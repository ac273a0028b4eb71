import {
  GKE_NAME,
  LABEL_KEY,
  LABEL_VALUE,
  PROJECT_ID,
  RFC1035_NAME,
  SERVICE_ACCOUNT_ID,
} from '../../lib/plan/names';
import { serviceAccountEmail, workloadIdentityMember, workloadPool } from '../../lib/plan/derive';

describe('name rules', () => {
  test.each([
    ['PROJECT_ID', PROJECT_ID, ['my-project-id', 'abcdef', 'a2345678901234567890123456789b'], ['short', 'My-project', '1project', 'project-', 'a23456789012345678901234567890b']],
    ['GKE_NAME', GKE_NAME, ['a', 'kf-cluster', 'a'.repeat(40)], ['', 'Kf', '1kf', 'kf-', 'kf_cluster', 'a'.repeat(41)]],
    ['RFC1035_NAME', RFC1035_NAME, ['kf-api-ip', 'a', 'a'.repeat(63)], ['kf-api-ip-', '-a', 'a'.repeat(64), 'A']],
    ['SERVICE_ACCOUNT_ID', SERVICE_ACCOUNT_ID, ['kf-api', 'kf-cluster-nodes', 'a'.repeat(30)], ['kf-ap', 'a'.repeat(31), 'kf-api-', '9kf-api']],
    ['LABEL_KEY', LABEL_KEY, ['app', 'managed-by', 'team_1'], ['App', '1app', '', 'a.b']],
    ['LABEL_VALUE', LABEL_VALUE, ['', 'kf-api', '1_2'], ['Kf', 'a b', 'a'.repeat(64)]],
  ])('%s', (_name, rule, good, bad) => {
    for (const value of good) expect(rule.pattern.test(value)).toBe(true);
    for (const value of bad) expect(rule.pattern.test(value)).toBe(false);
    expect(rule.description.length).toBeGreaterThan(10);
  });
});

describe('derived names', () => {
  test('service account email', () => {
    expect(serviceAccountEmail('kf-api', 'my-project-id')).toBe('kf-api@my-project-id.iam.gserviceaccount.com');
  });

  test('workload pool and member', () => {
    expect(workloadPool('my-project-id')).toBe('my-project-id.svc.id.goog');
    expect(workloadIdentityMember('my-project-id', 'kf-api', 'kf-api')).toBe(
      'serviceAccount:my-project-id.svc.id.goog[kf-api/kf-api]',
    );
  });
});
