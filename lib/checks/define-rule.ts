/**
 * The one way to write a rule: an object with its id, level, summary, fix, source and a small pure `check`.
 *
 * ```ts
 * defineRule.kubernetes({ id, level, summary, fix, source, check: ({ manifest, all }) => [...] });
 * defineRule.terraform({ id, level, summary, fix, source, resourceTypes: ['google_container_cluster'], check: ({ resource, all }) => [...] });
 * ```
 */
import { ManifestRule, TfRule } from './model';

/** A rule over Kubernetes objects, as written: everything but its target. */
export type KubernetesRuleSpec = Omit<ManifestRule, 'target'>;

/** A rule over Terraform resources, as written: everything but its target. */
export type TerraformRuleSpec = Omit<TfRule, 'target'>;

/** Defines a rule from one object; `kubernetes` and `terraform` say what it reads, and type its `check`. */
export const defineRule = {
  /** A rule over each Kubernetes object, with the whole set around it in `all`. */
  kubernetes: (spec: KubernetesRuleSpec): ManifestRule => ({ target: 'kubernetes', ...spec }),
  /** A rule over each Terraform resource of `resourceTypes`, with its whole configuration in `all`. */
  terraform: (spec: TerraformRuleSpec): TfRule => ({ target: 'terraform', ...spec }),
} as const;
