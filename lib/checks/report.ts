/** Prints findings for people (a table grouped by resource) and for machines (JSON). */
import { Finding } from './model';

/** Counts, for the closing line and the JSON report. */
export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly resources: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  const active = findings.filter((f) => f.suppressedBy === undefined);
  return {
    errors: active.filter((f) => f.level === 'error').length,
    warnings: active.filter((f) => f.level === 'warning').length,
    suppressed: findings.length - active.length,
    resources: new Set(findings.map((f) => `${f.file ?? ''}|${f.resource}`)).size,
  };
}

/** The machine-readable report: one row per finding, suppressed ones included with their reason. */
export function jsonReport(findings: readonly Finding[]): string {
  const rows = findings.map((f) => ({
    rule: f.rule, level: f.level, pack: f.pack, resource: f.resource, file: f.file ?? null, line: f.line ?? null,
    message: f.message, fix: f.fix, suppressedBy: f.suppressedBy ?? null,
  }));
  return `${JSON.stringify({ summary: summarize(findings), findings: rows }, null, 2)}\n`;
}

const COLOURS = { red: 31, yellow: 33, dim: 2, bold: 1, green: 32 } as const;

/** The table: one block per resource, errors first; suppressed findings shown dimmed with their reason. */
export function tableReport(findings: readonly Finding[], options: { colour?: boolean } = {}): string {
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
  const s = summarize(findings);
  const closing = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.suppressed} suppressed`;
  lines.push(s.errors > 0 ? paint('red', closing) : paint('green', closing));
  return `${lines.join('\n')}\n`;
}
