/**
 * `cdk-fastapi-gke synth [--k8s-only | --terraform-only] [--app FILE] [--outdir DIR]`: an app repository's synth.
 * It compiles the app when a source changed (lib/cli/app-build.ts), then runs the library's pipeline on the
 * `platform` its entry point exports: both sides, checked, all at once or not at all (`synthPlatform`), or one side.
 * `--k8s-only` never loads cdktf or the Google provider, which a Kubernetes-only app does not install.
 *
 * Outputs: the Kubernetes side in `--outdir`, else $CDK8S_OUTDIR, else `dist`, one file per API
 * (`<outdir>/<environment>/<api>.yaml`); the Terraform side in $CDKTF_OUTDIR, else `cdktf.out`. Under `cdk8s synth`
 * (cdk8s.yaml: `--outdir dist`, `output: .cdk8s.out`) the CLI's folder, which it empties before it runs the app, gets
 * a copy of `dist`, which a failed synth leaves as it was.
 */
import * as path from 'path';
import type { KubernetesSynthOptions } from '../synth/kubernetes';
import type { TerraformSynthOptions } from '../synth/terraform';
import { AppModule, CliError, loadApp, packageJson } from './app-build';
import { Flags, UsageError, parseFlags } from './args';

export const SYNTH_USAGE = `cdk-fastapi-gke synth [--k8s-only | --terraform-only] [--app FILE] [--outdir DIR]
  Compiles the app (only when a source changed) and writes both sides, checked, all at once or not at all:
  dist/<environment>/<api>.yaml and cdktf.out/stacks/<environment>/. --k8s-only writes dist/ alone, without cdktf;
  --terraform-only cdktf.out/ alone. --app names the entry point (default src/main.ts); --outdir the Kubernetes output.`;

/** The sides a synth writes. */
type Sides = 'both' | 'kubernetes' | 'terraform';

function sidesOf(flags: Flags): Sides {
  const k8s = flags.booleans.has('k8s-only');
  const terraform = flags.booleans.has('terraform-only');
  if (k8s && terraform) throw new UsageError('--k8s-only and --terraform-only exclude each other');
  return k8s ? 'kubernetes' : terraform ? 'terraform' : 'both';
}

/** The Kubernetes side's options: where it goes, and the cdk8s CLI's folder to copy it to. */
function kubernetesOptions(flags: Flags): KubernetesSynthOptions {
  const cli = process.env.CDK8S_OUTDIR;
  const outdir = flags.values.get('outdir') ?? cli ?? 'dist';
  const copyTo = cli !== undefined && cli !== '' && path.resolve(cli) !== path.resolve(outdir) ? cli : undefined;
  return { outdir, filePerApi: true, copyTo };
}

function terraformOptions(app: AppModule): TerraformSynthOptions {
  return { outdir: process.env.CDKTF_OUTDIR || 'cdktf.out', configureStack: app.configureStack };
}

/**
 * Loads a module of the Terraform side; a missing cdktf or provider becomes one line that says what to install, or
 * to synth the Kubernetes side alone.
 */
function terraformModule<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    const missing = /Cannot find module '(cdktf|@cdktf\/provider-google)[/']/.exec((err as Error).message ?? '');
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !missing) throw err;
    const peers = packageJson().peerDependencies;
    throw new CliError(`the Terraform side needs ${missing[1]}, which is not installed: npm install cdktf@'${peers.cdktf}' @cdktf/provider-google@'${peers['@cdktf/provider-google']}', or synth the Kubernetes side alone (--k8s-only)`);
  }
}

/** Runs `synth` with `argv` (after the command name). */
export function synthCommand(argv: readonly string[]): void {
  const flags = parseFlags(argv, { booleans: ['k8s-only', 'terraform-only'], values: ['app', 'outdir'] });
  const sides = sidesOf(flags);
  const app = loadApp(process.cwd(), flags.values.get('app'));
  const wrote: string[] = [];
  if (sides === 'kubernetes') {
    const kubernetes = kubernetesOptions(flags);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../synth/kubernetes') as typeof import('../synth/kubernetes')).synthKubernetes(app.platform, kubernetes);
    wrote.push(kubernetes.outdir);
  } else if (sides === 'terraform') {
    const terraform = terraformOptions(app);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    terraformModule(() => require('../synth/terraform') as typeof import('../synth/terraform')).synthTerraform(app.platform, terraform);
    wrote.push(terraform.outdir);
  } else {
    const kubernetes = kubernetesOptions(flags);
    const terraform = terraformOptions(app);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    terraformModule(() => require('../synth/platform') as typeof import('../synth/platform')).synthPlatform(app.platform, { kubernetes, terraform });
    wrote.push(kubernetes.outdir, terraform.outdir);
  }
  const environments = app.platform.environments.map((e) => e.name).join(', ');
  process.stderr.write(`cdk-fastapi-gke: wrote ${wrote.map((d) => `${d}/`).join(' and ')} (${environments})\n`);
}
