/**
 * `cdktf synth --hcl` works, and is checked: cdktf writes `stacks/<env>/cdk.tf` and `metadata.json` (whose `resource`
 * section holds comment blocks only). The loader reads cdk.tf with HashiCorp's HCL parser (@cdktf/hcl2json), takes the
 * suppressions from metadata.json, and never reads metadata.json as configuration.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@cdktf/hcl2json';
import { ALL_PACKS, Finding, loadPaths, runChecks } from '../../lib';
import { ROOT, runCheck, tempDir } from './cli-helpers';

const { dir, write } = tempDir('hcl-');
const HCL_OUT = path.join(dir, 'out');
const JSON_OUT = path.join(dir, 'json');

/** `type.name` of every resource of a Terraform JSON `resource` section, resources as objects or one-element lists. */
const resourceIds = (resource: Record<string, Record<string, unknown>>) => Object.entries(resource)
  .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();

/** What the checks say, without where they say it. */
const said = (findings: Finding[]) => findings.map((f) => [f.rule, f.level, f.resource, f.message, f.suppressedBy ?? null]);

let synth: { status: number | null; stderr: string };
let jsonSynth: { status: number | null; stderr: string };
let plan: { status: number | null; stdout: string };
const JSON_CLI_OUT = path.join(dir, 'json-cli');

beforeAll(() => {
  // A copy of the project (sources, build and cdktf.json, with the same timestamps: nothing to compile), run by the
  // real cdktf CLI exactly as cdktf.json says: `node --max-semi-space-size=2 scripts/run.js apps/gcp.ts`.
  const copy = path.join(dir, 'project');
  for (const entry of ['lib', 'apps', 'scripts', 'build', 'tsconfig.json', 'package.json', 'package-lock.json', 'cdktf.json']) {
    fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const run = spawnSync('npx', ['cdktf', 'synth', '--hcl', '-o', HCL_OUT], {
    cwd: copy, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1' },
  });
  synth = { status: run.status, stderr: run.stderr };
  // The other commands the README and docs/operations.md promise, through the real CLIs, in the same copy.
  const json = spawnSync('npx', ['cdktf', 'synth', '-o', JSON_CLI_OUT], {
    cwd: copy, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1' },
  });
  jsonSynth = { status: json.status, stderr: json.stderr };
  const planRun = spawnSync('npm', ['run', '--silent', 'plan'], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
  plan = { status: planRun.status, stdout: planRun.stdout };
  execFileSync(process.execPath, [path.join(ROOT, 'build/apps/gcp.js')], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: JSON_OUT }, stdio: 'ignore' });
}, 90_000);

test('`npx cdktf synth --hcl` exits 0 and writes cdk.tf, which the HCL parser reads, with the resources of the JSON synth', async () => {
  expect(synth).toEqual({ status: 0, stderr: expect.not.stringContaining('error') });
  const cdkTf = path.join(HCL_OUT, 'stacks/production/cdk.tf');
  expect(fs.existsSync(cdkTf)).toBe(true);
  const hcl = await parse('cdk.tf', fs.readFileSync(cdkTf, 'utf8'));
  const json = JSON.parse(fs.readFileSync(path.join(JSON_OUT, 'stacks/production/cdk.tf.json'), 'utf8'));
  expect(resourceIds(hcl.resource)).toEqual(resourceIds(json.resource));
  expect(resourceIds(hcl.resource).length).toBeGreaterThan(10);
});

test('`npx cdktf synth` writes what the app writes, and `npm run plan` prints and writes the plan', () => {
  expect(jsonSynth).toEqual({ status: 0, stderr: expect.not.stringContaining('error') });
  for (const env of ['production', 'staging']) {
    const file = `stacks/${env}/cdk.tf.json`;
    expect(fs.readFileSync(path.join(JSON_CLI_OUT, file), 'utf8')).toBe(fs.readFileSync(path.join(JSON_OUT, file), 'utf8'));
  }
  expect(plan.status).toBe(0);
  expect(plan.stdout).toContain('production');
  expect(fs.existsSync(path.join(dir, 'project', 'reports', 'plan.md'))).toBe(true);
});

test('the Checkov baseline: `npx cdktf synth` writes the app\'s; `--hcl` writes none, and the JSON one names resources of cdk.tf', async () => {
  for (const env of ['production', 'staging']) {
    const file = `stacks/${env}/.checkov.baseline`;
    expect(fs.readFileSync(path.join(JSON_CLI_OUT, file), 'utf8')).toBe(fs.readFileSync(path.join(JSON_OUT, file), 'utf8'));
    // cdktf's HCL conversion rewrites the stack directory with cdk.tf and metadata.json only (docs/checks.md says so).
    expect(fs.existsSync(path.join(HCL_OUT, file))).toBe(false);
  }
  const hcl = await parse('cdk.tf', fs.readFileSync(path.join(HCL_OUT, 'stacks/production/cdk.tf'), 'utf8'));
  const baseline = JSON.parse(fs.readFileSync(path.join(JSON_OUT, 'stacks/production/.checkov.baseline'), 'utf8'));
  const addresses = new Set(resourceIds(hcl.resource));
  for (const f of baseline.failed_checks[0].findings) expect([f.resource, addresses.has(f.resource)]).toEqual([f.resource, true]);
});

test('the checks read cdk.tf as configuration, never metadata.json, and say what they say of the JSON synth', () => {
  const hcl = loadPaths([HCL_OUT]);
  const json = loadPaths([JSON_OUT]);
  expect(hcl.errors).toEqual([]);
  expect(hcl.terraform.map((t) => path.relative(HCL_OUT, t.file!))).toEqual(['stacks/production/cdk.tf', 'stacks/staging/cdk.tf']);
  expect(hcl.files.map((f) => path.basename(f))).toContain('metadata.json'); // read for its comment blocks only
  expect(said(runChecks(hcl, ALL_PACKS))).toEqual(said(runChecks(json, ALL_PACKS)));
  // Suppressed, with their reasons (apps/platform.ts).
  expect(said(runChecks(hcl, ALL_PACKS)).map((f) => f[0]).sort()).toEqual(['gke-google-groups-rbac', 'gke-google-groups-rbac', 'gke-registry-cmek', 'gke-registry-cmek']);
});

test('the check CLI: the HCL output passes; metadata.json alone is nothing to check', () => {
  expect(runCheck([HCL_OUT]).code).toBe(0);
  const metadata = path.join(HCL_OUT, 'stacks/production/metadata.json');
  expect(runCheck([metadata]).err).toBe(`error: ${metadata}: nothing to check: no Kubernetes object and no Terraform resource here\n`);
});

test('invalid HCL: one line with the line and the column', () => {
  const file = write('bad/main.tf', 'resource "google_container_cluster" "c" {\n  name = \n}\n');
  const run = runCheck([file]);
  expect([run.code, run.out]).toEqual([1, '']);
  expect(run.err).toMatch(new RegExp(`^error: ${file}:2:10: invalid HCL: Invalid expression; .+\\n$`));
});

test('hand-written HCL is checked too: blocks as lists, expressions as strings', () => {
  const file = write('module/gke.tf', `resource "google_container_cluster" "gke" {
  name     = "c"
  location = var.zone
  node_config {
    machine_type = "e2-standard-2"
  }
}
`);
  const rules = JSON.parse(runCheck([file, '--format', 'json']).out).findings.map((f: { rule: string }) => f.rule);
  expect(rules).toEqual(expect.arrayContaining(['gke-private-nodes', 'gke-secure-boot', 'gke-release-channel']));
});
