// The seed's manifests (Deployment kf-api, Service kf-api-svc, HPA kf-api-hpa) written the cdk8s template way.
import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

export class SeedApi extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const deployment = new kplus.Deployment(this, 'kf-api', {
      metadata: { name: 'kf-api' },
      containers: [{
        name: 'kf-api',
        image: '4oh4/kubernetes-fastapi:1.0.0',
        portNumber: 8080,
        resources: { cpu: { request: kplus.Cpu.millis(250) } },
      }],
    });

    new kplus.Service(this, 'kf-api-svc', {
      metadata: { name: 'kf-api-svc' },
      type: kplus.ServiceType.LOAD_BALANCER,
      selector: deployment,
      ports: [{ port: 8080, targetPort: 8080 }],
    });

    new kplus.HorizontalPodAutoscaler(this, 'kf-api-hpa', {
      metadata: { name: 'kf-api-hpa' },
      target: deployment,
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(50))],
    });
  }
}

const app = new App();
new SeedApi(app, 'production');
new SeedApi(app, 'staging');
app.synth();
