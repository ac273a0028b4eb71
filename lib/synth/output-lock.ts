/**
 * One synth at a time per output: a lock file beside each output (`.<name>.lock`, holding the owner's pid), taken
 * with an exclusive create. A second synth waits a bounded time, then fails with one line; a lock whose owner is
 * no longer running (killed) is taken over.
 */
import * as fs from 'fs';
import * as path from 'path';

/** How long a synth waits for another one writing the same output, unless `CDK_FASTAPI_GKE_LOCK_TIMEOUT` (seconds) says. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 120;
const POLL_MS = 50;

/** Another synth holds the output for longer than this one may wait. */
export class OutputLockedError extends Error {
  /** An environment condition, not a bug: printed as one line. */
  public readonly isUserError = true;
}

/** Whether a process with this pid is running (one we may not signal is running too). */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid a lock file names, or `undefined` when it is unreadable or half-written. */
function ownerOf(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
    return Number.isNaN(pid) ? undefined : pid;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lock file of an output. */
export function lockFileOf(output: string): string {
  return path.join(path.dirname(output), `.${path.basename(output)}.lock`);
}

/**
 * Takes the lock of every output (in a fixed order, so that two synths of overlapping outputs cannot deadlock) and
 * returns the function that releases them.
 */
export function lockOutputs(outputs: readonly string[], timeoutSeconds = lockTimeout()): () => void {
  const locks = [...new Set(outputs.map(lockFileOf))].sort();
  const held: string[] = [];
  try {
    for (const lock of locks) {
      take(lock, timeoutSeconds);
      held.push(lock);
    }
  } catch (err) {
    held.forEach(release);
    throw err;
  }
  return () => held.forEach(release);
}

function lockTimeout(): number {
  const configured = Number(process.env.CDK_FASTAPI_GKE_LOCK_TIMEOUT);
  return Number.isFinite(configured) && configured >= 0 && process.env.CDK_FASTAPI_GKE_LOCK_TIMEOUT !== '' ? configured : DEFAULT_LOCK_TIMEOUT_SECONDS;
}

function take(lock: string, timeoutSeconds: number): void {
  const deadline = Date.now() + timeoutSeconds * 1000;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  removeDeadDrafts(lock);
  for (;;) {
    if (tryCreate(lock)) return;
    const owner = ownerOf(lock);
    // A lock whose owner died is stale. One with no pid yet is being written: wait for it like any other.
    if (owner !== undefined && !isRunning(owner)) {
      breakStaleLock(lock, owner);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputLockedError(`another synth (pid ${owner ?? 'unknown'}) is writing ${path.basename(lock).slice(1, -'.lock'.length)}; waited ${timeoutSeconds} s (remove ${lock} if no synth is running, or set CDK_FASTAPI_GKE_LOCK_TIMEOUT)`);
    }
    sleep(POLL_MS);
  }
}

/**
 * Removes a dead owner's lock. Two synths may find it stale at once: each renames it aside first, and only one
 * rename succeeds; a lock that turns out to be a fresh one (taken between the read and the rename) is put back.
 */
function breakStaleLock(lock: string, deadOwner: number): void {
  const aside = `${lock}.stale-${process.pid}`;
  try {
    fs.renameSync(lock, aside);
  } catch {
    return; // another synth broke it first
  }
  if (ownerOf(aside) !== deadOwner) {
    try {
      fs.linkSync(aside, lock);
    } catch {
      // a newer lock is in place already
    }
  }
  fs.rmSync(aside, { force: true });
}

/**
 * Creates the lock with this process's pid in it, all at once: the pid is written to a draft, which is then linked
 * to the lock's name (a link fails when the name exists). A lock file created and written in two steps would be
 * left empty by a kill between them, and no one could tell whether its owner still runs.
 */
function tryCreate(lock: string): boolean {
  const draft = `${lock}.${process.pid}`;
  fs.writeFileSync(draft, `${process.pid}\n`);
  try {
    fs.linkSync(draft, lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** Drafts of the lock (`<lock>.<pid>`) that killed processes left. */
function removeDeadDrafts(lock: string): void {
  const prefix = `${path.basename(lock)}.`;
  for (const name of fs.readdirSync(path.dirname(lock))) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
    if (Number.isInteger(pid) && !isRunning(pid)) fs.rmSync(path.join(path.dirname(lock), name), { force: true });
  }
}

function release(lock: string): void {
  if (ownerOf(lock) === process.pid) fs.rmSync(lock, { force: true });
}
