/** Running `cdk-fastapi-gke check` as a user runs it: the compiled bin (`npm test` compiles first), in a temp dir. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'build/lib/cli.js');
export const SEED = path.join(ROOT, 'test/fixtures/seed-manifests');

export interface CheckRun {
  /** The exit code; `null` when the run was killed (a timeout). */
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `check ARGS...` from the repository root, without colours, killed after `timeout` ms. */
export function runCheck(args: readonly string[], options: { timeout?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): CheckRun {
  const run = spawnSync(process.execPath, [BIN, 'check', ...args], {
    cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: options.timeout ?? 30_000, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** A temporary directory, removed after the test file's tests. */
export function tempDir(prefix: string): { dir: string; write: (name: string, text: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  return { dir, write };
}

/** A Deployment named `name` of one container `api`, with `containerYaml` added to the container (indented for it). */
export function deploymentYaml(name: string, containerYaml: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: api
          image: api:1.0.0
${containerYaml}`;
}

/** A Deployment named `name` whose server runs in the background: exactly one seed-pitfalls error. */
export function backgroundedDeployment(name: string): string {
  return deploymentYaml(name, '          command: [sh, -c, "nohup uvicorn main:app &"]\n');
}

/** No stack trace anywhere in a run's output. */
export function expectNoStackTrace(run: CheckRun): void {
  expect(`${run.out}\n${run.err}`).not.toMatch(/\n\s+at .+[:(]\d+/);
  expect(run.err).not.toMatch(/^(TypeError|RangeError|ReferenceError|Error|SyntaxError)\b/m);
}
