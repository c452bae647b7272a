import { cpuMillis, memoryMebibytes, parseGoDuration } from '../../src/core/validate';

describe('Go durations', () => {
  test.each([
    ['2160h', 2160 * 3600e3], ['1h30m', 5400e3], ['90s', 90e3], ['1.5h', 5400e3], ['300ms', 300],
  ])('parses %s', (text, ms) => expect(parseGoDuration(text)).toBe(ms));
  test.each(['', '90d', '1h 30m', 'h', '-1h', '1H'])('refuses %j', (text) => expect(parseGoDuration(text)).toBeUndefined());
});

describe('quantities', () => {
  test.each([['500m', 500], ['2', 2000], ['1.5', 1500]])('cpu %s', (q, m) => expect(cpuMillis(q)).toBe(m));
  test.each(['0', 'two', '1.2345', '100Mi'])('refuses cpu %j', (q) => expect(cpuMillis(q)).toBeUndefined());
  test.each([['512Mi', 512], ['4Gi', 4096], ['1.5Gi', 1536]])('memory %s', (q, m) => expect(memoryMebibytes(q)).toBe(m));
  test.each(['2G', '512', '0Mi', '1.3Mi'])('refuses memory %j', (q) => expect(memoryMebibytes(q)).toBeUndefined());
});
