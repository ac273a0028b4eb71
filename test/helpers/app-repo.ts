/**
 * App repositories in temporary folders, run as a user runs them: the real `cdk-fastapi-gke` CLI, npm, and the
 * cdk8s and cdktf CLIs. `linkNodeModules` gives a folder this repository's node_modules and the library itself as
 * `cdk-fastapi-gke` (no install, no network); test/app-repo/scaffold.test.ts installs from the packed tarball.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'build/lib/cli.js');

/** The environment of a command a user types: none of the outer `npm test`'s own variables. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_(lifecycle|package|command|node_execpath)|INIT_CWD|JEST_WORKER_ID)/.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', CHECKPOINT_DISABLE: '1', ...extra };
}

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` with `args` in `cwd`, without a shell. */
export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Ran {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: userEnv(env), maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `cdk-fastapi-gke ARGS...` as the bin runs it. */
export function cli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Ran {
  return run(process.execPath, [CLI, ...args], cwd, env);
}

/**
 * Links this repository's packages into `dir/node_modules`, the library as `cdk-fastapi-gke`, and their commands
 * into `node_modules/.bin` (with `cdk-fastapi-gke` there, as npm would install it).
 */
export function linkNodeModules(dir: string): void {
  const modules = path.join(dir, 'node_modules');
  const bin = path.join(modules, '.bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry !== '.bin' && entry !== '.cache') fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  for (const command of fs.readdirSync(path.join(ROOT, 'node_modules/.bin'))) {
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules/.bin', command)), path.join(bin, command));
  }
  fs.symlinkSync(ROOT, path.join(modules, 'cdk-fastapi-gke'));
  fs.writeFileSync(path.join(bin, 'cdk-fastapi-gke'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
}

/** Every file under `dir` (relative, sorted), node_modules and build output aside. */
export function filesUnder(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return ['node_modules', 'build'].includes(e.name) ? [] : filesUnder(dir, child);
    return [child];
  }).sort();
}

/** The lines of a command's standard error that are not the launcher's "compiling" notice. */
export function errorLines(r: Ran): string[] {
  return r.stderr.split('\n').filter((l) => l !== '' && !/^cdk-fastapi-gke: compiling/.test(l));
}
