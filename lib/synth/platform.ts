import { PlatformSpec } from '../plan/platform';
import { KubernetesSynthOptions, synthKubernetes } from './kubernetes';
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
 * Both outputs of a platform description, each checked before it replaces the previous one: the Kubernetes YAML,
 * then the Terraform. A prop either side refuses is refused by both before anything is written, as both resolve
 * the same plan; a failed Terraform check still leaves the new Kubernetes output beside the old Terraform one.
 */
export function synthPlatform(platform: PlatformSpec, options: PlatformSynthOptions = {}): void {
  synthKubernetes(platform, { outdir: 'dist', log: options.log, ...options.kubernetes });
  if (options.terraform !== false) synthTerraform(platform, { outdir: 'cdktf.out', log: options.log, ...options.terraform });
}
