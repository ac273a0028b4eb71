import * as kplus from 'cdk8s-plus-28';
import { Duration } from 'cdk8s';
import { CLOUD_SQL_PROXY_HEALTH_PORT, CloudSqlModel, RunAs } from '../plan/web-api-model';
import { approximateResources, restrictedContainer } from './pod-defaults';

/** The native sidecar's container name. */
export const CLOUD_SQL_PROXY_CONTAINER = 'cloud-sql-proxy';

/**
 * The Cloud SQL Auth Proxy as a native sidecar: an init container with `restartPolicy: Always`, which starts before
 * the app (its startup probe gates the next containers) and stops after it. In a Job it does not keep the pod alive
 * once the main container is done, where an ordinary sidecar would never let the Job complete.
 */
export function cloudSqlProxySidecar(model: CloudSqlModel, runAs?: RunAs): kplus.ContainerProps {
  // Google's recommended timings (cloud-sql-proxy, examples/k8s-health-check/README.md): startup every second for
  // up to 20 s; liveness every 60 s with 30 s to answer, 5 misses in a row before a restart, which drops every
  // connection. A 1 s timeout would restart the proxy on any 3-second stall. No readiness probe: Google advises
  // against one in most cases, as a database hiccup would take every pod out of the load balancer at once.
  const probe = (path: string, o: { period: number; timeout: number; failure: number }) => kplus.Probe.fromHttpGet(path, {
    port: CLOUD_SQL_PROXY_HEALTH_PORT, periodSeconds: Duration.seconds(o.period), timeoutSeconds: Duration.seconds(o.timeout), failureThreshold: o.failure,
  });
  return {
    name: CLOUD_SQL_PROXY_CONTAINER,
    image: model.image,
    restartPolicy: kplus.ContainerRestartPolicy.ALWAYS,
    args: [...model.args],
    securityContext: restrictedContainer(runAs),
    resources: approximateResources(model.resources),
    startup: probe('/startup', { period: 1, timeout: 5, failure: 20 }),
    liveness: probe('/liveness', { period: 60, timeout: 30, failure: 5 }),
  };
}
