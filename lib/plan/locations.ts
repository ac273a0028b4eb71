/**
 * Google Cloud regions and their zones, as pure data, to catch a mistyped location before `terraform apply` does.
 * The one reader of location text: the resolver (registry paths, zone counts), the GCP constructs and the checks
 * all read a location through this module, so they agree on what a region and a zone are.
 *
 * Source: Compute Engine's published list of regions and zones (`gcloud compute zones list`), as of 2026. A region
 * Google opens later is reported as unknown: add it here.
 */

/** Region → the letters of its zones. */
export const GCP_REGIONS: Readonly<Record<string, readonly string[]>> = {
  'africa-south1': ['a', 'b', 'c'],
  'asia-east1': ['a', 'b', 'c'],
  'asia-east2': ['a', 'b', 'c'],
  'asia-northeast1': ['a', 'b', 'c'],
  'asia-northeast2': ['a', 'b', 'c'],
  'asia-northeast3': ['a', 'b', 'c'],
  'asia-south1': ['a', 'b', 'c'],
  'asia-south2': ['a', 'b', 'c'],
  'asia-southeast1': ['a', 'b', 'c'],
  'asia-southeast2': ['a', 'b', 'c'],
  'australia-southeast1': ['a', 'b', 'c'],
  'australia-southeast2': ['a', 'b', 'c'],
  'europe-central2': ['a', 'b', 'c'],
  'europe-north1': ['a', 'b', 'c'],
  'europe-north2': ['a', 'b', 'c'],
  'europe-southwest1': ['a', 'b', 'c'],
  'europe-west1': ['b', 'c', 'd'],
  'europe-west2': ['a', 'b', 'c'],
  'europe-west3': ['a', 'b', 'c'],
  'europe-west4': ['a', 'b', 'c'],
  'europe-west6': ['a', 'b', 'c'],
  'europe-west8': ['a', 'b', 'c'],
  'europe-west9': ['a', 'b', 'c'],
  'europe-west10': ['a', 'b', 'c'],
  'europe-west12': ['a', 'b', 'c'],
  'me-central1': ['a', 'b', 'c'],
  'me-central2': ['a', 'b', 'c'],
  'me-west1': ['a', 'b', 'c'],
  'northamerica-northeast1': ['a', 'b', 'c'],
  'northamerica-northeast2': ['a', 'b', 'c'],
  'northamerica-south1': ['a', 'b', 'c'],
  'southamerica-east1': ['a', 'b', 'c'],
  'southamerica-west1': ['a', 'b', 'c'],
  'us-central1': ['a', 'b', 'c', 'f'],
  'us-east1': ['b', 'c', 'd'],
  'us-east4': ['a', 'b', 'c'],
  'us-east5': ['a', 'b', 'c'],
  'us-south1': ['a', 'b', 'c'],
  'us-west1': ['a', 'b', 'c'],
  'us-west2': ['a', 'b', 'c'],
  'us-west3': ['a', 'b', 'c'],
  'us-west4': ['a', 'b', 'c'],
};

/** A location, understood: a region, or a zone and the region that holds it. */
export interface GcpLocation {
  readonly kind: 'region' | 'zone';
  readonly region: string;
  /** The zone, for a zonal location. */
  readonly zone?: string;
}

const REGION = /^[a-z]+-[a-z]+\d+$/;
const ZONE = /^([a-z]+-[a-z]+\d+)-([a-z])$/;
const UNKNOWN_REGION = `is not in a known Google Cloud region (known regions: ${Object.keys(GCP_REGIONS).join(', ')})`;

/**
 * The region of a zone (`europe-west2-a` → `europe-west2`) or of a region (itself), by its shape alone: a region
 * missing from {@link GCP_REGIONS} still has one, so that names can be derived before the GCP side checks it.
 * @returns the region, or `undefined` for text shaped like neither.
 */
export function regionOf(location: string): string | undefined {
  if (REGION.test(location)) return location;
  return ZONE.exec(location)?.[1];
}

/**
 * Reads a region (`europe-west2`) or a zone (`europe-west2-a`), or says what is wrong with it.
 * @returns the location, or the problem phrased to follow the value in a message.
 */
export function parseLocation(text: string): GcpLocation | string {
  const zone = ZONE.exec(text);
  if (zone) {
    const [, region, letter] = zone;
    const letters = GCP_REGIONS[region];
    if (!letters) return UNKNOWN_REGION;
    if (!letters.includes(letter)) {
      return `is not a zone of ${region} (its zones: ${letters.map((l) => `${region}-${l}`).join(', ')})`;
    }
    return { kind: 'zone', region, zone: text };
  }
  if (REGION.test(text)) {
    if (!GCP_REGIONS[text]) return UNKNOWN_REGION;
    return { kind: 'region', region: text };
  }
  return "must be a Google Cloud region such as 'europe-west2' or a zone such as 'europe-west2-a'";
}
