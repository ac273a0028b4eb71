/**
 * Checks shared by the GCP constructs, written on top of {@link PropChecker} so that every message names the
 * construct, the prop and the value. Tokens (values known only at apply time) are skipped.
 */
import { TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Ipv4Range, overlaps, parseIpv4Cidr, restrictedCidrProblem } from '../plan/cidr';
import { isConfigError, PropChecker } from '../plan/errors';
import { GcpLocation, parseLocation } from '../plan/locations';
import { LABEL_KEY, LABEL_VALUE, NameRule } from '../plan/names';

/**
 * The checker of a GCP construct: its messages name the construct, its id and the stack it is in
 * (`GkeCluster 'cluster' in stack 'production': ...`), for an environment's stack is where an operator looks.
 * @internal
 */
export function gcpChecker(construct: string, self: IConstruct): PropChecker {
  const stack = TerraformStack.of(self);
  return new PropChecker(construct, self.node.id, Token.isUnresolved, stack === self ? undefined : `in stack '${stack.node.id}'`);
}

/** Fails unless `value` follows `rule`. @internal */
export function checkName(check: PropChecker, prop: string, value: string | undefined, rule: NameRule): void {
  check.matches(prop, value, rule.pattern, rule.description);
}

/**
 * Fails unless `value` is a known region or zone.
 * @returns the location, or `undefined` for a token.
 * @internal
 */
export function checkLocation(check: PropChecker, prop: string, value: string): GcpLocation | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const location = parseLocation(value);
  if (typeof location === 'string') return check.fail(prop, value, location);
  return location;
}

/**
 * Fails unless `value` is a known region; a zone gets a hint to its region.
 * @param why words after "must be a region, not a zone", e.g. `: Autopilot clusters are regional`.
 * @internal
 */
export function checkRegion(check: PropChecker, prop: string, value: string, why = ''): void {
  const location = checkLocation(check, prop, value);
  if (location?.kind === 'zone') {
    check.fail(prop, value, `must be a region, not a zone${why} (did you mean '${location.region}'?)`);
  }
}

/**
 * Fails on the first malformed range, then on the first pair of ranges that overlap.
 * @param ranges [prop, CIDR] pairs, in the order they should be reported.
 * @internal
 */
export function checkDisjoint(check: PropChecker, ranges: ReadonlyArray<readonly [string, string]>): void {
  const parsed: Array<[string, Ipv4Range]> = [];
  for (const [prop, text] of ranges) {
    if (Token.isUnresolved(text)) continue;
    const range = parseIpv4Cidr(text);
    if (typeof range === 'string') check.fail(prop, text, range);
    parsed.push([prop, range]);
  }
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const [propA, a] = parsed[i];
      const [propB, b] = parsed[j];
      if (overlaps(a, b)) check.fail(propB, b.text, `overlaps '${propA}' (${JSON.stringify(a.text)})`);
    }
  }
}

/** Fails on a range that opens a door to the whole internet, or that is not an IPv4 CIDR. @internal */
export function checkRestrictedCidr(check: PropChecker, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  const problem = restrictedCidrProblem(value);
  if (problem !== undefined) check.fail(prop, value, problem);
}

/** Fails on a label key or value Google Cloud would reject. @internal */
export function checkLabels(check: PropChecker, prop: string, labels: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(labels)) {
    checkName(check, `${prop}.${key}`, key, LABEL_KEY);
    checkName(check, `${prop}.${key}`, value, LABEL_VALUE);
  }
}

/**
 * Runs checks and returns their failure messages instead of throwing, as `node.addValidation` wants them.
 * Anything that is not a {@link ConfigError} is a bug, and is rethrown.
 * @internal
 */
export function collectErrors(checks: () => void): string[] {
  try {
    checks();
    return [];
  } catch (err) {
    if (isConfigError(err)) return [err.message];
    throw err;
  }
}
