import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PropChecker } from '../plan/errors';
import { ResolvedGatewayTls, resolveTls } from '../plan/tls';
import { TlsMode, TlsOptions } from '../plan/web-api-spec';
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
  GcpGatewayPolicy,
  HealthCheckPolicy,
  HealthCheckPolicySpecDefaultConfigHttpHealthCheckPortSpecification as HealthCheckPortSpecification,
  HealthCheckPolicySpecDefaultConfigType,
} from './imports/networking.gke.io';

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
  readonly labels: Readonly<Record<string, string>>;
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
  /** The Gateway's own policy: its load balancer's SSL policy. */
  public readonly gatewayPolicy: GcpGatewayPolicy;
  /** The SSL policy (minimum TLS version, ciphers) of the Gateway's load balancer. */
  public readonly sslPolicy: string;
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
    const checker: PropChecker = props.checker ?? new PropChecker('GatewayRoute', props.name);
    const p = props.propPrefix ?? '';
    const mode = props.mode ?? TlsMode.GATEWAY;
    if (mode !== TlsMode.GATEWAY) {
      checker.fail(`${p}mode`, mode, `must be TlsMode.GATEWAY (${TlsMode.GATEWAY}) for a GatewayRoute; TlsIngress serves the other modes`);
    }
    const tls = resolveTls(checker, props.name, { ...props, mode }, p) as ResolvedGatewayTls;
    this.host = tls.host;
    this.staticIpName = tls.staticIpName;
    this.certificateMapName = tls.certificateMapName;
    this.gatewayClassName = tls.gatewayClassName;
    this.pathPrefix = tls.pathPrefix;
    this.backendTimeoutSeconds = tls.backendTimeoutSeconds;
    this.drainingTimeoutSeconds = props.drainingTimeoutSeconds ?? 30;
    checker.integer('drainingTimeoutSeconds', this.drainingTimeoutSeconds, { min: 0, max: 3600 });
    const healthCheckPathProp = props.healthCheckPath !== undefined ? `${p}healthCheckPath` : 'healthCheck.path';
    this.healthCheckPath = props.healthCheckPath ?? props.healthCheck.path;
    checker.matches(healthCheckPathProp, this.healthCheckPath, /^\/[A-Za-z0-9/\-._~%!?$&'()*+,;=:]*$/, 'a URL path the API serves, starting with \'/\'');
    this.healthCheckPort = props.healthCheck.port;
    checker.integer('healthCheck.port', this.healthCheckPort, { min: 1, max: 65535 });
    checker.integer('servicePort', props.servicePort, { min: 1, max: 65535 });
    this.sslPolicy = tls.sslPolicy;
    this.gateway = this.renderGateway(props);
    this.gatewayPolicy = new GcpGatewayPolicy(this, 'gateway-policy', {
      metadata: metadataOf(props),
      spec: {
        default: { sslPolicy: this.sslPolicy },
        targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.gateway.name },
      },
    });
    this.route = this.renderRoute(props, 'route', '', HTTPS_LISTENER);
    this.redirectRoute = this.renderRoute(props, 'redirect', '-http-redirect', HTTP_LISTENER);
    const targetRef = { group: '', kind: 'Service', name: props.service.name };
    this.healthCheckPolicy = new HealthCheckPolicy(this, 'health-check', {
      metadata: metadataOf(props),
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
      metadata: metadataOf(props),
      spec: {
        default: {
          timeoutSec: this.backendTimeoutSeconds,
          connectionDraining: { drainingTimeoutSec: this.drainingTimeoutSeconds },
        },
        targetRef,
      },
    });
  }

  /** A Gateway on the reserved static IP, with the certificate map, an HTTPS and an HTTP listener. */
  private renderGateway(props: GatewayRouteProps): Gateway {
    const sameNamespace = { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } };
    return new Gateway(this, 'gateway', {
      metadata: {
        ...metadataOf(props),
        // GKE's Gateway controller attaches this Certificate Manager map to the load balancer's HTTPS proxy.
        annotations: { 'networking.gke.io/certmap': this.certificateMapName },
      },
      spec: {
        gatewayClassName: this.gatewayClassName,
        addresses: [{ type: 'NamedAddress', value: this.staticIpName }],
        listeners: [
          { name: HTTPS_LISTENER, protocol: 'HTTPS', port: 443, allowedRoutes: sameNamespace },
          { name: HTTP_LISTENER, protocol: 'HTTP', port: 80, allowedRoutes: sameNamespace },
        ],
      },
    });
  }

  /** The HTTPS listener's route to the Service, or the HTTP listener's redirect to HTTPS. */
  private renderRoute(props: GatewayRouteProps, id: string, suffix: string, listener: string): HttpRoute {
    const matches = [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: this.pathPrefix } }];
    const rule = listener === HTTPS_LISTENER
      ? { matches, backendRefs: [{ name: props.service.name, port: props.servicePort }] }
      : {
        matches,
        filters: [{
          type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
          requestRedirect: { scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS, statusCode: 301 },
        }],
      };
    return new HttpRoute(this, id, {
      metadata: metadataOf(props, suffix),
      spec: { parentRefs: [{ name: this.gateway.name, sectionName: listener }], hostnames: [this.host], rules: [rule] },
    });
  }
}

const HTTPS_LISTENER = 'https';
const HTTP_LISTENER = 'http';

function metadataOf(props: GatewayRouteProps, suffix = '') {
  return { name: `${props.name}${suffix}`, namespace: props.namespace, labels: { ...props.labels } };
}
