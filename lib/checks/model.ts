/**
 * The data the checks read and write. Rules are plain data with a small pure `check` function: they read one
 * object (with the whole set around it for cross-object rules) and return what is wrong, in words.
 */

/** error: the synth fails and `check` exits 1. warning: reported, never fatal. */
export type Level = 'error' | 'warning';

/** A JSON object of any shape: a pod spec, a container, a Terraform block... */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** A Kubernetes object as parsed from YAML or synthesized by cdk8s. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [key: string]: any;
}

/** A Terraform resource from a cdktf `cdk.tf.json` (or any Terraform JSON). */
export interface TfResource {
  /** e.g. `google_container_cluster` */
  readonly type: string;
  /** The resource's name in the configuration, e.g. `gke_cluster_1A2B3C`. */
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: Record<string, any>;
}

/** Where an object came from, for messages. */
export interface Origin {
  readonly file?: string;
  /** 1-based line of the object's document, where the parser gives one. */
  readonly line?: number;
}

/** What a rule reads about one Kubernetes object. */
export interface ManifestTarget extends Origin {
  readonly manifest: Manifest;
  /** Every object checked in the same run (cross-object rules: HPA → Deployment, PDB, NetworkPolicy...). */
  readonly all: readonly Manifest[];
}

/** What a rule reads about one Terraform resource. */
export interface TfTarget extends Origin {
  readonly resource: TfResource;
  /** Every resource of the same configuration. */
  readonly all: readonly TfResource[];
}

interface RuleBase {
  /** Stable kebab-case id, used in reports and suppressions, e.g. `seed-backgrounded-server`. */
  readonly id: string;
  readonly level: Level;
  /** One line: what the rule wants. */
  readonly summary: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** Where the rule comes from: a seed, kube-score, Polaris, kube-linter, Pod Security Standards, Checkov... */
  readonly source: string;
}

/** A rule over Kubernetes objects. `check` returns one message per problem; none means it passes. */
export interface ManifestRule extends RuleBase {
  readonly target: 'kubernetes';
  readonly check: (t: ManifestTarget) => string[];
}

/** A rule over Terraform resources of the given types. */
export interface TfRule extends RuleBase {
  readonly target: 'terraform';
  readonly resourceTypes: readonly string[];
  readonly check: (t: TfTarget) => string[];
}

export type Rule = ManifestRule | TfRule;

/** A named group of rules. */
export interface Pack {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule[];
  /**
   * The Kubernetes kinds whose content its rules read, besides objects with a pod template (which the pod rules
   * read, whatever their kind). An object that no pack of a run reads is reported as not checked.
   * @default - none: only objects with a pod template
   */
  readonly kinds?: readonly string[];
}

/** Input that could not be read: a file (or a document of it) that is not there, not parsable or not a manifest. */
export interface InputError {
  /** The file, or the path given when it names no file. */
  readonly file: string;
  /** 1-based, where the parser gives one. */
  readonly line?: number;
  /** 1-based, where the parser gives one. */
  readonly column?: number;
  /** One line, without the file: `invalid YAML: ...`. */
  readonly message: string;
}

/** One problem found, or one suppressed. */
export interface Finding {
  readonly rule: string;
  readonly level: Level;
  readonly pack: string;
  /** `Deployment kf-api/kf-api` or `google_container_cluster.gke`. */
  readonly resource: string;
  readonly message: string;
  readonly fix: string;
  readonly file?: string;
  readonly line?: number;
  /** The written reason, when the finding is suppressed. Suppressed findings never fail anything. */
  readonly suppressedBy?: string;
}
