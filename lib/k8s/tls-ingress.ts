import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DNS_LABEL, GCP_RESOURCE_NAME, PUBLIC_HOST, PropChecker } from '../plan/errors';
import { CERTIFICATE_OF_MODE, LETS_ENCRYPT_PRODUCTION, TlsMode, TlsOptions } from '../plan/web-api-spec';
import { BackendConfig } from './imports/cloud.google.com';
import { Certificate, ClusterIssuer } from './imports/cert-manager.io';
import { FrontendConfig, ManagedCertificate } from './imports/networking.gke.io';

/** Props of {@link TlsIngress}: the user's {@link TlsOptions} plus what the owning construct wires in. */
export interface TlsIngressProps extends TlsOptions {
  /** Base name of the objects, e.g. `kf-api`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The Service to route to, and its port. */
  readonly service: kplus.Service;
  readonly servicePort: number;
  /** What the load balancer health-checks on each pod (GKE mode): the readiness path and the serving port. */
  readonly healthCheck?: { readonly path: string; readonly port: number };
  /**
   * GKE mode: how long the load balancer lets open connections to a removed pod finish.
   * @default 0
   */
  readonly drainingTimeoutSeconds?: number;
  /** Used in error messages: the owning construct's class and prop path. */
  readonly checker?: PropChecker;
  readonly propPrefix?: string;
}

/** Why a mode refuses another kind of certificate. */
const CERTIFICATE_MISMATCH: Readonly<Record<TlsMode, string>> = {
  [TlsMode.GKE_MANAGED]: 'does not work with TlsMode.GKE_MANAGED, whose Ingress takes a ManagedCertificate',
  [TlsMode.CERT_MANAGER]: 'does not work with TlsMode.CERT_MANAGER, whose certificate comes from Let\'s Encrypt',
  [TlsMode.GATEWAY]: 'does not work with TlsMode.GATEWAY: ManagedCertificate only works with GKE Ingress, and a Gateway takes its certificate from Certificate Manager through a certificate map',
};

/** An HTTPS-only Ingress for one host, with the certificate machinery of the chosen {@link TlsMode}. */
export class TlsIngress extends Construct {
  public readonly ingress: kplus.Ingress;
  public readonly mode: TlsMode;
  public readonly host: string;
  /** GKE mode: the static IP name the Ingress annotation names. */
  public readonly staticIpName?: string;
  /** GKE mode. */
  public readonly managedCertificate?: ManagedCertificate;
  /** GKE mode. */
  public readonly frontendConfig?: FrontendConfig;
  /** GKE mode: the load balancer's health check and timeout for the Service. */
  public readonly backendConfig?: BackendConfig;
  /** cert-manager mode, when not given an existing issuer. */
  public readonly clusterIssuer?: ClusterIssuer;
  /** cert-manager mode. */
  public readonly certificate?: Certificate;
  /** cert-manager mode: the Secret that holds the certificate. */
  public readonly tlsSecretName?: string;

