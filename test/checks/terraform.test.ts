import { TfResource } from '../../lib';
import { at, block, blocks, isExpression, isFalse, isTrue, literal, nameOf, referenced, resourcesOfType, sameOrUnknown, show } from '../../lib/checks/terraform';

const network: TfResource = { type: 'google_compute_network', name: 'vpc_1A2B', body: { name: 'gke' } };
const computed: TfResource = { type: 'google_compute_network', name: 'other', body: { name: '${var.name}' } };
const subnet: TfResource = { type: 'google_compute_subnetwork', name: 'nodes', body: { name: 'nodes', network: '${google_compute_network.vpc_1A2B.id}' } };
const ALL = [network, computed, subnet];

test('block reads an object or the first object of an array; blocks reads every object', () => {
  expect(block({ a: 1 })).toEqual({ a: 1 });
  expect(block([null, { a: 1 }, { a: 2 }])).toEqual({ a: 1 });
  expect(block('x')).toBeUndefined();
  expect(block([])).toBeUndefined();
  expect(blocks([{ a: 1 }, 'x', { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
  expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
  expect(blocks(undefined)).toEqual([]);
});

test('at follows a dotted path through objects and arrays of blocks', () => {
  const body = { master_auth: [{ client_certificate_config: { issue_client_certificate: false } }] };
  expect(at(body, 'master_auth.client_certificate_config.issue_client_certificate')).toBe(false);
  expect(at(body, 'master_auth.missing.field')).toBeUndefined();
  expect(at(undefined, 'a')).toBeUndefined();
});

test('booleans written as JSON or as strings; values shown for messages', () => {
  expect([true, 'true', false, 'false', undefined].map(isTrue)).toEqual([true, true, false, false, false]);
  expect([true, 'true', false, 'false', undefined].map(isFalse)).toEqual([false, false, true, true, false]);
  expect([undefined, 'REGULAR', false].map(show)).toEqual(['not set', '"REGULAR"', 'false']);
});

test('expressions and literals', () => {
  expect(isExpression('${var.region}')).toBe(true);
  expect(isExpression('europe-west1')).toBe(false);
  expect(literal('europe-west1')).toBe('europe-west1');
  expect(literal('${var.region}')).toBeUndefined();
  expect(literal(3)).toBeUndefined();
});

test('resourcesOfType keeps the configuration\'s order; referenced follows ${type.name.attr}', () => {
  expect(resourcesOfType(ALL, 'google_compute_network')).toEqual([network, computed]);
  expect(resourcesOfType(ALL, 'google_container_cluster')).toEqual([]);
  expect(referenced('${google_compute_network.vpc_1A2B.id}', ALL)).toBe(network);
  expect(referenced('${google_compute_network.missing.id}', ALL)).toBeUndefined();
  expect(referenced('projects/p/global/networks/gke', ALL)).toBeUndefined();
});

test('nameOf reads a reference\'s name or a literal\'s last segment, and is undefined when it cannot be known', () => {
  expect(nameOf(subnet.body.network, 'google_compute_network', ALL)).toBe('gke');
  expect(nameOf('${google_compute_network.other.id}', 'google_compute_network', ALL)).toBeUndefined();
  expect(nameOf(subnet.body.network, 'google_compute_subnetwork', ALL)).toBeUndefined();
  expect(nameOf('projects/p/global/networks/gke', 'google_compute_network', ALL)).toBe('gke');
  expect(nameOf('${var.network}', 'google_compute_network', ALL)).toBeUndefined();
  expect(nameOf('', 'google_compute_network', ALL)).toBeUndefined();
});

test('sameOrUnknown: equal, or not both known', () => {
  expect(sameOrUnknown('a', 'a')).toBe(true);
  expect(sameOrUnknown('a', undefined)).toBe(true);
  expect(sameOrUnknown(undefined, 'b')).toBe(true);
  expect(sameOrUnknown('a', 'b')).toBe(false);
});
