import * as lib from '../../lib';
import { formatIpv4, isWholeInternet, overlaps, parseCidr, parseIpv4Cidr, IpRange, Ipv4Range } from '../../lib/plan/cidr';

function range(text: string): Ipv4Range {
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function anyRange(text: string): IpRange {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const NOT_CIDR = 'must be an IP range in CIDR notation such as 10.20.0.5/32';

describe('parseIpv4Cidr', () => {
  test('reads a range', () => {
    expect(parseIpv4Cidr('10.4.0.0/14')).toEqual({ text: '10.4.0.0/14', first: 10 * 2 ** 24 + 4 * 2 ** 16, prefix: 14, size: 2 ** 18 });
    expect(range('0.0.0.0/0').size).toBe(2 ** 32);
    expect(range('255.255.255.255/32')).toMatchObject({ first: 2 ** 32 - 1, size: 1 });
  });

  test.each([
    '10.0.0.0', '10.0.0/20', '256.0.0.0/8', '999.1.1.1/8', '10.0.0.0/33', '10.0.0.0/-1', 'abc', '::/0', 'fd00::/8', ' 10.0.0.0/8', '10.0.0.0/8 ',
    // Leading zeros: octal to some parsers (010 = 8), refused by Go's net/netip, which Kubernetes and Google use.
    '010.0.0.0/8', '10.0.0.00/24', '10.0.0.0/08',
    // Forms ipaddr.js alone would take.
    '0x0a.0.0.0/8', '167772160/8', '10.0.0.0/8/8', '10.0.0.0/1e1',
  ])('refuses %j', (text) => {
    expect(parseIpv4Cidr(text)).toBe("must be an IPv4 CIDR range such as '10.0.0.0/20'");
  });

  test('refuses host bits and suggests the network address', () => {
    expect(parseIpv4Cidr('10.0.0.1/20')).toBe("must start at its network address, with no host bits set (did you mean '10.0.0.0/20'?)");
    expect(parseIpv4Cidr('172.16.0.8/28')).toBe("must start at its network address, with no host bits set (did you mean '172.16.0.0/28'?)");
  });
});

describe('parseCidr', () => {
  test('reads IPv4 and IPv6 ranges', () => {
    expect(parseCidr('10.20.0.5/32')).toEqual({ text: '10.20.0.5/32', family: 'ipv4', first: 0x0a140005n, prefix: 32, size: 1n });
    expect(parseCidr('fd00::/8')).toEqual({ text: 'fd00::/8', family: 'ipv6', first: 0xfdn << 120n, prefix: 8, size: 1n << 120n });
    expect(anyRange('2001:db8::/32')).toMatchObject({ first: 0x20010db8n << 96n, size: 1n << 96n });
    expect(anyRange('::/0')).toMatchObject({ first: 0n, size: 1n << 128n });
    expect(anyRange('2001:0db8:0000::/48').prefix).toBe(48);
    expect(anyRange('FD00::/64').family).toBe('ipv6');
    expect(anyRange('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128').first).toBe((1n << 128n) - 1n);
  });

  test.each([
    '999.1.1.1/8', '::::/999', '10.0.0.0/33', '2001:db8::/129', '2001:db8::/-1', '::/', '/8', '', '10.0.0.0', 'fd00::',
    '010.0.0.0/8', '2001:00db8::/32', '2001:db8::/064', '1::2::3/64', '1:2:3:4:5:6:7:8:9/64', '12345::/16',
    // A zone id means nothing in a range; ipaddr.js reads `::1.2.3.4` as `::ffff:1.2.3.4`, so dotted tails are refused.
    'fe80::%eth0/64', '::1.2.3.4/128', '::ffff:10.0.0.0/104',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBe(NOT_CIDR);
  });

  test('refuses host bits and suggests the network address, in either family', () => {
    expect(parseCidr('10.20.0.5/24')).toBe("must start at its network address, with no host bits set (did you mean '10.20.0.0/24'?)");
    expect(parseCidr('2001:db8::1/32')).toBe("must start at its network address, with no host bits set (did you mean '2001:db8::/32'?)");
    expect(parseCidr('fd12:3456::/8')).toBe("must start at its network address, with no host bits set (did you mean 'fd00::/8'?)");
  });
});

describe('overlaps', () => {
  test.each([
    ['10.0.0.0/20', '10.0.15.0/24', true],
    ['10.0.0.0/20', '10.0.16.0/20', false],
    ['10.4.0.0/14', '10.7.255.0/24', true],
    ['10.4.0.0/14', '10.8.0.0/20', false],
    ['172.16.0.0/28', '172.16.0.16/28', false],
    ['0.0.0.0/0', '192.168.0.0/16', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(overlaps(range(a), range(b))).toBe(expected);
    expect(overlaps(range(b), range(a))).toBe(expected);
    expect(overlaps(anyRange(a), range(b))).toBe(expected);
  });

  test.each([
    ['fd00::/8', 'fd12:3456::/32', true],
    ['fd00::/8', 'fe80::/10', false],
    ['::/0', '2001:db8::/32', true],
    ['2001:db8::/33', '2001:db8:8000::/33', false],
    ['::/0', '0.0.0.0/0', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(overlaps(anyRange(a), anyRange(b))).toBe(expected);
    expect(overlaps(anyRange(b), anyRange(a))).toBe(expected);
  });
});

test('formatIpv4', () => {
  expect(formatIpv4(0)).toBe('0.0.0.0');
  expect(formatIpv4(2 ** 32 - 1)).toBe('255.255.255.255');
  expect(formatIpv4(range('172.16.0.0/28').first)).toBe('172.16.0.0');
});

test.each([
  ['0.0.0.0/0', true],
  [' 0.0.0.0/0 ', true],
  ['::/0', true],
  ['0::/0', true],
  ['0:0:0:0:0:0:0:0/0', true],
  ['0.0.0.0/1', false],
  ['1.0.0.0/0', false],
  ['00.0.0.0/0', false],
  ['203.0.113.0/24', false],
  ['2001:db8::/32', false],
])('isWholeInternet(%j) is %s', (text, expected) => {
  expect(isWholeInternet(text)).toBe(expected);
});

test('the package root exports the CIDR helpers', () => {
  for (const name of ['parseCidr', 'parseIpv4Cidr', 'overlaps', 'formatIpv4', 'isWholeInternet']) expect(lib).toHaveProperty(name);
});
