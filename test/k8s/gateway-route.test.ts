import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { GatewayRoute, GatewayRouteProps } from '../../lib/k8s/gateway-route';
import { PropChecker } from '../../lib/plan/errors';
import { GKE_GATEWAY_CLASS, TlsCertificate, TlsMode } from '../../lib/plan/web-api-spec';
import { validateAll } from '../helpers/schema';
import { only } from '../helpers/synth';

function synthRoute(props: Partial<GatewayRouteProps> = {}) {
  const chart = Testing.chart();
  const service = new kplus.Service(chart, 'svc', { metadata: { name: 'api-svc' }, ports: [{ port: 80 }] });
  const gateway = new GatewayRoute(chart, 'gateway', {
    name: 'api', namespace: 'api', labels: { app: 'api' }, host: 'api.example.com', service, servicePort: 80,
    healthCheck: { path: '/readyz', port: 8000 }, ...props,
  });
  return { gateway, manifests: Testing.synth(chart).filter((m) => m.kind !== 'Service') };
}

describe('GatewayRoute', () => {
  const { gateway, manifests } = synthRoute({ mode: TlsMode.GATEWAY });

  test('every object validates against its schema', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'GCPBackendPolicy/api', 'GCPGatewayPolicy/api', 'Gateway/api', 'HTTPRoute/api', 'HTTPRoute/api-http-redirect', 'HealthCheckPolicy/api',
    ]);
    expect(validateAll(manifests)).toBe(6);
    for (const m of manifests) expect(m.metadata).toMatchObject({ namespace: 'api', labels: { app: 'api' } });
  });

  test("a GCPGatewayPolicy names the load balancer's SSL policy (MODERN, TLS 1.2, created on the Terraform side)", () => {
    const policy = only(manifests, 'GCPGatewayPolicy');
    expect(policy.apiVersion).toBe('networking.gke.io/v1');
    expect(policy.spec).toEqual({ default: { sslPolicy: 'api-ssl-policy' }, targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'api' } });
  });

  test('a global external Gateway on the named static IP, with the certificate map, listening on 443 and 80', () => {
    const gw = only(manifests, 'Gateway');
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw.metadata.annotations).toEqual({ 'networking.gke.io/certmap': 'api-certmap' });
    expect(gw.spec.gatewayClassName).toBe(GKE_GATEWAY_CLASS);
    expect(gw.spec.gatewayClassName).toBe('gke-l7-global-external-managed');
    expect(gw.spec.addresses).toEqual([{ type: 'NamedAddress', value: 'api-ip' }]);
    expect(gw.spec.listeners).toEqual([
      { name: 'https', protocol: 'HTTPS', port: 443, allowedRoutes: { namespaces: { from: 'Same' } } },
      { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
    ]);
    // The certificate comes from the map: no certificateRefs, which GKE refuses beside the annotation.
    expect(gw.spec.listeners[0].tls).toBeUndefined();
    expect(gateway.staticIpName).toBe('api-ip');
    expect(gateway.certificateMapName).toBe('api-certmap');
  });

  test('the route attaches to the HTTPS listener for the host and sends every path to the Service', () => {
    const route = only(manifests, 'HTTPRoute', 'api');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'api', sectionName: 'https' }],
      hostnames: ['api.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: 'api-svc', port: 80 }],
      }],
    });
  });

  test('plain HTTP on the HTTP listener is redirected to HTTPS with a 301, and reaches no backend', () => {
    const redirect = only(manifests, 'HTTPRoute', 'api-http-redirect');
    expect(redirect.spec.parentRefs).toEqual([{ name: 'api', sectionName: 'http' }]);
    expect(redirect.spec.hostnames).toEqual(['api.example.com']);
    expect(redirect.spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
    }]);
  });

  test('the load balancer health-checks the readiness path on the container port, not GKE\'s default \'/\'', () => {
    const policy = only(manifests, 'HealthCheckPolicy');
    expect(policy.apiVersion).toBe('networking.gke.io/v1');
    expect(policy.spec.targetRef).toEqual({ group: '', kind: 'Service', name: 'api-svc' });
    expect(policy.spec.default).toEqual({
      checkIntervalSec: 5, timeoutSec: 5, healthyThreshold: 2, unhealthyThreshold: 2,
      config: { type: 'HTTP', httpHealthCheck: { port: 8000, portSpecification: 'USE_FIXED_PORT', requestPath: '/readyz' } },
    });
    expect(gateway.healthCheckPath).toBe('/readyz');
    expect(gateway.healthCheckPort).toBe(8000);
  });

  test('the backend policy sets the 30 s timeout and connection draining on the Service', () => {
    const policy = only(manifests, 'GCPBackendPolicy');
    expect(policy.spec).toEqual({
      default: { timeoutSec: 30, connectionDraining: { drainingTimeoutSec: 30 } },
      targetRef: { group: '', kind: 'Service', name: 'api-svc' },
    });
    expect(gateway.backendTimeoutSeconds).toBe(30);
    expect(gateway.drainingTimeoutSeconds).toBe(30);
  });

  test('names, class, path prefix, timeouts and health check path given explicitly', () => {
    const { gateway: g, manifests: m } = synthRoute({
      staticIpName: 'shared-ip', certificateMapName: 'shared-map', gatewayClassName: 'gke-l7-gxlb', pathPrefix: '/orders',
      backendTimeoutSeconds: 120, drainingTimeoutSeconds: 45, healthCheckPath: '/healthz', certificate: TlsCertificate.CERTIFICATE_MANAGER,
    });
    expect(validateAll(m)).toBe(6);
    const gw = only(m, 'Gateway');
    expect(gw.metadata.annotations['networking.gke.io/certmap']).toBe('shared-map');
    expect(gw.spec.gatewayClassName).toBe('gke-l7-gxlb');
    expect(gw.spec.addresses).toEqual([{ type: 'NamedAddress', value: 'shared-ip' }]);
    for (const name of ['api', 'api-http-redirect']) {
      expect(only(m, 'HTTPRoute', name).spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/orders' } }]);
    }
    expect(only(m, 'GCPBackendPolicy').spec.default).toEqual({ timeoutSec: 120, connectionDraining: { drainingTimeoutSec: 45 } });
    expect(only(m, 'HealthCheckPolicy').spec.default.config.httpHealthCheck.requestPath).toBe('/healthz');
    expect(g.pathPrefix).toBe('/orders');
    expect(g.gatewayClassName).toBe('gke-l7-gxlb');
  });

  test('the sub-objects are public', () => {
    expect(gateway.gateway.name).toBe('api');
    expect(gateway.route.name).toBe('api');
    expect(gateway.redirectRoute.name).toBe('api-http-redirect');
    expect(gateway.healthCheckPolicy.name).toBe('api');
    expect(gateway.backendPolicy.name).toBe('api');
  });
});

