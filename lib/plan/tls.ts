/**
 * How a web API is served over HTTPS, resolved: every default applied and every prop validated, for each
 * {@link TlsMode}. Pure data: `TlsIngress` and `GatewayRoute` render it, and the web API resolver calls it, so a
 * description is refused the same way whichever side reads it.
 */
import { defaultCertificateMapName, defaultSslPolicyName, defaultStaticIpName } from './derive';
import { DNS_LABEL, DNS_SUBDOMAIN, GCP_RESOURCE_NAME, PUBLIC_HOST, PropChecker } from './errors';
import { CERTIFICATE_OF_MODE, GKE_GATEWAY_CLASS, LETS_ENCRYPT_PRODUCTION, TlsCertificate, TlsMode, TlsOptions } from './web-api-spec';

/** How a Google Cloud resource name is described in messages. */
const GCP_RESOURCE_NAME_WORDS = '1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen';
/** The characters of a URL path segment that an HTTPRoute path match accepts. */
const PATH_SEGMENTS = /^(\/[A-Za-z0-9\-._~%!$&'()*+,;=:@]+)+$/;
const HOST_WORDS = 'a fully qualified lower-case DNS name such as api.example.com (no wildcard, no scheme, no port)';
/** GKE's default backend timeout: how long the load balancer waits for a response. */
export const DEFAULT_BACKEND_TIMEOUT_SECONDS = 30;

/**
 * GKE GatewayClasses whose load balancer is regional or internal: it takes neither the global static IP nor the
 * global certificate map a Gateway of this library names.
 */
const REGIONAL_GKE_CLASSES: readonly string[] = [
  'gke-l7-rilb',
  'gke-l7-rilb-mc',
  'gke-l7-regional-external-managed',
  'gke-l7-regional-external-managed-mc',
  'gke-l7-cross-regional-internal-managed-mc',
];

/** Why a mode refuses another kind of certificate. */
const CERTIFICATE_MISMATCH: Readonly<Record<TlsMode, string>> = {
  [TlsMode.GKE_MANAGED]: 'does not work with TlsMode.GKE_MANAGED, whose Ingress takes a ManagedCertificate',
  [TlsMode.CERT_MANAGER]: 'does not work with TlsMode.CERT_MANAGER, whose certificate comes from Let\'s Encrypt',
  [TlsMode.GATEWAY]: 'does not work with TlsMode.GATEWAY: ManagedCertificate only works with GKE Ingress, and a Gateway takes its certificate from Certificate Manager through a certificate map',
};
/** Why each other kind of certificate cannot serve a Gateway. */
const GATEWAY_CERTIFICATE_REFUSALS: Readonly<Record<string, string>> = {
  [TlsCertificate.MANAGED_CERTIFICATE]: 'cannot be used here: ManagedCertificate only works with GKE Ingress (TlsMode.GKE_MANAGED); a Gateway takes its certificate from Certificate Manager through a certificate map',
  [TlsCertificate.LETS_ENCRYPT]: 'cannot be used here: Let\'s Encrypt certificates come through cert-manager and an Ingress (TlsMode.CERT_MANAGER); a Gateway takes its certificate from Certificate Manager through a certificate map',
};

/** What every mode resolves. */
interface ResolvedTlsBase {
  readonly host: string;
  /** The path prefix routed to the API: '/' or segments without a trailing slash. */
  readonly pathPrefix: string;
}

/** TlsMode.GKE_MANAGED, resolved. */
export interface ResolvedGkeManagedTls extends ResolvedTlsBase {
  readonly mode: TlsMode.GKE_MANAGED;
  readonly staticIpName: string;
  readonly backendTimeoutSeconds: number;
  /** The SSL policy the FrontendConfig names. */
  readonly sslPolicy: string;
}

/** TlsMode.CERT_MANAGER, resolved. */
export interface ResolvedCertManagerTls extends ResolvedTlsBase {
  readonly mode: TlsMode.CERT_MANAGER;
  readonly ingressClassName: string;
  /** The namespace of the ingress controller's pods, which alone reach the API's port (a WebApi requires it). */
  readonly ingressControllerNamespace?: string;
  /** An existing ClusterIssuer, or `undefined` when one is created. */
  readonly clusterIssuer?: string;
  readonly acmeEmail?: string;
  readonly acmeServer: string;
}

/** TlsMode.GATEWAY, resolved. */
export interface ResolvedGatewayTls extends ResolvedTlsBase {
  readonly mode: TlsMode.GATEWAY;
  readonly staticIpName: string;
  readonly certificateMapName: string;
  readonly gatewayClassName: string;
  readonly backendTimeoutSeconds: number;
  /** The SSL policy the GCPGatewayPolicy names. */
  readonly sslPolicy: string;
}

/** A web API's HTTPS, resolved for its mode. */
export type ResolvedTls = ResolvedGkeManagedTls | ResolvedCertManagerTls | ResolvedGatewayTls;

/**
 * Resolves and validates `tls` for the API (or construct) `name`; `prefix` is the prop path of `tls` in messages
 * (`'tls.'` in a `WebApi`, `''` in a standalone `TlsIngress`).
 */
export function resolveTls(c: PropChecker, name: string, tls: TlsOptions, prefix: string): ResolvedTls {
  const mode = tls.mode ?? TlsMode.GKE_MANAGED;
  c.matches(`${prefix}host`, tls.host, PUBLIC_HOST, HOST_WORDS);
  checkCertificate(c, prefix, mode, tls.certificate);
  const onlyFor = (allowed: TlsMode, props: Array<keyof TlsOptions>) => {
    if (mode === allowed) return;
    for (const prop of props) {
      if (tls[prop] !== undefined) c.fail(`${prefix}${prop}`, tls[prop], `applies to ${modeName(allowed)} only; '${prefix}mode' is ${mode}`);
    }
  };
  onlyFor(TlsMode.CERT_MANAGER, ['ingressClassName', 'ingressControllerNamespace', 'acmeEmail', 'clusterIssuer', 'acmeServer']);
  onlyFor(TlsMode.GATEWAY, ['certificateMapName', 'gatewayClassName']);
  if (mode === TlsMode.CERT_MANAGER) onlyFor(TlsMode.GKE_MANAGED, ['staticIpName', 'sslPolicy', 'backendTimeoutSeconds']);
  const pathPrefix = tls.pathPrefix ?? '/';
  checkPathPrefix(c, `${prefix}pathPrefix`, pathPrefix);
  const base = { host: tls.host, pathPrefix };
  if (mode === TlsMode.CERT_MANAGER) return { ...base, mode, ...resolveCertManager(c, prefix, tls) };
  const staticIpName = tls.staticIpName ?? defaultStaticIpName(name);
  c.matches(`${prefix}staticIpName`, staticIpName, GCP_RESOURCE_NAME, `a Compute Engine resource name: ${GCP_RESOURCE_NAME_WORDS}`);
  const backendTimeoutSeconds = tls.backendTimeoutSeconds ?? DEFAULT_BACKEND_TIMEOUT_SECONDS;
  c.integer(`${prefix}backendTimeoutSeconds`, backendTimeoutSeconds, { min: 1, max: 86400 });
  // Google's default policy accepts TLS 1.0 and weak ciphers (CIS GCP 3.9): name a MODERN one, which you create.
  const sslPolicy = tls.sslPolicy ?? defaultSslPolicyName(name);
  c.matches(`${prefix}sslPolicy`, sslPolicy, GCP_RESOURCE_NAME, `a Compute Engine resource name: ${GCP_RESOURCE_NAME_WORDS}`);
  if (mode === TlsMode.GKE_MANAGED) return { ...base, mode, staticIpName, backendTimeoutSeconds, sslPolicy };
  const certificateMapName = tls.certificateMapName ?? defaultCertificateMapName(name);
  c.matches(`${prefix}certificateMapName`, certificateMapName, GCP_RESOURCE_NAME, `a Certificate Manager resource name: ${GCP_RESOURCE_NAME_WORDS}`);
  const gatewayClassName = tls.gatewayClassName ?? GKE_GATEWAY_CLASS;
  c.matches(`${prefix}gatewayClassName`, gatewayClassName, DNS_SUBDOMAIN, 'a GatewayClass name (a DNS subdomain)');
  if (REGIONAL_GKE_CLASSES.includes(gatewayClassName)) {
    c.fail(`${prefix}gatewayClassName`, gatewayClassName, `is a regional or internal load balancer, which takes neither a global static IP nor a global certificate map; use '${GKE_GATEWAY_CLASS}'`);
  }
  return { ...base, mode, staticIpName, certificateMapName, gatewayClassName, backendTimeoutSeconds, sslPolicy };
}

function modeName(mode: TlsMode): string {
  return { [TlsMode.GKE_MANAGED]: 'TlsMode.GKE_MANAGED', [TlsMode.CERT_MANAGER]: 'TlsMode.CERT_MANAGER', [TlsMode.GATEWAY]: 'TlsMode.GATEWAY' }[mode];
}

function checkCertificate(c: PropChecker, prefix: string, mode: TlsMode, given: TlsCertificate | undefined): void {
  const certificate = given ?? CERTIFICATE_OF_MODE[mode];
  if (certificate === CERTIFICATE_OF_MODE[mode]) return;
  if (mode === TlsMode.GATEWAY) {
    c.fail(`${prefix}certificate`, certificate, GATEWAY_CERTIFICATE_REFUSALS[certificate]
      ?? `must be TlsCertificate.CERTIFICATE_MANAGER (${TlsCertificate.CERTIFICATE_MANAGER}): a Gateway takes its certificate from Certificate Manager through a certificate map`);
  }
  c.fail(`${prefix}certificate`, certificate, CERTIFICATE_MISMATCH[mode]);
}

function resolveCertManager(c: PropChecker, prefix: string, tls: TlsOptions): Omit<ResolvedCertManagerTls, 'mode' | 'host' | 'pathPrefix'> {
  if (tls.clusterIssuer === undefined && tls.acmeEmail === undefined) {
    c.fail(`${prefix}acmeEmail`, undefined, `is required with TlsMode.CERT_MANAGER unless '${prefix}clusterIssuer' names an existing issuer: Let's Encrypt writes there before a certificate expires`);
  }
  c.matches(`${prefix}acmeEmail`, tls.acmeEmail, /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address');
  // No default class: ingress-nginx, the usual one, was retired in March 2026, and a wrong guess serves nothing.
  if (tls.ingressClassName === undefined) {
    c.fail(`${prefix}ingressClassName`, undefined, 'is required with TlsMode.CERT_MANAGER: name the IngressClass of the controller that serves the API and solves HTTP-01 (ingress-nginx, the usual default, was retired in March 2026); on GKE, TlsMode.GATEWAY needs no controller of your own');
  }
  const ingressClassName = tls.ingressClassName;
  c.matches(`${prefix}ingressClassName`, ingressClassName, DNS_LABEL, 'an IngressClass name');
  c.matches(`${prefix}ingressControllerNamespace`, tls.ingressControllerNamespace, DNS_LABEL, 'a namespace name');
  return { ingressClassName, ingressControllerNamespace: tls.ingressControllerNamespace, clusterIssuer: tls.clusterIssuer, acmeEmail: tls.acmeEmail, acmeServer: tls.acmeServer ?? LETS_ENCRYPT_PRODUCTION };
}

/** A path prefix that matches whole segments: '/', or segments with no trailing slash. @internal */
export function checkPathPrefix(c: PropChecker, prop: string, value: string): void {
  if (value === '/') return;
  if (!value.startsWith('/')) c.fail(prop, value, 'must start with \'/\'');
  if (value.endsWith('/')) {
    const trimmed = value.replace(/\/+$/, '') || '/';
    c.fail(prop, value, `must not end with '/' unless it is '/': a prefix matches whole path segments, so '${trimmed}' already serves everything under it`);
  }
  if (!PATH_SEGMENTS.test(value)) {
    c.fail(prop, value, 'must be URL path segments of letters, digits and -._~%!$&\'()*+,;=:@ (no \'//\', \'?\' or \'#\')');
  }
  if (value.split('/').some((segment) => segment === '.' || segment === '..')) {
    c.fail(prop, value, 'must not contain \'.\' or \'..\' segments');
  }
}
