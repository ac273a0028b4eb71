import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecretsModel } from '../plan/web-api-model';
import { SecretDelivery } from '../plan/web-api-spec';
import { ExternalSecret } from './imports/external-secrets.io';
import { SecretProviderClass } from './imports/secrets-store.csi.x-k8s.io';

/** GKE's Secret Manager add-on's CSI driver. */
export const GKE_SECRETS_CSI_DRIVER = 'secrets-store-gke.csi.k8s.io';

/** Props of {@link ApiSecrets}. */
export interface ApiSecretsProps {
  /** The secrets, resolved (`WebApiModel.secrets`). */
  readonly secrets: SecretsModel;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Secrets from Google Secret Manager, by reference only: the manifests never hold a value. With the Secret
 * Manager CSI driver the pods read them as files (`<NAME>_FILE` names the file); with External Secrets they get
 * them as environment variables from a Kubernetes Secret the operator writes.
 */
export class ApiSecrets extends Construct {
  public readonly delivery: SecretDelivery;
  /** CSI delivery: the volume the pods mount. */
  public readonly volume?: kplus.Volume;
  public readonly secretProviderClass?: SecretProviderClass;
  /** External Secrets delivery. */
  public readonly externalSecret?: ExternalSecret;
  /** The Secret Manager secret ids, for the Terraform side's `secretAccessor` grants. */
  public readonly secretIds: readonly string[];

  constructor(scope: Construct, id: string, props: ApiSecretsProps) {
    super(scope, id);
    const s = props.secrets;
    this.delivery = s.delivery;
    this.secretIds = s.secretIds;
    const metadata = { name: s.objectName, namespace: props.namespace, labels: { ...props.labels } };
    if (s.delivery === SecretDelivery.SECRET_MANAGER_CSI) {
      this.secretProviderClass = new SecretProviderClass(this, 'provider', {
        metadata,
        spec: {
          provider: 'gke',
          // The add-on reads a YAML list of { resourceName, path } from this parameter.
          parameters: { secrets: s.files.map((f) => `- resourceName: "${f.resourceName}"\n  path: "${f.path}"`).join('\n') + '\n' },
        },
      });
      this.volume = kplus.Volume.fromCsi(this, 'volume', GKE_SECRETS_CSI_DRIVER, {
        name: 'secrets',
        readOnly: true,
        attributes: { secretProviderClass: this.secretProviderClass.name },
      });
    } else {
      this.externalSecret = new ExternalSecret(this, 'external', {
        metadata,
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { name: s.store!.name, kind: s.store!.kind },
          target: { name: s.objectName, creationPolicy: 'Owner' },
          data: s.refs.map((r) => ({ secretKey: r.env, remoteRef: { key: r.secret, version: r.version } })),
        },
      });
    }
  }
}
