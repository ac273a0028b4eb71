/**
 * Synth outputs replaced all together or not at all. Each output (a directory such as `dist/`, or a file such as
 * `dist.checks.json`) is written to a hidden temporary sibling (`.dist.tmp-<pid>-<random>`); when every one is
 * complete and checked, a journal listing them is written, each old output is renamed aside and each new one
 * renamed in, then the journal and the old outputs are removed.
 *
 * A kill at any moment leaves either the old outputs or the new ones: before the journal, the temporaries are
 * simply left over; after it, the next run (of any synth of these outputs) finds the dead run's journal and
 * finishes its renames. Leftovers of dead runs are removed at the next run. Renames are atomic on one filesystem,
 * and the temporaries are siblings of their outputs, hence on the same filesystem.
 *
 * Why no SIGINT/SIGTERM handler: synth runs synchronously, and Node.js runs signal handlers only between tasks, so
 * a handler would let the whole synth finish (and switch the outputs) before it ran. Every signal therefore stops
 * the process at once, as SIGKILL does, and the next run cleans up.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { isRunning, lockOutputs } from './output-lock';
import { OutputPlace, placeOf } from './output-paths';

/** A file-system failure while writing an output (no space, read-only, a parent that is a file...): one line. */
export class OutputWriteError extends Error {
  /** An environment condition, not a bug: printed as one line. */
  public readonly isUserError = true;
}

/** Where a transaction's outputs are written before they are switched in, by output path as the caller named it. */
export interface OutputTransaction {
  /** The temporary directory that becomes the directory output `named`. */
  dir(named: string): string;
  /** The temporary file that becomes the file output `named`. */
  file(named: string): string;
}

interface Entry {
  readonly place: OutputPlace;
  /** The temporary path; for a mount point, a directory inside it whose entries replace the mount's. */
  readonly tmp: string;
  /** Where the old output goes while the new one is renamed in. */
  readonly old: string;
}

interface Journal {
  readonly pid: number;
  readonly entries: ReadonlyArray<{ readonly path: string; readonly tmp: string; readonly old: string; readonly mountPoint: boolean }>;
}

const JOURNAL_SUFFIX = '.journal';

/**
 * Runs `write` with temporary places for `outputs` (directories and files), then switches them all in. If `write`
 * throws, the temporaries are removed and every output is left as it was.
 */
export function writeOutputs(outputs: ReadonlyArray<{ readonly path: string; readonly kind: 'dir' | 'file' }>, write: (tx: OutputTransaction) => void): void {
  const places = outputs.map((o) => placeOf(o.path, o.kind));
  const where = places.map((p) => p.named).join(' and ');
  const release = describingErrors(() => lockOutputs(places.map((p) => p.path)), where);
  try {
    describingErrors(() => places.forEach(recover), where);
    const entries = describingErrors(() => places.map(prepare), where);
    const byName = new Map(entries.map((e) => [e.place.named, e]));
    const tmpOf = (named: string, kind: 'dir' | 'file') => {
      const entry = byName.get(named);
      if (entry?.place.kind !== kind) throw new Error(`${named} is not a ${kind} output of this transaction`);
      return entry.tmp;
    };
    try {
      describingErrors(() => write({ dir: (named) => tmpOf(named, 'dir'), file: (named) => tmpOf(named, 'file') }), where);
      describingErrors(() => commit(entries), where);
    } catch (err) {
      for (const e of entries) fs.rmSync(e.tmp, { recursive: true, force: true });
      throw err;
    }
  } finally {
    release();
  }
}

/**
 * Finishes or clears what dead runs left beside `output`, as every synth does first: a journal (its renames are
 * finished), then temporaries, old outputs and a dead run's lock (removed).
 */
export function recoverOutput(output: string, kind: 'dir' | 'file' = 'dir'): void {
  const place = placeOf(output, kind);
  const release = lockOutputs([place.path]);
  try {
    recover(place);
  } finally {
    release();
  }
}

