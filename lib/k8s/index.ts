export * from './api-network-policy';
export * from './migration-job';
export * from './pod-defaults';
export * from './tls-ingress';
export * from './web-api';
export * from './platform-chart';
