import { Testing } from 'cdk8s';
import { PlatformSpec, WebApi, WebApiProps, resolveEnvironment } from '../../lib';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Props every test starts from: the smallest valid WebApi. */
export const MINIMAL: WebApiProps = { name: 'api', image: 'registry.example.com/team/api:1.2.3' };

/** Synthesizes one WebApi in a fresh chart. */
export function synthApi(props: Partial<WebApiProps> = {}): { api: WebApi; manifests: Obj[] } {
  const chart = Testing.chart();
  const api = new WebApi(chart, 'api', { ...MINIMAL, ...props });
  return { api, manifests: Testing.synth(chart) };
}

/** The one manifest of a kind (and name, when given); fails the test if there is not exactly one. */
export function only(manifests: Obj[], kind: string, name?: string): Obj {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` '${name}'` : ''}, found ${found.length}`);
  return found[0];
}

export function kinds(manifests: Obj[]): string[] {
  return manifests.map((m) => m.kind);
}

/** The reference kf-api as its production environment binds it: the props `apps/k8s.ts` gives `WebApi`. */
export function referenceKfApi(environment = 'production'): WebApiProps {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PLATFORM } = require('../../apps/platform') as typeof import('../../apps/platform');
  return resolveEnvironment(PLATFORM, environment).apis.find((a) => a.name === 'kf-api')!.props;
}

/**
 * The reference platform with a second API, `orders`, whose migrations run in a Job before the rollout
 * (MigrationStrategy.JOB), on nodes large enough for both.
 */
export function platformWithMigrations(): PlatformSpec {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KF_API, PLATFORM } = require('../../apps/platform') as typeof import('../../apps/platform');
  const orders = { ...KF_API, name: 'orders', serviceName: 'orders-svc', hpaName: 'orders-hpa', migrations: { command: ['alembic', 'upgrade', 'head'] } };
  return { ...PLATFORM, apis: [KF_API, orders], environments: PLATFORM.environments.map((e) => ({ ...e, cluster: { ...e.cluster, machineType: 'e2-standard-8' } })) };
}
