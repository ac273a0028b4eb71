import { PropChecker, renderResources, resolveResources } from '../../lib';

const c = new PropChecker('WebApi', 'api');
const GI = 2 ** 30;
const MI = 2 ** 20;

test('defaults: 250m/500m CPU, 256Mi memory with limit = request, 64Mi/256Mi storage', () => {
  expect(resolveResources(c, 'resources', undefined)).toEqual({
    cpuRequestMillis: 250, cpuLimitMillis: 500, memoryRequestBytes: 256 * MI, memoryLimitBytes: 256 * MI,
    storageRequestBytes: 64 * MI, storageLimitBytes: 256 * MI,
  });
});

test('a request alone sets its limit from it', () => {
  const v = resolveResources(c, 'resources', { cpu: { request: '1' }, memory: { request: '1Gi' } });
  expect(v.cpuLimitMillis).toBe(2000);
  expect(v.memoryLimitBytes).toBe(GI);
});

test('init containers inherit the app\'s values, and their own request resets the limit default', () => {
  const app = resolveResources(c, 'resources', { cpu: { request: '500m', limit: '2' } });
  expect(resolveResources(c, 'step', undefined, app)).toEqual(app);
  expect(resolveResources(c, 'step', { cpu: { request: '100m' } }, app).cpuLimitMillis).toBe(200);
});

test('rendered as Kubernetes writes them', () => {
  expect(renderResources(resolveResources(c, 'resources', { memory: { request: '1G' } }))).toEqual({
    requests: { 'cpu': '250m', 'memory': '1G', 'ephemeral-storage': '64Mi' },
    limits: { 'cpu': '500m', 'memory': '1G', 'ephemeral-storage': '256Mi' },
  });
});

test.each([
  [{ memory: { limit: '100Mi' } }, '\'resources.memory.limit\' ("100Mi") must be at least \'resources.memory.request\' (256Mi)'],
  [{ ephemeralStorage: { request: '1Gi' , limit: '1Mi' } }, '\'resources.ephemeralStorage.limit\' ("1Mi") must be at least'],
  [{ memory: { request: '0' } }, '\'resources.memory.request\' ("0") must be above 0'],
  [{ cpu: { limit: 'lots' } }, '\'resources.cpu.limit\' ("lots") must be a CPU quantity'],
])('refuses %j', (props, message) => {
  expect(() => resolveResources(c, 'resources', props)).toThrow(message);
});
