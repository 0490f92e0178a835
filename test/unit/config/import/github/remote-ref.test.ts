import { describe, expect, it } from 'vitest';
import { isFresh, REF_CHECK_INTERVAL_MS } from '../../../../../src/config/import/github/action-cache.js';
import { parseRemoteRef } from '../../../../../src/config/import/github/remote-ref.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('remote references', () => {
  it('reads owner, repository, path and ref', () => {
    expect(parseRemoteRef('acme/tools@v1')).toEqual({ owner: 'acme', repo: 'tools', path: '', ref: 'v1' });
    expect(parseRemoteRef(`acme/tools/sub/dir@${SHA}`)).toEqual({ owner: 'acme', repo: 'tools', path: 'sub/dir', ref: SHA });
    expect(parseRemoteRef('acme/tools/.github/workflows/x.yml@release/v2')).toEqual({ owner: 'acme', repo: 'tools', path: '.github/workflows/x.yml', ref: 'release/v2' });
  });

  it('refuses what is not a remote reference, or could reach git as an option or a path outside', () => {
    for (const uses of ['./local', 'docker://alpine:3', 'acme@v1', 'acme/tools', 'acme/tools@', 'acme/../x@v1', 'acme/tools/../../x@v1', 'acme/tools@-upload-pack=x', 'acme/tools@a..b', 'acme/tools@v1.lock', '-x/tools@v1', 'acme/../@v1', 'acme/tools@v 1']) {
      expect(parseRemoteRef(uses), uses).toBeUndefined();
    }
  });

  it('trusts a commit SHA forever and a tag or branch for a day, unless refreshed', () => {
    const now = 10 * REF_CHECK_INTERVAL_MS;
    expect(isFresh(SHA, now - 5 * REF_CHECK_INTERVAL_MS, now, true)).toBe(true);
    expect(isFresh('v1', now - 1000, now, false)).toBe(true);
    expect(isFresh('v1', now - 1000, now, true)).toBe(false);
    expect(isFresh('main', now - REF_CHECK_INTERVAL_MS, now, false)).toBe(false);
    expect(isFresh('v1', undefined, now, false)).toBe(false);
    // A clock set back does not make an old look-up fresh forever.
    expect(isFresh('v1', now + 1000, now, false)).toBe(false);
  });
});
