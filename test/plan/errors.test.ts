import { ConfigError, DNS_LABEL, PUBLIC_HOST, PropChecker, describeValue, isConfigError } from '../../lib';

test('the message quotes the construct, the prop and the value', () => {
  const err = new ConfigError('WebApi', 'kf-api', 'autoscaling.maxReplicas', 0, 'must be at least \'autoscaling.minReplicas\' (2)');
  expect(err.message).toBe('WebApi \'kf-api\': \'autoscaling.maxReplicas\' (0) must be at least \'autoscaling.minReplicas\' (2)');
  expect(isConfigError(err)).toBe(true);
  expect(isConfigError(new Error('x'))).toBe(false);
  expect(isConfigError({ isConfigError: true })).toBe(true); // another copy of the module
});

test('values are quoted by type', () => {
  expect(describeValue(3)).toBe('3');
  expect(describeValue('3')).toBe('"3"');
  expect(describeValue(undefined)).toBe('undefined');
  expect(describeValue(['a'])).toBe('["a"]');
});

test('checks skip unresolved tokens', () => {
  const c = new PropChecker('X', 'x', (v) => v === -1e300);
  expect(() => c.integer('n', -1e300, { min: 0 })).not.toThrow();
  expect(() => c.integer('n', -1, { min: 0 })).toThrow('X \'x\': \'n\' (-1) must be at least 0');
  expect(() => c.integer('n', 1.5)).toThrow('must be a whole number');
  expect(() => c.nonEmpty('s', ' a')).toThrow('must not start or end with white space');
});

test.each([['api.example.com', true], ['a.b.c.example.co.uk', true], ['localhost', false], ['*.example.com', false],
  ['API.example.com', false], ['api.example.com.', false], ['api-.example.com', false], ['10.0.0.1', false]])('PUBLIC_HOST %s: %s', (host, ok) => {
  expect(PUBLIC_HOST.test(host)).toBe(ok);
});

test('DNS_LABEL', () => {
  expect(DNS_LABEL.test('kf-api')).toBe(true);
  expect(DNS_LABEL.test('a'.repeat(64))).toBe(false);
  expect(DNS_LABEL.test('-a')).toBe(false);
});
