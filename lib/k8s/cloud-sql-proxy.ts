import * as kplus from 'cdk8s-plus-28';
import { Duration } from 'cdk8s';
import { PropChecker } from '../plan/errors';
import { ContainerResourcesProps, ResourceValues, resolveResources } from '../plan/resources';
import { CLOUD_SQL_PROXY_IMAGE, CloudSqlProxyProps } from '../plan/web-api-spec';
import { RESTRICTED_CONTAINER, approximateResources } from './pod-defaults';

/** The port of the proxy's own health endpoints (`--health-check`). */
export const CLOUD_SQL_PROXY_HEALTH_PORT = 9090;
/** Cloud SQL's server-side proxy port, which the sidecar connects to. */
export const CLOUD_SQL_SERVER_PORT = 3307;

const CONNECTION_NAME = /^[a-z][-a-z0-9.:]*[a-z0-9]:[a-z]+-[a-z]+[0-9]+:[a-z][-a-z0-9]*$/;
const DEFAULT_PROXY_RESOURCES: ContainerResourcesProps = {
  cpu: { request: '50m', limit: '500m' },
  memory: { request: '64Mi', limit: '64Mi' },
  ephemeralStorage: { request: '64Mi', limit: '256Mi' },
};

/** The sidecar, ready for a pod spec: its container props and its resources. */
export interface CloudSqlProxySidecar {
  readonly container: kplus.ContainerProps;
  readonly resources: ResourceValues;
  /** The effective local port. */
  readonly port: number;
}

/**
 * The Cloud SQL Auth Proxy as a native sidecar: an init container with `restartPolicy: Always`, which starts before
 * the app (its startup probe gates the next containers) and stops after it. In a Job it does not keep the pod alive
 * once the main container is done, where an ordinary sidecar would never let the Job complete.
 */
export function cloudSqlProxySidecar(c: PropChecker, props: CloudSqlProxyProps): CloudSqlProxySidecar {
  c.matches('cloudSql.instanceConnectionName', props.instanceConnectionName, CONNECTION_NAME, 'an instance connection name, project:region:instance');
  const port = props.port ?? 5432;
  c.integer('cloudSql.port', port, { min: 1024, max: 65535 });
  const image = props.image ?? CLOUD_SQL_PROXY_IMAGE;
  c.nonEmpty('cloudSql.image', image);
  const resources = resolveResources(c, 'cloudSql.resources', { ...DEFAULT_PROXY_RESOURCES, ...props.resources });
  const probe = (path: string, failureThreshold: number) => kplus.Probe.fromHttpGet(path, {
    port: CLOUD_SQL_PROXY_HEALTH_PORT, periodSeconds: Duration.seconds(1), timeoutSeconds: Duration.seconds(1), failureThreshold,
  });
  return {
    port,
    resources,
    container: {
      name: 'cloud-sql-proxy',
      image,
      restartPolicy: kplus.ContainerRestartPolicy.ALWAYS,
      args: [
        '--structured-logs',
        `--port=${port}`,
        '--health-check',
        '--http-address=0.0.0.0',
        `--http-port=${CLOUD_SQL_PROXY_HEALTH_PORT}`,
        // Stop taking new connections on SIGTERM, and let open ones finish (the app drains first).
        '--exit-zero-on-sigterm',
        ...(props.privateIp ? ['--private-ip'] : []),
        ...(props.autoIamAuthn ? ['--auto-iam-authn'] : []),
        props.instanceConnectionName,
      ],
      securityContext: RESTRICTED_CONTAINER,
      resources: approximateResources(resources),
      startup: probe('/startup', 60),
      liveness: probe('/liveness', 3),
    },
  };
}
