/**
 * The synth outputs' safety, as an app's entry point uses it: one output written all at once ({@link writeAtomically}),
 * and {@link runMain}, which prints a user's or the environment's mistake as one line.
 */
import { isConfigError } from '../plan/errors';
import { writeOutputs } from './output-transaction';

export { UnsafeOutputDirError, assertSafeOutputDir } from './output-paths';
export { OutputLockedError } from './output-lock';
export { OutputWriteError, recoverOutput, writeOutputs } from './output-transaction';
export type { OutputTransaction } from './output-transaction';

/**
 * Writes a synthesis output directory all at once: `write` fills a temporary sibling directory, which then
 * replaces `outdir` (see lib/synth/output-transaction.ts). If `write` throws, `outdir` is left as it was. An
 * `outdir` whose replacement would delete the user's own files is refused before anything is written, and a second
 * synth of the same `outdir` waits for the first.
 */
export function writeAtomically(outdir: string, write: (tmpdir: string) => void): void {
  writeOutputs([{ path: outdir, kind: 'dir' }], (tx) => write(tx.dir(outdir)));
}

/** The checks' report of an output: `<outdir>.checks.json`, beside it. */
export function reportFileOf(outdir: string): string {
  return `${outdir.replace(/[\\/]+$/, '')}.checks.json`;
}

/**
 * Runs an app's main function the way a CLI should: a user mistake ({@link ConfigError}, a construct validation
 * error, failed checks) or an environment's (no space, a locked output) prints its message to stderr and sets exit
 * code 1; anything else is a bug and keeps its stack.
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
