/** The checks at synth: errors fail the synth with a readable list, warnings are printed, a JSON report is kept. */
import * as fs from 'fs';
import * as path from 'path';
import { formatInputError, loadPaths } from './load';
import { Finding, Pack } from './model';
import { ALL_PACKS } from './packs';
import { jsonReport, tableReport } from './report';
import { CheckInput, failing, runChecks } from './runner';

/** Failed checks: a user mistake, printed as the list of findings, never as a stack trace. */
export class ChecksFailedError extends Error {
  public readonly isUserError = true;
  constructor(public readonly findings: readonly Finding[], table: string) {
    super(`the checks found ${failing(findings).length} error(s); nothing was written:\n${table}`);
    this.name = 'ChecksFailedError';
  }
}

export interface EnforceOptions {
  /** @default ALL_PACKS */
  readonly packs?: readonly Pack[];
  /** Where to write the JSON report. @default - no report */
  readonly reportFile?: string;
  /** Where warnings go. @default - standard error */
  readonly log?: (text: string) => void;
}

/** Runs the packs; throws {@link ChecksFailedError} on errors that are not suppressed. */
export function enforceChecks(input: CheckInput, options: EnforceOptions = {}): Finding[] {
  const findings = runChecks(input, options.packs ?? ALL_PACKS);
  if (options.reportFile) {
    fs.mkdirSync(path.dirname(path.resolve(options.reportFile)), { recursive: true });
    fs.writeFileSync(options.reportFile, jsonReport(findings));
  }
  const active = findings.filter((f) => f.suppressedBy === undefined);
  if (failing(findings).length > 0) throw new ChecksFailedError(findings, tableReport(active));
  if (active.length > 0) (options.log ?? ((t) => process.stderr.write(t)))(tableReport(active));
  return findings;
}

/**
 * {@link enforceChecks} over a freshly synthesized directory. Messages and the report name files as they will be
 * (`displayDir`, e.g. `dist`), not the temporary directory they are written to first.
 */
export function enforceOnDirectory(dir: string, displayDir: string, options: EnforceOptions = {}): Finding[] {
  const loaded = loadPaths([dir]);
  if (loaded.errors.length > 0) throw new Error(`cannot read the synthesized output: ${loaded.errors.map(formatInputError).join('; ')}`);
  const rename = (file?: string) => file && path.join(displayDir, path.relative(dir, file));
  return enforceChecks({
    manifests: loaded.manifests.map((m) => ({ ...m, file: rename(m.file) })),
    terraform: loaded.terraform.map((t) => ({ ...t, file: rename(t.file) })),
  }, { reportFile: `${displayDir.replace(/\/+$/, '')}.checks.json`, ...options });
}
