/**
 * Name rules of the Google Cloud resources this library creates, as pure data. Each pattern comes with the words
 * an error message uses for it, so that every construct says the same thing about the same rule.
 */
import { GCP_RESOURCE_NAME } from './errors';

/** A rule: the pattern a name must match, and how to say it after "must be". */
export interface NameRule {
  readonly pattern: RegExp;
  readonly description: string;
}

/** A project id: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter. */
export const PROJECT_ID: NameRule = {
  pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  description: 'a project id: 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen',
};

/** A GKE cluster or node pool name, as GKE accepts it: 1-40 characters. */
export const GKE_NAME: NameRule = {
  pattern: /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/,
  description: '1-40 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen',
};

/**
 * A Compute Engine resource name (RFC 1035 label): networks, subnets, routers, addresses, Cloud DNS zones, Artifact
 * Registry repositories.
 */
export const RFC1035_NAME: NameRule = {
  pattern: GCP_RESOURCE_NAME,
  description: '1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen',
};

/** A service account id, the part of its email before `@`. */
export const SERVICE_ACCOUNT_ID: NameRule = {
  pattern: /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/,
  description: 'a service account id: 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen',
};

/** A label key on Google Cloud resources. */
export const LABEL_KEY: NameRule = {
  pattern: /^[a-z][a-z0-9_-]{0,62}$/,
  description: 'a label key: 1-63 lowercase letters, digits, underscores or hyphens, starting with a letter',
};

/** A label value on Google Cloud resources (may be empty). */
export const LABEL_VALUE: NameRule = {
  pattern: /^[a-z0-9_-]{0,63}$/,
  description: 'a label value: at most 63 lowercase letters, digits, underscores or hyphens',
};

/** A Google Group for RBAC, as GKE requires it. */
export const SECURITY_GROUP: NameRule = {
  pattern: /^gke-security-groups@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/,
  description: "'gke-security-groups@' followed by your Google Workspace or Cloud Identity domain, as GKE requires",
};

/** A GKE version, as `min_master_version` takes it. */
export const GKE_VERSION: NameRule = {
  pattern: /^1\.\d+(\.\d+(-gke\.\d+)?)?$/,
  description: "a GKE version such as '1.35' or '1.35.1-gke.1000'",
};
