import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkEgress } from '../plan/web-api-model';
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
  readonly checker: PropChecker;
  readonly propPrefix: string;
}

/**
 * Default-deny for the API's pods, both ways: ingress only to the serving port (the load balancer's health checks
 * and traffic, from anywhere, since container-native load balancing sends them straight to the pod), egress only
 * to DNS and to the destinations the user declares.
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
        ingress: [{ ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(props.servingPort) }] }],
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
