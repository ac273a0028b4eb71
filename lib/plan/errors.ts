/**
 * Errors for user mistakes. They carry the construct, the prop and the value received, so that a CLI can print
 * one readable line instead of a stack trace.
 */

/** A construct prop (or a combination of props) that makes no sense. */
export class ConfigError extends Error {
  /** Marks instances across duplicated module copies, where `instanceof` would fail. */
  public readonly isConfigError = true;

  constructor(
    /** The construct's class name, e.g. `WebApi`. */
    public readonly construct: string,
    /** The construct's name, e.g. `kf-api`. */
    public readonly id: string,
    /** The prop's path, e.g. `autoscaling.maxReplicas`. */
    public readonly prop: string,
    /** The value received. */
    public readonly received: unknown,
    /** What is wrong, phrased to follow the value: "must be at least 'x' (2)". */
    public readonly problem: string,
    /** Where the construct is, when its name alone does not say: `in environment 'staging'`. */
    public readonly where?: string,
  ) {
    super(`${construct} '${id}'${where ? ` ${where}` : ''}: '${prop}' (${describeValue(received)}) ${problem}`);
    this.name = 'ConfigError';
  }
}

/** True for a {@link ConfigError}, even one thrown by another copy of this module. */
export function isConfigError(err: unknown): err is ConfigError {
  return typeof err === 'object' && err !== null && (err as { isConfigError?: unknown }).isConfigError === true;
}

/** How a received value is quoted in a message: numbers bare, strings and objects as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Validates the props of one construct, and throws {@link ConfigError}s that name it.
 * Numeric checks are skipped for values the caller marks as unresolved (cdk8s/cdktf tokens).
 */
export class PropChecker {
  constructor(
    public readonly construct: string,
    public readonly id: string,
    private readonly isUnresolved: (value: unknown) => boolean = () => false,
    /** Where the construct is, when its name alone does not say: `in environment 'staging'`. */
    public readonly where?: string,
  ) {}

  /** Throws a {@link ConfigError} for `prop`. */
  public fail(prop: string, received: unknown, problem: string): never {
    throw new ConfigError(this.construct, this.id, prop, received, problem, this.where);
  }

  /** A whole number within [min, max]; `undefined` passes (the caller applies the default). */
  public integer(prop: string, value: number | undefined, range: { min?: number; max?: number } = {}): void {
    if (value === undefined || this.isUnresolved(value)) return;
    if (!Number.isInteger(value)) this.fail(prop, value, 'must be a whole number');
    if (range.min !== undefined && value < range.min) this.fail(prop, value, `must be at least ${range.min}`);
    if (range.max !== undefined && value > range.max) this.fail(prop, value, `must be at most ${range.max}`);
  }

  /** `value` of `prop` must be at least `other` of `otherProp`. */
  public atLeast(prop: string, value: number, otherProp: string, other: number): void {
    if (this.isUnresolved(value) || this.isUnresolved(other)) return;
    if (value < other) this.fail(prop, value, `must be at least '${otherProp}' (${other})`);
  }

  /** A non-empty string without surrounding white space. */
  public nonEmpty(prop: string, value: string | undefined): void {
    if (value === undefined || this.isUnresolved(value)) return;
    if (value.trim() === '') this.fail(prop, value, 'must not be empty');
    if (value.trim() !== value) this.fail(prop, value, 'must not start or end with white space');
  }

  /** Matches `pattern`; `what` says in words what was expected. */
  public matches(prop: string, value: string | undefined, pattern: RegExp, what: string): void {
    if (value === undefined || this.isUnresolved(value)) return;
    if (!pattern.test(value)) this.fail(prop, value, `must be ${what}`);
  }
}

/** An environment variable name, as Kubernetes and shells accept it. */
export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An RFC 1123 label, as Kubernetes names of Services, Deployments and namespaces must be. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A Google Cloud resource name (RFC 1035 label): addresses, certificate maps, networks, registries. Unlike a
 * Kubernetes DNS label it must start with a letter.
 */
export const GCP_RESOURCE_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** An RFC 1123 subdomain, as most Kubernetes object names must be. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A fully qualified public host name: at least two labels, lower case, no wildcard, a letter-led top-level label.
 * This is what GKE ManagedCertificate and Let's Encrypt HTTP-01 accept.
 */
export const PUBLIC_HOST = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
