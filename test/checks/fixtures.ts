/** Fixtures for the rule tests: a correct set of objects (the reference WebApi's) and ways to break one. */
import { Manifest, ManifestRule, Pack, runChecks } from '../../lib';
import { synthApi } from '../helpers/synth';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A fresh copy of a good WebApi's objects, behind a TLS Ingress. */
export function goodSet(): Obj[] {
  return JSON.parse(JSON.stringify(synthApi({ tls: { host: 'api.example.com' } }).manifests));
}

/** The good set with one change applied to the first object of `kind`. */
export function broken(kind: string, change: (m: Obj) => void): Obj[] {
  const set = goodSet();
  const target = set.find((m) => m.kind === kind);
  if (!target) throw new Error(`no ${kind} in the good set`);
  change(target);
  return set;
}

/** The app container of the set's Deployment. */
export const app = (d: Obj) => d.spec.template.spec.containers[0];
export const pod = (d: Obj) => d.spec.template.spec;

/** Messages of one rule over a set. */
export function messagesOf(rule: ManifestRule, set: Obj[]): string[] {
  return set.flatMap((manifest) => rule.check({ manifest: manifest as Manifest, all: set as Manifest[] }));
}

/** Findings of a whole pack over a set. */
export function findingsOf(pack: Pack, set: Obj[]) {
  return runChecks({ manifests: set.map((manifest) => ({ manifest: manifest as Manifest })) }, [pack]);
}

export function ruleOf(pack: Pack, id: string): ManifestRule {
  const rule = pack.rules.find((r) => r.id === id);
  if (!rule || rule.target !== 'kubernetes') throw new Error(`no Kubernetes rule ${id} in ${pack.name}`);
  return rule;
}
