/**
 * A rule that throws, or input that would make the run throw, never stops the run: the rule's failure is an error
 * finding for that object (rule id, file, line), unreadable YAML an error line for that file, and every other file
 * is still checked. The five inputs are the crashes fuzzing found.
 */
import { ALL_PACKS, Manifest, Pack, defineRule, runChecks } from '../../lib';
import { backgroundedDeployment, deploymentYaml as deployment, expectNoStackTrace, runCheck, tempDir } from './cli-helpers';

const { dir, write } = tempDir('rule-failures-');
const sentinel = write('sentinel/deployment.yaml', backgroundedDeployment('sentinel'));

const aliasBomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');

const CASES: { name: string; file: string; text: string; expect: RegExp }[] = [
  { name: 'env written as a map (Helm habit)', file: 'env-map.yaml', text: deployment('env-map', '          env:\n            LOG_LEVEL: debug\n'),
    expect: /Deployment env-map \(.*env-map\.yaml:1\)\n(.*\n)*  ✖ error\s+prod-env-secret\s+could not check this object: the rule stopped with TypeError: .*env.*is not a function/ },
  { name: 'an empty ports item', file: 'empty-port.yaml', text: deployment('empty-port', '          ports:\n            -\n'),
    expect: /Deployment empty-port \(.*empty-port\.yaml:1\)\n(.*\n)*  ✖ error\s+pss-host-ports\s+could not check this object: the rule stopped with TypeError/ },
  { name: 'a 10,000-deep command (JSON)', file: 'deep.json',
    text: `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep"},"spec":{"containers":[{"name":"a","command":${'['.repeat(10_000)}${']'.repeat(10_000)}}]}}`,
    expect: /^error: .*deep\.json: nested more than 256 levels deep/m },
  { name: 'a 10,000-deep command (YAML)', file: 'deep.yaml', text: `apiVersion: v1\nkind: Pod\nmetadata: { name: deep }\nspec: { containers: [{ name: a, command: ${'['.repeat(10_000)}${']'.repeat(10_000)} }] }\n`,
    expect: /^error: .*deep\.yaml:4:\d+: invalid YAML: nested too deeply to parse$/m },
  { name: 'an alias to no anchor', file: 'alias.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata:\n  a: *nowhere\n',
    expect: /^error: .*alias\.yaml:5: invalid YAML: Unresolved alias \(the anchor must be set before the alias\): nowhere$/m },
  { name: 'a YAML alias bomb', file: 'bomb.yaml', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: bomb }\n${aliasBomb}\n`,
    expect: /^error: .*bomb\.yaml:1: invalid YAML: Excessive alias count indicates a resource exhaustion attack$/m },
];

describe.each(CASES)('$name', ({ file, text, expect: expected }) => {
  test('gives one finding or one line for it, no stack trace, and the sentinel is still checked', () => {
    const input = write(`cases/${file}`, text);
    const run = runCheck([input, sentinel], { timeout: 20_000 });
    expect(run.code).toBe(1);
    expectNoStackTrace(run);
    expect(`${run.err}${run.out}`).toMatch(expected);
    expect(run.out).toMatch(/Deployment sentinel \(.*\)\n  ✖ error\s+seed-backgrounded-server/);
  });
});

test('all of them at once, in one directory: each reported, and the sentinel still checked', () => {
  const run = runCheck([`${dir}/cases`, sentinel, '--format', 'json'], { timeout: 20_000 });
  expect(run.code).toBe(1);
  expectNoStackTrace(run);
  const report = JSON.parse(run.out);
  expect(report.findings.filter((f: { rule: string }) => f.rule === 'unreadable-input')).toHaveLength(4);
  expect(report.summary.unreadable).toBe(4);
  expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'seed-backgrounded-server', resource: 'Deployment sentinel' }));
});

describe('the runner', () => {
  const boom = defineRule.kubernetes({
    id: 'test-boom', level: 'warning', summary: 'Throws on Services', fix: 'Nothing to fix.', source: 'this test',
    check: ({ manifest }) => { if (manifest.kind === 'Service') throw new RangeError('Maximum call stack size exceeded'); return []; },
  });
  const notAList = defineRule.kubernetes({
    id: 'test-not-a-list', level: 'warning', summary: 'Returns no list', fix: 'Nothing to fix.', source: 'this test',
    check: () => undefined as unknown as string[],
  });
  const pack: Pack = { name: 'test', description: 'rules that fail', rules: [boom, notAList] };
  const service: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' } };
  const deploy: Manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' } };

  test('a rule that throws gives an error finding for that object, with its id, file and line; the run goes on', () => {
    const findings = runChecks({ manifests: [{ manifest: service, file: 'a.yaml', line: 7 }, { manifest: deploy, file: 'a.yaml', line: 20 }] }, [pack]);
    expect(findings.map((f) => [f.rule, f.level, f.resource, f.file, f.line])).toEqual([
      ['test-boom', 'error', 'Service n/s', 'a.yaml', 7],
      ['test-not-a-list', 'error', 'Service n/s', 'a.yaml', 7],
      ['test-not-a-list', 'error', 'Deployment n/d', 'a.yaml', 20],
    ]);
    expect(findings[0].message).toBe('could not check this object: the rule stopped with RangeError: Maximum call stack size exceeded');
    expect(findings[1].message).toBe('could not check this object: the rule stopped with TypeError: the rule returned undefined, not a list of messages');
  });

  test('a Terraform rule that throws is reported the same way', () => {
    const tf = defineRule.terraform({
      id: 'test-tf-boom', level: 'error', summary: 'Throws', fix: 'Nothing to fix.', source: 'this test', resourceTypes: ['google_container_cluster'],
      check: ({ resource }) => resource.body.node_config.map(String),
    });
    const findings = runChecks({ terraform: [{ file: 'cdk.tf.json', resources: [{ type: 'google_container_cluster', name: 'c', body: {} }] }] }, [{ name: 'tf', description: 'd', rules: [tf] }]);
    expect(findings).toEqual([expect.objectContaining({ rule: 'test-tf-boom', level: 'error', resource: 'google_container_cluster.c', file: 'cdk.tf.json' })]);
  });

  test('odd metadata (a name that is a map, annotations that are a string) never stops the run', () => {
    const odd = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: { toString: 1 }, namespace: 7, annotations: 'x' } } as unknown as Manifest;
    const findings = runChecks({ manifests: [{ manifest: odd }] }, ALL_PACKS);
    expect(findings.filter((f) => f.message.startsWith('could not check'))).toEqual([]);
  });
});
