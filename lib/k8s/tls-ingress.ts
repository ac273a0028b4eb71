import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DNS_LABEL, PUBLIC_HOST, PropChecker } from '../plan/errors';
import { Certificate, ClusterIssuer } from './imports/cert-manager.io';
import { FrontendConfig, ManagedCertificate } from './imports/networking.gke.io';

/** Who terminates TLS and renews the certificate (seed 000: "HTTPS"). */
export enum TlsMode {
  /**
   * GKE's own load balancer: a Google-managed certificate (`ManagedCertificate`), a reserved global static IP
   * named by annotation, and a `FrontendConfig` that redirects HTTP to HTTPS. Needs no in-cluster controller.
   */
  GKE_MANAGED = 'gke-managed',
  /**
   * cert-manager with Let's Encrypt HTTP-01: a `ClusterIssuer` and a `Certificate` whose Secret the Ingress
   * serves. Works with any ingress class that solves HTTP-01 (ingress-nginx, Traefik...).
   */
  CERT_MANAGER = 'cert-manager',
}

/** Let's Encrypt's production ACME directory. */
export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';

/** How a web API is served over HTTPS. */
export interface TlsOptions {
  /** The public host name the API answers on, e.g. `api.example.com`. Its DNS A record must point at the ingress. */
  readonly host: string;
  /**
   * Who terminates TLS.
   * @default TlsMode.GKE_MANAGED
   */
  readonly mode?: TlsMode;
  /**
   * GKE mode: the name of the reserved global static IP (`google_compute_global_address`) the load balancer uses.
   * @default - `<name>-ip`
   */
  readonly staticIpName?: string;
  /**
   * GKE mode: a Compute Engine SSL policy (minimum TLS version, ciphers) for the load balancer.
   * @default - none: Google's default policy
   */
  readonly sslPolicy?: string;
  /**
   * cert-manager mode: the ingress class that serves the API and solves HTTP-01 challenges.
   * @default 'nginx'
   */
  readonly ingressClassName?: string;
  /**
   * cert-manager mode: the e-mail address Let's Encrypt writes to about expiring certificates. Required in that mode
   * unless `clusterIssuer` names an existing issuer.
   * @default - none
   */
  readonly acmeEmail?: string;
  /**
   * cert-manager mode: an existing `ClusterIssuer` to use instead of creating one.
   * @default - a ClusterIssuer `<name>-letsencrypt` for Let's Encrypt production is created
   */
  readonly clusterIssuer?: string;
  /**
   * cert-manager mode: the ACME directory of the created issuer (use Let's Encrypt staging while testing).
   * @default LETS_ENCRYPT_PRODUCTION
   */
  readonly acmeServer?: string;
}

/** Props of {@link TlsIngress}: the user's {@link TlsOptions} plus what the owning construct wires in. */
export interface TlsIngressProps extends TlsOptions {
  /** Base name of the objects, e.g. `kf-api`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The Service to route to, and its port. */
  readonly service: kplus.Service;
  readonly servicePort: number;
  /** Used in error messages: the owning construct's class and prop path. */
  readonly checker?: PropChecker;
  readonly propPrefix?: string;
}

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
    const rules: kplus.IngressRule[] = [{ host: props.host, path: '/', pathType: kplus.HttpIngressPathType.PREFIX, backend }];

    if (this.mode === TlsMode.GKE_MANAGED) {
      for (const [prop, value] of [['ingressClassName', props.ingressClassName], ['acmeEmail', props.acmeEmail], ['clusterIssuer', props.clusterIssuer], ['acmeServer', props.acmeServer]] as const) {
        if (value !== undefined) checker.fail(`${p}${prop}`, value, `applies to TlsMode.CERT_MANAGER only; 'tls.mode' is ${this.mode}`);
      }
      this.staticIpName = props.staticIpName ?? `${props.name}-ip`;
      checker.matches(`${p}staticIpName`, this.staticIpName, DNS_LABEL, 'a Compute Engine resource name (lower case letters, digits and hyphens, at most 63)');
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
      for (const [prop, value] of [['staticIpName', props.staticIpName], ['sslPolicy', props.sslPolicy]] as const) {
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
