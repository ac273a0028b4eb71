import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isConfigError } from '../plan/errors';

/** An output directory that synth must not replace: replacing it would delete the user's own files. */
export class UnsafeOutputDirError extends Error {
  /** A user or environment mistake: {@link runMain} prints the message, without a stack trace. */
  public readonly isUserError = true;

  constructor(public readonly outdir: string, reason: string) {
    super(`refusing output directory ${JSON.stringify(outdir)}: ${reason}; name a directory of its own, such as 'dist'`);
    this.name = 'UnsafeOutputDirError';
  }
}

/**
 * Throws {@link UnsafeOutputDirError} for an output directory whose replacement would delete files that synth did
 * not write: an empty name (an unset variable in a CI script: `CDK8S_OUTDIR= ...`), the working directory (`.`) or
 * one of its ancestors (`..`, `/`), the home directory, or the root of a git repository. Returns the absolute path.
 */
export function assertSafeOutputDir(outdir: string, cwd: string = process.cwd()): string {
  if (outdir.trim() === '') throw new UnsafeOutputDirError(outdir, 'the name is empty (is an environment variable unset?)');
  const target = path.resolve(cwd, outdir);
  const relativeToTarget = path.relative(target, path.resolve(cwd));
  if (relativeToTarget === '') throw new UnsafeOutputDirError(outdir, 'it is the working directory');
  if (!relativeToTarget.startsWith('..') && !path.isAbsolute(relativeToTarget)) {
    throw new UnsafeOutputDirError(outdir, 'it contains the working directory');
  }
  if (target === path.resolve(os.homedir())) throw new UnsafeOutputDirError(outdir, 'it is the home directory');
  if (fs.existsSync(path.join(target, '.git'))) throw new UnsafeOutputDirError(outdir, 'it is the root of a git repository');
  return target;
}

/**
 * Writes a synthesis output directory all at once: `write` fills a temporary sibling directory, which then
 * replaces `outdir`. If `write` throws, the temporary directory is removed and `outdir` is left as it was, so a
 * failed synth never leaves a half-written output behind. An `outdir` whose replacement would delete the user's
 * own files is refused before anything is written ({@link assertSafeOutputDir}).
 */
export function writeAtomically(outdir: string, write: (tmpdir: string) => void): void {
  const target = assertSafeOutputDir(outdir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = fs.mkdtempSync(`${target}.tmp-`);
  try {
    write(tmp);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Runs an app's main function the way a CLI should: a user mistake ({@link ConfigError}, a construct validation
 * error, failed checks) prints its message to stderr and sets exit code 1; anything else is a bug and keeps its
 * stack.
 */
export function runMain(main: () => void): void {
  try {
    main();
  } catch (err) {
    if (isConfigError(err) || isValidationError(err) || (err as { isUserError?: unknown })?.isUserError === true) {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

/** cdk8s and cdktf report failed `node.addValidation` checks as a plain Error with this prefix. */
function isValidationError(err: unknown): boolean {
  return err instanceof Error && /^Validation failed/.test(err.message);
}
