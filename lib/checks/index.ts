/** The checks: rules as data, the packs, the runner and its reports, and their use at synth and in cdk8s. */
export {
  type Finding, type InputError, type Level, type Manifest, type ManifestRule, type ManifestTarget, type Obj, type Origin, type Pack, type Rule, type TfResource, type TfRule, type TfTarget,
} from './model';
export { type KubernetesRuleSpec, type TerraformRuleSpec, defineRule } from './define-rule';
export {
  type ContainerRef, type ContainerScope, WORKLOAD_KINDS, commandLine, containersOf, describeManifest, eachContainer, namespaceOf, podLabelsOf, podSpecOf,
  sameNamespace, selectorMatches,
} from './workloads';
export {
  hpaTarget, hpasTargeting, indexObjects, maxPods, objectNamed, objectsByKeys, objectsInNamespace, objectsOfKind, objectsSelecting, workloadsIn, workloadsSelectable,
} from './lookups';
export { type CheckInput, type LoadedManifest, type LoadedTerraform, SUPPRESS_TF_KEY, failing, runChecks, uncheckedObjects } from './runner';
export { type ReportExtras, type Summary, jsonReport, summarize, tableReport } from './report';
export { type Loaded, formatInputError, loadPaths } from './load';
export { ChecksFailedError, type EnforceOptions, enforceChecks, enforceOnDirectory } from './enforce';
export { suppressCheck } from './suppress';
export { Cdk8sChecks, type Cdk8sChecksProperties, type Cdk8sValidationContext } from './cdk8s-plugin';
export { ALL_PACKS, GKE_HARDENING, POD_SECURITY_RESTRICTED, PRODUCTION_READINESS, SEED_PITFALLS } from './packs';
export { rulesMarkdown } from './rules-markdown';
