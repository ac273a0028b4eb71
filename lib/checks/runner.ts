/** Runs packs over loaded objects, and applies the suppressions written into them. */
import * as path from 'path';
import { MIN_SUPPRESSION_REASON, SUPPRESS_ANNOTATION_PREFIX } from '../plan/annotations';
import { Finding, Manifest, Origin, Pack, TfResource } from './model';
import { indexObjects } from './lookups';
import { describeManifest, podSpecOf } from './workloads';

/** Key under a Terraform resource's `//` comment block: `"//": { "suppress": { "<rule-id>": "<reason>" } }`. */
export const SUPPRESS_TF_KEY = 'suppress';

/** A Kubernetes object and where it came from. */
export interface LoadedManifest extends Origin {
  readonly manifest: Manifest;
}

/** One Terraform configuration (a `cdk.tf.json`): its resources are checked together. */
export interface LoadedTerraform {
  readonly file?: string;
  readonly resources: readonly TfResource[];
}

/** What to check. */
export interface CheckInput {
  readonly manifests?: readonly LoadedManifest[];
  readonly terraform?: readonly LoadedTerraform[];
}

/** Runs every rule of `packs` over `input`; findings come in input order, then rule order. */
export function runChecks(input: CheckInput, packs: readonly Pack[]): Finding[] {
  const findings: Finding[] = [];
  // A directory is one unit of `kubectl apply`: cross-object rules look only at objects of the same directory,
  // so that dist/staging/ and dist/production/ are never mixed.
  // (Appended in place: copying the list for every object made this loop alone O(n²).)
  const byDirectory = new Map<string, Manifest[]>();
  for (const m of input.manifests ?? []) {
    const dir = m.file === undefined ? '' : path.dirname(m.file);
    const list = byDirectory.get(dir);
    if (list) list.push(m.manifest); else byDirectory.set(dir, [m.manifest]);
  }
  // Cross-object rules look objects up in these sets for every object: index each once (see workloads.ts).
  for (const list of byDirectory.values()) indexObjects(list);
  for (const { manifest, file, line } of input.manifests ?? []) {
    const all = byDirectory.get(file === undefined ? '' : path.dirname(file))!;
    const resource = describeManifest(manifest);
    const suppressions = readSuppressions(annotationSuppressions(manifest.metadata?.annotations), resource, file, line, findings);
    const target = { manifest, all, file, line }; // one for every rule: rules read it and never change it
    for (const pack of packs) {
      for (const rule of pack.rules) {
        if (rule.target !== 'kubernetes') continue;
        for (const message of rule.check(target)) {
          findings.push({ rule: rule.id, level: rule.level, pack: pack.name, resource, message, fix: rule.fix, file, line, suppressedBy: suppressions.get(rule.id) });
        }
      }
    }
  }
  for (const config of input.terraform ?? []) {
    for (const res of config.resources) {
      const resource = `${res.type}.${res.name}`;
      const suppressions = readSuppressions(res.body['//']?.[SUPPRESS_TF_KEY], resource, config.file, undefined, findings);
      for (const pack of packs) {
        for (const rule of pack.rules) {
          if (rule.target !== 'terraform' || !rule.resourceTypes.includes(res.type)) continue;
          for (const message of rule.check({ resource: res, all: config.resources, file: config.file })) {
            findings.push({ rule: rule.id, level: rule.level, pack: pack.name, resource, message, fix: rule.fix, file: config.file, suppressedBy: suppressions.get(rule.id) });
          }
        }
      }
    }
  }
  return findings;
}

/**
 * The objects of `input` that no rule of `packs` reads: of a kind no pack names in `kinds`, and without a pod
 * template for the pod rules (or with no Kubernetes rule at all). They pass only because nothing looked at them.
 */
export function uncheckedObjects(input: CheckInput, packs: readonly Pack[]): LoadedManifest[] {
  const kinds = new Set(packs.flatMap((p) => p.kinds ?? []));
  const podRules = packs.some((p) => p.rules.some((r) => r.target === 'kubernetes'));
  return (input.manifests ?? []).filter(({ manifest }) => !kinds.has(manifest.kind) && !(podRules && podSpecOf(manifest) !== undefined));
}

/** Findings that fail a run: errors that are not suppressed. */
export function failing(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.level === 'error' && f.suppressedBy === undefined);
}

function annotationSuppressions(annotations: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations ?? {})
    .filter(([k]) => k.startsWith(SUPPRESS_ANNOTATION_PREFIX))
    .map(([k, v]) => [k.slice(SUPPRESS_ANNOTATION_PREFIX.length), v]));
}

/** Valid suppressions by rule id; one without a real reason is itself an error finding, and suppresses nothing. */
function readSuppressions(raw: unknown, resource: string, file: string | undefined, line: number | undefined, findings: Finding[]): Map<string, string> {
  const valid = new Map<string, string>();
  for (const [rule, reason] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (typeof reason === 'string' && reason.trim().length >= MIN_SUPPRESSION_REASON) {
      valid.set(rule, reason.trim());
    } else {
      findings.push({
        rule: 'suppression-reason', level: 'error', pack: 'suppressions', resource, file, line,
        message: `the suppression of ${rule} gives no reason of at least ${MIN_SUPPRESSION_REASON} characters (${JSON.stringify(reason)}), so it suppresses nothing`,
        fix: 'Say why the rule does not apply here, in a sentence.',
      });
    }
  }
  return valid;
}
