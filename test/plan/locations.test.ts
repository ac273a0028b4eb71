import * as lib from '../../lib';
import { GCP_REGIONS, parseLocation, regionOf } from '../../lib/plan/locations';

describe('parseLocation', () => {
  test("the seed's zone", () => {
    expect(parseLocation('europe-west2-a')).toEqual({ kind: 'zone', region: 'europe-west2', zone: 'europe-west2-a' });
  });

  test('a region', () => {
    expect(parseLocation('us-central1')).toEqual({ kind: 'region', region: 'us-central1' });
  });

  test('zones that are not a, b, c', () => {
    expect(parseLocation('us-central1-f')).toMatchObject({ kind: 'zone' });
    expect(parseLocation('europe-west1-d')).toMatchObject({ kind: 'zone' });
  });

  test('a zone its region does not have', () => {
    expect(parseLocation('europe-west1-a')).toBe(
      'is not a zone of europe-west1 (its zones: europe-west1-b, europe-west1-c, europe-west1-d)',
    );
  });

  test.each(['europe-west99', 'europe-west99-a', 'mars-north1'])('an unknown region: %s', (text) => {
    const problem = parseLocation(text);
    expect(problem).toMatch(/^is not in a known Google Cloud region \(known regions: africa-south1, .*us-west4\)$/);
  });

  test.each(['europe', 'europe-west2-', 'Europe-West2', 'europe-west2-a-1', 'europe_west2', ''])('malformed: %j', (text) => {
    expect(parseLocation(text)).toBe("must be a Google Cloud region such as 'europe-west2' or a zone such as 'europe-west2-a'");
  });

  test('every region has zones, sorted', () => {
    for (const [region, letters] of Object.entries(GCP_REGIONS)) {
      expect(region).toMatch(/^[a-z]+-[a-z]+\d+$/);
      expect(letters.length).toBeGreaterThanOrEqual(3);
      expect([...letters].sort()).toEqual(letters);
    }
  });
});

describe('regionOf', () => {
  test('reads the region of a zone or a region', () => {
    expect(['europe-west2-a', 'us-central1'].map((l) => regionOf(l))).toEqual(['europe-west2', 'us-central1']);
  });

  test('goes by shape alone: names are derived before the GCP side refuses an unknown region', () => {
    expect(regionOf('europe-west99-z')).toBe('europe-west99');
    expect(['London', 'europe-west2-a-1', ''].map((l) => regionOf(l))).toEqual([undefined, undefined, undefined]);
  });

  test('agrees with parseLocation on every location parseLocation accepts', () => {
    for (const [region, letters] of Object.entries(GCP_REGIONS)) {
      for (const location of [region, ...letters.map((l) => `${region}-${l}`)]) {
        const parsed = parseLocation(location);
        expect(typeof parsed === 'object' && parsed.region).toBe(regionOf(location));
      }
    }
  });
});

test('the package root exports the location helpers', () => {
  for (const name of ['GCP_REGIONS', 'parseLocation', 'regionOf']) expect(lib).toHaveProperty(name);
});
