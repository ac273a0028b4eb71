// Public API: re-exports only.
export * from './plan/annotations';
export * from './plan/errors';
export * from './plan/literals';
export * from './plan/quantity';
export * from './plan/resources';
export * from './plan/server-command';
export * from './plan/web-api-spec';
export * from './plan/web-api-shape';
export * from './plan/platform';
export * from './plan/derive';
export * from './plan/machine-types';
export * from './plan/capacity';
export * from './plan/environment-plan';
export * from './synth-output';
export * from './k8s';
export * from './gcp';
export * from './checks';
