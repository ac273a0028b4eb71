import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CLUSTER_STAGE, DEPLOY_STAGE_ANNOTATION } from '../plan/annotations';
import { ClusterObjectsModel } from '../plan/environment';
import { ClusterIssuer } from './imports/cert-manager.io';

/** The serving pods' PriorityClass: ahead of batch work when the cluster is full, evicted after it. */
export function renderPriorityClass(scope: Construct, id: string, name: string, labels: Readonly<Record<string, string>>, serving: string): k8s.KubePriorityClass {
  return new k8s.KubePriorityClass(scope, id, {
    metadata: { name, labels: { ...labels } },
    value: 100000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
    description: `Serving pods of ${serving}: scheduled before batch work, evicted after it.`,
  });
}

/** What an ACME ClusterIssuer needs: Let's Encrypt's directory, the account's e-mail, and the HTTP-01 ingress class. */
export interface AcmeIssuerOptions {
  readonly name: string;
  readonly server: string;
  readonly email?: string;
  readonly ingressClassName: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A cert-manager ClusterIssuer for an ACME account, solving HTTP-01 through an ingress class. */
export function renderAcmeIssuer(scope: Construct, id: string, o: AcmeIssuerOptions): ClusterIssuer {
  return new ClusterIssuer(scope, id, {
    metadata: { name: o.name, labels: { ...o.labels } },
    spec: {
      acme: {
        server: o.server,
        email: o.email,
        privateKeySecretRef: { name: `${o.name}-account` },
        solvers: [{ http01: { ingress: { ingressClassName: o.ingressClassName } } }],
      },
    },
  });
}

/** Props of {@link ClusterObjects}. */
export interface ClusterObjectsProps {
  /** The environment's cluster-scoped objects (`ResolvedEnvironment.clusterObjects`). */
  readonly objects: ClusterObjectsModel;
}

/**
 * An environment's cluster-scoped objects, once for all its APIs: the serving PriorityClass and the ClusterIssuers
 * of its cert-manager APIs. Creating them takes cluster-admin, so they carry the `cluster` deploy stage: synth writes
 * them to `dist/_cluster/<environment>.yaml`, which the platform owner applies, and the APIs name them.
 */
export class ClusterObjects extends Construct {
  public readonly priorityClass: k8s.KubePriorityClass;
  public readonly issuers: readonly ClusterIssuer[];

  constructor(scope: Construct, id: string, props: ClusterObjectsProps) {
    super(scope, id);
    const labels = { 'app.kubernetes.io/managed-by': 'cdk-fastapi-gke', 'app.kubernetes.io/component': 'platform' };
    this.priorityClass = renderPriorityClass(this, 'priority', props.objects.priorityClass, labels, 'the web APIs of this cluster');
    this.issuers = props.objects.issuers.map((issuer) => renderAcmeIssuer(this, `issuer-${issuer.name}`, { ...issuer, labels }));
    for (const obj of [this.priorityClass, ...this.issuers]) obj.metadata.addAnnotation(DEPLOY_STAGE_ANNOTATION, CLUSTER_STAGE);
  }
}
