// Public API: re-exports only.
export * from './plan/errors';
export * from './plan/quantity';
export * from './plan/resources';
export * from './plan/server-command';
export * from './k8s/api-network-policy';
export * from './k8s/migration-job';
export * from './k8s/pod-defaults';
export * from './k8s/tls-ingress';
export * from './k8s/web-api';
export * from './synth-output';
export * from './gcp';
