/** The pieces of the app-repository commands: flags, templates, and reading an app's layout and compiler. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadApp, parseJsonc, readLayout } from '../../lib/cli/app-build';
import { UsageError, parseFlags } from '../../lib/cli/args';
import { defaultName } from '../../lib/cli/init';
import { renderTemplate } from '../../lib/cli/template';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'app-build-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('flags', () => {
  const spec = { booleans: ['k8s-only'], values: ['port'] };
  test('booleans and values, with a space or an equals sign', () => {
    const f = parseFlags(['--k8s-only', '--port', '80'], spec);
    expect([...f.booleans]).toEqual(['k8s-only']);
    expect(f.values.get('port')).toBe('80');
    expect(parseFlags(['--port=81'], spec).values.get('port')).toBe('81');
  });
  test.each([
    [['--port'], '--port needs a value'],
    [['--port', '--k8s-only'], '--port needs a value'],
    [['--port='], '--port needs a value'],
    [['--k8s-only=yes'], "unknown option '--k8s-only=yes'"],
    [['-p'], "unexpected argument '-p'"],
  ])('%j: %s', (argv, message) => {
    expect(() => parseFlags(argv, spec)).toThrow(new UsageError(message));
  });
});

describe('templates', () => {
  test('values, block sections (no blank line left) and inline sections', () => {
    const text = 'a {{name}}\n{{#gcp}}\nterraform\n{{/gcp}}\n{{^gcp}}\nno terraform\n{{/gcp}}\nb{{#gcp}} and\ncdktf{{/gcp}}.\n';
    expect(renderTemplate(text, { name: 'x', gcp: true })).toBe('a x\nterraform\nb and\ncdktf.\n');
    expect(renderTemplate(text, { name: 'x', gcp: false })).toBe('a x\nno terraform\nb.\n');
  });
  test('a name without a value is a bug of the template', () => {
    expect(() => renderTemplate('{{nope}}', {})).toThrow("template variable 'nope' has no value");
    expect(() => renderTemplate('{{#nope}}x{{/nope}}', { nope: 'text' })).toThrow("template section 'nope' has no boolean value");
  });
});

test("init's default name: the folder's, or its repository's in infra/, made a valid name, else 'api'", () => {
  expect(defaultName('/src/Orders Service')).toBe('orders-service');
  expect(defaultName('/src/orders/infra')).toBe('orders');
  expect(defaultName('/src/2fast_API/infra')).toBe('fast-api');
  expect(defaultName('/src/a-very-long-repository-name-indeed')).toBe('a-very-long-reposit');
  expect(defaultName('/src/123')).toBe('api');
});

describe("an app's layout (tsconfig.json)", () => {
  let n = 0;
  function app(tsconfig: string, files: Record<string, string> = {}): string {
    const dir = path.join(tmp, `app${n++}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), tsconfig);
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
  }

  test('comments and trailing commas, as tsc accepts them', () => {
    expect(parseJsonc('{ // a comment\n "a": "http://x", /* b */ "c": [1, 2,], }')).toEqual({ a: 'http://x', c: [1, 2] });
    const dir = app('{ "compilerOptions": { "rootDir": "./", "outDir": "./out", }, // the app\n "include": ["./src/**/*.ts", "test/**/*.ts", "src/x.ts"] }');
    expect(readLayout(dir)).toEqual({ sourceDirs: ['src', 'test'], configFiles: ['tsconfig.json', 'package.json', 'package-lock.json'], outDir: 'out' });
  });

  test.each([
    ['{ "compilerOptions": ', /^cannot read tsconfig\.json in .*: .* \(cdk-fastapi-gke init writes one\)$/],
    ['{ "compilerOptions": { "outDir": "build" }, "include": ["src/**/*.ts"] }', /^tsconfig\.json must set compilerOptions\.rootDir to "\." and an outDir/],
    ['{ "compilerOptions": { "rootDir": ".", "outDir": "build" }, "include": ["**/*.ts"] }', /^tsconfig\.json must list its sources by folder in "include"/],
    ['{ "compilerOptions": { "rootDir": ".", "outDir": "build" } }', /^tsconfig\.json must list its sources by folder in "include"/],
  ])('%s is refused in one line', (tsconfig, message) => {
    expect(() => readLayout(app(tsconfig))).toThrow(message);
  });

  test('no TypeScript installed: one line naming the version to install', () => {
    const dir = app('{ "compilerOptions": { "rootDir": ".", "outDir": "build" }, "include": ["src/**/*.ts"] }', { 'src/main.ts': 'export {};\n' });
    expect(() => loadApp(dir)).toThrow(/^TypeScript is not installed in .*: npm install --save-dev typescript@~5\.\d+\.\d+$/);
  });
});
