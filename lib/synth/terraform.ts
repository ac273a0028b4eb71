/**
 * The Terraform synth of a platform description: one cdktf stack per environment (`<outdir>/stacks/<environment>/`),
 * checked before it replaces the previous output. Loads cdktf and the Google provider: the Kubernetes side never
 * imports this file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { CHECKOV_BASELINE_FILE, checkovBaseline } from '../checks/checkov-baseline';
import { enforceOnDirectory } from '../checks/enforce';
import { Finding } from '../checks/model';
import { ALL_PACKS } from '../checks/packs';
import { PlatformStack } from '../gcp/platform-stack';
import { PlatformSpec } from '../plan/platform';
import { reportFileOf } from './atomic-output';
import { inTransaction } from './kubernetes';
import { OutputTransaction } from './output-transaction';

/** Options of {@link synthTerraform}. */
export interface TerraformSynthOptions {
  /** Where cdktf writes `stacks/<environment>/`; replaced all at once, or left as it was when anything fails. */
  readonly outdir: string;
  /**
   * Called with each environment's stack before synthesis: the place for `suppressCheck`, a backend, or an
   * `addOverride` of last resort.
   * @default - nothing
   */
  readonly configureStack?: (stack: PlatformStack) => void;
  /**
   * Where warnings go.
   * @default - standard error
   */
  readonly log?: (text: string) => void;
  /**
   * The provider lock file, committed beside the app, that synth copies into every `stacks/<environment>/`, so that
   * `terraform init` installs the versions and checksums it records; `false` copies none. Without the file, each
   * stack keeps the lock file its last `terraform init` wrote.
   * @default '.terraform.lock.hcl' in the working directory
   */
  readonly lockFile?: string | false;
  /**
   * Write within a caller's transaction (`synthPlatform` switches both outputs together) instead of an own one.
   * @internal
   */
  readonly transaction?: OutputTransaction;
}

/** Synthesizes every environment of `platform` into `outdir` and runs the checks on what cdktf wrote. */
export function synthTerraform(platform: PlatformSpec, options: TerraformSynthOptions): void {
  inTransaction(options.transaction, options.outdir, (tx) => {
    const tmp = tx.dir(options.outdir);
    const app = new App({ outdir: tmp, skipValidation: false });
    for (const env of platform.environments) {
      const stack = new PlatformStack(app, { platform, environment: env.name });
      options.configureStack?.(stack);
    }
    app.synth();
    // Errors fail the synth before anything replaces the output; <outdir>.checks.json keeps the report.
    const findings = enforceOnDirectory(tmp, options.outdir, { log: options.log, reportFile: tx.file(reportFileOf(options.outdir)) });
    writeCheckovBaselines(findings, options.outdir, tmp, platform.environments.map((e) => e.name));
    keepInitState(options.outdir, tmp, platform.environments.map((e) => e.name), options.lockFile ?? '.terraform.lock.hcl');
  });
}

/**
 * Writes `stacks/<env>/.checkov.baseline` where the stack has suppressed findings of rules that restate Checkov, so
 * that `checkov -d <outdir>/stacks/<env> --baseline <outdir>/stacks/<env>/.checkov.baseline` honours our
 * suppressions (see checkov-baseline.ts).
 */
function writeCheckovBaselines(findings: readonly Finding[], outdir: string, tmp: string, stacks: readonly string[]): void {
  const rules = ALL_PACKS.flatMap((p) => p.rules).filter((r) => r.target === 'terraform');
  for (const stack of stacks) {
    const shown = path.join(outdir, 'stacks', stack, 'cdk.tf.json');
    const baseline = checkovBaseline(findings.filter((f) => f.file === shown), rules, '/cdk.tf.json');
    if (baseline) fs.writeFileSync(path.join(tmp, 'stacks', stack, CHECKOV_BASELINE_FILE), baseline);
  }
}

/** What `terraform init` leaves in a stack directory, and that a new synth must not lose. */
const INIT_STATE = ['.terraform', '.terraform.lock.hcl'];

/**
 * Moves what `terraform init` wrote into the previous output (`.terraform/`: the backend's settings and the
 * providers; the lock file) into the new one, and puts the committed lock file over it, so that
 * `terraform -chdir=<outdir>/stacks/<env> output` (or plan) works after a synth without a new `init`. The move is
 * the last step before the switch; should the switch fail, the old output has lost only this cache, which `init`
 * rebuilds.
 */
function keepInitState(outdir: string, tmp: string, stacks: readonly string[], lockFile: string | false): void {
  for (const stack of stacks) {
    const previous = path.join(outdir, 'stacks', stack);
    const next = path.join(tmp, 'stacks', stack);
    for (const name of INIT_STATE) {
      if (fs.existsSync(path.join(previous, name))) fs.renameSync(path.join(previous, name), path.join(next, name));
    }
    if (lockFile !== false && fs.existsSync(lockFile)) fs.copyFileSync(lockFile, path.join(next, '.terraform.lock.hcl'));
  }
}
