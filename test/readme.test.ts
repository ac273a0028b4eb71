/** The README's example is code a user will paste: it must compile and synthesize. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { validateAll } from './helpers/schema';

const ROOT = path.resolve(__dirname, '..');

test('the README example synthesizes schema-valid manifests', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1];
  expect(example.split('\n').length).toBeLessThanOrEqual(25);
  const js = ts.transpileModule(example, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText
    .replace(/require\("cdk-fastapi-gke\/k8s"\)/g, `require(${JSON.stringify(path.join(ROOT, 'build/lib/k8s'))})`)
    .replace(/require\("cdk8s"\)/g, `require(${JSON.stringify(require.resolve('cdk8s'))})`);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  try {
    const run = spawnSync(process.execPath, ['-e', js], { cwd, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = fs.readFileSync(path.join(cwd, 'dist', 'orders.k8s.yaml'), 'utf8');
    const manifests = parseAllDocuments(text).map((d) => d.toJS());
    expect(manifests.map((m) => m.kind)).toEqual(expect.arrayContaining(['Deployment', 'Job', 'Ingress', 'ManagedCertificate']));
    expect(validateAll(manifests)).toBe(manifests.length);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});
