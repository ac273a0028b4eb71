import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { LETS_ENCRYPT_PRODUCTION, PropChecker, TlsCertificate, TlsIngress, TlsIngressProps, TlsMode } from '../../lib';
import { validateAll } from '../helpers/schema';
import { only } from '../helpers/synth';

function synthIngress(props: Partial<TlsIngressProps>) {
  const chart = Testing.chart();
  const service = new kplus.Service(chart, 'svc', { metadata: { name: 'api-svc' }, ports: [{ port: 80 }] });
  const tls = new TlsIngress(chart, 'tls', { name: 'api', namespace: 'api', labels: { app: 'api' }, host: 'api.example.com', service, servicePort: 80, ...props });
  const all = Testing.synth(chart);
  return { tls, service: all.find((m) => m.kind === 'Service'), manifests: all.filter((m) => m.kind !== 'Service') };
}

describe('TlsIngress, GKE-managed', () => {
  const { tls, manifests } = synthIngress({});

  test('ManagedCertificate, FrontendConfig, BackendConfig and Ingress validate against their schemas', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['BackendConfig', 'FrontendConfig', 'Ingress', 'ManagedCertificate']);
    expect(validateAll(manifests)).toBe(4);
  });

  test('a BackendConfig health-checks the readiness path on the serving port, named on the Service', () => {
    const { manifests: m } = synthIngress({ healthCheck: { path: '/ping', port: 8080 }, backendTimeoutSeconds: 120, drainingTimeoutSeconds: 10 });
    expect(only(m, 'BackendConfig').spec).toEqual({
      healthCheck: { type: 'HTTP', requestPath: '/ping', port: 8080, checkIntervalSec: 5, timeoutSec: 3, healthyThreshold: 1, unhealthyThreshold: 3 },
      timeoutSec: 120,
      connectionDraining: { drainingTimeoutSec: 10 },
    });
  });

  test('the Ingress names the static IP, the certificate and the redirecting FrontendConfig', () => {
    const ingress = only(manifests, 'Ingress');
    expect(ingress.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'gce',
      'kubernetes.io/ingress.global-static-ip-name': 'api-ip',
      'networking.gke.io/managed-certificates': 'api-cert',
      'networking.gke.io/v1beta1.FrontendConfig': 'api-frontend',
      'polaris.fairwinds.com/tlsSettingsMissing-exempt': 'true',
      'exemption-reason.cdk-fastapi-gke.io/polaris-tlsSettingsMissing': expect.stringContaining('ManagedCertificate'),
    });
    expect(ingress.spec.rules).toEqual([{ host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api-svc', port: { number: 80 } } } }] } }]);
    expect(only(manifests, 'ManagedCertificate').spec.domains).toEqual(['api.example.com']);
    expect(only(manifests, 'FrontendConfig').spec.redirectToHttps).toEqual({ enabled: true, responseCodeName: 'MOVED_PERMANENTLY_DEFAULT' });
    expect(tls.staticIpName).toBe('api-ip');
    expect(synthIngress({}).service.metadata.annotations).toEqual({ 'cloud.google.com/backend-config': '{"default":"api-backend"}' });
  });

  test('a path prefix routes only that prefix', () => {
    expect(only(synthIngress({ pathPrefix: '/orders' }).manifests, 'Ingress').spec.rules[0].http.paths[0].path).toBe('/orders');
  });

  test('a named static IP and an SSL policy', () => {
    const { manifests: m } = synthIngress({ staticIpName: 'shared-ip', sslPolicy: 'modern-tls' });
    expect(only(m, 'Ingress').metadata.annotations['kubernetes.io/ingress.global-static-ip-name']).toBe('shared-ip');
    expect(only(m, 'FrontendConfig').spec.sslPolicy).toBe('modern-tls');
  });
});

