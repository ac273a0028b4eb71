import { GCP_REGIONS, parseLocation } from '../../lib/gcp/gcp-locations';

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
