/**
 * Small pieces: no function, method or constructor in lib/ is longer than 80 lines, generated code (lib/k8s/imports)
 * aside. Long functions are where validation and rendering got tangled before (WebApi's 398-line constructor).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const LIB = path.join(ROOT, 'lib');
const GENERATED = path.join(LIB, 'k8s', 'imports');
const MAX_LINES = 80;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return full === GENERATED ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every function-like node of a file, with its name (or a description) and its length in lines. */
export function functionLengths(file: string): { name: string; lines: number }[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = (node as ts.FunctionLikeDeclaration).name;
      const name = ts.isConstructorDeclaration(node) ? 'constructor' : named ? named.getText(source) : `<anonymous at line ${start + 1}>`;
      found.push({ name: `${path.relative(ROOT, file)}:${start + 1} ${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`no function in lib/ is longer than ${MAX_LINES} lines`, () => {
  const files = sourceFiles(LIB);
  expect(files.length).toBeGreaterThan(20);
  const long = files.flatMap(functionLengths).filter((f) => f.lines > MAX_LINES).map((f) => `${f.name} (${f.lines} lines)`);
  expect(long).toEqual([]);
});

test('the measure itself sees a long function', () => {
  const tmp = path.join(ROOT, 'build', 'function-length-probe.ts');
  fs.mkdirSync(path.dirname(tmp), { recursive: true });
  fs.writeFileSync(tmp, `export function long(): number {\n${'  let x = 1;\n'.repeat(MAX_LINES)}  return 1;\n}\n`);
  try {
    expect(functionLengths(tmp)).toEqual([{ name: 'build/function-length-probe.ts:1 long', lines: MAX_LINES + 3 }]);
  } finally {
    fs.rmSync(tmp);
  }
});
