/**
 * The synth pipeline an app repository calls (lib/synth): both outputs of a description, checked, each replaced all
 * at once; a description either side refuses writes nothing at all.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PLATFORM } from '../../apps/platform';
import { ConfigError, PlatformSpec, PlatformStack, suppressCheck, synthPlatform } from '../../lib';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-platform-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const options = (dir: string) => ({
  kubernetes: { outdir: path.join(dir, 'dist') },
  terraform: {
    outdir: path.join(dir, 'cdktf.out'),
    configureStack: (stack: PlatformStack) => suppressCheck(stack.cluster, 'gke-google-groups-rbac', 'no Workspace domain in this test'),
  },
  log: () => undefined,
});

test('writes the Kubernetes and the Terraform output of every environment, with their reports', () => {
  const dir = path.join(tmp, 'ok');
  synthPlatform(PLATFORM, options(dir));
  for (const env of ['production', 'staging']) {
    expect(fs.existsSync(path.join(dir, 'dist', env, 'kf-api.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'cdktf.out', 'stacks', env, 'cdk.tf.json'))).toBe(true);
  }
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'dist.checks.json'), 'utf8')).summary.errors).toBe(0);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out.checks.json'), 'utf8')).summary.errors).toBe(0);
});

test('terraform: false writes the Kubernetes side only', () => {
  const dir = path.join(tmp, 'k8s-only');
  synthPlatform(PLATFORM, { ...options(dir), terraform: false });
  expect(fs.readdirSync(dir).sort()).toEqual(['dist', 'dist.checks.json']);
});

test('a description one side would refuse writes nothing, and says why in one line', () => {
  const dir = path.join(tmp, 'bad');
  const bad: PlatformSpec = { ...PLATFORM, apis: [{ ...PLATFORM.apis[0], image: 'ghcr.io/acme/kf-api:latest' }] };
  expect(() => synthPlatform(bad, options(dir))).toThrow(ConfigError);
  expect(() => synthPlatform(bad, options(dir))).toThrow(/^WebApi 'kf-api' in environment 'production': 'image' \("ghcr.io\/acme\/kf-api:latest"\) must name a tag other than latest/);
  // The parent of the outputs may be created; nothing is written in it.
  expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
});

test('a check or a prop that only the Terraform side refuses leaves both outputs and both reports as they were', () => {
  const dir = path.join(tmp, 'together');
  synthPlatform(PLATFORM, options(dir));
  const before = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]);
  // A zone GKE does not have: the plan accepts its shape, the cluster construct refuses it.
  const bad: PlatformSpec = { ...PLATFORM, environments: PLATFORM.environments.map((e) => ({ ...e, location: 'europe-west2-z' })) };
  expect(() => synthPlatform(bad, options(dir))).toThrow("is not a zone of europe-west2");
  const after = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]);
  expect(after).toEqual(before);
});
