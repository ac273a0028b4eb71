import * as fs from 'fs';
import * as path from 'path';
import { isConfigError } from './plan/errors';

/**
 * Writes a synthesis output directory all at once: `write` fills a temporary sibling directory, which then
 * replaces `outdir`. If `write` throws, the temporary directory is removed and `outdir` is left as it was, so a
 * failed synth never leaves a half-written output behind.
 */
export function writeAtomically(outdir: string, write: (tmpdir: string) => void): void {
  const target = path.resolve(outdir);
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
