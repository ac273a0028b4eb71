import { IConstruct } from 'constructs';
import { MIN_SUPPRESSION_REASON, SUPPRESS_ANNOTATION_PREFIX } from '../plan/annotations';
import { ConfigError } from '../plan/errors';

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Suppresses one check on everything a construct synthesizes, with a written reason that the report shows.
 * Kubernetes objects get the annotation `suppress.cdk-fastapi-gke.io/<rule-id>: <reason>`; Terraform resources get
 * `"//": { "suppress": { "<rule-id>": "<reason>" } }`. Both travel with the output, so `check` honours them later.
 * @returns how many objects were marked
 */
export function suppressCheck(scope: IConstruct, ruleId: string, reason: string): number {
  if (!RULE_ID.test(ruleId)) throw new ConfigError('Suppression', scope.node.path || '(root)', 'ruleId', ruleId, 'must be a rule id such as seed-missing-probes');
  if (reason.trim().length < MIN_SUPPRESSION_REASON) {
    throw new ConfigError('Suppression', ruleId, 'reason', reason, `must say why the rule does not apply, in at least ${MIN_SUPPRESSION_REASON} characters`);
  }
  // cdk8s-plus wrappers share their ApiObject's metadata: mark each metadata object once.
  const seen = new Set<object>();
  let marked = 0;
  for (const c of scope.node.findAll()) {
    // Duck-typed, so that neither cdk8s nor cdktf has to be loaded for the other side.
    const k8sObject = c as unknown as { metadata?: { addAnnotation?: (k: string, v: string) => void } };
    const tfResource = c as unknown as { terraformResourceType?: string; addOverride?: (path: string, value: unknown) => void };
    if (typeof k8sObject.metadata?.addAnnotation === 'function') {
      if (seen.has(k8sObject.metadata)) continue;
      seen.add(k8sObject.metadata);
      k8sObject.metadata.addAnnotation(`${SUPPRESS_ANNOTATION_PREFIX}${ruleId}`, reason.trim());
      marked++;
    } else if (typeof tfResource.terraformResourceType === 'string' && typeof tfResource.addOverride === 'function') {
      tfResource.addOverride(`//.suppress.${ruleId}`, reason.trim());
      marked++;
    }
  }
  return marked;
}
