import { Token } from 'cdktf';
import { PropChecker } from '../../lib/plan/errors';
import {
  checkDisjoint,
  checkLabels,
  checkLocation,
  checkName,
  checkRegion,
  checkRestrictedCidr,
  collectErrors,
} from '../../lib/gcp/prop-checks';
import { RFC1035_NAME } from '../../lib/plan/names';

const check = new PropChecker('Thing', 'main', Token.isUnresolved);

test('checkName quotes the rule', () => {
  expect(() => checkName(check, 'name', 'Bad_Name', RFC1035_NAME)).toThrow(
    `Thing 'main': 'name' ("Bad_Name") must be ${RFC1035_NAME.description}`,
  );
  expect(() => checkName(check, 'name', 'good-name', RFC1035_NAME)).not.toThrow();
});

describe('checkLocation / checkRegion', () => {
  test('an unknown region', () => {
    expect(() => checkLocation(check, 'location', 'europe-west99-a')).toThrow(
      /^Thing 'main': 'location' \("europe-west99-a"\) is not in a known Google Cloud region \(known regions: /,
    );
  });

  test('a malformed location', () => {
    expect(() => checkLocation(check, 'location', 'London')).toThrow(
      `Thing 'main': 'location' ("London") must be a Google Cloud region such as 'europe-west2' or a zone such as 'europe-west2-a'`,
    );
  });

  test('a zone where a region is needed', () => {
    expect(() => checkRegion(check, 'region', 'europe-west2-a')).toThrow(
      `Thing 'main': 'region' ("europe-west2-a") must be a region, not a zone (did you mean 'europe-west2'?)`,
    );
    expect(() => checkRegion(check, 'region', 'europe-west2')).not.toThrow();
  });

  test('tokens pass', () => {
    expect(checkLocation(check, 'location', Token.asString({ Ref: 'x' }))).toBeUndefined();
  });
});

describe('checkDisjoint', () => {
  test('a malformed range', () => {
    expect(() => checkDisjoint(check, [['a', '10.0.0.0/8'], ['b', '10.0.0/8']])).toThrow(
      `Thing 'main': 'b' ("10.0.0/8") must be an IPv4 CIDR range such as '10.0.0.0/20'`,
    );
  });

  test('the first overlapping pair, the later prop blamed', () => {
    expect(() => checkDisjoint(check, [['a', '10.0.0.0/20'], ['b', '10.8.0.0/20'], ['c', '10.0.8.0/24']])).toThrow(
      `Thing 'main': 'c' ("10.0.8.0/24") overlaps 'a' ("10.0.0.0/20")`,
    );
  });

  test('disjoint ranges pass', () => {
    expect(() => checkDisjoint(check, [['a', '10.0.0.0/20'], ['b', '10.4.0.0/14'], ['c', '10.8.0.0/20']])).not.toThrow();
  });
});

describe('checkRestrictedCidr', () => {
  test.each(['0.0.0.0/0', '::/0'])('refuses %s', (cidr) => {
    expect(() => checkRestrictedCidr(check, 'authorizedNetworks[0].cidrBlock', cidr)).toThrow(
      `Thing 'main': 'authorizedNetworks[0].cidrBlock' (${JSON.stringify(cidr)}) would open the control plane to the whole internet: list the networks your operators and CI use`,
    );
  });

  test('refuses a malformed range', () => {
    expect(() => checkRestrictedCidr(check, 'cidr', '203.0.113.7/24')).toThrow(
      `Thing 'main': 'cidr' ("203.0.113.7/24") must start at its network address, with no host bits set (did you mean '203.0.113.0/24'?)`,
    );
  });

  test('accepts a narrow range', () => {
    expect(() => checkRestrictedCidr(check, 'cidr', '203.0.113.0/24')).not.toThrow();
  });
});

describe('checkLabels', () => {
  test('a bad key', () => {
    expect(() => checkLabels(check, 'labels', { Team: 'web' })).toThrow(`Thing 'main': 'labels.Team' ("Team") must be a label key`);
  });

  test('a bad value', () => {
    expect(() => checkLabels(check, 'labels', { team: 'Web API' })).toThrow(`Thing 'main': 'labels.team' ("Web API") must be a label value`);
  });
});

describe('collectErrors', () => {
  test('returns ConfigError messages', () => {
    expect(collectErrors(() => check.fail('x', 1, 'is wrong'))).toEqual([`Thing 'main': 'x' (1) is wrong`]);
    expect(collectErrors(() => undefined)).toEqual([]);
  });

  test('rethrows anything else', () => {
    expect(() =>
      collectErrors(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});
