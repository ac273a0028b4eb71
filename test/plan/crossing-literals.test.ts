/**
 * One place per crossing name: the values that must agree between the YAML and the Terraform (the control plane
 * range, the registry host, the Workload Identity pool, the static IP and certificate map suffixes) are spelled only
 * in lib/plan/derive.ts. Comments may mention them; code may not. The literals are read with TypeScript's scanner,
 * so that a string in a comment or a `--private-ip` flag is not mistaken for one.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const LIB = path.join(ROOT, 'lib');
const ALLOWED = path.join(LIB, 'plan', 'derive.ts');
const GENERATED = path.join(LIB, 'k8s', 'imports');

/** Text of a string or template piece that spells a crossing name. */
const CROSSING: { what: string; test: (text: string, afterSubstitution: boolean) => boolean }[] = [
  { what: 'the default control plane range', test: (t) => t.includes('172.16.0.0/28') },
  { what: 'the default Pod range', test: (t) => t.includes('10.4.0.0/14') },
  { what: 'the Artifact Registry host', test: (t) => t.includes('-docker.pkg.dev') },
  { what: 'the Workload Identity pool', test: (t) => t.includes('.svc.id.goog') },
  { what: 'the static IP suffix', test: (t, after) => t === '-ip' || (after && t.startsWith('-ip')) },
  { what: 'the certificate map suffix', test: (t, after) => t === '-certmap' || (after && t.startsWith('-certmap')) },
  { what: 'the SSL policy suffix', test: (t, after) => t === '-ssl-policy' || (after && t.startsWith('-ssl-policy')) },
];

function libFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return full === GENERATED ? [] : libFiles(full);
    return e.name.endsWith('.ts') && full !== ALLOWED ? [full] : [];
  });
}

/** Every string literal and template piece of a file, with whether it follows a `${...}`. */
export function literalsOf(text: string): { text: string; afterSubstitution: boolean; line: number }[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true);
  const found: { text: string; afterSubstitution: boolean; line: number }[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push({ text: node.text, afterSubstitution: false, line: line(node) });
    if (ts.isTemplateExpression(node)) {
      found.push({ text: node.head.text, afterSubstitution: false, line: line(node) });
      for (const span of node.templateSpans) found.push({ text: span.literal.text, afterSubstitution: true, line: line(span) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no crossing name is spelled outside lib/plan/derive.ts', () => {
  const offences: string[] = [];
  for (const file of libFiles(LIB)) {
    for (const literal of literalsOf(fs.readFileSync(file, 'utf8'))) {
      for (const c of CROSSING) {
        if (c.test(literal.text, literal.afterSubstitution)) offences.push(`${path.relative(ROOT, file)}:${literal.line} spells ${c.what}: ${JSON.stringify(literal.text)}`);
      }
    }
  }
  expect(offences).toEqual([]);
});

test('derive.ts spells each of them, and the scanner finds them in code but not in comments', () => {
  const derived = literalsOf(fs.readFileSync(ALLOWED, 'utf8'));
  for (const c of CROSSING) expect(derived.some((l) => c.test(l.text, l.afterSubstitution))).toBe(true);
  const probe = literalsOf('// `${name}-ip`\nconst a = `${name}-ip`; const b = \'--private-ip\'; /* 172.16.0.0/28 */');
  expect(probe.map((l) => l.text)).toEqual(['', '-ip', '--private-ip']);
  expect(CROSSING.filter((c) => probe.some((l) => c.test(l.text, l.afterSubstitution))).map((c) => c.what)).toEqual(['the static IP suffix']);
});
