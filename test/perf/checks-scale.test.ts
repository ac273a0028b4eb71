/**
 * The checks grow linearly with the number of objects in one namespace, measured without a clock: the number of
 * reads of the objects' fields. A lookup that scans the namespace makes it grow with the square. The reports hold
 * any number of findings. (`npm run bench` gives the times: docs/performance.md.)
 */
import { parseAllDocuments } from 'yaml';
import { ALL_PACKS, Finding, Manifest, jsonReport, runChecks, tableReport } from '../../lib';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { webApi } = require('../../bench/check-corpus') as { webApi: (name: string) => string[] };

/** `apis` web APIs of 10 objects in one namespace (bench/check-corpus.js), each object counting the reads of its fields. */
function countedSet(apis: number): { manifests: { manifest: Manifest; file: string }[]; reads: () => number } {
  let reads = 0;
  const text = Array.from({ length: apis }, (_, i) => webApi(`api-${i}`).join('---\n')).join('---\n');
  const manifests = parseAllDocuments(text).map((d) => ({
    manifest: new Proxy(d.toJS() as Manifest, { get: (target, key) => { reads++; return Reflect.get(target, key); } }),
    file: 'corpus/objects.yaml',
  }));
  return { manifests, reads: () => reads };
}

test('ten times the objects in one namespace cost ten times the reads, not a hundred', () => {
  const small = countedSet(40);
  const large = countedSet(400);
  const smallFindings = runChecks(small, ALL_PACKS);
  const largeFindings = runChecks(large, ALL_PACKS);
  expect(largeFindings.length).toBe(10 * smallFindings.length); // the same objects, ten times over
  const growth = large.reads() / small.reads();
  expect(growth).toBeGreaterThan(9);
  expect(growth).toBeLessThan(11);
});

test('the table and the JSON report hold 200,000 findings', () => {
  const findings: Finding[] = Array.from({ length: 200_000 }, (_, i) => ({
    rule: i % 3 ? 'prod-requests' : 'seed-missing-probes-and-a-long-rule-id', level: i % 2 ? 'error' : 'warning', pack: 'p',
    resource: `Deployment api-${i % 5000}`, message: 'm', fix: 'f', file: 'dist/x.yaml', line: i % 5000,
  }));
  const table = tableReport(findings);
  expect(table.trim().split('\n').pop()).toBe('100000 errors, 100000 warnings, 0 suppressed');
  expect(table).toContain('  ✖ error    prod-requests                           m');
  expect(JSON.parse(jsonReport(findings)).summary.errors).toBe(100_000);
});
