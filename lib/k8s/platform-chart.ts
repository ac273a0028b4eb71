import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CapacityReport } from '../plan/capacity';
import { ResolvedEnvironment, resolveEnvironment } from '../plan/environment';
import { checkEnvironmentCapacity } from '../plan/environment-plan';
import { PlatformSpec } from '../plan/platform';
import { ClusterObjects } from './cluster-objects';
import { WebApi } from './web-api';

/** Props of {@link PlatformChart}. */
export interface PlatformChartProps extends ChartProps {
  /** The platform description (the same one `PlatformStack` reads). */
  readonly platform: PlatformSpec;
  /** Which of its environments this chart deploys. */
  readonly environment: string;
}

/**
 * The Kubernetes side of one environment of a platform description: a `WebApi` for each API, bound to the
 * environment's static IP names, Google service accounts, registry path, hosts and control plane range, all derived
 * in `plan/derive.ts`. One chart holds every API of the environment, so synth time grows linearly with their number.
 */
export class PlatformChart extends Chart {
  /** The environment, with every crossing name derived. */
  public readonly environment: ResolvedEnvironment;
  /** The web APIs, by name. */
  public readonly apis: Readonly<Record<string, WebApi>>;
  /** The cluster-scoped objects the APIs share: the platform owner applies them (`dist/_cluster/<environment>.yaml`). */
  public readonly clusterObjects: ClusterObjects;
  /**
   * What the APIs need against what the node pool holds; its `warnings` (utilisation outside 50–90%) are for the
   * caller to print. `undefined` on Autopilot.
   */
  public readonly capacity?: CapacityReport;

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { disableResourceNameHashes: true, ...props });
    this.environment = resolveEnvironment(props.platform, props.environment);
    // Refuses, naming the numbers, a node pool that cannot hold the APIs at their HPA maximums.
    this.capacity = checkEnvironmentCapacity(this.environment);
    this.clusterObjects = new ClusterObjects(this, 'cluster-objects', { objects: this.environment.clusterObjects });
    const apis: Record<string, WebApi> = {};
    for (const bound of this.environment.apis) apis[bound.name] = new WebApi(this, bound.name, bound.props);
    this.apis = apis;
  }
}