describe('TlsIngress, cert-manager', () => {
  const { tls, manifests } = synthIngress({ mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'ops@example.com' });

  test('ClusterIssuer, Certificate and Ingress validate against their schemas', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Certificate', 'ClusterIssuer', 'Ingress']);
    expect(validateAll(manifests)).toBe(3);
  });

  test('Let\'s Encrypt HTTP-01 through the ingress class, and the Ingress serves the certificate\'s Secret', () => {
    const issuer = only(manifests, 'ClusterIssuer');
    expect(issuer.metadata.namespace).toBeUndefined();
    expect(issuer.spec.acme).toEqual({
      server: LETS_ENCRYPT_PRODUCTION,
      email: 'ops@example.com',
      privateKeySecretRef: { name: 'api-letsencrypt-account' },
      solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }],
    });
    const cert = only(manifests, 'Certificate');
    expect(cert.spec).toEqual({ secretName: 'api-tls', dnsNames: ['api.example.com'], issuerRef: { name: 'api-letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' } });
    const ingress = only(manifests, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('traefik');
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: tls.tlsSecretName }]);
  });

  test('an existing ClusterIssuer and another ingress class', () => {
    const { manifests: m } = synthIngress({ mode: TlsMode.CERT_MANAGER, clusterIssuer: 'letsencrypt', ingressClassName: 'traefik' });
    expect(m.map((x) => x.kind)).not.toContain('ClusterIssuer');
    expect(only(m, 'Certificate').spec.issuerRef.name).toBe('letsencrypt');
    expect(only(m, 'Ingress').spec.ingressClassName).toBe('traefik');
  });
});

describe('TlsIngress errors', () => {
  test.each([
    ['an invalid host', { host: 'api_example' }, 'TlsIngress \'api\': \'host\' ("api_example") must be a fully qualified lower-case DNS name'],
    ['a cert-manager option in GKE mode', { acmeEmail: 'ops@example.com' }, '\'acmeEmail\' ("ops@example.com") applies to TlsMode.CERT_MANAGER only'],
    ['a bad static IP name', { staticIpName: 'My IP' }, '\'staticIpName\' ("My IP") must be a Compute Engine resource name'],
    ['a bad ACME e-mail', { mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'ops' }, '\'acmeEmail\' ("ops") must be an e-mail address'],
    ['a certificate of another mode', { certificate: TlsCertificate.CERTIFICATE_MANAGER }, '\'certificate\' ("certificate-manager") does not work with TlsMode.GKE_MANAGED'],
    ['a Gateway-only option', { certificateMapName: 'map' }, '\'certificateMapName\' ("map") applies to TlsMode.GATEWAY only'],
    ['a backend timeout in cert-manager mode', { mode: TlsMode.CERT_MANAGER, ingressClassName: 'traefik', ingressControllerNamespace: 'traefik', acmeEmail: 'a@b.co', backendTimeoutSeconds: 60 }, '\'backendTimeoutSeconds\' (60) applies to TlsMode.GKE_MANAGED only'],
    ['a backend timeout of 0', { backendTimeoutSeconds: 0 }, '\'backendTimeoutSeconds\' (0) must be at least 1'],
  ] as Array<[string, Partial<TlsIngressProps>, string]>)('%s', (_n, props, message) => {
    expect(() => synthIngress(props)).toThrow(message);
  });

  test('an owner\'s checker and prefix name the owner\'s prop', () => {
    expect(() => synthIngress({ host: 'x', checker: new PropChecker('WebApi', 'kf-api'), propPrefix: 'tls.' }))
      .toThrow('WebApi \'kf-api\': \'tls.host\' ("x")');
  });
});

test('cert-manager mode names no ingress class of its own: ingress-nginx was retired in March 2026', () => {
  expect(() => synthIngress({ mode: TlsMode.CERT_MANAGER, acmeEmail: 'ops@example.com' }))
    .toThrow("'ingressClassName' (undefined) is required with TlsMode.CERT_MANAGER: name the IngressClass of the controller that serves the API and solves HTTP-01 (ingress-nginx, the usual default, was retired in March 2026); on GKE, TlsMode.GATEWAY needs no controller of your own");
});
