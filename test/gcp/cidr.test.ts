import { formatIpv4, isWholeInternet, overlaps, parseIpv4Cidr, Ipv4Range } from '../../lib/gcp/cidr';

function range(text: string): Ipv4Range {
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('parseIpv4Cidr', () => {
  test('reads a range', () => {
    expect(parseIpv4Cidr('10.4.0.0/14')).toEqual({ text: '10.4.0.0/14', first: 10 * 2 ** 24 + 4 * 2 ** 16, prefix: 14, size: 2 ** 18 });
    expect(range('0.0.0.0/0').size).toBe(2 ** 32);
    expect(range('255.255.255.255/32')).toMatchObject({ first: 2 ** 32 - 1, size: 1 });
  });

  test.each(['10.0.0.0', '10.0.0/20', '256.0.0.0/8', '10.0.0.0/33', 'abc', '::/0', ' 10.0.0.0/8'])('refuses %j', (text) => {
    expect(parseIpv4Cidr(text)).toBe("must be an IPv4 CIDR range such as '10.0.0.0/20'");
  });

  test('refuses host bits and suggests the network address', () => {
    expect(parseIpv4Cidr('10.0.0.1/20')).toBe("must start at its network address, with no host bits set (did you mean '10.0.0.0/20'?)");
    expect(parseIpv4Cidr('172.16.0.8/28')).toBe("must start at its network address, with no host bits set (did you mean '172.16.0.0/28'?)");
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
  });
});

test('formatIpv4', () => {
  expect(formatIpv4(0)).toBe('0.0.0.0');
  expect(formatIpv4(2 ** 32 - 1)).toBe('255.255.255.255');
  expect(formatIpv4(range('172.16.0.0/28').first)).toBe('172.16.0.0');
});

test.each([
  ['0.0.0.0/0', true],
  ['::/0', true],
  ['0::/0', true],
  ['0:0:0:0:0:0:0:0/0', true],
  ['0.0.0.0/1', false],
  ['203.0.113.0/24', false],
  ['2001:db8::/32', false],
])('isWholeInternet(%j) is %s', (text, expected) => {
  expect(isWholeInternet(text)).toBe(expected);
});
