import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IngressSources, checkEgress } from '../plan/web-api-model';
import { PropChecker } from '../plan/errors';
import { EgressDestination } from '../plan/web-api-spec';

/** Props of {@link ApiNetworkPolicy}. */
export interface ApiNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Labels that select the API's pods (the serving pods and its migration Job's pods). */
  readonly podSelector: Record<string, string>;
  /** The container port that accepts traffic. */
  readonly servingPort: number;
  /** Where the pods may connect, beyond DNS. */
  readonly egress: readonly EgressDestination[];
  /**
   * Who may reach the serving port.
   * @default - anyone: the port is open (what a policy of a WebApi never is)
   */
  readonly ingressFrom?: IngressSources;
  readonly checker: PropChecker;
  readonly propPrefix: string;
}

/**
 * Default-deny for the API's pods, both ways: ingress only to the serving port, from the load balancer (Google's
 * front ends, whose health checks and traffic container-native load balancing sends straight to the pods; or the
 * ingress controller's namespace) and the in-cluster callers declared; egress only to DNS and to the destinations
 * the API needs.
 */
export class ApiNetworkPolicy extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: ApiNetworkPolicyProps) {
    super(scope, id);
    checkEgress(props.checker, props.propPrefix, props.egress);
    const dns = ['UDP', 'TCP'].map((protocol) => ({ protocol, port: 53 }));
    this.policy = new k8s.KubeNetworkPolicy(this, 'policy', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        podSelector: { matchLabels: props.podSelector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: props.ingressFrom && peersOf(props.ingressFrom), ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(props.servingPort) }] }],
        egress: [
          { ports: dns.map((d) => ({ protocol: d.protocol, port: k8s.IntOrString.fromNumber(d.port) })) },
          ...props.egress.map((d) => ({
            to: [{ ipBlock: { cidr: d.cidr } }],
            ports: d.ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
          })),
        ],
      },
    });
  }
}

/** The NetworkPolicy peers of the ingress sources. Kubelet probes come from the node and are not subject to them. */
function peersOf(from: IngressSources): k8s.NetworkPolicyPeer[] {
  if (from.anyPod) return [{ namespaceSelector: {} }];
  return [
    ...from.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
    ...from.callers.map((caller) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': caller.namespace } },
      ...(caller.podLabels ? { podSelector: { matchLabels: { ...caller.podLabels } } } : {}),
    })),
  ];
}
