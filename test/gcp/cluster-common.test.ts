import { Token } from 'cdktf';
import { PropChecker } from '../../lib/plan/errors';
import {
  ClusterCommonProps,
  commonClusterConfig,
  getCredentialsCommand,
  resolveClusterSettings,
  WEEKEND_MAINTENANCE_WINDOW,
} from '../../lib/gcp/cluster-common';
import { OPERATORS, testNetwork, testStack } from './helpers';

function props(overrides: Partial<ClusterCommonProps> = {}): ClusterCommonProps {
  return {
    projectId: 'my-project-id',
    name: 'kf-cluster',
    location: 'europe-west2-a',
    network: testNetwork(testStack()),
    authorizedNetworks: OPERATORS,
    ...overrides,
  };
}

function resolve(overrides: Partial<ClusterCommonProps> = {}) {
  return resolveClusterSettings(new PropChecker('GkeCluster', 'main', Token.isUnresolved), props(overrides));
}

describe('resolveClusterSettings', () => {
  test('defaults', () => {
    const { settings, location } = resolve();
    expect(settings).toEqual({
      projectId: 'my-project-id',
      name: 'kf-cluster',
      location: 'europe-west2-a',
      authorizedNetworks: OPERATORS,
      masterIpv4CidrBlock: '172.16.0.0/28',
      enablePrivateEndpoint: false,
      dnsEndpoint: true,
      releaseChannel: 'REGULAR',
      secretManagerCsi: false,
      maintenanceWindow: WEEKEND_MAINTENANCE_WINDOW,
      labels: { 'managed-by': 'cdktf' },
      deletionProtection: true,
      securityGroup: undefined,
      minMasterVersion: undefined,
      nodeServiceAccountId: 'kf-cluster-nodes',
    });
    expect(location).toEqual({ kind: 'zone', region: 'europe-west2', zone: 'europe-west2-a' });
  });

  test('overrides win, and deletion protection can be turned off', () => {
    const { settings } = resolve({ deletionProtection: false, labels: { app: 'kf-api' }, releaseChannel: 'STABLE' });
    expect(settings).toMatchObject({ deletionProtection: false, labels: { 'managed-by': 'cdktf', app: 'kf-api' }, releaseChannel: 'STABLE' });
  });

  test('the default weekend window allows the 48 hours a month GKE requires', () => {
    const hours = (Date.parse(WEEKEND_MAINTENANCE_WINDOW.endTime) - Date.parse(WEEKEND_MAINTENANCE_WINDOW.startTime)) / 3_600_000;
    expect(hours * 2 * 4).toBeGreaterThanOrEqual(48);
  });

  describe('errors', () => {
    const P = `GkeCluster 'main':`;
    test.each<[Partial<ClusterCommonProps>, string]>([
      [{ name: 'My_Cluster' }, `${P} 'name' ("My_Cluster") must be 1-40 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen`],
      [{ name: 'kf-cluster-' }, `${P} 'name' ("kf-cluster-") must be 1-40`],
      [{ name: 'k'.repeat(41) }, `${P} 'name' ("${'k'.repeat(41)}") must be 1-40`],
      [{ projectId: 'my_project' }, `${P} 'projectId' ("my_project") must be a project id`],
      [{ location: 'europe-west2-z' }, `${P} 'location' ("europe-west2-z") is not a zone of europe-west2 (its zones: europe-west2-a, europe-west2-b, europe-west2-c)`],
      [{ location: 'eu-west-2' }, `${P} 'location' ("eu-west-2") must be a Google Cloud region such as 'europe-west2' or a zone such as 'europe-west2-a'`],
      [{ location: 'europe-west7' }, `${P} 'location' ("europe-west7") is not in a known Google Cloud region`],
      [{ authorizedNetworks: [] }, `${P} 'authorizedNetworks' ([]) must list at least one CIDR range: the control plane accepts connections from these networks only`],
      [{ authorizedNetworks: [{ cidrBlock: '0.0.0.0/0' }] }, `${P} 'authorizedNetworks[0].cidrBlock' ("0.0.0.0/0") would open the control plane to the whole internet`],
      [{ authorizedNetworks: [...OPERATORS, { cidrBlock: '::/0' }] }, `${P} 'authorizedNetworks[1].cidrBlock' ("::/0") would open the control plane to the whole internet`],
      [{ authorizedNetworks: [{ cidrBlock: '203.0.113.0/33' }] }, `${P} 'authorizedNetworks[0].cidrBlock' ("203.0.113.0/33") must be an IPv4 CIDR range`],
      [{ masterIpv4CidrBlock: '172.16.0.0/29' }, `${P} 'masterIpv4CidrBlock' ("172.16.0.0/29") must be a /28 or larger (down to /16): the subnet of the control plane's endpoint`],
      [{ masterIpv4CidrBlock: '172.0.0.0/12' }, `${P} 'masterIpv4CidrBlock' ("172.0.0.0/12") must be a /28 or larger (down to /16)`],
      [{ masterIpv4CidrBlock: '172.16.0.1/28' }, `${P} 'masterIpv4CidrBlock' ("172.16.0.1/28") must start at its network address`],
      [{ maintenanceWindow: { ...WEEKEND_MAINTENANCE_WINDOW, startTime: 'Saturday 1am' } }, `${P} 'maintenanceWindow.startTime' ("Saturday 1am") must be an RFC 3339 time such as '2025-01-04T01:00:00Z'`],
      [{ maintenanceWindow: { ...WEEKEND_MAINTENANCE_WINDOW, endTime: '09:00' } }, `${P} 'maintenanceWindow.endTime' ("09:00") must be an RFC 3339 time such as '2025-01-04T09:00:00Z'`],
      [{ maintenanceWindow: { ...WEEKEND_MAINTENANCE_WINDOW, endTime: '2025-01-04T00:00:00Z' } }, `${P} 'maintenanceWindow.endTime' ("2025-01-04T00:00:00Z") must be after 'maintenanceWindow.startTime' ("2025-01-04T01:00:00Z")`],
      [{ maintenanceWindow: { ...WEEKEND_MAINTENANCE_WINDOW, recurrence: 'weekends' } }, `${P} 'maintenanceWindow.recurrence' ("weekends") must be an RFC 5545 RRULE such as 'FREQ=WEEKLY;BYDAY=SA,SU'`],
      [{ labels: { Env: 'prod' } }, `${P} 'labels.Env' ("Env") must be a label key`],
      [{ securityGroup: 'admins@example.com' }, `${P} 'securityGroup' ("admins@example.com") must be 'gke-security-groups@' followed by your Google Workspace or Cloud Identity domain, as GKE requires`],
      [{ minMasterVersion: 'latest' }, `${P} 'minMasterVersion' ("latest") must be a GKE version such as '1.35' or '1.35.1-gke.1000'`],
      [{ nodeServiceAccountId: 'nodes' }, `${P} 'nodeServiceAccountId' ("nodes") must be a service account id`],
    ])('%j', (overrides, message) => {
      expect(() => resolve(overrides)).toThrow(message);
    });

    test('a valid security group and version pass', () => {
      expect(() => resolve({ securityGroup: 'gke-security-groups@example.co.uk', minMasterVersion: '1.35.1-gke.1000' })).not.toThrow();
    });
  });
});

