/**
 * What Google's load balancers do to the backends behind them, as the web API's server, NetworkPolicy and TLS
 * settings must take it into account: one definition each, with its source.
 */
import { TlsMode } from './web-api-spec';

/**
 * The source ranges of the Google Front Ends that proxy requests to the backends and health-check them, for the
 * external Application Load Balancers (classic, behind GKE Ingress class `gce`; global, behind the Gateway class
 * `gke-l7-global-external-managed`), container-native load balancing (NEGs) included. The IPv6 ranges serve IPv6
 * backends of the global load balancer.
 * Source: https://cloud.google.com/load-balancing/docs/firewall-rules and
 * https://cloud.google.com/load-balancing/docs/https/request-distribution.
 */
export const GOOGLE_LOAD_BALANCER_RANGES: readonly string[] = ['35.191.0.0/16', '130.211.0.0/22', '2600:2d00:1:b029::/64', '2600:2d00:1:1::/64'];

/**
 * How long Google's front ends keep an idle connection to a backend open and reuse it: 600 s, not configurable.
 * Source: https://cloud.google.com/load-balancing/docs/https/request-distribution.
 */
export const LOAD_BALANCER_BACKEND_IDLE_SECONDS = 600;

/**
 * The server's keep-alive behind a Google load balancer: longer than the load balancer's, so that the server never
 * closes a connection the load balancer is about to reuse (uvicorn's default, 5 s, gives sporadic 502s,
 * `backend_connection_closed_before_data_sent_to_client`). Google: "set the keepalive timeout of the backend to a
 * value greater than 600 seconds".
 */
export const BACKEND_KEEP_ALIVE_SECONDS = LOAD_BALANCER_BACKEND_IDLE_SECONDS + 20;

/** TLS modes whose load balancer is one of Google's (the front ends above), not an in-cluster controller. */
export function isGoogleLoadBalancer(mode: TlsMode | undefined): boolean {
  return mode === TlsMode.GKE_MANAGED || mode === TlsMode.GATEWAY;
}
