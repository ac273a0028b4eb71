import { PlatformSpec } from '../plan/platform';
import { KubernetesSynthOptions, copyOutput, outputsOf, synthKubernetes } from './kubernetes';
import { writeOutputs } from './output-transaction';
import { TerraformSynthOptions, synthTerraform } from './terraform';

/** Options of {@link synthPlatform}. */
export interface PlatformSynthOptions {
  /**
   * The Kubernetes output: `<outdir>/<environment>/`.
   * @default - { outdir: 'dist' }
   */
  readonly kubernetes?: Partial<KubernetesSynthOptions>;
  /**
   * The Terraform output: `<outdir>/stacks/<environment>/`; `false` skips it (a Kubernetes-only repository).
   * @default - { outdir: 'cdktf.out' }
   */
  readonly terraform?: Partial<TerraformSynthOptions> | false;
  /**
   * Where warnings go.
   * @default - standard error
   */
  readonly log?: (text: string) => void;
}

/**
 * Both outputs of a platform description and their checks' reports, switched in together or not at all: the
 * Kubernetes YAML and the Terraform are written and checked first, then all four replace the previous ones at once
 * (lib/synth/output-transaction.ts). A description either side refuses, or a failed check on either side, leaves
 * every previous output as it was.
 */
export function synthPlatform(platform: PlatformSpec, options: PlatformSynthOptions = {}): void {
  const kubernetes: KubernetesSynthOptions = { outdir: 'dist', log: options.log, ...options.kubernetes };
  const terraform: TerraformSynthOptions | undefined = options.terraform === false
    ? undefined : { outdir: 'cdktf.out', log: options.log, ...options.terraform };
  const outputs = [...outputsOf(kubernetes.outdir), ...(terraform ? outputsOf(terraform.outdir) : [])];
  writeOutputs(outputs, (transaction) => {
    synthKubernetes(platform, { ...kubernetes, transaction });
    if (terraform) synthTerraform(platform, { ...terraform, transaction });
  });
  if (kubernetes.copyTo !== undefined) copyOutput(kubernetes.outdir, kubernetes.copyTo);
}
