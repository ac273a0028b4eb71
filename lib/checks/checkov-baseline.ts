/**
 * Our Terraform suppressions, in the only per-resource form Checkov reads for Terraform JSON: a baseline file.
 *
 * A suppression of ours is a `"//": { "suppress": { rule: reason } }` block on the resource, which Checkov does not
 * see; its inline `#checkov:skip` comments exist in HCL only. `checkov --baseline FILE` drops every failure whose
 * resource (`type.name`) and check id the file lists, whatever the file (checkov/common/output/baseline.py,
 * `_is_check_in_baseline`). So each suppressed finding of a rule that restates Checkov checks becomes one entry.
 */
import { Finding, TfRule } from './model';
import { citedChecks } from './upstream';

/** The baseline's name, beside `cdk.tf.json` in each stack directory. */
export const CHECKOV_BASELINE_FILE = '.checkov.baseline';

/**
 * The Checkov check ids a rule restates: those its source cites as Checkov's (`Checkov CKV_GCP_25, CKV_GCP_64 (...)`),
 * read as docs/checks.md's upstream table reads them. An id inside a parenthesis, such as a deleted check named for
 * history, is not one it restates.
 */
export function checkovIdsOf(rule: Pick<TfRule, 'source'>): string[] {
  return citedChecks(rule.source).filter((c) => c.tool === 'Checkov').map((c) => c.id);
}

/**
 * The baseline of one Terraform file's suppressed findings, or undefined when none maps to a Checkov check.
 * Resources and ids are sorted, so that two synths write the same bytes.
 */
export function checkovBaseline(findings: readonly Finding[], rules: readonly Pick<TfRule, 'id' | 'source'>[], file: string): string | undefined {
  const idsByRule = new Map(rules.map((r) => [r.id, checkovIdsOf(r)]));
  const byResource = new Map<string, Set<string>>();
  for (const f of findings) {
    const ids = f.suppressedBy !== undefined ? idsByRule.get(f.rule) ?? [] : [];
    if (ids.length === 0) continue;
    const set = byResource.get(f.resource) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    byResource.set(f.resource, set);
  }
  if (byResource.size === 0) return undefined;
  const findingsOut = [...byResource.keys()].sort().map((resource) => ({ resource, check_ids: [...byResource.get(resource)!].sort() }));
  return `${JSON.stringify({ failed_checks: [{ file, findings: findingsOut }] }, null, 2)}\n`;
}
