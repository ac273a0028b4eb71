import { ComputeSslPolicy } from '@cdktf/provider-google/lib/compute-ssl-policy';
import { Construct } from 'constructs';
import { RFC1035_NAME } from '../plan/names';
import { checkName, gcpChecker } from './prop-checks';

/** Props of {@link SslPolicy}. */
export interface SslPolicyProps {
  readonly projectId: string;
  /** The policy's name, which the FrontendConfig (GKE Ingress) or the GCPGatewayPolicy (Gateway) names. */
  readonly name: string;
}

/**
 * The TLS versions and ciphers the load balancer accepts: the MODERN profile with TLS 1.2 at least. Google's
 * default policy (COMPATIBLE, TLS 1.0) accepts weak ciphers, which CIS GCP 3.9 (Checkov CKV_GCP_4) refuses.
 * Source: magic-modules mmv1/products/compute/SslPolicy.yaml (defaults COMPATIBLE and TLS_1_0).
 */
export class SslPolicy extends Construct {
  public readonly policy: ComputeSslPolicy;

  constructor(scope: Construct, id: string, props: SslPolicyProps) {
    super(scope, id);
    const check = gcpChecker('SslPolicy', this);
    checkName(check, 'name', props.name, RFC1035_NAME);
    this.policy = new ComputeSslPolicy(this, 'policy', {
      project: props.projectId,
      name: props.name,
      profile: 'MODERN',
      minTlsVersion: 'TLS_1_2',
      description: 'TLS 1.2 or later with modern ciphers (CIS GCP 3.9)',
    });
  }
}
