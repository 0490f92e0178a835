/**
 * Node's release schedule, computed rather than listed so it never goes stale:
 * an even major N comes out in April of 2015 + (N - 4) / 2, becomes LTS that
 * October and reaches its end of life on 30 April three years later; an odd
 * major comes out in October and is never LTS.
 */
import intersects from 'semver/ranges/intersects.js';
import minVersion from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';

export interface NodeMajor {
  major: number;
  released: Date;
  /** Start of LTS, for even majors. */
  lts?: Date;
  endOfLife: Date;
}

const FIRST_SCHEDULED = 4;

export function nodeMajor(major: number): NodeMajor {
  const even = major % 2 === 0;
  const year = 2015 + Math.floor((major - FIRST_SCHEDULED) / 2);
  if (!even) return { major, released: utc(year, 9, 1), endOfLife: utc(year + 1, 5, 1) };
  return { major, released: utc(year, 3, 20), lts: utc(year, 9, 25), endOfLife: utc(year + 3, 3, 30) };
}

/** Every major released by `today`, newest first. */
export function releasedMajors(today: Date): NodeMajor[] {
  const majors: NodeMajor[] = [];
  for (let major = FIRST_SCHEDULED; nodeMajor(major).released <= today; major += 1) majors.unshift(nodeMajor(major));
  return majors;
}

/** LTS majors that are still supported on `today`, newest first. */
export function supportedLts(today: Date): number[] {
  return releasedMajors(today)
    .filter((release) => release.lts !== undefined && release.lts <= today && today < release.endOfLife)
    .map((release) => release.major);
}

/**
 * The major an inferred image should use for an `engines.node`-style range: the host's own
 * major when the range allows it (the version the developer tests with), else the newest
 * supported LTS it allows, else the newest LTS, else the newest release it allows, and only
 * then its lowest version. Undefined for text that is not a range.
 */
export function majorForRange(range: string, options: { today: Date; hostMajor: number }): number | undefined {
  const valid = validRange(range.trim(), { loose: true });
  if (valid === null) return undefined;
  const allows = (major: number) => {
    try {
      return intersects(valid, `^${major}.0.0`, { loose: true });
    } catch {
      return false;
    }
  };
  if (allows(options.hostMajor)) return options.hostMajor;
  const released = releasedMajors(options.today);
  const tiers = [supportedLts(options.today), released.filter((release) => release.lts !== undefined).map((release) => release.major), released.map((release) => release.major)];
  for (const tier of tiers) {
    const found = tier.find(allows);
    if (found !== undefined) return found;
  }
  try {
    return minVersion(valid)?.major;
  } catch {
    return undefined;
  }
}

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}
