// The package's public API: each area's index names what it exports; helpers shared inside lib/ stay out.
export * from './plan';
export * from './synth';
export * from './k8s';
export * from './gcp';
export * from './checks';
export { DeployError, type DeployJob, type DeployOptions, type DeployPlan, deploy, planDeploy } from './deploy';
