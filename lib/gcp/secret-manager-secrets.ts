import { DataGoogleSecretManagerSecret } from '@cdktf/provider-google/lib/data-google-secret-manager-secret';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { Construct } from 'constructs';
import { PROJECT_ID } from '../plan/names';
import { checkLabels, checkName, checkRegion, gcpChecker } from './prop-checks';
import { PropChecker } from '../plan/errors';

/** A Secret Manager secret id: letters, digits, `-` and `_`, at most 255. */
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

/** Props of {@link SecretManagerSecrets}. */
export interface SecretManagerSecretsProps {
  readonly projectId: string;
  /** The secrets' ids, e.g. `orders-db-password` (duplicates are ignored). */
  readonly secretIds: readonly string[];
  /**
   * The secrets exist already (created and filled outside this stack): read them with data sources, which fail the
   * plan if one is missing, instead of creating them.
   * @default false (the stack creates them, empty)
   */
  readonly existing?: boolean;
  /**
   * Regions to replicate the created secrets to (user-managed replication), e.g. `['europe-west2']` to keep the
   * data in one region.
   * @default - automatic replication: Google chooses the regions
   */
  readonly replicaLocations?: readonly string[];
  /**
   * Refuse `terraform destroy` of the created secrets, and of the values you added to them.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Labels on the created secrets.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The Secret Manager secrets an environment's APIs read: created empty (no version, no value: add the values with
 * `gcloud secrets versions add`), or read when they already exist, so that an IAM binding never names a secret
 * that may not exist. {@link grantAccess} binds `roles/secretmanager.secretAccessor` on one secret at a time, and
 * only on the secrets this construct creates or reads.
 */
export class SecretManagerSecrets extends Construct {
  /** The created secrets, by id (empty when `existing`). */
  public readonly secrets: Readonly<Record<string, SecretManagerSecret>>;
  /** The secrets read, by id (empty unless `existing`). */
  public readonly existingSecrets: Readonly<Record<string, DataGoogleSecretManagerSecret>>;
  /** Every binding {@link grantAccess} made. */
  public readonly bindings: SecretManagerSecretIamMember[] = [];
  public readonly secretIds: readonly string[];
  public readonly existing: boolean;
  private readonly projectId: string;
  private readonly check: PropChecker;

  constructor(scope: Construct, id: string, props: SecretManagerSecretsProps) {
    super(scope, id);
    this.check = gcpChecker('SecretManagerSecrets', this);
    checkName(this.check, 'projectId', props.projectId, PROJECT_ID);
    props.secretIds.forEach((secret, i) => this.check.matches(`secretIds[${i}]`, secret, SECRET_ID, 'a Secret Manager secret id (letters, digits, - and _)'));
    const locations = props.replicaLocations;
    if (locations !== undefined && locations.length === 0) this.check.fail('replicaLocations', [], 'must name at least one region, or be left out for automatic replication');
    (locations ?? []).forEach((location, i) => checkRegion(this.check, `replicaLocations[${i}]`, location));
    checkLabels(this.check, 'labels', props.labels ?? {});
    this.projectId = props.projectId;
    this.secretIds = [...new Set(props.secretIds)];
    this.existing = props.existing ?? false;

    const created: Record<string, SecretManagerSecret> = {};
    const read: Record<string, DataGoogleSecretManagerSecret> = {};
    for (const secret of this.secretIds) {
      if (this.existing) {
        read[secret] = new DataGoogleSecretManagerSecret(this, `existing-${secret}`, { project: props.projectId, secretId: secret });
        continue;
      }
      created[secret] = new SecretManagerSecret(this, `secret-${secret}`, {
        project: props.projectId,
        secretId: secret,
        replication: locations ? { userManaged: { replicas: locations.map((location) => ({ location })) } } : { auto: {} },
        deletionProtection: props.deletionProtection ?? true,
        labels: props.labels,
      });
    }
    this.secrets = created;
    this.existingSecrets = read;
  }

  /**
   * The secret's id as a reference to the resource or data source, so that a binding waits for it (and fails the
   * plan when an existing one is missing). A ConfigError names a secret this construct neither creates nor reads.
   */
  public secretIdOf(secret: string, prop = 'secretIds'): string {
    const found = this.secrets[secret]?.secretId ?? this.existingSecrets[secret]?.secretId;
    if (found === undefined) {
      this.check.fail(prop, secret, `is not among the secrets this stack ${this.existing ? 'reads' : 'creates'} (${this.secretIds.join(', ') || 'none'})`);
    }
    return found;
  }

  /**
   * Grants `roles/secretmanager.secretAccessor` to `member` on each of `secrets`, one secret at a time (never on the
   * project). `name` tells the bindings apart (`<name>-<secret>`).
   */
  public grantAccess(name: string, member: string, secrets: readonly string[]): SecretManagerSecretIamMember[] {
    const made = [...new Set(secrets)].map((secret) => new SecretManagerSecretIamMember(this, `${name}-${secret}`, {
      project: this.projectId,
      secretId: this.secretIdOf(secret, `${name} secrets`),
      role: 'roles/secretmanager.secretAccessor',
      member,
    }));
    this.bindings.push(...made);
    return made;
  }
}
