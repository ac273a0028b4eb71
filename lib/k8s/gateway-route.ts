import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DNS_SUBDOMAIN, GCP_RESOURCE_NAME, PropChecker, PUBLIC_HOST } from '../plan/errors';
import { CERTIFICATE_OF_MODE, GKE_GATEWAY_CLASS, TlsCertificate, TlsMode, TlsOptions } from '../plan/web-api-spec';
import {
  Gateway,
  GatewaySpecListenersAllowedRoutesNamespacesFrom,
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesMatchesPathType,
} from './imports/gateway.networking.k8s.io';
import {
  GcpBackendPolicy,
  HealthCheckPolicy,
  HealthCheckPolicySpecDefaultConfigHttpHealthCheckPortSpecification as HealthCheckPortSpecification,
  HealthCheckPolicySpecDefaultConfigType,
} from './imports/networking.gke.io';

/**
 * A Google Cloud resource name (RFC 1035 label), as global addresses and Certificate Manager maps must be named.
 * (lib/gcp/names.ts holds the same rule; k8s/ and gcp/ never import each other.)
 */
const GCP_RESOURCE_NAME_WORDS = '1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen';

/** The characters of a URL path segment that an HTTPRoute path match accepts. */
const PATH_SEGMENTS = /^(\/[A-Za-z0-9\-._~%!$&'()*+,;=:@]+)+$/;

/**
 * GKE GatewayClasses whose load balancer is regional or internal: it takes neither the global static IP nor the
 * global certificate map this construct names.
 */
const REGIONAL_GKE_CLASSES: readonly string[] = [
  'gke-l7-rilb',
  'gke-l7-rilb-mc',
  'gke-l7-regional-external-managed',
  'gke-l7-regional-external-managed-mc',
  'gke-l7-cross-regional-internal-managed-mc',
];

/** Why each other kind of certificate cannot serve a Gateway. */
const CERTIFICATE_REFUSALS: Readonly<Record<string, string>> = {
  [TlsCertificate.MANAGED_CERTIFICATE]: 'cannot be used here: ManagedCertificate only works with GKE Ingress (TlsMode.GKE_MANAGED); a Gateway takes its certificate from Certificate Manager through a certificate map',
  [TlsCertificate.LETS_ENCRYPT]: 'cannot be used here: Let\'s Encrypt certificates come through cert-manager and an Ingress (TlsMode.CERT_MANAGER); a Gateway takes its certificate from Certificate Manager through a certificate map',
};

/** The load balancer's health check of each pod: a path the API serves, on the container's port. */
export interface GatewayHealthCheck {
  /** The path checked, e.g. the readiness probe's `/readyz`; `tls.healthCheckPath` overrides it. */
  readonly path: string;
  /** The container port the server listens on (the load balancer checks pods directly, through NEGs). */
  readonly port: number;
}

/** Props of {@link GatewayRoute}: the user's {@link TlsOptions} plus what the owning construct wires in. */
export interface GatewayRouteProps extends TlsOptions {
  /** Base name of the objects, e.g. `kf-api`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The Service to route to, and its port. */
  readonly service: kplus.Service;
  readonly servicePort: number;
  /**
   * The health check of each pod. Without a HealthCheckPolicy GKE checks `/`, and an API that answers 404 there
   * gets 502s.
   */
  readonly healthCheck: GatewayHealthCheck;
  /**
   * How long the load balancer lets requests in flight to a removed pod finish (connection draining). Match it to
   * how long a terminating pod keeps serving (its preStop pause plus its drain time).
   * @default 30
   */
  readonly drainingTimeoutSeconds?: number;
  /** Used in error messages: the owning construct's class and prop path. */
  readonly checker?: PropChecker;
  readonly propPrefix?: string;
}

/** Seconds between health checks, and how long one may take: GKE's defaults, written out. */
const HEALTH_CHECK_INTERVAL_SECONDS = 5;
const HEALTH_CHECK_TIMEOUT_SECONDS = 5;
/** Consecutive results that mark a pod healthy or unhealthy: GKE's defaults, written out. */
const HEALTH_CHECK_THRESHOLD = 2;

/**
 * HTTPS for one host through the GKE Gateway API ({@link TlsMode.GATEWAY}): a `Gateway` on a reserved global static
 * IP whose certificate comes from a Certificate Manager certificate map (`networking.gke.io/certmap`), an
 * `HTTPRoute` from its HTTPS listener to the Service, an `HTTPRoute` that redirects its HTTP listener to HTTPS, a
 * `HealthCheckPolicy` that checks a path the API serves, and a `GCPBackendPolicy` for the backend timeout and
 * connection draining.
 *
 * The static IP and the certificate map live in Terraform (`IngressAddress`, `CertificateMap`), under the same
 * names. Use `ApiObject.of(x).addJsonPatch` on the public objects as a last resort.
 */
export class GatewayRoute extends Construct {
  public readonly gateway: Gateway;
  /** The route from the HTTPS listener to the Service. */
  public readonly route: HttpRoute;
  /** The route that answers plain HTTP with a 301 to HTTPS. */
  public readonly redirectRoute: HttpRoute;
  public readonly healthCheckPolicy: HealthCheckPolicy;
  public readonly backendPolicy: GcpBackendPolicy;
  public readonly host: string;
  /** The reserved global static IP the Gateway asks for (`NamedAddress`). */
  public readonly staticIpName: string;
  /** The Certificate Manager certificate map the Gateway names. */
  public readonly certificateMapName: string;
  public readonly gatewayClassName: string;
  public readonly pathPrefix: string;
  public readonly backendTimeoutSeconds: number;
  public readonly drainingTimeoutSeconds: number;
  /** The path the load balancer checks on each pod. */
  public readonly healthCheckPath: string;
  /** The container port the load balancer checks. */
  public readonly healthCheckPort: number;

  constructor(scope: Construct, id: string, props: GatewayRouteProps) {
    super(scope, id);
    const checker = props.checker ?? new PropChecker('GatewayRoute', props.name);
    const p = props.propPrefix ?? '';
    const mode = props.mode ?? TlsMode.GATEWAY;
    if (mode !== TlsMode.GATEWAY) {
      checker.fail(`${p}mode`, mode, `must be TlsMode.GATEWAY (${TlsMode.GATEWAY}) for a GatewayRoute; TlsIngress serves the other modes`);
    }
    const certificate = props.certificate ?? CERTIFICATE_OF_MODE[TlsMode.GATEWAY];
    if (certificate !== CERTIFICATE_OF_MODE[TlsMode.GATEWAY]) {
      checker.fail(`${p}certificate`, certificate, CERTIFICATE_REFUSALS[certificate]
        ?? `must be TlsCertificate.CERTIFICATE_MANAGER (${TlsCertificate.CERTIFICATE_MANAGER}): a Gateway takes its certificate from Certificate Manager through a certificate map`);
    }
    for (const [prop, value] of [['acmeEmail', props.acmeEmail], ['clusterIssuer', props.clusterIssuer], ['acmeServer', props.acmeServer], ['ingressClassName', props.ingressClassName]] as const) {
      if (value !== undefined) checker.fail(`${p}${prop}`, value, `applies to TlsMode.CERT_MANAGER only; '${p}mode' is ${mode}`);
    }
    if (props.sslPolicy !== undefined) {
      checker.fail(`${p}sslPolicy`, props.sslPolicy, `applies to TlsMode.GKE_MANAGED only; '${p}mode' is ${mode} (a Gateway's SSL policy is set by a GCPGatewayPolicy)`);
    }

    this.host = props.host;
    checker.matches(`${p}host`, props.host, PUBLIC_HOST, 'a fully qualified lower-case DNS name such as api.example.com (no wildcard, no scheme, no port)');
    this.staticIpName = props.staticIpName ?? `${props.name}-ip`;
    checker.matches(`${p}staticIpName`, this.staticIpName, GCP_RESOURCE_NAME, `a Compute Engine resource name: ${GCP_RESOURCE_NAME_WORDS}`);
    this.certificateMapName = props.certificateMapName ?? `${props.name}-certmap`;
    checker.matches(`${p}certificateMapName`, this.certificateMapName, GCP_RESOURCE_NAME, `a Certificate Manager resource name: ${GCP_RESOURCE_NAME_WORDS}`);
    this.gatewayClassName = props.gatewayClassName ?? GKE_GATEWAY_CLASS;
    checker.matches(`${p}gatewayClassName`, this.gatewayClassName, DNS_SUBDOMAIN, 'a GatewayClass name (a DNS subdomain)');
    if (REGIONAL_GKE_CLASSES.includes(this.gatewayClassName)) {
      checker.fail(`${p}gatewayClassName`, this.gatewayClassName, `is a regional or internal load balancer, which takes neither a global static IP nor a global certificate map; use '${GKE_GATEWAY_CLASS}'`);
    }
    this.pathPrefix = props.pathPrefix ?? '/';
    checkPathPrefix(checker, `${p}pathPrefix`, this.pathPrefix);
    this.backendTimeoutSeconds = props.backendTimeoutSeconds ?? 30;
    checker.integer(`${p}backendTimeoutSeconds`, this.backendTimeoutSeconds, { min: 1, max: 86400 });
    this.drainingTimeoutSeconds = props.drainingTimeoutSeconds ?? 30;
    checker.integer('drainingTimeoutSeconds', this.drainingTimeoutSeconds, { min: 0, max: 3600 });
    const healthCheckPathProp = props.healthCheckPath !== undefined ? `${p}healthCheckPath` : 'healthCheck.path';
    this.healthCheckPath = props.healthCheckPath ?? props.healthCheck.path;
    checker.matches(healthCheckPathProp, this.healthCheckPath, /^\/[A-Za-z0-9/\-._~%!?$&'()*+,;=:]*$/, 'a URL path the API serves, starting with \'/\'');
    this.healthCheckPort = props.healthCheck.port;
    checker.integer('healthCheck.port', this.healthCheckPort, { min: 1, max: 65535 });
    checker.integer('servicePort', props.servicePort, { min: 1, max: 65535 });

    const metadata = (suffix = '') => ({ name: `${props.name}${suffix}`, namespace: props.namespace, labels: props.labels });
    const sameNamespace = { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } };
    const HTTPS = 'https';
    const HTTP = 'http';
    this.gateway = new Gateway(this, 'gateway', {
      metadata: {
        ...metadata(),
        // GKE's Gateway controller attaches this Certificate Manager map to the load balancer's HTTPS proxy.
        annotations: { 'networking.gke.io/certmap': this.certificateMapName },
      },
      spec: {
        gatewayClassName: this.gatewayClassName,
        addresses: [{ type: 'NamedAddress', value: this.staticIpName }],
        listeners: [
          { name: HTTPS, protocol: 'HTTPS', port: 443, allowedRoutes: sameNamespace },
          { name: HTTP, protocol: 'HTTP', port: 80, allowedRoutes: sameNamespace },
        ],
      },
    });
    const matches = [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: this.pathPrefix } }];
    this.route = new HttpRoute(this, 'route', {
      metadata: metadata(),
      spec: {
        parentRefs: [{ name: this.gateway.name, sectionName: HTTPS }],
        hostnames: [props.host],
        rules: [{ matches, backendRefs: [{ name: props.service.name, port: props.servicePort }] }],
      },
    });
    this.redirectRoute = new HttpRoute(this, 'redirect', {
      metadata: metadata('-http-redirect'),
      spec: {
        parentRefs: [{ name: this.gateway.name, sectionName: HTTP }],
        hostnames: [props.host],
        rules: [{
          matches,
          filters: [{
            type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
            requestRedirect: { scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS, statusCode: 301 },
          }],
        }],
      },
    });
    const targetRef = { group: '', kind: 'Service', name: props.service.name };
    this.healthCheckPolicy = new HealthCheckPolicy(this, 'health-check', {
      metadata: metadata(),
      spec: {
        default: {
          checkIntervalSec: HEALTH_CHECK_INTERVAL_SECONDS,
          timeoutSec: HEALTH_CHECK_TIMEOUT_SECONDS,
          healthyThreshold: HEALTH_CHECK_THRESHOLD,
          unhealthyThreshold: HEALTH_CHECK_THRESHOLD,
          config: {
            type: HealthCheckPolicySpecDefaultConfigType.HTTP,
            httpHealthCheck: {
              port: this.healthCheckPort,
              portSpecification: HealthCheckPortSpecification.USE_UNDERSCORE_FIXED_UNDERSCORE_PORT,
              requestPath: this.healthCheckPath,
            },
          },
        },
        targetRef,
      },
    });
    this.backendPolicy = new GcpBackendPolicy(this, 'backend-policy', {
      metadata: metadata(),
      spec: {
        default: {
          timeoutSec: this.backendTimeoutSeconds,
          connectionDraining: { drainingTimeoutSec: this.drainingTimeoutSeconds },
        },
        targetRef,
      },
    });
  }
}

/** A path prefix an HTTPRoute matches whole segments of: '/', or segments with no trailing slash. */
function checkPathPrefix(checker: PropChecker, prop: string, value: string): void {
  if (value === '/') return;
  if (!value.startsWith('/')) checker.fail(prop, value, 'must start with \'/\'');
  if (value.endsWith('/')) {
    const trimmed = value.replace(/\/+$/, '') || '/';
    checker.fail(prop, value, `must not end with '/' unless it is '/': a prefix matches whole path segments, so '${trimmed}' already serves everything under it`);
  }
  if (!PATH_SEGMENTS.test(value)) {
    checker.fail(prop, value, 'must be URL path segments of letters, digits and -._~%!$&\'()*+,;=:@ (no \'//\', \'?\' or \'#\')');
  }
  if (value.split('/').some((segment) => segment === '.' || segment === '..')) {
    checker.fail(prop, value, 'must not contain \'.\' or \'..\' segments');
  }
}
