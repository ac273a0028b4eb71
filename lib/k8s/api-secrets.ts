import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ENV_VAR_NAME, PropChecker } from '../plan/errors';
import { SecretDelivery, SecretsProps } from '../plan/web-api-spec';
import { ExternalSecret } from './imports/external-secrets.io';
import { SecretProviderClass } from './imports/secrets-store.csi.x-k8s.io';

/** Where the CSI driver mounts the secrets. */
export const SECRETS_MOUNT_PATH = '/var/secrets';
/** GKE's Secret Manager add-on's CSI driver. */
export const GKE_SECRETS_CSI_DRIVER = 'secrets-store-gke.csi.k8s.io';

const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

/** Props of {@link ApiSecrets}. */
export interface ApiSecretsProps extends SecretsProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The project that holds the secrets. */
  readonly projectId?: string;
  readonly checker: PropChecker;
}

/**
 * Secrets from Google Secret Manager, by reference only: the manifests never hold a value. With the Secret
 * Manager CSI driver the pods read them as files (`<NAME>_FILE` names the file); with External Secrets they get
 * them as environment variables from a Kubernetes Secret the operator writes.
 */
export class ApiSecrets extends Construct {
  public readonly delivery: SecretDelivery;
  /** Environment variables that point at or carry the secrets. */
  public readonly env: Record<string, kplus.EnvValue>;
  /** CSI delivery: the volume and where it is mounted. */
  public readonly volume?: kplus.Volume;
  public readonly secretProviderClass?: SecretProviderClass;
  /** External Secrets delivery. */
  public readonly externalSecret?: ExternalSecret;
  /** The Secret Manager secret ids, for the Terraform side's `secretAccessor` grants. */
  public readonly secretIds: string[];

  constructor(scope: Construct, id: string, props: ApiSecretsProps) {
    super(scope, id);
    const c = props.checker;
    this.delivery = props.delivery ?? SecretDelivery.SECRET_MANAGER_CSI;
    if (props.refs.length === 0) c.fail('secrets.refs', props.refs, 'must list at least one secret');
    const seen = new Set<string>();
    props.refs.forEach((ref, i) => {
      c.matches(`secrets.refs[${i}].env`, ref.env, ENV_VAR_NAME, 'an environment variable name');
      c.matches(`secrets.refs[${i}].secret`, ref.secret, SECRET_ID,
        'a Secret Manager secret id (letters, digits, - and _), not a value: the manifests never hold a secret');
      c.matches(`secrets.refs[${i}].version`, ref.version, /^(latest|[1-9][0-9]*)$/, "'latest' or a version number");
      // Files are named after the variable in lower case, so names may not differ by case alone.
      if (seen.has(ref.env.toLowerCase())) c.fail(`secrets.refs[${i}].env`, ref.env, 'is used twice');
      seen.add(ref.env.toLowerCase());
    });
    this.secretIds = [...new Set(props.refs.map((r) => r.secret))];
    const metadata = { name: `${props.name}-secrets`, namespace: props.namespace, labels: props.labels };
    const env: Record<string, kplus.EnvValue> = {};

    if (this.delivery === SecretDelivery.SECRET_MANAGER_CSI) {
      for (const key of ['store', 'storeKind'] as const) {
        if (props[key] !== undefined) c.fail(`secrets.${key}`, props[key], 'applies to SecretDelivery.EXTERNAL_SECRETS only');
      }
      const project = props.projectId ?? '$PROJECT_ID';
      // One file per secret, named after its variable; the variable `<NAME>_FILE` tells the app where it is.
      const items = props.refs.map((r) => ({
        env: r.env,
        resourceName: `projects/${project}/secrets/${r.secret}/versions/${r.version ?? 'latest'}`,
        path: r.env.toLowerCase(),
      }));
      this.secretProviderClass = new SecretProviderClass(this, 'provider', {
        metadata,
        spec: {
          provider: 'gke',
          // The add-on reads a YAML list of { resourceName, path } from this parameter.
          parameters: { secrets: items.map((s) => `- resourceName: "${s.resourceName}"\n  path: "${s.path}"`).join('\n') + '\n' },
        },
      });
      this.volume = kplus.Volume.fromCsi(this, 'volume', GKE_SECRETS_CSI_DRIVER, {
        name: 'secrets',
        readOnly: true,
        attributes: { secretProviderClass: this.secretProviderClass.name },
      });
      for (const item of items) env[`${item.env}_FILE`] = kplus.EnvValue.fromValue(`${SECRETS_MOUNT_PATH}/${item.path}`);
    } else {
      if (props.store === undefined) c.fail('secrets.store', undefined, 'is required with SecretDelivery.EXTERNAL_SECRETS: the (Cluster)SecretStore that reads Secret Manager');
      c.matches('secrets.store', props.store, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a SecretStore name');
      const kind = props.storeKind ?? 'ClusterSecretStore';
      if (kind !== 'ClusterSecretStore' && kind !== 'SecretStore') c.fail('secrets.storeKind', kind, "must be 'ClusterSecretStore' or 'SecretStore'");
      this.externalSecret = new ExternalSecret(this, 'external', {
        metadata,
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { name: props.store!, kind },
          target: { name: metadata.name, creationPolicy: 'Owner' },
          data: props.refs.map((r) => ({ secretKey: r.env, remoteRef: { key: r.secret, version: r.version ?? 'latest' } })),
        },
      });
      const secret = kplus.Secret.fromSecretName(this, 'secret', metadata.name);
      for (const r of props.refs) env[r.env] = kplus.EnvValue.fromSecretValue({ secret, key: r.env });
    }
    this.env = env;
  }
}
