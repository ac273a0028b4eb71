import { Testing } from 'cdk8s';
import { ApiNetworkPolicy, PropChecker } from '../../lib';
import { validateAll } from '../helpers/schema';

function synthPolicy(egress: Array<{ cidr: string; ports: number[] }>) {
  const chart = Testing.chart();
  new ApiNetworkPolicy(chart, 'np', {
    name: 'api', namespace: 'api', labels: {}, podSelector: { app: 'api' }, servingPort: 8080, egress,
    checker: new PropChecker('WebApi', 'api'), propPrefix: 'egress',
  });
  return Testing.synth(chart);
}

test('default-deny both ways, with DNS and declared destinations open', () => {
  const [np] = synthPolicy([{ cidr: '10.0.0.0/24', ports: [5432, 6379] }, { cidr: 'fd00::/64', ports: [443] }]);
  expect(validateAll([np])).toBe(1);
  expect(np.spec.podSelector).toEqual({ matchLabels: { app: 'api' } });
  expect(np.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }] }]);
  expect(np.spec.egress).toHaveLength(3);
  expect(np.spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 6379 }] });
});

test.each([
  [[{ cidr: '10.0.0.0/33', ports: [1] }], '\'egress[0].cidr\' ("10.0.0.0/33") must be an IP range'],
  [[{ cidr: '10.0.0.0/8', ports: [] }], '\'egress[0].ports\' ([]) must name at least one port'],
  [[{ cidr: '10.0.0.0/8', ports: [0] }], '\'egress[0].ports[0]\' (0) must be at least 1'],
])('refuses %j', (egress, message) => {
  expect(() => synthPolicy(egress)).toThrow(message);
});

test.each(['999.1.1.1/8', '::::/999', '2001:db8::/129', '010.0.0.0/8'])('refuses the malformed range %j', (cidr) => {
  expect(() => synthPolicy([{ cidr, ports: [443] }])).toThrow(`'egress[0].cidr' (${JSON.stringify(cidr)}) must be an IP range in CIDR notation such as 10.20.0.5/32`);
});

test('refuses host bits, which the API server would quietly widen', () => {
  expect(() => synthPolicy([{ cidr: '10.20.0.5/24', ports: [5432] }])).toThrow(
    `'egress[0].cidr' ("10.20.0.5/24") must start at its network address, with no host bits set (did you mean '10.20.0.0/24'?)`,
  );
});
