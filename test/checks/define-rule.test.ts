import { Manifest, TfResource, defineRule, runChecks } from '../../lib';

const FIELDS = { level: 'warning', summary: 'A rule that the tests define', fix: 'Nothing to fix here, it is a test.', source: 'the tests' } as const;

test('defineRule.kubernetes keeps every field and targets Kubernetes objects', () => {
  const check = ({ manifest }: { manifest: Manifest }) => (manifest.kind === 'Secret' ? ['is a Secret'] : []);
  const rule = defineRule.kubernetes({ id: 'test-no-secret', ...FIELDS, check });
  expect(rule).toEqual({ target: 'kubernetes', id: 'test-no-secret', ...FIELDS, check });
});

test('defineRule.terraform keeps every field, resourceTypes included, and targets Terraform resources', () => {
  const check = () => ['always'];
  const rule = defineRule.terraform({ id: 'test-always', ...FIELDS, resourceTypes: ['google_storage_bucket'], check });
  expect(rule).toEqual({ target: 'terraform', id: 'test-always', ...FIELDS, resourceTypes: ['google_storage_bucket'], check });
});

test('the runner runs defined rules of both targets', () => {
  const pack = {
    name: 'test-pack',
    description: 'rules the tests define',
    rules: [
      defineRule.kubernetes({ id: 'test-no-secret', ...FIELDS, check: ({ manifest }) => (manifest.kind === 'Secret' ? [`is named ${manifest.metadata?.name}`] : []) }),
      defineRule.terraform({ id: 'test-bucket', ...FIELDS, resourceTypes: ['google_storage_bucket'], check: ({ resource }) => [`is named ${resource.body.name}`] }),
    ],
  };
  const bucket: TfResource = { type: 'google_storage_bucket', name: 'logs', body: { name: 'my-logs' } };
  const other: TfResource = { type: 'google_compute_network', name: 'vpc', body: { name: 'vpc' } };
  const findings = runChecks({
    manifests: [{ manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' } } }, { manifest: { apiVersion: 'v1', kind: 'ConfigMap' } }],
    terraform: [{ resources: [bucket, other] }],
  }, [pack]);
  expect(findings.map((f) => [f.rule, f.resource, f.message])).toEqual([
    ['test-no-secret', 'Secret db', 'is named db'],
    ['test-bucket', 'google_storage_bucket.logs', 'is named my-logs'],
  ]);
});
