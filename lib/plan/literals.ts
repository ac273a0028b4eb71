/**
 * What must never be written into manifests as a literal: credentials in environment variables, and images that
 * name no fixed version. One definition each, for `WebApi` (which refuses them) and the checks (which report them).
 */

const SENSITIVE_NAME = /password|passwd|secret|token|bearer|api[_-]?key|private[_-]?key|credential|^AWS_SECRET_ACCESS_KEY$|^AZURE_.+KEY$|^OCI_CLI_KEY_CONTENT$/i;
/** Names that hold where a secret is, not the secret (`DB_PASSWORD_FILE=/run/secrets/db`). */
const REFERENCE_NAME = /_(FILE|PATH|DIR|NAME|REF)$/i;
const PRIVATE_KEY = /-----BEGIN[A-Z ]*PRIVATE KEY-----/;
/** `postgresql://user:password@host/db` */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i;
/** `$(OTHER_VAR)` only: Kubernetes expands it from another variable, typically one read from a Secret. */
const VAR_REFERENCE = /^(\$\([A-Za-z_][A-Za-z0-9_]*\)\s*)+$/;

/** What is wrong with a literal `name=value` environment variable that a Secret should hold, if anything. */
export function literalSecretProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || VAR_REFERENCE.test(value.trim())) return undefined;
  if (PRIVATE_KEY.test(value)) return 'holds a private key';
  if (URL_WITH_PASSWORD.test(value)) return 'holds a URL with a password in it';
  if (/^GOOGLE_APPLICATION_CREDENTIALS$/i.test(name)) return 'points to a service-account key file (use Workload Identity instead of keys)';
  if (SENSITIVE_NAME.test(name) && !REFERENCE_NAME.test(name)) return 'has a sensitive name and a literal value';
  return undefined;
}

/**
 * The names Polaris's `sensitiveContainerEnvVar` (danger) fails when the variable has a literal `value`, whatever
 * the value says: Fairwinds' pkg/config/checks/sensitiveContainerEnvVar.yaml. A `<NAME>_FILE` path is one too.
 */
const POLARIS_SENSITIVE_NAME = /password|token|bearer|secret|^AWS_SECRET_ACCESS_KEY$|^GOOGLE_APPLICATION_CREDENTIALS$|^AZURE_.+KEY$|^OCI_CLI_KEY_CONTENT$/i;

/** Whether Polaris's `sensitiveContainerEnvVar` fails a variable of this name that has a literal value. */
export function polarisSensitiveName(name: string): boolean {
  return POLARIS_SENSITIVE_NAME.test(name);
}

/** Polaris's own exemption of a workload from `sensitiveContainerEnvVar` (or from every check): its metadata's annotation. */
export const POLARIS_SENSITIVE_ENV_EXEMPT = 'polaris.fairwinds.com/sensitiveContainerEnvVar-exempt';

/** An image reference's tag or digest. */
export function parseImageReference(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { digest: image.slice(at + 1) };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? { tag: image.slice(colon + 1) } : {};
}

/** Why an image names no fixed version (no tag, or `latest`), or `undefined` when it is pinned by tag or digest. */
export function unpinnedImageProblem(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (ref.digest) return undefined;
  if (!ref.tag) return 'has no tag';
  return ref.tag === 'latest' ? 'has the tag latest' : undefined;
}

/**
 * An image reference as the container runtime parses it: the distribution reference grammar
 * (github.com/distribution/reference, regexp.go): `[domain[:port]/]path[:tag][@digest]`, with a lower-case path of
 * alphanumerics and `.`/`_`/`__`/`-` separators, a tag of at most 128 word characters, dots and dashes, and a digest
 * `algorithm:hex` (32 or more hex digits). The name is at most 255 characters (reference.go, NameTotalLengthMax).
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[_.]|__|[-]+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

/** Why the runtime would refuse `image` (InvalidImageName), or `undefined` when it follows the reference grammar. */
export function imageReferenceProblem(image: string): string | undefined {
  const match = REFERENCE.exec(image);
  if (!match) return 'is not an image reference: [registry[:port]/]lower-case/path[:tag][@sha256:digest]; the runtime would refuse it (InvalidImageName)';
  if (match[1].length > 255) return 'has a name longer than 255 characters; the runtime would refuse it (InvalidImageName)';
  return undefined;
}
