import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PropChecker } from '../plan/errors';
import { polarisExemption } from '../plan/annotations';
import { ResolvedCertManagerTls, ResolvedGkeManagedTls, resolveTls } from '../plan/tls';
import { TlsMode, TlsOptions } from '../plan/web-api-spec';
import { BackendConfig } from './imports/cloud.google.com';
import { renderAcmeIssuer } from './cluster-objects';
import { Certificate, ClusterIssuer } from './imports/cert-manager.io';
import { FrontendConfig, ManagedCertificate } from './imports/networking.gke.io';

/** Props of {@link TlsIngress}: the user's {@link TlsOptions} plus what the owning construct wires in. */
export interface TlsIngressProps extends TlsOptions {
  /** Base name of the objects, e.g. `kf-api`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
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
    const checker: PropChecker = props.checker ?? new PropChecker('TlsIngress', props.name);
    const tls = resolveTls(checker, props.name, props, props.propPrefix ?? '');
    if (tls.mode === TlsMode.GATEWAY) {
      checker.fail(`${props.propPrefix ?? ''}mode`, tls.mode, 'is served by GatewayRoute, not TlsIngress');
    }
    this.mode = tls.mode;
    this.host = tls.host;
    const backend = kplus.IngressBackend.fromService(props.service, { port: props.servicePort });
    const rules: kplus.IngressRule[] = [{ host: tls.host, path: tls.pathPrefix, pathType: kplus.HttpIngressPathType.PREFIX, backend }];
    if (tls.mode === TlsMode.GKE_MANAGED) {
      this.staticIpName = tls.staticIpName;
      this.managedCertificate = new ManagedCertificate(this, 'certificate', {
        metadata: this.metadata(props, '-cert'),
        spec: { domains: [tls.host] },
      });
      this.frontendConfig = new FrontendConfig(this, 'frontend', {
        metadata: this.metadata(props, '-frontend'),
        spec: {
          redirectToHttps: { enabled: true, responseCodeName: 'MOVED_PERMANENTLY_DEFAULT' },
          ...(tls.sslPolicy ? { sslPolicy: tls.sslPolicy } : {}),
        },
      });
      this.backendConfig = this.renderBackendConfig(props, tls);
      this.ingress = new kplus.Ingress(this, 'ingress', {
        metadata: {
          ...this.metadata(props, ''),
          annotations: {
            // GKE's ingress controller reads the class from this annotation, not from spec.ingressClassName.
            'kubernetes.io/ingress.class': 'gce',
            'kubernetes.io/ingress.global-static-ip-name': tls.staticIpName,
            'networking.gke.io/managed-certificates': this.managedCertificate.name,
            'networking.gke.io/v1beta1.FrontendConfig': this.frontendConfig.name,
            ...polarisExemption('tlsSettingsMissing', 'TLS comes from the ManagedCertificate that the networking.gke.io/managed-certificates annotation names, not spec.tls'),
          },
        },
        rules,
      });
    } else {
      const rendered = this.renderCertManager(props, tls, rules);
      this.clusterIssuer = rendered.clusterIssuer;
      this.certificate = rendered.certificate;
      this.tlsSecretName = rendered.tlsSecretName;
      this.ingress = rendered.ingress;
    }
  }

  private metadata(props: TlsIngressProps, suffix: string) {
    return { name: `${props.name}${suffix}`, namespace: props.namespace, labels: { ...props.labels } };
  }

  /** GKE health-checks `/` unless told otherwise: an API that answers 404 there would get nothing but 502s. */
  private renderBackendConfig(props: TlsIngressProps, tls: ResolvedGkeManagedTls): BackendConfig {
    const backendConfig = new BackendConfig(this, 'backend', {
      metadata: this.metadata(props, '-backend'),
      spec: {
        healthCheck: props.healthCheck && {
          type: 'HTTP', requestPath: props.healthCheck.path, port: props.healthCheck.port,
          checkIntervalSec: 5, timeoutSec: 3, healthyThreshold: 1, unhealthyThreshold: 3,
        },
        timeoutSec: tls.backendTimeoutSeconds,
        connectionDraining: { drainingTimeoutSec: props.drainingTimeoutSeconds ?? 0 },
      },
    });
    props.service.metadata.addAnnotation('cloud.google.com/backend-config', JSON.stringify({ default: backendConfig.name }));
    return backendConfig;
  }

  /** cert-manager mode: the issuer (unless an existing one is named), the Certificate, and the Ingress that serves its Secret. */
  private renderCertManager(props: TlsIngressProps, tls: ResolvedCertManagerTls, rules: kplus.IngressRule[]) {
    let issuerName = tls.clusterIssuer;
    let clusterIssuer: ClusterIssuer | undefined;
    if (issuerName === undefined) {
      clusterIssuer = renderAcmeIssuer(this, 'issuer', {
        name: `${props.name}-letsencrypt`, server: tls.acmeServer, email: tls.acmeEmail, ingressClassName: tls.ingressClassName, labels: props.labels,
      });
      issuerName = clusterIssuer.name;
    }
    const tlsSecretName = `${props.name}-tls`;
    const certificate = new Certificate(this, 'certificate', {
      metadata: this.metadata(props, ''),
      spec: {
        secretName: tlsSecretName,
        dnsNames: [tls.host],
        issuerRef: { name: issuerName, kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    });
    const ingress = new kplus.Ingress(this, 'ingress', {
      metadata: this.metadata(props, ''),
      className: tls.ingressClassName,
      rules,
      tls: [{ hosts: [tls.host], secret: kplus.Secret.fromSecretName(this, 'tls-secret', tlsSecretName) }],
    });
    return { clusterIssuer, certificate, tlsSecretName, ingress };
  }

  /** The Ingress's API object, for `addJsonPatch` as a last resort. */
  public get apiObject(): ApiObject {
    return ApiObject.of(this.ingress);
  }
}
