import { describeBytes, describeCpu, formatBytes, formatCpu, parseBytes, parseCpu } from '../../lib';

test.each([
  ['250m', 250], ['0.5', 500], ['.25', 250], ['2', 2000], ['1.5', 1500], ['0', 0], ['100m', 100],
])('parseCpu(%s) = %i millicores', (text, millis) => {
  expect(parseCpu(text)).toBe(millis);
});

test.each(['', 'm', '250 m', '-1', '1.0005', '0.1m', '1e3', '2 cores', '1Gi'])('parseCpu refuses %j', (text) => {
  expect(parseCpu(text)).toBeUndefined();
});

test.each([
  ['512Mi', 512 * 2 ** 20], ['1Gi', 2 ** 30], ['1G', 1e9], ['1000M', 1e9], ['128974848', 128974848],
  ['1.5Gi', 1.5 * 2 ** 30], ['64Ki', 65536], ['1Ti', 2 ** 40], ['2k', 2000],
])('parseBytes(%s) = %i bytes', (text, bytes) => {
  expect(parseBytes(text)).toBe(bytes);
});

test.each(['', '512MB', '1gi', '1m', '-1Gi', '1.5', 'Gi', '1 Gi', '1e9'])('parseBytes refuses %j', (text) => {
  expect(parseBytes(text)).toBeUndefined();
});

test('formatting picks the largest exact unit', () => {
  expect(formatCpu(250)).toBe('250m');
  expect(formatCpu(2000)).toBe('2');
  expect(formatBytes(2 ** 30)).toBe('1Gi');
  expect(formatBytes(1536 * 2 ** 20)).toBe('1536Mi');
  expect(formatBytes(1e9)).toBe('1G');
  expect(formatBytes(100)).toBe('100');
  expect(formatBytes(parseBytes('1.5Gi')!)).toBe('1536Mi');
});

test('descriptions for people', () => {
  expect(describeCpu(5190)).toBe('5.19 CPU');
  expect(describeCpu(250)).toBe('250m CPU');
  expect(describeBytes(4 * 2 ** 30)).toBe('4 GiB');
  expect(describeBytes(1.25 * 2 ** 20)).toBe('1.25 MiB');
  expect(describeBytes(12)).toBe('12 B');
});