describe('commonClusterConfig', () => {
  test('writes the blocks Standard and Autopilot share', () => {
    const p = props({ securityGroup: 'gke-security-groups@example.com' });
    const { settings } = resolveClusterSettings(new PropChecker('GkeCluster', 'main'), p);
    const config = commonClusterConfig(settings, p.network, 'projects/p/regions/r/subnetworks/s');
    expect(config).toMatchObject({
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false, privateEndpointSubnetwork: 'projects/p/regions/r/subnetworks/s' },
      controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true }, ipEndpointsConfig: { enabled: true } },
      masterAuthorizedNetworksConfig: { gcpPublicCidrsAccessEnabled: false, cidrBlocks: [{ cidrBlock: '203.0.113.0/24', displayName: 'operators' }] },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      authenticatorGroupsConfig: { securityGroup: 'gke-security-groups@example.com' },
      workloadIdentityConfig: { workloadPool: 'my-project-id.svc.id.goog' },
      binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      ipAllocationPolicy: { clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' },
      networkingMode: 'VPC_NATIVE',
      deletionProtection: true,
    });
  });

  test('a display name defaults to the range', () => {
    const p = props({ authorizedNetworks: [{ cidrBlock: '198.51.100.0/24' }] });
    const { settings } = resolveClusterSettings(new PropChecker('GkeCluster', 'main'), p);
    expect(commonClusterConfig(settings, p.network, 's').masterAuthorizedNetworksConfig?.cidrBlocks).toEqual([
      { cidrBlock: '198.51.100.0/24', displayName: '198.51.100.0/24' },
    ]);
  });
});

describe('getCredentialsCommand', () => {
  test('zonal', () => {
    const { settings, location } = resolve();
    expect(getCredentialsCommand(settings, location)).toBe(
      'gcloud container clusters get-credentials kf-cluster --zone europe-west2-a --project my-project-id',
    );
  });

  test('regional, private endpoint: the DNS-based endpoint, or the internal IP without one', () => {
    const { settings, location } = resolve({ location: 'europe-west2', enablePrivateEndpoint: true });
    expect(getCredentialsCommand(settings, location)).toBe(
      'gcloud container clusters get-credentials kf-cluster --region europe-west2 --project my-project-id --dns-endpoint',
    );
    const noDns = resolve({ location: 'europe-west2', enablePrivateEndpoint: true, dnsEndpoint: false });
    expect(getCredentialsCommand(noDns.settings, noDns.location)).toBe(
      'gcloud container clusters get-credentials kf-cluster --region europe-west2 --project my-project-id --internal-ip',
    );
  });
});
