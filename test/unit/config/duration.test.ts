import { describe, expect, it } from 'vitest';
import { parseDuration, parseMemory } from '../../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    [90, 90_000],
    [0.5, 500],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['2m500ms', 120_500],
    ['1.5h', 5_400_000],
    ['45', 45_000],
  ] as const)('%j → %d ms', (spec, ms) => {
    expect(parseDuration(spec)).toBe(ms);
  });

  it.each([0, -5, Number.NaN, Infinity, '', '10 minutes', '30m1h', '1h1h', '5d', 'ms', '1s500', '-1s', '0s'])('rejects %j', (spec) => {
    expect(parseDuration(spec)).toBeUndefined();
  });
});

describe('parseMemory', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['2g', 2 * 1024 ** 3],
    ['2G', 2 * 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['256mb', 256 * 1024 ** 2],
    ['512MiB', 512 * 1024 ** 2],
    ['1024k', 1024 * 1024],
  ])('%s → %d bytes', (spec, bytes) => {
    expect(parseMemory(spec)).toBe(bytes);
  });

  it.each(['', '512', '2 gigs', 'lots', '2t', '-1g'])('rejects %j', (spec) => {
    expect(parseMemory(spec)).toBeUndefined();
  });
});
