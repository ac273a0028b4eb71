import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { Testing } from 'cdktf';
import { ArtifactRegistry, ArtifactRegistryProps } from '../../lib/gcp/artifact-registry';
import { resourcesOf, synth, testStack } from './helpers';

Testing.setupJest();

const BASE: ArtifactRegistryProps = {
  projectId: 'my-project-id',
  location: 'europe-west2',
  repositoryId: 'kf-api',
  readers: ['serviceAccount:kf-cluster-nodes@my-project-id.iam.gserviceaccount.com'],
};

describe('ArtifactRegistry', () => {
  test('a Docker repository with immutable tags, readable by the nodes only', () => {
    const stack = testStack();
    const registry = new ArtifactRegistry(stack, 'registry', BASE);
    const out = synth(stack);

    expect(out).toHaveResourceWithProperties(ArtifactRegistryRepository, {
      repository_id: 'kf-api',
      location: 'europe-west2',
      format: 'DOCKER',
      mode: 'STANDARD_REPOSITORY',
      docker_config: { immutable_tags: true },
    });
    expect(out).toHaveResourceWithProperties(ArtifactRegistryRepositoryIamMember, {
      role: 'roles/artifactregistry.reader',
      member: 'serviceAccount:kf-cluster-nodes@my-project-id.iam.gserviceaccount.com',
      location: 'europe-west2',
    });
    expect(resourcesOf(out, 'google_artifact_registry_repository_iam_member')).toHaveLength(1);
    expect(registry.url).toBe('europe-west2-docker.pkg.dev/my-project-id/kf-api');
    expect(registry.host).toBe('europe-west2-docker.pkg.dev');
  });

  test('a multi-region, mutable tags, a CMEK key and labels', () => {
    const stack = testStack();
    const registry = new ArtifactRegistry(stack, 'registry', {
      ...BASE,
      location: 'europe',
      immutableTags: false,
      kmsKeyName: 'projects/p/locations/europe/keyRings/r/cryptoKeys/k',
      labels: { app: 'kf-api' },
      readers: [],
    });
    const out = synth(stack);
    expect(out).toHaveResourceWithProperties(ArtifactRegistryRepository, {
      location: 'europe',
      docker_config: { immutable_tags: false },
      kms_key_name: 'projects/p/locations/europe/keyRings/r/cryptoKeys/k',
      labels: { app: 'kf-api' },
    });
    expect(out).not.toHaveResource(ArtifactRegistryRepositoryIamMember);
    expect(registry.url).toBe('europe-docker.pkg.dev/my-project-id/kf-api');
  });

  const P = "ArtifactRegistry 'registry' in stack 'test':";
  test.each<[Partial<ArtifactRegistryProps>, string]>([
    [{ readers: ['allUsers'] }, `${P} 'readers[0]' ("allUsers") would make the repository public: name the service accounts that pull`],
    [{ readers: [BASE.readers![0], 'allAuthenticatedUsers'] }, `${P} 'readers[1]' ("allAuthenticatedUsers") would make the repository public`],
    [{ location: 'eu' }, `${P} 'location' ("eu") must be a known region such as 'europe-west2' or a multi-region (asia, europe, us)`],
    [{ location: 'europe-west2-a' }, `${P} 'location' ("europe-west2-a") must be a known region`],
    [{ repositoryId: 'KF_API' }, `${P} 'repositoryId' ("KF_API") must be 1-63 lowercase letters`],
    [{ projectId: 'p' }, `${P} 'projectId' ("p") must be a project id`],
    [{ labels: { App: 'x' } }, `${P} 'labels.App' ("App") must be a label key`],
  ])('refuses %j', (overrides, message) => {
    expect(() => new ArtifactRegistry(testStack(), 'registry', { ...BASE, ...overrides })).toThrow(message);
  });
});