describe('GatewayRoute errors', () => {
  const G = 'GatewayRoute \'api\':';
  test.each([
    ['an invalid host', { host: 'api_example' }, `${G} 'host' ("api_example") must be a fully qualified lower-case DNS name such as api.example.com`],
    ['a wildcard host', { host: '*.example.com' }, `${G} 'host' ("*.example.com") must be a fully qualified lower-case DNS name`],
    ['a static IP name GCP refuses', { staticIpName: '1-ip' }, `${G} 'staticIpName' ("1-ip") must be a Compute Engine resource name: 1-63 lowercase letters`],
    ['a certificate map name GCP refuses', { certificateMapName: 'Api_Map' }, `${G} 'certificateMapName' ("Api_Map") must be a Certificate Manager resource name: 1-63 lowercase letters`],
    ['a derived name GCP refuses', { name: 'a'.repeat(61) }, `'staticIpName' ("${'a'.repeat(61)}-ip") must be a Compute Engine resource name`],
    ['a class name that is no object name', { gatewayClassName: 'GKE L7' }, `${G} 'gatewayClassName' ("GKE L7") must be a GatewayClass name`],
    ['a regional class', { gatewayClassName: 'gke-l7-rilb' }, `${G} 'gatewayClassName' ("gke-l7-rilb") is a regional or internal load balancer, which takes neither a global static IP nor a global certificate map; use 'gke-l7-global-external-managed'`],
    ['a path prefix without a leading slash', { pathPrefix: 'orders' }, `${G} 'pathPrefix' ("orders") must start with '/'`],
    ['a path prefix with a trailing slash', { pathPrefix: '/orders/' }, `${G} 'pathPrefix' ("/orders/") must not end with '/' unless it is '/': a prefix matches whole path segments, so '/orders' already serves everything under it`],
    ['a path prefix with an empty segment', { pathPrefix: '/orders//v1' }, `${G} 'pathPrefix' ("/orders//v1") must be URL path segments`],
    ['a path prefix with a query', { pathPrefix: '/orders?x=1' }, `${G} 'pathPrefix' ("/orders?x=1") must be URL path segments`],
    ['a path prefix with a dot segment', { pathPrefix: '/orders/..' }, `${G} 'pathPrefix' ("/orders/..") must not contain '.' or '..' segments`],
    ['a zero backend timeout', { backendTimeoutSeconds: 0 }, `${G} 'backendTimeoutSeconds' (0) must be at least 1`],
    ['a backend timeout above a day', { backendTimeoutSeconds: 86401 }, `${G} 'backendTimeoutSeconds' (86401) must be at most 86400`],
    ['a fractional backend timeout', { backendTimeoutSeconds: 1.5 }, `${G} 'backendTimeoutSeconds' (1.5) must be a whole number`],
    ['a draining timeout above an hour', { drainingTimeoutSeconds: 3601 }, `${G} 'drainingTimeoutSeconds' (3601) must be at most 3600`],
    ['a health check path without a slash', { healthCheckPath: 'healthz' }, `${G} 'healthCheckPath' ("healthz") must be a URL path the API serves, starting with '/'`],
    ['a bad wired-in health check path', { healthCheck: { path: 'readyz', port: 8000 } }, `${G} 'healthCheck.path' ("readyz") must be a URL path the API serves`],
    ['a bad health check port', { healthCheck: { path: '/readyz', port: 0 } }, `${G} 'healthCheck.port' (0) must be at least 1`],
    ['a bad service port', { servicePort: 70000 }, `${G} 'servicePort' (70000) must be at most 65535`],
    ['another TLS mode', { mode: TlsMode.GKE_MANAGED }, `${G} 'mode' ("gke-managed") must be TlsMode.GATEWAY (gateway) for a GatewayRoute; TlsIngress serves the other modes`],
    ['a ManagedCertificate', { certificate: TlsCertificate.MANAGED_CERTIFICATE }, `${G} 'certificate' ("managed-certificate") cannot be used here: ManagedCertificate only works with GKE Ingress (TlsMode.GKE_MANAGED); a Gateway takes its certificate from Certificate Manager through a certificate map`],
    ['a Let\'s Encrypt certificate', { certificate: TlsCertificate.LETS_ENCRYPT }, `${G} 'certificate' ("lets-encrypt") cannot be used here: Let's Encrypt certificates come through cert-manager and an Ingress (TlsMode.CERT_MANAGER); a Gateway takes its certificate from Certificate Manager`],
    ['an unknown certificate', { certificate: 'self-signed' as TlsCertificate }, `${G} 'certificate' ("self-signed") must be TlsCertificate.CERTIFICATE_MANAGER (certificate-manager): a Gateway takes its certificate from Certificate Manager through a certificate map`],
    ['an ACME e-mail', { acmeEmail: 'ops@example.com' }, `${G} 'acmeEmail' ("ops@example.com") applies to TlsMode.CERT_MANAGER only; 'mode' is gateway`],
    ['a ClusterIssuer', { clusterIssuer: 'letsencrypt' }, `${G} 'clusterIssuer' ("letsencrypt") applies to TlsMode.CERT_MANAGER only; 'mode' is gateway`],
    ['an ACME server', { acmeServer: 'https://acme-staging-v02.api.letsencrypt.org/directory' }, `${G} 'acmeServer' ("https://acme-staging-v02.api.letsencrypt.org/directory") applies to TlsMode.CERT_MANAGER only`],
    ['an ingress class', { ingressClassName: 'nginx' }, `${G} 'ingressClassName' ("nginx") applies to TlsMode.CERT_MANAGER only; 'mode' is gateway`],
    ['an SSL policy that is not a resource name', { sslPolicy: 'Modern TLS' }, `${G} 'sslPolicy' ("Modern TLS") must be a Compute Engine resource name`],
  ] as Array<[string, Partial<GatewayRouteProps>, string]>)('%s', (_n, props, message) => {
    expect(() => synthRoute(props)).toThrow(message);
  });

  test('an owner\'s checker and prefix name the owner\'s prop', () => {
    expect(() => synthRoute({ acmeEmail: 'ops@example.com', checker: new PropChecker('WebApi', 'kf-api'), propPrefix: 'tls.' }))
      .toThrow('WebApi \'kf-api\': \'tls.acmeEmail\' ("ops@example.com") applies to TlsMode.CERT_MANAGER only; \'tls.mode\' is gateway');
    expect(() => synthRoute({ pathPrefix: '/v1/', checker: new PropChecker('WebApi', 'kf-api'), propPrefix: 'tls.' }))
      .toThrow('WebApi \'kf-api\': \'tls.pathPrefix\' ("/v1/") must not end with \'/\'');
  });
});
