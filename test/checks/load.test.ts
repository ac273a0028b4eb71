/**
 * What `check` reads, and what it says when there is nothing (or nothing readable) to check: nothing to check is not
 * a pass, special files are never waited on, unreadable input counts as errors, JSON errors have a line and a
 * column, and directories are read in code point order whatever the locale.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadPaths } from '../../lib';
import { compareCodePoints } from '../../lib/checks/load';
import { jsonErrorOffset, parseJson } from '../../lib/checks/parse';
import { SEED, backgroundedDeployment, expectNoStackTrace, runCheck, tempDir } from './cli-helpers';

const { dir, write } = tempDir('load-');

describe('nothing to check is not a pass', () => {
  test('an empty directory: exit 1 and one line', () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    const run = runCheck([path.join(dir, 'empty')]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`error: ${path.join(dir, 'empty')}: nothing to check: no Kubernetes object and no Terraform resource here\n`);
    expect(run.out).toBe('');
  });

  test('a directory of no manifests (cdktf bookkeeping, empty YAML documents, other files): exit 1 and one line', () => {
    write('bookkeeping/manifest.json', JSON.stringify({ version: '0.21.0', stacks: {} }));
    write('bookkeeping/empty.yaml', '---\n# nothing\n---\n');
    write('bookkeeping/notes.txt', 'apiVersion: v1\nkind: Service\n');
    const run = runCheck([path.join(dir, 'bookkeeping')]);
    expect([run.code, run.err.trim().split('\n')]).toEqual([1, [`error: ${path.join(dir, 'bookkeeping')}: nothing to check: no Kubernetes object and no Terraform resource here`]]);
  });

  test('a path with nothing to check fails the run even beside one that has', () => {
    const run = runCheck([SEED, path.join(dir, 'empty'), '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out).summary).toMatchObject({ unreadable: 1 });
  });
});

describe('special files are never read', () => {
  const fifoDir = path.join(dir, 'fifo');
  beforeAll(() => {
    fs.mkdirSync(fifoDir);
    execFileSync('mkfifo', [path.join(fifoDir, 'pipe.yaml')]);
    fs.writeFileSync(path.join(fifoDir, 'real.yaml'), backgroundedDeployment('real'));
    fs.symlinkSync(path.join(fifoDir, 'pipe.yaml'), path.join(fifoDir, 'link-to-pipe.yaml'));
  });

  test('a FIFO named .yaml in a directory (or a link to one) is skipped, and the rest is checked', () => {
    const run = runCheck([fifoDir], { timeout: 10_000 });
    expect(run.code).toBe(1); // the Deployment's error, nothing else
    expect(run.err).toBe('');
    expect(run.out).toContain('Deployment real');
  });

  test('a FIFO named on the command line: one line, no wait', () => {
    const run = runCheck([path.join(fifoDir, 'pipe.yaml')], { timeout: 10_000 });
    expect([run.code, run.err]).toEqual([1, `error: ${path.join(fifoDir, 'pipe.yaml')}: not a regular file (a FIFO, socket or device), so not read\n`]);
  });
});

test('summary.errors counts unreadable input whenever the exit code says so', () => {
  const broken = write('counted/broken.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n');
  write('counted/not-k8s.json', '{"replicaCount": 2}');
  const run = runCheck([path.join(dir, 'counted'), '--format', 'json']);
  expect(run.code).toBe(1);
  const report = JSON.parse(run.out);
  expect(report.summary).toMatchObject({ errors: 2, unreadable: 2, warnings: 0 });
  expect(report.findings[0]).toMatchObject({ rule: 'unreadable-input', level: 'error', file: broken, line: 4, column: 1 });
  const table = runCheck([path.join(dir, 'counted')]);
  expect([table.code, table.out]).toEqual([1, '']); // nothing was read: the two lines on standard error say it all
  expectNoStackTrace(table);
});

describe('JSON errors give a line and a column', () => {
  const cases: [string, string, number, number][] = [
    ['end of input', '{\n  "resource": ', 2, 15],
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['a bare word', '{\n  "kind": Deployment\n}', 2, 11],
    ['a trailing comma', '[1,\n 2,\n]', 3, 1],
    ['a control character in a string', '{"a": "x\ty"}', 1, 9],
    ['text after the value', '{}\n{}', 2, 1],
    ['a bad escape', '["\\q"]', 1, 3],
  ];
  test.each(cases)('%s', (_name, text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(parseJson('f.json', text).errors).toEqual([{ file: 'f.json', line, column, message: expect.stringMatching(/^invalid JSON: \S/) }]);
  });

  test('agrees with V8 wherever V8 gives a position, and finds no error in valid JSON', () => {
    for (const text of ['{"a" 1}', '[1,,2]', '{"a":1,}', '{"a":tru}', '[-]', '"abc']) {
      const v8 = /at position (\d+)/.exec((() => { try { JSON.parse(text); return ''; } catch (e) { return (e as Error).message; } })());
      if (v8) expect(jsonErrorOffset(text)).toBe(Number(v8[1]));
    }
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, null, "x\\u00e9\\n"], "b": {}} ', `${'['.repeat(5000)}${']'.repeat(5000)}`]) {
      expect(jsonErrorOffset(text)).toBeUndefined();
    }
  });
});

describe('directories are read in code point order, whatever the locale', () => {
  const names = ['b.yaml', 'B.yaml', 'a.yaml', 'é.yaml', 'z.yaml', '\u{1F600}.yaml', '\uFFFD.yaml', '_x.yaml', '10.yaml', '9.yaml'];
  const sorted = ['10.yaml', '9.yaml', 'B.yaml', '_x.yaml', 'a.yaml', 'b.yaml', 'z.yaml', 'é.yaml', '\uFFFD.yaml', '\u{1F600}.yaml'];
  beforeAll(() => {
    for (const n of names) write(`order/${n}`, `apiVersion: v1\nkind: Secret\nmetadata: { name: ${JSON.stringify(n)} }\n`);
  });

  test('compareCodePoints orders as UTF-8 bytes do', () => {
    expect([...names].sort(compareCodePoints)).toEqual(sorted);
    expect([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))).toEqual(sorted);
  });

  test('the loader, and the report, follow it under any LANG', () => {
    expect(loadPaths([path.join(dir, 'order')]).files.map((f) => path.basename(f))).toEqual(sorted);
    const reports = ['C', 'sv_SE.UTF-8', 'tr_TR.UTF-8'].map((lang) => runCheck([path.join(dir, 'order'), '--format', 'json'], { env: { LANG: lang, LC_ALL: lang } }).out);
    expect(new Set(reports).size).toBe(1);
    // Secrets: no rule reads them, so the report lists each as not checked, in the order read.
    expect(JSON.parse(reports[0]).notChecked.map((o: { file: string }) => path.basename(o.file))).toEqual(sorted);
  });
});
