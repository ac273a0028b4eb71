/**
 * The synth pipeline an app repository calls with its description. `synthTerraform` loads cdktf and the Google
 * provider; a Kubernetes-only entry point imports `synthKubernetes` from './kubernetes' alone.
 */
export {
  OutputLockedError, OutputWriteError, UnsafeOutputDirError, assertSafeOutputDir, recoverOutput, reportFileOf, runMain, writeAtomically,
} from './atomic-output';
export { synthKubernetes } from './kubernetes';
export type { KubernetesSynthOptions } from './kubernetes';
export { synthTerraform } from './terraform';
export type { TerraformSynthOptions } from './terraform';
export { synthPlatform } from './platform';
export type { PlatformSynthOptions } from './platform';
