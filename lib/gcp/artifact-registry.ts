import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { GCP_REGIONS } from '../plan/locations';
import { PROJECT_ID, RFC1035_NAME } from '../plan/names';
import { checkLabels, checkName, gcpChecker } from './prop-checks';
import { artifactRegistryHost, artifactRegistryUrl } from '../plan/derive';

/** Props of {@link ArtifactRegistry}. */
export interface ArtifactRegistryProps {
  readonly projectId: string;
  /** A region (`europe-west2`, next to the cluster) or a multi-region (`europe`, `us`, `asia`). */
  readonly location: string;
  /** The repository's id, the last part of its URL. */
  readonly repositoryId: string;
  /**
   * IAM members allowed to pull (`roles/artifactregistry.reader` on this repository only), e.g. the nodes'
   * service account as `serviceAccount:<email>`. Public members (`allUsers`, `allAuthenticatedUsers`) are refused.
   * @default []
   */
  readonly readers?: readonly string[];
  /**
   * Refuse to move a tag once pushed, so that `kf-api:1.0.0` always means the same image.
   * @default true
   */
  readonly immutableTags?: boolean;
  /**
   * A Cloud KMS key to encrypt the images with (Checkov CKV_GCP_84). The Artifact Registry service agent needs
   * `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it.
   * @default - Google-managed encryption
   */
  readonly kmsKeyName?: string;
  /**
   * Labels on the repository.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

const MULTI_REGIONS = ['asia', 'europe', 'us'];

/** A Docker repository in Artifact Registry, readable by the members given (the GKE nodes) and nobody else. */
export class ArtifactRegistry extends Construct {
  public readonly repository: ArtifactRegistryRepository;
  public readonly readerBindings: ArtifactRegistryRepositoryIamMember[];

  public readonly location: string;
  public readonly repositoryId: string;
  public readonly immutableTags: boolean;
  /**
   * Where images are pushed and pulled: `<location>-docker.pkg.dev/<project>/<repository>`. Known before apply, so
   * the Kubernetes side can name images with it.
   */
  public readonly url: string;
  /** The host `gcloud auth configure-docker` needs: `<location>-docker.pkg.dev`. */
  public readonly host: string;

  constructor(scope: Construct, id: string, props: ArtifactRegistryProps) {
    super(scope, id);
    const check = gcpChecker('ArtifactRegistry', this);
    checkName(check, 'projectId', props.projectId, PROJECT_ID);
    checkName(check, 'repositoryId', props.repositoryId, RFC1035_NAME);
    if (!Token.isUnresolved(props.location) && !GCP_REGIONS[props.location] && !MULTI_REGIONS.includes(props.location)) {
      check.fail('location', props.location, `must be a known region such as 'europe-west2' or a multi-region (${MULTI_REGIONS.join(', ')})`);
    }
    const readers = props.readers ?? [];
    readers.forEach((member, i) => {
      if (member === 'allUsers' || member === 'allAuthenticatedUsers') {
        check.fail(`readers[${i}]`, member, 'would make the repository public: name the service accounts that pull');
      }
    });
    checkLabels(check, 'labels', props.labels ?? {});

    this.location = props.location;
    this.repositoryId = props.repositoryId;
    this.immutableTags = props.immutableTags ?? true;
    this.host = artifactRegistryHost(props.location);
    this.url = artifactRegistryUrl(props.location, props.projectId, props.repositoryId);

    this.repository = new ArtifactRegistryRepository(this, 'repository', {
      project: props.projectId,
      location: props.location,
      repositoryId: props.repositoryId,
      format: 'DOCKER',
      mode: 'STANDARD_REPOSITORY',
      dockerConfig: { immutableTags: this.immutableTags },
      kmsKeyName: props.kmsKeyName,
      labels: props.labels,
    });

    this.readerBindings = readers.map(
      (member, i) =>
        new ArtifactRegistryRepositoryIamMember(this, `reader-${i}`, {
          project: props.projectId,
          location: props.location,
          repository: this.repository.name,
          role: 'roles/artifactregistry.reader',
          member,
        }),
    );
  }
}
