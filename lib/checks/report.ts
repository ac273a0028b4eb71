/** Prints findings for people (a table grouped by resource) and for machines (JSON). */
import { Finding, InputError } from './model';
import { LoadedManifest } from './runner';
import { describeManifest } from './workloads';

/** What a report says besides the findings. */
export interface ReportExtras {
  /** Input that could not be read (or held nothing to check): each one is an error. */
  readonly unreadable?: readonly InputError[];
  /** Objects that no rule of the run reads (`uncheckedObjects`): they pass only because nothing looked at them. */
  readonly notChecked?: readonly LoadedManifest[];
}

/** Counts, for the closing line and the JSON report. */
export interface Summary {
  /** Errors that are not suppressed, inputs that could not be read included: the run fails when it is not 0. */
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly resources: number;
  /** Inputs that could not be read, counted in `errors` too. */
  readonly unreadable: number;
  /** Objects no rule read. */
  readonly notChecked: number;
}

export function summarize(findings: readonly Finding[], extras: ReportExtras = {}): Summary {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressedBy !== undefined) suppressed++;
    else if (f.level === 'error') errors++;
    else warnings++;
  }
  const unreadable = extras.unreadable?.length ?? 0;
  return {
    errors: errors + unreadable,
    warnings,
    suppressed,
    resources: new Set(findings.map((f) => `${f.file ?? ''}|${f.resource}`)).size,
    unreadable,
    notChecked: extras.notChecked?.length ?? 0,
  };
}

/** The rule id of the rows for input that could not be read. */
export const UNREADABLE_INPUT = 'unreadable-input';

/**
 * The machine-readable report: one row per finding, suppressed ones included with their reason, and one per input
 * that could not be read (rule `unreadable-input`); the objects no rule read under `notChecked`.
 */
export function jsonReport(findings: readonly Finding[], extras: ReportExtras = {}): string {
  const unreadable = (extras.unreadable ?? []).map((e) => ({
    rule: UNREADABLE_INPUT, level: 'error', pack: 'input', resource: e.file, file: e.file, line: e.line ?? null, column: e.column ?? null,
    message: e.message, fix: 'Fix the file, or leave it out of the paths given.', suppressedBy: null,
  }));
  const rows = findings.map((f) => ({
    rule: f.rule, level: f.level, pack: f.pack, resource: f.resource, file: f.file ?? null, line: f.line ?? null,
    message: f.message, fix: f.fix, suppressedBy: f.suppressedBy ?? null,
  }));
  const notChecked = (extras.notChecked ?? []).map((m) => ({ resource: describeManifest(m.manifest), file: m.file ?? null, line: m.line ?? null }));
  return `${JSON.stringify({ summary: summarize(findings, extras), findings: [...unreadable, ...rows], notChecked }, null, 2)}\n`;
}

const COLOURS = { red: 31, yellow: 33, dim: 2, bold: 1, green: 32 } as const;

/**
 * The table: one block per resource, errors first; suppressed findings shown dimmed with their reason. Inputs that
 * could not be read are counted in the closing line (the CLI prints them on standard error, as it reads them); the
 * objects no rule read follow it.
 */
export function tableReport(findings: readonly Finding[], options: { colour?: boolean } & ReportExtras = {}): string {
  const paint = (c: keyof typeof COLOURS, s: string) => options.colour ? `\x1b[${COLOURS[c]}m${s}\x1b[0m` : s;
  const groups = new Map<string, Finding[]>();
  let width = 0;
  for (const f of findings) {
    const where = f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : '';
    const key = `${f.resource}${where}`;
    const group = groups.get(key);
    if (group) group.push(f); else groups.set(key, [f]);
    // (Not Math.max(...widths): a spread of 130,000 findings overflows the stack.)
    width = Math.max(width, f.rule.length);
  }
  const rank = (f: Finding) => f.suppressedBy !== undefined ? 2 : f.level === 'error' ? 0 : 1;
  const lines: string[] = [];
  for (const [resource, group] of groups) {
    lines.push(paint('bold', resource));
    for (const f of [...group].sort((a, b) => rank(a) - rank(b))) {
      if (f.suppressedBy !== undefined) {
        lines.push(paint('dim', `  - suppressed ${f.rule.padEnd(width)}  ${f.message}`));
        lines.push(paint('dim', `    ${' '.repeat(11 + width)}reason: ${f.suppressedBy}`));
      } else {
        const tag = f.level === 'error' ? paint('red', '✖ error    ') : paint('yellow', '! warning  ');
        lines.push(`  ${tag}${f.rule.padEnd(width)}  ${f.message}`);
        lines.push(paint('dim', `    ${' '.repeat(11 + width)}fix: ${f.fix}`));
      }
    }
    lines.push('');
  }
  const s = summarize(findings, options);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const unread = s.unreadable > 0 ? ` (${plural(s.unreadable, 'input')} not read)` : '';
  const closing = `${plural(s.errors, 'error')}${unread}, ${plural(s.warnings, 'warning')}, ${s.suppressed} suppressed`;
  lines.push(s.errors > 0 ? paint('red', closing) : paint('green', closing));
  if (options.notChecked?.length) lines.push(notCheckedLine(options.notChecked));
  return `${lines.join('\n')}\n`;
}

/** `not checked (no rule reads their kind): ...`: each object when there are few, else a count per kind. */
function notCheckedLine(objects: readonly LoadedManifest[]): string {
  const head = `not checked (no rule reads ${objects.length === 1 ? 'its kind' : 'their kinds'}): `;
  if (objects.length <= 5) {
    return head + objects.map((m) => `${describeManifest(m.manifest)}${m.file ? ` (${m.file}${m.line ? `:${m.line}` : ''})` : ''}`).join(', ');
  }
  const byKind = new Map<string, number>();
  for (const { manifest } of objects) byKind.set(manifest.kind, (byKind.get(manifest.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, n]) => `${n} ${kind}`);
  return `${head}${objects.length} objects: ${kinds.slice(0, 10).join(', ')}${kinds.length > 10 ? `, and ${kinds.length - 10} more kinds` : ''}`;
}
