/**
 * Runs packs over loaded objects, and applies the suppressions written into them. A rule that throws on an object
 * (a field of a shape it did not expect: `env:` written as a map, an empty `ports:` item...) gives an error finding
 * for that object, with the rule's id, and the run goes on, as cdk-nag reports a rule that fails to run.
 */
import * as path from 'path';
import { MIN_SUPPRESSION_REASON, SUPPRESS_ANNOTATION_PREFIX } from '../plan/annotations';
import { Finding, Manifest, Origin, Pack, Rule, TfResource } from './model';
import { indexObjects } from './lookups';
import { describeManifest, podSpecOf } from './workloads';

/** Key under a Terraform resource's `//` comment block: `"//": { "suppress": { "<rule-id>": "<reason>" } }`. */
export const SUPPRESS_TF_KEY = 'suppress';

/** A Kubernetes object and where it came from. */
export interface LoadedManifest extends Origin {
  readonly manifest: Manifest;
}

/** One Terraform configuration (a `cdk.tf.json`, or a `cdk.tf` read with the HCL parser): its resources are checked together. */
export interface LoadedTerraform {
  readonly file?: string;
  readonly resources: readonly TfResource[];
}

/** What to check. */
export interface CheckInput {
  readonly manifests?: readonly LoadedManifest[];
  readonly terraform?: readonly LoadedTerraform[];
}

/** The fix of a finding for a rule that could not read an object. */
const RULE_FAILED_FIX = 'Give each field the type the Kubernetes API (or the provider) documents, e.g. `env:` is a list of {name, value}, '
  + 'not a map; if the object is valid, the rule has a bug: please report it with the object.';

/** Runs every rule of `packs` over `input`; findings come in input order, then rule order. */
export function runChecks(input: CheckInput, packs: readonly Pack[]): Finding[] {
  const findings: Finding[] = [];
  checkManifests(input.manifests ?? [], packs, findings);
  for (const config of input.terraform ?? []) {
    for (const res of config.resources) {
      const resource = `${res.type}.${res.name}`;
      const suppressions = readSuppressions(res.body['//']?.[SUPPRESS_TF_KEY], resource, config.file, undefined, findings);
      const target = { resource: res, all: config.resources, file: config.file };
      const at = { resource, file: config.file, suppressions };
      for (const pack of packs) {
        for (const rule of pack.rules) {
          if (rule.target === 'terraform' && rule.resourceTypes.includes(res.type)) runRule(rule, pack, () => rule.check(target), at, findings);
        }
      }
    }
  }
  return findings;
}

function checkManifests(manifests: readonly LoadedManifest[], packs: readonly Pack[], findings: Finding[]): void {
  // A directory is one unit of `kubectl apply`: cross-object rules look only at objects of the same directory,
  // so that dist/staging/ and dist/production/ are never mixed.
  // (Appended in place: copying the list for every object made this loop alone O(n²).)
  const byDirectory = new Map<string, Manifest[]>();
  for (const m of manifests) {
    const dir = m.file === undefined ? '' : path.dirname(m.file);
    const list = byDirectory.get(dir);
    if (list) list.push(m.manifest); else byDirectory.set(dir, [m.manifest]);
  }
  // Cross-object rules look objects up in these sets for every object: index each once (see workloads.ts).
  for (const list of byDirectory.values()) indexObjects(list);
  for (const { manifest, file, line } of manifests) {
    const all = byDirectory.get(file === undefined ? '' : path.dirname(file))!;
    const resource = describeManifest(manifest);
    const suppressions = readSuppressions(annotationSuppressions(manifest.metadata?.annotations), resource, file, line, findings);
    const target = { manifest, all, file, line }; // one for every rule: rules read it and never change it
    const at = { resource, file, line, suppressions };
    for (const pack of packs) {
      for (const rule of pack.rules) {
        if (rule.target === 'kubernetes') runRule(rule, pack, () => rule.check(target), at, findings);
      }
    }
  }
}

/** Where findings go: the resource, its place, and its valid suppressions. */
interface FindingPlace {
  readonly resource: string;
  readonly file?: string;
  readonly line?: number;
  readonly suppressions: ReadonlyMap<string, string>;
}

/** Runs one rule on one object; a rule that throws (or returns no list) gives one error finding in its name. */
function runRule(rule: Rule, pack: Pack, check: () => unknown, at: FindingPlace, findings: Finding[]): void {
  const { resource, file, line } = at;
  const suppressedBy = at.suppressions.get(rule.id);
  let messages: unknown;
  try {
    messages = check();
    if (!Array.isArray(messages)) throw new TypeError(`the rule returned ${messages === null ? 'null' : typeof messages}, not a list of messages`);
  } catch (err) {
    findings.push({
      rule: rule.id, level: 'error', pack: pack.name, resource, file, line, suppressedBy,
      message: `could not check this object: the rule stopped with ${describeError(err)}`,
      fix: RULE_FAILED_FIX,
    });
    return;
  }
  for (const message of messages) {
    findings.push({ rule: rule.id, level: rule.level, pack: pack.name, resource, message: String(message), fix: rule.fix, file, line, suppressedBy });
  }
}

/** `TypeError: x.map is not a function`, on one line and not too long. */
function describeError(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown };
  const text = e instanceof Error ? `${e.name}: ${String(e.message).split('\n')[0]}` : 'a value that is not an Error';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
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

function annotationSuppressions(annotations: unknown): Record<string, unknown> {
  if (typeof annotations !== 'object' || annotations === null) return {};
  return Object.fromEntries(Object.entries(annotations)
    .filter(([k]) => k.startsWith(SUPPRESS_ANNOTATION_PREFIX))
    .map(([k, v]) => [k.slice(SUPPRESS_ANNOTATION_PREFIX.length), v]));
}

/** Valid suppressions by rule id; one without a real reason is itself an error finding, and suppresses nothing. */
function readSuppressions(raw: unknown, resource: string, file: string | undefined, line: number | undefined, findings: Finding[]): Map<string, string> {
  const valid = new Map<string, string>();
  if (typeof raw !== 'object' || raw === null) return valid;
  for (const [rule, reason] of Object.entries(raw)) {
    if (typeof reason === 'string' && reason.trim().length >= MIN_SUPPRESSION_REASON) {
      valid.set(rule, reason.trim());
    } else {
      findings.push({
        rule: 'suppression-reason', level: 'error', pack: 'suppressions', resource, file, line,
        message: `the suppression of ${rule} gives no reason of at least ${MIN_SUPPRESSION_REASON} characters (${showValue(reason)}), so it suppresses nothing`,
        fix: 'Say why the rule does not apply here, in a sentence.',
      });
    }
  }
  return valid;
}

/** A value as a message shows it; never throws (an object whose `toString` is not a function cannot be printed). */
function showValue(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return 'a value that cannot be shown';
  }
}
