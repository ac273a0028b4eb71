/**
 * lib/synth/terraform.ts: a new synth replaces cdktf.out/, but keeps what `terraform init` wrote in each stack
 * (`.terraform/`, the lock file), and puts the committed lock file in every stack, so that the documented
 * `terraform -chdir=cdktf.out/stacks/<env> output` works after a synth without a new `init`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PLATFORM } from '../../apps/platform';
import { PlatformStack, suppressCheck, synthTerraform } from '../../lib';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-terraform-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const options = (outdir: string, lockFile?: string | false) => ({
  outdir,
  lockFile,
  configureStack: (stack: PlatformStack) => suppressCheck(stack.cluster, 'gke-google-groups-rbac', 'no Workspace domain in this test'),
  log: () => undefined,
});
const stackDir = (outdir: string, env: string) => path.join(outdir, 'stacks', env);

test('what terraform init wrote survives a new synth', () => {
  const outdir = path.join(tmp, 'keep', 'cdktf.out');
  synthTerraform(PLATFORM, options(outdir, false));
  // What `terraform init` leaves: the backend's settings and providers, and the lock file.
  const production = stackDir(outdir, 'production');
  fs.mkdirSync(path.join(production, '.terraform', 'providers'), { recursive: true });
  fs.writeFileSync(path.join(production, '.terraform', 'terraform.tfstate'), '{"backend":{"type":"local"}}');
  fs.writeFileSync(path.join(production, '.terraform.lock.hcl'), '# written by terraform init\n');
  synthTerraform(PLATFORM, options(outdir, false));
  expect(fs.readFileSync(path.join(production, '.terraform', 'terraform.tfstate'), 'utf8')).toBe('{"backend":{"type":"local"}}');
  expect(fs.existsSync(path.join(production, '.terraform', 'providers'))).toBe(true);
  expect(fs.readFileSync(path.join(production, '.terraform.lock.hcl'), 'utf8')).toBe('# written by terraform init\n');
  expect(fs.existsSync(path.join(stackDir(outdir, 'staging'), '.terraform'))).toBe(false);
});

test('the committed lock file goes into every stack, over the one init wrote', () => {
  const dir = path.join(tmp, 'lock');
  const outdir = path.join(dir, 'cdktf.out');
  fs.mkdirSync(dir, { recursive: true });
  const committed = path.join(dir, '.terraform.lock.hcl');
  fs.writeFileSync(committed, '# committed beside the app\n');
  synthTerraform(PLATFORM, options(outdir));
  fs.writeFileSync(path.join(stackDir(outdir, 'production'), '.terraform.lock.hcl'), '# stale\n');
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    synthTerraform(PLATFORM, options('cdktf.out'));
  } finally {
    process.chdir(cwd);
  }
  for (const env of ['production', 'staging']) {
    expect(fs.readFileSync(path.join(stackDir(outdir, env), '.terraform.lock.hcl'), 'utf8')).toBe('# committed beside the app\n');
  }
});
