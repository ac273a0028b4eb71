/**
 * lib/synth/atomic-output.ts: an output directory whose replacement would delete the user's own files is refused, before
 * anything is written, both by the function and by the entry points as a user runs them.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertSafeOutputDir, UnsafeOutputDirError, writeAtomically } from '../../lib/synth/atomic-output';

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-output-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fake working tree: a git repository with a file the user cares about. */
function workTree(name: string): string {
  const dir = path.join(tmp, name, 'repo');
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(dir, 'precious.txt'), 'uncommitted work\n');
  return dir;
}

describe('assertSafeOutputDir', () => {
  const cwd = workTree('unit');
  test.each([
    ['', 'the name is empty'],
    ['   ', 'the name is empty'],
    ['.', 'it is the working directory'],
    ['./', 'it is the working directory'],
    [cwd, 'it is the working directory'],
    ['..', 'it contains the working directory'],
    ['../..', 'it contains the working directory'],
    ['/', 'it contains the working directory'],
    [os.homedir(), os.homedir() === '/' ? 'it contains the working directory' : 'it is the home directory'],
  ])('refuses %j: %s', (outdir, reason) => {
    expect(() => assertSafeOutputDir(outdir, cwd)).toThrow(UnsafeOutputDirError);
    expect(() => assertSafeOutputDir(outdir, cwd)).toThrow(`refusing output directory ${JSON.stringify(outdir)}: ${reason}`);
  });

  test('refuses the root of another git repository', () => {
    const other = workTree('other-repo');
    expect(() => assertSafeOutputDir(other, cwd)).toThrow('it is the root of a git repository');
  });

  test.each(['dist', 'out/dist', '../sibling-out', path.join(tmp, 'elsewhere')])('accepts %j', (outdir) => {
    expect(assertSafeOutputDir(outdir, cwd)).toBe(path.resolve(cwd, outdir));
  });

  test('writeAtomically refuses before it writes anything', () => {
    const write = jest.fn();
    expect(() => writeAtomically('', write)).toThrow(UnsafeOutputDirError);
    expect(() => writeAtomically('.', write)).toThrow(UnsafeOutputDirError);
    expect(write).not.toHaveBeenCalled();
  });
});

describe('the entry points, run as a user runs them', () => {
  // The compiled entry points `npm run synth`, cdk8s.yaml and cdktf.json run; `npm test` compiles first.
  const cases: [string, string, string][] = [
    ['apps/k8s.ts', 'CDK8S_OUTDIR', ''],
    ['apps/k8s.ts', 'CDK8S_OUTDIR', '.'],
    ['apps/k8s.ts', 'CDK8S_OUTDIR', '..'],
    ['apps/gcp.ts', 'CDKTF_OUTDIR', ''],
    ['apps/gcp.ts', 'CDKTF_OUTDIR', '.'],
  ];
  test.each(cases)('%s with %s=%j prints one line, exits 1 and deletes nothing', (entry, variable, value) => {
    const cwd = workTree(`${path.basename(entry, '.ts')}-${variable}-${value.replace(/\W/g, '_') || 'empty'}`);
    const before = fs.readdirSync(path.dirname(cwd)).sort();
    const result = spawnSync(process.execPath, [path.join(ROOT, 'build', entry.replace(/\.ts$/, '.js'))], {
      cwd, env: { ...process.env, [variable]: value }, encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: refusing output directory .*; name a directory of its own, such as 'dist'\n$/);
    expect(fs.readFileSync(path.join(cwd, 'precious.txt'), 'utf8')).toBe('uncommitted work\n');
    expect(fs.existsSync(path.join(cwd, '.git', 'HEAD'))).toBe(true);
    // Nothing written beside it either: no temporary directory, no report.
    expect(fs.readdirSync(path.dirname(cwd)).sort()).toEqual(before);
    expect(fs.readdirSync(cwd).sort()).toEqual(['.git', 'precious.txt']);
  }, 60_000);
});
