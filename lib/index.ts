// Public API: re-exports only.
export * from './plan/annotations';
export * from './plan/errors';
export * from './plan/quantity';
export * from './plan/resources';
export * from './plan/server-command';
export * from './synth-output';
export * from './k8s';
export * from './gcp';
export * from './checks';
