/**
 * Small readers over Terraform JSON (cdktf's `cdk.tf.json` or hand-written), shared by the Terraform rules, as
 * workloads.ts holds the readers over Kubernetes objects.
 *
 * Blocks come as objects (cdktf) or as arrays of objects (hand-written Terraform JSON); both are read. Booleans
 * may be JSON booleans or strings, and any string may be an expression (`${...}`) whose value is unknown here.
 */
import { Obj, TfResource } from './model';

/** A nested block: an object, or the first object of an array (Terraform JSON allows both). */
export function block(v: unknown): Obj | undefined {
  if (Array.isArray(v)) return v.find(isObj);
  return isObj(v) ? v : undefined;
}

/** Every object of a repeated block. */
export function blocks(v: unknown): Obj[] {
  if (Array.isArray(v)) return v.filter(isObj);
  return isObj(v) ? [v] : [];
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Booleans may be written as JSON booleans or as strings. */
export const isTrue = (v: unknown): boolean => v === true || v === 'true';
export const isFalse = (v: unknown): boolean => v === false || v === 'false';

/** A value as a message shows it. */
export const show = (v: unknown): string => (v === undefined ? 'not set' : JSON.stringify(v));

/** `a.b.c` of a resource body, through objects or single-element arrays. */
export function at(body: Obj | undefined, path: string): unknown {
  let cur: unknown = body;
  for (const key of path.split('.')) {
    const o = block(cur);
    if (o === undefined) return undefined;
    cur = o[key];
  }
  return cur;
}

/** The resources of `all` of one type, in the order of `all`. */
export function resourcesOfType(all: readonly TfResource[], type: string): TfResource[] {
  return all.filter((r) => r.type === type);
}

/** `${type.name.attr}`: the resource of the same configuration it points at. */
const REFERENCE = /^\$\{([A-Za-z0-9_]+)\.([^.}\s]+)\.[A-Za-z0-9_]+\}$/;

/** The resource of `all` that a `${type.name.attr}` reference points at, if it is one. */
export function referenced(value: unknown, all: readonly TfResource[]): TfResource | undefined {
  if (typeof value !== 'string') return undefined;
  const m = REFERENCE.exec(value);
  return m ? all.find((r) => r.type === m[1] && r.name === m[2]) : undefined;
}

/** A string that holds an expression (`${...}`), whose value is only known at plan time. */
export const isExpression = (v: unknown): boolean => typeof v === 'string' && v.includes('${');

/** A string written out, not an expression. */
export const literal = (v: unknown): string | undefined => (typeof v === 'string' && !isExpression(v) ? v : undefined);

/**
 * The name a field designates (a network, a subnetwork...): the referenced resource's `name` if it is of `type`, or
 * the last segment of a literal (`projects/p/global/networks/gke` and `gke` alike). `undefined` when it cannot be
 * known here.
 */
export function nameOf(value: unknown, type: string, all: readonly TfResource[]): string | undefined {
  const target = referenced(value, all);
  if (target) return target.type === type && typeof target.body.name === 'string' && !isExpression(target.body.name) ? target.body.name : undefined;
  if (typeof value !== 'string' || isExpression(value) || value === '') return undefined;
  return value.split('/').pop();
}

/** Two names that are either equal or not both known. */
export const sameOrUnknown = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;
