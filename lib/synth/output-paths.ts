/**
 * Where a synth output may go, and what shape the path has: synth replaces whatever is there, so a path whose
 * replacement would delete the user's own files is refused before anything is written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** An output path that synth must not replace: replacing it would delete the user's own files. */
export class UnsafeOutputDirError extends Error {
  /** A user or environment mistake: `runMain` prints the message, without a stack trace. */
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

/** How an output is replaced. */
export interface OutputPlace {
  /** The path the user named, for messages. */
  readonly named: string;
  /** Where the output really is: the path, or what a symbolic link at it points to (synth writes through the link). */
  readonly path: string;
  readonly kind: 'dir' | 'file';
  /**
   * A directory that is a mount point (a container volume) cannot be renamed (EBUSY): its entries are replaced one
   * by one instead, each by a rename within the mount.
   */
  readonly mountPoint: boolean;
}

/**
 * Checks the shape of what is at `named` and says how to replace it: a directory output must not be a regular file
 * (or anything but a directory), a file output must not be a directory. A symbolic link is followed, so that the
 * link stays and what it points to is replaced.
 */
export function placeOf(named: string, kind: 'dir' | 'file', cwd: string = process.cwd()): OutputPlace {
  const absolute = kind === 'dir' ? assertSafeOutputDir(named, cwd) : path.resolve(cwd, named);
  let real = absolute;
  try {
    if (fs.lstatSync(absolute).isSymbolicLink()) real = fs.realpathSync(absolute);
  } catch {
    return { named, path: absolute, kind, mountPoint: false }; // nothing there yet (or a dangling link: replaced)
  }
  if (real !== absolute && kind === 'dir') assertSafeOutputDir(real, cwd);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    return { named, path: real, kind, mountPoint: false };
  }
  if (kind === 'dir' && !stat.isDirectory()) throw new UnsafeOutputDirError(named, 'it is a file, not a directory');
  if (kind === 'file' && !stat.isFile()) throw new UnsafeOutputDirError(named, 'it is not a regular file');
  const mountPoint = kind === 'dir' && stat.dev !== fs.statSync(path.dirname(real)).dev;
  return { named, path: real, kind, mountPoint };
}
