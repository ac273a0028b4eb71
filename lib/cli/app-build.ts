/**
 * An app repository's TypeScript, compiled and loaded the fast way, for `synth` and `plan`: no ts-node. The build
 * runs `tsc -b` only when a source or the configuration changed since the last successful build, and the compiled
 * JavaScript runs with a code cache. The rules are those of the reference's launcher (scripts/run.js, shipped in
 * the package), given the app's own layout, which tsconfig.json says: `include` names the source folders,
 * `compilerOptions.outDir` the output, and `rootDir` must be `.` (so `src/main.ts` runs as `<outDir>/src/main.js`).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PlatformStack } from '../gcp/platform-stack';
import type { PlatformSpec } from '../plan/platform';

/** A mistake in the app repository or its environment: printed as one line, exit code 1. */
export class CliError extends Error {
  /** A user mistake: printed as one line. */
  public readonly isUserError = true;
}

/** What an app's entry point exports. */
export interface AppModule {
  /** The description: its APIs and the environments they run in. */
  readonly platform: PlatformSpec;
  /**
   * Called with each environment's Terraform stack before synthesis (suppressions, a backend, overrides).
   * @default - nothing
   */
  readonly configureStack?: (stack: PlatformStack) => void;
}

/** What the build reads and writes (scripts/run.js's layout). */
export interface BuildLayout {
  /** The folders whose .ts files are sources (`src`, `test`). */
  readonly sourceDirs: string[];
  /** Files whose change means a build (tsconfig.json, package.json, package-lock.json). */
  readonly configFiles: string[];
  /** Where tsc writes `<outDir>/<source>.js`. */
  readonly outDir: string;
}

interface Launcher {
  ensureBuilt(options: { root: string; layout: BuildLayout; entry: string; tsc: string[]; name: string }): boolean;
  outputOf(rel: string, layout: BuildLayout): string;
}

/** The package's own folder: the nearest above this file with a package.json (build/lib/cli/, or lib/cli/ in tests). */
export const PACKAGE_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** The entry point `synth` and `plan` load unless `--app` names another. */
export const DEFAULT_ENTRY = 'src/main.ts';

/** The package's package.json: its version and the ranges it supports. */
export function packageJson(): { version: string; peerDependencies: Record<string, string>; devDependencies: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
}

/** tsconfig.json's text as JSON: comments and trailing commas, which tsc accepts, removed. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = /"(?:[^"\\]|\\.)*"/y;
      end.lastIndex = i;
      const m = end.exec(text);
      out += m ? m[0] : text.slice(i);
      i = m ? i + m[0].length - 1 : text.length;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 1;
    } else {
      out += c;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** The app's build layout, from its tsconfig.json. */
export function readLayout(root: string): BuildLayout {
  const file = path.join(root, 'tsconfig.json');
  let config: { compilerOptions?: { outDir?: string; rootDir?: string }; include?: string[] };
  try {
    config = parseJsonc(fs.readFileSync(file, 'utf8')) as typeof config;
  } catch (err) {
    throw new CliError(`cannot read tsconfig.json in ${root}: ${(err as Error).message.split('\n')[0]} (cdk-fastapi-gke init writes one)`);
  }
  const options = config.compilerOptions ?? {};
  const rootDir = options.rootDir === undefined ? undefined : path.normalize(options.rootDir).replace(/(.)[\\/]+$/, '$1');
  if (!options.outDir || rootDir !== '.') {
    throw new CliError('tsconfig.json must set compilerOptions.rootDir to "." and an outDir (such as "build"): synth runs <outDir>/<entry>.js');
  }
  const sourceDirs = [...new Set((config.include ?? []).map((pattern) => pattern.replace(/^\.\//, '').split('/')[0]))];
  if (sourceDirs.length === 0 || sourceDirs.some((dir) => dir === '' || /[*?{[]|\.ts$/.test(dir))) {
    throw new CliError('tsconfig.json must list its sources by folder in "include" (such as "src/**/*.ts"), so that synth knows what to watch');
  }
  return { sourceDirs, configFiles: ['tsconfig.json', 'package.json', 'package-lock.json'], outDir: path.normalize(options.outDir) };
}

function launcher(): Launcher {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(PACKAGE_ROOT, 'scripts', 'run.js')) as Launcher;
}

/**
 * The app's TypeScript compiler (its package's `tsc` bin: TypeScript 7 exports no `bin/tsc` module), or a one-line
 * error naming the version to install.
 */
function compilerOf(root: string): string {
  let manifest: string;
  try {
    manifest = require.resolve('typescript/package.json', { paths: [root] });
  } catch {
    throw new CliError(`TypeScript is not installed in ${root}: npm install --save-dev typescript@${packageJson().devDependencies.typescript}`);
  }
  const bin = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin?: { tsc?: string } }).bin?.tsc ?? 'bin/tsc';
  return path.join(path.dirname(manifest), bin);
}

/**
 * Compiles the app when a source changed, then loads its entry point (`src/main.ts` by default) and checks that it
 * exports a `platform`. A failed compilation prints the compiler's messages and throws a {@link CliError}.
 */
export function loadApp(root: string, entry: string = DEFAULT_ENTRY): AppModule {
  const layout = readLayout(root);
  const rel = path.relative(root, path.resolve(root, entry)).split(path.sep).join('/');
  if (!fs.existsSync(path.join(root, rel))) throw new CliError(`${entry} does not exist in ${root} (--app names the entry point; cdk-fastapi-gke init writes ${DEFAULT_ENTRY})`);
  if (!layout.sourceDirs.some((dir) => rel.startsWith(`${dir}/`))) {
    throw new CliError(`${entry} is not compiled: tsconfig.json includes ${layout.sourceDirs.map((d) => `${d}/`).join(' and ')} only`);
  }
  const run = launcher();
  if (!run.ensureBuilt({ root, layout, entry: rel, tsc: [compilerOf(root), '-b'], name: 'cdk-fastapi-gke' })) {
    throw new CliError('the TypeScript build failed (see above); nothing was synthesized');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(PACKAGE_ROOT, 'scripts', 'compile-cache.js')).enableCompileCache(path.join(root, 'node_modules', '.cache', 'cdk-fastapi-gke'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = require(path.join(root, run.outputOf(rel, layout))) as Partial<AppModule>;
  const platform = app.platform as Partial<PlatformSpec> | undefined;
  if (typeof platform !== 'object' || platform === null || !Array.isArray(platform.apis) || !Array.isArray(platform.environments)) {
    throw new CliError(`${rel} must export \`platform\`, a PlatformSpec ({ apis, environments }) from 'cdk-fastapi-gke/plan'`);
  }
  if (app.configureStack !== undefined && typeof app.configureStack !== 'function') {
    throw new CliError(`${rel} exports \`configureStack\`, which must be a function (stack) => void`);
  }
  return app as AppModule;
}