  constructor(scope: Construct, id: string, props: TlsIngressProps) {
    super(scope, id);
    const checker = props.checker ?? new PropChecker('TlsIngress', props.name);
    const p = props.propPrefix ?? '';
    this.mode = props.mode ?? TlsMode.GKE_MANAGED;
    this.host = props.host;
    checker.matches(`${p}host`, props.host, PUBLIC_HOST, 'a fully qualified lower-case DNS name such as api.example.com (no wildcard, no scheme, no port)');
    const metadata = (suffix: string) => ({ name: `${props.name}${suffix}`, namespace: props.namespace, labels: props.labels });
    const backend = kplus.IngressBackend.fromService(props.service, { port: props.servicePort });
    const rules: kplus.IngressRule[] = [{ host: props.host, path: props.pathPrefix ?? '/', pathType: kplus.HttpIngressPathType.PREFIX, backend }];
    const certificate = props.certificate ?? CERTIFICATE_OF_MODE[this.mode];
    if (certificate !== CERTIFICATE_OF_MODE[this.mode]) {
      checker.fail(`${p}certificate`, certificate, CERTIFICATE_MISMATCH[this.mode]);
    }
    for (const [prop, value] of [['certificateMapName', props.certificateMapName], ['gatewayClassName', props.gatewayClassName]] as const) {
      if (value !== undefined) checker.fail(`${p}${prop}`, value, `applies to TlsMode.GATEWAY only; 'tls.mode' is ${this.mode}`);
    }

    if (this.mode === TlsMode.GKE_MANAGED) {
      for (const [prop, value] of [['ingressClassName', props.ingressClassName], ['acmeEmail', props.acmeEmail], ['clusterIssuer', props.clusterIssuer], ['acmeServer', props.acmeServer]] as const) {
        if (value !== undefined) checker.fail(`${p}${prop}`, value, `applies to TlsMode.CERT_MANAGER only; 'tls.mode' is ${this.mode}`);
      }
      this.staticIpName = props.staticIpName ?? `${props.name}-ip`;
      checker.matches(`${p}staticIpName`, this.staticIpName, GCP_RESOURCE_NAME, 'a Compute Engine resource name (lower case letters, digits and hyphens, at most 63, a letter first)');
      this.managedCertificate = new ManagedCertificate(this, 'certificate', {
        metadata: metadata('-cert'),
        spec: { domains: [props.host] },
      });
      this.frontendConfig = new FrontendConfig(this, 'frontend', {
        metadata: metadata('-frontend'),
        spec: {
          redirectToHttps: { enabled: true, responseCodeName: 'MOVED_PERMANENTLY_DEFAULT' },
          ...(props.sslPolicy ? { sslPolicy: props.sslPolicy } : {}),
        },
      });
      // GKE health-checks `/` unless told otherwise: an API that answers 404 there would get nothing but 502s.
      const timeoutSec = props.backendTimeoutSeconds ?? 30;
      checker.integer(`${p}backendTimeoutSeconds`, timeoutSec, { min: 1, max: 86400 });
      this.backendConfig = new BackendConfig(this, 'backend', {
        metadata: metadata('-backend'),
        spec: {
          healthCheck: props.healthCheck && {
            type: 'HTTP', requestPath: props.healthCheck.path, port: props.healthCheck.port,
            checkIntervalSec: 5, timeoutSec: 3, healthyThreshold: 1, unhealthyThreshold: 3,
          },
          timeoutSec,
          connectionDraining: { drainingTimeoutSec: props.drainingTimeoutSeconds ?? 0 },
        },
      });
      props.service.metadata.addAnnotation('cloud.google.com/backend-config', JSON.stringify({ default: this.backendConfig.name }));
      this.ingress = new kplus.Ingress(this, 'ingress', {
        metadata: {
          ...metadata(''),
          annotations: {
            // GKE's ingress controller reads the class from this annotation, not from spec.ingressClassName.
            'kubernetes.io/ingress.class': 'gce',
            'kubernetes.io/ingress.global-static-ip-name': this.staticIpName,
            'networking.gke.io/managed-certificates': this.managedCertificate.name,
            'networking.gke.io/v1beta1.FrontendConfig': this.frontendConfig.name,
            // TLS comes from the ManagedCertificate, which Polaris's spec.tls check cannot see.
            'polaris.fairwinds.com/tlsSettingsMissing-exempt': 'true',
          },
        },
        rules,
      });
    } else {
      for (const [prop, value] of [['staticIpName', props.staticIpName], ['sslPolicy', props.sslPolicy], ['backendTimeoutSeconds', props.backendTimeoutSeconds]] as const) {
        if (value !== undefined) checker.fail(`${p}${prop}`, value, `applies to TlsMode.GKE_MANAGED only; 'tls.mode' is ${this.mode}`);
      }
      if (props.clusterIssuer === undefined && props.acmeEmail === undefined) {
        checker.fail(`${p}acmeEmail`, undefined, 'is required with TlsMode.CERT_MANAGER unless \'tls.clusterIssuer\' names an existing issuer: Let\'s Encrypt writes there before a certificate expires');
      }
      checker.matches(`${p}acmeEmail`, props.acmeEmail, /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address');
      const ingressClassName = props.ingressClassName ?? 'nginx';
      checker.matches(`${p}ingressClassName`, ingressClassName, DNS_LABEL, 'an IngressClass name');
      let issuerName = props.clusterIssuer;
      if (issuerName === undefined) {
        this.clusterIssuer = new ClusterIssuer(this, 'issuer', {
          metadata: { name: `${props.name}-letsencrypt`, labels: props.labels },
          spec: {
            acme: {
              server: props.acmeServer ?? LETS_ENCRYPT_PRODUCTION,
              email: props.acmeEmail,
              privateKeySecretRef: { name: `${props.name}-letsencrypt-account` },
              solvers: [{ http01: { ingress: { ingressClassName } } }],
            },
          },
        });
        issuerName = this.clusterIssuer.name;
      }
      this.tlsSecretName = `${props.name}-tls`;
      this.certificate = new Certificate(this, 'certificate', {
        metadata: metadata(''),
        spec: {
          secretName: this.tlsSecretName,
          dnsNames: [props.host],
          issuerRef: { name: issuerName, kind: 'ClusterIssuer', group: 'cert-manager.io' },
        },
      });
      this.ingress = new kplus.Ingress(this, 'ingress', {
        metadata: metadata(''),
        className: ingressClassName,
        rules,
        tls: [{ hosts: [props.host], secret: kplus.Secret.fromSecretName(this, 'tls-secret', this.tlsSecretName) }],
      });
    }
  }

  /** The Ingress's API object, for `addJsonPatch` as a last resort. */
  public get apiObject(): ApiObject {
    return ApiObject.of(this.ingress);
  }
}
