/**
 * The Terraform synth of a platform description: one cdktf stack per environment (`<outdir>/stacks/<environment>/`),
 * checked before it replaces the previous output. Loads cdktf and the Google provider: the Kubernetes side never
 * imports this file.
 */
import { App } from 'cdktf';
import { enforceOnDirectory } from '../checks/enforce';
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
    enforceOnDirectory(tmp, options.outdir, { log: options.log, reportFile: tx.file(reportFileOf(options.outdir)) });
  });
}
