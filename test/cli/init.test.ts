/**
 * `cdk-fastapi-gke init`, through the real CLI (the compiled bin), in temporary folders. That the scaffold installs,
 * synthesizes and passes its own tests is test/cli/synth.test.ts (linked) and test/app-repo/scaffold.test.ts (from
 * the packed tarball).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, cli, filesUnder } from '../helpers/app-repo';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'init-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

let n = 0;
function folder(...segments: string[]): string {
  const dir = path.join(tmp, `f${n++}`, ...segments);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

const FILES = ['.gitignore', 'README.md', 'cdk8s.yaml', 'package.json', 'src/main.ts', 'src/platform.ts', 'test/synth.test.ts', 'tsconfig.json'];

test('in an empty folder: the description, the entry point, a test and the configuration, with this version pinned', () => {
  const dir = folder('orders');
  const r = cli(['init'], dir);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("Wrote an app repository for the API 'orders' (Kubernetes side and GKE platform)");
  expect(filesUnder(dir)).toEqual([...FILES, 'cdktf.json'].sort());
  for (const file of filesUnder(dir)) expect(read(dir, file)).not.toMatch(/\{\{|\}\}/);
  const app = JSON.parse(read(dir, 'package.json'));
  expect(app.dependencies).toEqual({
    'cdk-fastapi-gke': pkg.version, // exactly the version that ran init
    cdk8s: pkg.peerDependencies.cdk8s, 'cdk8s-plus-28': pkg.peerDependencies['cdk8s-plus-28'], constructs: pkg.peerDependencies.constructs,
    cdktf: pkg.peerDependencies.cdktf, '@cdktf/provider-google': pkg.peerDependencies['@cdktf/provider-google'],
  });
  expect(app.devDependencies.typescript).toBe(pkg.devDependencies.typescript);
  expect(app.devDependencies.typescript).toMatch(/^~5\./);
  expect(Object.keys(app.scripts)).toEqual(['synth', 'test', 'check', 'plan']);
  expect(app.scripts.synth).toBe('cdk-fastapi-gke synth');
  expect(read(dir, 'cdk8s.yaml')).toMatch(/^app: npx cdk-fastapi-gke synth --k8s-only --outdir dist$/m);
  expect(read(dir, 'cdk8s.yaml')).toMatch(/^output: \.cdk8s\.out$/m);
  const cdktf = JSON.parse(read(dir, 'cdktf.json'));
  expect(cdktf).toMatchObject({ app: 'npx cdk-fastapi-gke synth --terraform-only', output: 'cdktf.out', language: 'typescript' });
  expect(cdktf.projectId).toMatch(/^[0-9a-f-]{36}$/);
  expect(read(dir, 'src/platform.ts')).toContain("name: 'orders',\n  // The image, tagged: never `latest`. `{ name, tag }` is an image in each environment's Artifact Registry.\n  image: { name: 'orders', tag: '0.1.0' },\n  port: 8000,");
  expect(read(dir, 'src/main.ts')).toContain('export function configureStack(stack: PlatformStack): void {');
  expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist/', 'cdktf.out/', '.cdk8s.out/', '.*.tmp-*']));
});

test('--k8s-only: no Terraform side, no cdktf to install', () => {
  const dir = folder('api');
  expect(cli(['init', '--k8s-only'], dir).status).toBe(0);
  expect(filesUnder(dir)).toEqual(FILES);
  const app = JSON.parse(read(dir, 'package.json'));
  expect(Object.keys(app.dependencies).sort()).toEqual(['cdk-fastapi-gke', 'cdk8s', 'cdk8s-plus-28', 'constructs']);
  expect(app.scripts.synth).toBe('cdk-fastapi-gke synth --k8s-only');
  expect(app.scripts.check).toBe('cdk-fastapi-gke check dist/');
  expect(read(dir, 'src/main.ts')).not.toMatch(/cdk-fastapi-gke\/gcp|configureStack/);
  expect(read(dir, 'test/synth.test.ts')).toContain("from 'cdk-fastapi-gke/synth/kubernetes'");
  expect(read(dir, 'test/synth.test.ts')).not.toContain("'cdk-fastapi-gke/synth'");
});

test("in infra/ of a repository, the API takes the repository's name; the flags set name, image and port", () => {
  const infra = folder('My_Orders.API', 'infra');
  fs.writeFileSync(path.join(infra, '..', 'requirements.txt'), 'fastapi\n');
  expect(cli(['init'], infra).status).toBe(0);
  expect(read(infra, 'src/platform.ts')).toContain("name: 'my-orders-api',");
  expect(JSON.parse(read(infra, 'package.json')).name).toBe('my-orders-api-infra');

  const dir = folder('x');
  expect(cli(['init', '--name', 'billing', '--image=ghcr.io/acme/billing:2.4.1', '--port', '8080'], dir).status).toBe(0);
  expect(read(dir, 'src/platform.ts')).toContain("name: 'billing',");
  expect(read(dir, 'src/platform.ts')).toContain("image: 'ghcr.io/acme/billing:2.4.1',\n  port: 8080,");
});

test.each([
  [['--name', 'Orders'], "error: --name 'Orders' must be 1-19 lowercase letters"],
  [['--name', 'a-name-far-too-long-for-it'], "error: --name 'a-name-far-too-long-for-it' must be 1-19"],
  [['--image', 'ghcr.io/acme/orders'], "error: --image 'ghcr.io/acme/orders' has no tag: name a tag"],
  [['--image', 'ghcr.io/acme/orders:latest'], "error: --image 'ghcr.io/acme/orders:latest' has the tag latest"],
  [['--image', 'Not An Image:1'], "error: --image 'Not An Image:1' is not an image reference"],
  [['--port', '0'], "error: --port '0' must be a whole number from 1 to 65535"],
  [['--port'], 'error: --port needs a value'],
  [['--gke'], "error: unknown option '--gke'"],
  [['orders'], "error: unexpected argument 'orders'"],
])('init %j is a usage mistake: one line and the usage, exit 2, nothing written', (args, message) => {
  const dir = folder('orders');
  const r = cli(['init', ...args], dir);
  expect(r.status).toBe(2);
  const [first, second] = r.stderr.split('\n');
  expect(first.startsWith(message)).toBe(true);
  expect(second).toMatch(/^usage: cdk-fastapi-gke init /);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('it writes no file that exists: one line, exit 1, and nothing is written', () => {
  const dir = folder('orders');
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "mine" }\n');
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src/main.ts'), '// mine\n');
  const r = cli(['init'], dir);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe('error: init writes no file that exists, and package.json does (and 1 more of its files): run it in an empty folder, or in infra/ of your repository\n');
  expect(filesUnder(dir)).toEqual(['package.json', 'src/main.ts']);
  expect(read(dir, 'package.json')).toBe('{ "name": "mine" }\n');
});

test('--help prints the usage', () => {
  const r = cli(['init', '--help'], folder('h'));
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^usage: cdk-fastapi-gke init \[--name NAME\] \[--image IMAGE\] \[--port PORT\] \[--k8s-only\]/);
});
