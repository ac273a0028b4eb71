/**
 * The synth pipeline an app repository calls with its description. `synthTerraform` (and so `synthPlatform`) loads
 * cdktf and the Google provider; a Kubernetes-only app imports './kubernetes-index' (`cdk-fastapi-gke/synth/kubernetes`).
 */
export * from './kubernetes-index';
export { synthTerraform } from './terraform';
export type { TerraformSynthOptions } from './terraform';
export { synthPlatform } from './platform';
export type { PlatformSynthOptions } from './platform';
