// The seed's cluster (europe-west2-a, 3 nodes) with a registry, a static IP and a service account, written the
// cdktf template way: the provider's root import.
import { Construct } from 'constructs';
import { App, TerraformStack } from 'cdktf';
import * as google from '@cdktf/provider-google';

class SeedCluster extends TerraformStack {
  constructor(scope: Construct, id: string, projectId: string) {
    super(scope, id);

    new google.provider.GoogleProvider(this, 'google', { project: projectId, region: 'europe-west2' });

    const nodes = new google.serviceAccount.ServiceAccount(this, 'nodes', {
      accountId: 'kf-cluster-nodes',
      displayName: 'kf-cluster nodes',
    });

    const cluster = new google.containerCluster.ContainerCluster(this, 'cluster', {
      name: 'my-cluster-name',
      location: 'europe-west2-a',
      removeDefaultNodePool: true,
      initialNodeCount: 1,
    });

    new google.containerNodePool.ContainerNodePool(this, 'nodes-pool', {
      name: 'default-pool',
      cluster: cluster.name,
      location: 'europe-west2-a',
      nodeCount: 3,
      nodeConfig: {
        machineType: 'e2-medium',
        serviceAccount: nodes.email,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      },
    });

    new google.artifactRegistryRepository.ArtifactRegistryRepository(this, 'registry', {
      location: 'europe-west2',
      repositoryId: 'apps',
      format: 'DOCKER',
    });

    new google.computeGlobalAddress.ComputeGlobalAddress(this, 'ip', { name: 'kf-api-ip' });
  }
}

const app = new App();
new SeedCluster(app, 'production', 'my-project-id');
new SeedCluster(app, 'staging', 'my-staging-project-id');
app.synth();
