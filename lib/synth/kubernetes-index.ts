/**
 * The Kubernetes side of the synth pipeline alone (`cdk-fastapi-gke/synth/kubernetes`): it loads cdk8s and the
 * checks, never cdktf or the Google provider, so that a Kubernetes-only app installs and runs without them.
 */
export {
  OutputLockedError, OutputWriteError, UnsafeOutputDirError, assertSafeOutputDir, recoverOutput, reportFileOf, runMain, writeAtomically,
} from './atomic-output';
export { synthKubernetes } from './kubernetes';
export type { KubernetesSynthOptions } from './kubernetes';
