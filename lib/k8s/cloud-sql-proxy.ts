import * as kplus from 'cdk8s-plus-28';
import { Duration } from 'cdk8s';
import { CLOUD_SQL_PROXY_HEALTH_PORT, CloudSqlModel } from '../plan/web-api-model';
import { RESTRICTED_CONTAINER, approximateResources } from './pod-defaults';

/** The native sidecar's container name. */
export const CLOUD_SQL_PROXY_CONTAINER = 'cloud-sql-proxy';

/**
 * The Cloud SQL Auth Proxy as a native sidecar: an init container with `restartPolicy: Always`, which starts before
 * the app (its startup probe gates the next containers) and stops after it. In a Job it does not keep the pod alive
 * once the main container is done, where an ordinary sidecar would never let the Job complete.
 */
export function cloudSqlProxySidecar(model: CloudSqlModel): kplus.ContainerProps {
  const probe = (path: string, failureThreshold: number) => kplus.Probe.fromHttpGet(path, {
    port: CLOUD_SQL_PROXY_HEALTH_PORT, periodSeconds: Duration.seconds(1), timeoutSeconds: Duration.seconds(1), failureThreshold,
  });
  return {
    name: CLOUD_SQL_PROXY_CONTAINER,
    image: model.image,
    restartPolicy: kplus.ContainerRestartPolicy.ALWAYS,
    args: [...model.args],
    securityContext: RESTRICTED_CONTAINER,
    resources: approximateResources(model.resources),
    startup: probe('/startup', 60),
    liveness: probe('/liveness', 3),
  };
}
