/**
 * The packs as a cdk8s validation plugin, so that `cdk8s synth` runs them:
 *
 * ```yaml
 * # cdk8s.yaml
 * validations:
 *   - package: ./node_modules/cdk-fastapi-gke/cdk8s-plugin.js   # in this repo: ./cdk8s-plugin.js (docs/app-repos.md)
 *     version: 0.1.0
 *     class: Cdk8sChecks
 *     properties: { packs: [seed-pitfalls, pod-security-restricted] }   # optional; all packs by default
 * ```
 * The interface is cdk8s-cli's `Validation` (lib/plugins/validation.d.ts), restated here so that the plugin needs
 * no cdk8s-cli at run time.
 */
import { Finding, Manifest } from './model';
import { ALL_PACKS } from './packs';
import { failing, runChecks } from './runner';
import { summarize } from './report';

/** The part of cdk8s-cli's ValidationContext the plugin uses. */
export interface Cdk8sValidationContext {
  readonly manifests: readonly string[];
  parseManifest(manifestPath: string): unknown[];
  readonly report: {
    addViolation(v: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
    }): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
}

/** Properties from `cdk8s.yaml`. */
export interface Cdk8sChecksProperties {
  /**
   * Names of the packs to run.
   * @default - all packs
   */
  readonly packs?: string[];
}

export class Cdk8sChecks {
  constructor(private readonly properties: Cdk8sChecksProperties = {}) {}

  public async validate(context: Cdk8sValidationContext): Promise<void> {
    const names = this.properties.packs;
    const unknown = (names ?? []).filter((n) => !ALL_PACKS.some((p) => p.name === n));
    if (unknown.length) throw new Error(`cdk8s.yaml names unknown check pack(s): ${unknown.join(', ')}`);
    const packs = names ? ALL_PACKS.filter((p) => names.includes(p.name)) : ALL_PACKS;
    const manifests = context.manifests.flatMap((file) => context.parseManifest(file)
      .filter((m): m is Manifest => typeof m === 'object' && m !== null)
      .map((manifest) => ({ manifest, file })));
    const findings = runChecks({ manifests }, packs);
    const byRule = new Map<string, Finding[]>();
    for (const f of findings.filter((x) => x.suppressedBy === undefined)) {
      const group = byRule.get(f.rule);
      if (group) group.push(f); else byRule.set(f.rule, [f]);
    }
    for (const [rule, group] of byRule) {
      context.report.addViolation({
        ruleName: `${rule} (${group[0].level})`,
        recommendation: group.map((f) => `${f.resource}: ${f.message}`).join('; '),
        fix: group[0].fix,
        violatingResources: group.map((f) => ({ resourceName: f.resource, locations: [f.message], manifestPath: f.file ?? '' })),
      });
    }
    const s = summarize(findings);
    context.report.submit(failing(findings).length > 0 ? 'failure' : 'success', {
      errors: String(s.errors), warnings: String(s.warnings), suppressed: String(s.suppressed),
    });
  }
}
