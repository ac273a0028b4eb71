import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { Testing } from 'cdktf';
import { onlyResource, synth, testNetwork, testStack } from './helpers';

Testing.setupJest();

describe('GkeNetwork', () => {
  test('a custom-mode VPC with a VPC-native subnet, Private Google Access and flow logs', () => {
    const stack = testStack();
    const network = testNetwork(stack);
    const out = synth(stack);

    expect(out).toHaveResourceWithProperties(ComputeNetwork, { name: 'gke-network', auto_create_subnetworks: false });
    expect(out).toHaveResourceWithProperties(ComputeSubnetwork, {
      name: 'gke-network',
      region: 'europe-west2',
      ip_cidr_range: '10.0.0.0/20',
      private_ip_google_access: true,
      secondary_ip_range: [
        { range_name: 'pods', ip_cidr_range: '10.4.0.0/14' },
        { range_name: 'services', ip_cidr_range: '10.8.0.0/20' },
      ],
      log_config: { aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
    });
    expect(network).toMatchObject({ podsRangeName: 'pods', servicesRangeName: 'services', subnetCidr: '10.0.0.0/20' });
  });

  test('Cloud Router and Cloud NAT for the subnet, so private nodes can pull public images', () => {
    const stack = testStack();
    testNetwork(stack);
    const out = synth(stack);

    expect(out).toHaveResourceWithProperties(ComputeRouter, { name: 'gke-network-router', region: 'europe-west2' });
    expect(out).toHaveResourceWithProperties(ComputeRouterNat, {
      name: 'gke-network-nat',
      nat_ip_allocate_option: 'AUTO_ONLY',
      source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS',
      log_config: { enable: true, filter: 'ERRORS_ONLY' },
    });
    const nat = onlyResource(out, 'google_compute_router_nat');
    expect(nat.subnetwork[0].name).toMatch(/^\$\{google_compute_subnetwork\..*\.id\}$/);
    expect(nat.subnetwork[0].source_ip_ranges_to_nat).toEqual(['ALL_IP_RANGES']);
  });

  test('custom name and ranges', () => {
    const stack = testStack();
    const network = testNetwork(stack, { name: 'kf', subnetCidr: '10.10.0.0/22', podsCidr: '10.20.0.0/16', servicesCidr: '10.30.0.0/22', flowLogSampling: 1 });
    const out = synth(stack);
    expect(out).toHaveResourceWithProperties(ComputeSubnetwork, { name: 'kf', ip_cidr_range: '10.10.0.0/22', log_config: expect.objectContaining({ flow_sampling: 1 }) });
    expect(network.ranges().map(([prop, range]) => [prop, range.text])).toEqual([
      ['subnetCidr', '10.10.0.0/22'],
      ['podsCidr', '10.20.0.0/16'],
      ['servicesCidr', '10.30.0.0/22'],
    ]);
  });

  describe('errors', () => {
    test.each([
      [{ subnetCidr: '10.4.0.0/20' }, `GkeNetwork 'network' in stack 'test': 'podsCidr' ("10.4.0.0/14") overlaps 'subnetCidr' ("10.4.0.0/20")`],
      [{ servicesCidr: '10.0.8.0/24' }, `GkeNetwork 'network' in stack 'test': 'servicesCidr' ("10.0.8.0/24") overlaps 'subnetCidr' ("10.0.0.0/20")`],
      [{ servicesCidr: '10.5.0.0/20' }, `GkeNetwork 'network' in stack 'test': 'servicesCidr' ("10.5.0.0/20") overlaps 'podsCidr' ("10.4.0.0/14")`],
      [{ podsCidr: '10.4.0.0' }, `GkeNetwork 'network' in stack 'test': 'podsCidr' ("10.4.0.0") must be an IPv4 CIDR range such as '10.0.0.0/20'`],
      [{ subnetCidr: '10.0.0.1/20' }, `GkeNetwork 'network' in stack 'test': 'subnetCidr' ("10.0.0.1/20") must start at its network address`],
      [{ region: 'europe-west2-a' }, `GkeNetwork 'network' in stack 'test': 'region' ("europe-west2-a") must be a region, not a zone (did you mean 'europe-west2'?)`],
      [{ region: 'europe-west42' }, `GkeNetwork 'network' in stack 'test': 'region' ("europe-west42") is not in a known Google Cloud region`],
      [{ name: 'GKE' }, `GkeNetwork 'network' in stack 'test': 'name' ("GKE") must be 1-56 lowercase letters`],
      [{ name: 'a'.repeat(57) }, `GkeNetwork 'network' in stack 'test': 'name' ("${'a'.repeat(57)}") must be 1-56`],
      [{ projectId: 'proj' }, `GkeNetwork 'network' in stack 'test': 'projectId' ("proj") must be a project id`],
      [{ flowLogSampling: 1.5 }, `GkeNetwork 'network' in stack 'test': 'flowLogSampling' (1.5) must be between 0 and 1`],
    ])('%j', (props, message) => {
      expect(() => testNetwork(testStack(), props)).toThrow(message);
    });
  });
});
