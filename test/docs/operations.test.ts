/**
 * docs/operations.md against the reference platform's synthesized output: the names, hosts, accounts, Terraform
 * outputs, namespaces and paths that its commands use are the ones synth writes, so that an operator who pastes them
 * gets what the text says.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'operations-doc-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// The reference output, as `npm run synth` writes it (build/apps/synth.js writes dist/ and cdktf.out/ in the cwd).
execFileSync(process.execPath, [path.join(ROOT, 'build/apps/synth.js')], { cwd: tmp, stdio: 'ignore' });
const read = (dir: string) => fs.readdirSync(path.join(tmp, dir), { recursive: true, encoding: 'utf8' })
  .filter((f) => fs.statSync(path.join(tmp, dir, f)).isFile())
  .map((f) => fs.readFileSync(path.join(tmp, dir, f), 'utf8')).join('\n');
const yaml = read('dist');
const terraform = JSON.parse(fs.readFileSync(path.join(tmp, 'cdktf.out/stacks/production/cdk.tf.json'), 'utf8'));
const everything = `${yaml}\n${read('cdktf.out')}`;
const unique = (re: RegExp) => [...new Set([...doc.matchAll(re)].map((m) => m[1] ?? m[0]))];

test('the Google service accounts the docs name are the ones synth binds', () => {
  const accounts = unique(/[a-z][-a-z0-9]*@[a-z][-a-z0-9]*\.iam\.gserviceaccount\.com/g);
  expect(accounts.length).toBeGreaterThan(0);
  for (const account of accounts) expect(everything).toContain(account);
});

test('the hosts the docs use are the hosts the Ingress serves', () => {
  const hosts = unique(/\b((?:[a-z0-9-]+\.)+example\.com)\b/g).filter((h) => h !== 'staging.example.com');
  expect(hosts).toContain('kf-api.example.com');
  for (const host of hosts) expect(yaml).toContain(`host: ${host}`);
});

test('the Terraform outputs the docs read exist', () => {
  // The table of outputs, and the ones the commands read (`output -raw NAME`, `the NAME output`).
  const outputs = [...unique(/^\| `([a-z_]+)` \|/gm), ...unique(/output -raw ([a-z_]+)/g), ...unique(/the `([a-z_]+)` output/g)];
  expect(outputs).toEqual(expect.arrayContaining(['registry_url', 'get_credentials_command', 'static_ip_kf_api_production_ip']));
  for (const name of outputs) expect(Object.keys(terraform.output)).toContain(name);
});

test('the namespaces and paths the commands use are the ones synth writes', () => {
  // `orders` is the API of the migrations example, which the reference (no migrations) does not have.
  const namespaces = unique(/kubectl -n ([a-z0-9-]+) /g).filter((n) => !n.startsWith('<') && n !== 'orders');
  expect(namespaces).toContain('kf-api');
  for (const ns of namespaces) expect(yaml).toContain(`namespace: ${ns}`);
  for (const dir of unique(/\b(dist\/[a-z]+)\//g)) expect(fs.existsSync(path.join(tmp, dir))).toBe(true);
  for (const dir of unique(/\b(cdktf\.out\/stacks\/[a-z]+)\b/g)) expect(fs.existsSync(path.join(tmp, dir))).toBe(true);
  expect(doc).not.toContain('uvicorn 0.24'); // --timeout-graceful-shutdown came with 0.22
});