function recover(place: OutputPlace): void {
  const dir = place.mountPoint ? place.path : path.dirname(place.path);
  const stem = place.mountPoint ? '' : `.${path.basename(place.path)}`;
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir).sort()) {
    const match = new RegExp(`^${escape(stem)}\\.(journal|tmp|old)-(\\d+)-[0-9a-f]+(\\.writing)?$`).exec(name);
    if (!match || isRunning(Number(match[2]))) continue;
    const found = path.join(dir, name);
    if (match[1] === 'journal' && match[3] === undefined) finish(JSON.parse(fs.readFileSync(found, 'utf8')) as Journal);
    fs.rmSync(found, { recursive: true, force: true });
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A temporary place for one output, beside it (inside it, for a mount point), with the umask's permissions. */
function prepare(place: OutputPlace): Entry {
  const tag = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const within = (kind: string) => place.mountPoint
    ? path.join(place.path, `.${kind}-${tag}`)
    : path.join(path.dirname(place.path), `.${path.basename(place.path)}.${kind}-${tag}`);
  fs.mkdirSync(place.mountPoint ? place.path : path.dirname(place.path), { recursive: true });
  const tmp = within('tmp');
  if (place.kind === 'dir') fs.mkdirSync(tmp); // mode 0777 less the umask, as any directory the user makes
  return { place, tmp, old: within('old') };
}

/** Writes the journal beside every output, switches every output, then removes the journal and the old outputs. */
function commit(entries: readonly Entry[]): void {
  const journal: Journal = {
    pid: process.pid,
    entries: entries.map((e) => ({ path: e.place.path, tmp: e.tmp, old: e.old, mountPoint: e.place.mountPoint })),
  };
  const journals = entries.map((e) => journalBeside(e));
  for (const file of journals) writeFileAtomically(file, JSON.stringify(journal));
  finish(journal);
  for (const file of journals) fs.rmSync(file, { force: true });
}

function journalBeside(e: Entry): string {
  const tag = path.basename(e.tmp).replace(/^.*\.?tmp-/, '');
  return e.place.mountPoint
    ? path.join(e.place.path, `${JOURNAL_SUFFIX}-${tag}`)
    : path.join(path.dirname(e.place.path), `.${path.basename(e.place.path)}${JOURNAL_SUFFIX}-${tag}`);
}

/** The renames of a journal; each step is skipped once done, so that a run killed half-way can be finished. */
function finish(journal: Journal): void {
  for (const e of journal.entries) {
    if (!fs.existsSync(e.tmp)) continue; // already switched
    if (e.mountPoint) {
      replaceEntries(e.path, e.tmp, e.old);
    } else {
      if (fs.existsSync(e.path) && !fs.existsSync(e.old)) fs.renameSync(e.path, e.old);
      fs.renameSync(e.tmp, e.path);
    }
  }
  for (const e of journal.entries) fs.rmSync(e.old, { recursive: true, force: true });
}

/** A mount point's contents replaced entry by entry: old entries into `old` (inside the mount), new ones out of `tmp`. */
function replaceEntries(mount: string, tmp: string, old: string): void {
  fs.mkdirSync(old, { recursive: true });
  const ours = new Set([path.basename(tmp), path.basename(old)]);
  for (const name of fs.readdirSync(mount)) {
    if (!ours.has(name) && !name.startsWith(JOURNAL_SUFFIX)) fs.renameSync(path.join(mount, name), path.join(old, name));
  }
  for (const name of fs.readdirSync(tmp)) fs.renameSync(path.join(tmp, name), path.join(mount, name));
  fs.rmSync(tmp, { recursive: true, force: true });
}

function writeFileAtomically(file: string, text: string): void {
  const tmp = `${file}.writing`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** What each file-system error code means to a user. */
const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a directory is in the way',
  ENOTDIR: 'a parent is a file, not a directory',
  EEXIST: 'a file is in the way',
  EBUSY: 'it is in use (a mount point?)',
  EMFILE: 'too many open files',
};

/**
 * Runs `f`, turning a file-system failure into one line that names the path (or, when the system gives none, as for
 * a failed write to an open file, `where`) and the cause.
 */
function describingErrors<T>(f: () => T, where: string): T {
  try {
    return f();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (typeof e?.code !== 'string' || !(e.code in CAUSES)) throw err;
    throw new OutputWriteError(`cannot write ${e.path ?? where}: ${CAUSES[e.code]} (${e.code}); the previous output is kept`);
  }
}
