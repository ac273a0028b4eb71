import * as fs from 'fs';
import * as path from 'path';
import { ALL_PACKS, rulesMarkdown } from '../../lib';

test('docs/checks.md lists the rules as the packs define them (npm run docs:checks)', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/checks.md'), 'utf8');
  expect(doc).toBe(rulesMarkdown(ALL_PACKS));
});

test('rule ids are unique across packs, and every rule says what, how to fix and where from', () => {
  const ids = ALL_PACKS.flatMap((p) => p.rules.map((r) => r.id));
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of ALL_PACKS.flatMap((p) => p.rules)) {
    expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(r.summary.length).toBeGreaterThan(10);
    expect(r.fix.length).toBeGreaterThan(10);
    expect(r.source.length).toBeGreaterThan(2);
  }
});
