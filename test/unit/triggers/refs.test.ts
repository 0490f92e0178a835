import { describe, expect, it } from 'vitest';
import { commitsToCheck, isZeroSha, mayNeedCheck, parsePushLines, shortRef } from '../../../src/triggers/pre-push/refs.js';

const ZERO = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const line = (localRef: string, localSha: string, remoteRef: string, remoteSha: string) => `${localRef} ${localSha} ${remoteRef} ${remoteSha}`;
const check = (input: string, tags = false) => commitsToCheck(parsePushLines(input), { tags });

describe('parsePushLines', () => {
  it('reads the four fields of every line and ignores blank or malformed lines', () => {
    const input = [line('refs/heads/main', A, 'refs/heads/main', B), '', 'garbage', line('refs/heads/x', C, 'refs/heads/x', ZERO), ''].join('\n');
    expect(parsePushLines(input)).toEqual([
      { localRef: 'refs/heads/main', localSha: A, remoteRef: 'refs/heads/main', remoteSha: B },
      { localRef: 'refs/heads/x', localSha: C, remoteRef: 'refs/heads/x', remoteSha: ZERO },
    ]);
  });

  it('tolerates CRLF line ends', () => {
    expect(parsePushLines(`${line('refs/heads/main', A, 'refs/heads/main', B)}\r\n`)).toHaveLength(1);
  });

  it('gives nothing for empty input', () => {
    expect(parsePushLines('')).toEqual([]);
  });
});

describe('commitsToCheck', () => {
  it('checks the tip of an updated branch', () => {
    expect(check(line('refs/heads/main', A, 'refs/heads/main', B))).toEqual({ commits: [{ sha: A, refs: ['main'], replaces: [B] }], skipped: [] });
  });

  it('checks a new branch (remote sha all zeros)', () => {
    expect(check(line('refs/heads/feature', A, 'refs/heads/feature', ZERO)).commits).toEqual([{ sha: A, refs: ['feature'] }]);
  });

  it('names the remote ref, which may differ from the local one', () => {
    expect(check(line('refs/heads/wip', A, 'refs/heads/review', ZERO)).commits).toEqual([{ sha: A, refs: ['review'] }]);
  });

  it('skips branch deletions (local sha all zeros)', () => {
    expect(check(line('(delete)', ZERO, 'refs/heads/old', B))).toEqual({ commits: [], skipped: [{ ref: 'old', reason: 'deletion' }] });
  });

  it('skips tags unless asked to check them', () => {
    const input = line('refs/tags/v1', A, 'refs/tags/v1', ZERO);
    expect(check(input)).toEqual({ commits: [], skipped: [{ ref: 'v1', reason: 'tag' }] });
    expect(check(input, true)).toEqual({ commits: [{ sha: A, refs: ['v1'] }], skipped: [] });
  });

  it('treats a tag deletion as a deletion even when tags are checked', () => {
    expect(check(line('(delete)', ZERO, 'refs/tags/v1', A), true)).toEqual({ commits: [], skipped: [{ ref: 'v1', reason: 'deletion' }] });
  });

  it('checks only branches and tags: notes and other refs are skipped, named whole', () => {
    const input = [line('refs/notes/commits', A, 'refs/notes/commits', B), line('HEAD', C, 'refs/for/main', ZERO), line('refs/tags/v1', A, 'refs/tags/v1', ZERO)].join('\n');
    const skipped = [
      { ref: 'refs/notes/commits', reason: 'other' },
      { ref: 'refs/for/main', reason: 'other' },
    ];
    expect(check(input, true)).toEqual({ commits: [{ sha: A, refs: ['v1'] }], skipped });
  });

  it('tells which pushes can need the pipeline at all (branches, tags), before any config is read', () => {
    const refs = parsePushLines([line('refs/notes/commits', A, 'refs/notes/commits', B), line('(delete)', ZERO, 'refs/heads/old', B)].join('\n'));
    expect(refs.some(mayNeedCheck)).toBe(false);
    expect(parsePushLines(line('refs/tags/v1', A, 'refs/tags/v1', ZERO)).some(mayNeedCheck)).toBe(true);
    expect(parsePushLines(line('HEAD', A, 'refs/heads/main', B)).some(mayNeedCheck)).toBe(true);
  });

  it('checks a commit pushed to several refs once', () => {
    const input = [line('refs/heads/main', A, 'refs/heads/main', B), line('refs/heads/main', A, 'refs/heads/release', ZERO), line('refs/heads/main', A, 'refs/heads/main', B)].join('\n');
    // What the push replaces on the remote, once: the coverage gate's baseline.
    expect(check(input).commits).toEqual([{ sha: A, refs: ['main', 'release'], replaces: [B] }]);
  });

  it('checks several refs in push order, with deletions and tags mixed in', () => {
    const input = [
      line('refs/heads/main', A, 'refs/heads/main', B),
      line('(delete)', ZERO, 'refs/heads/gone', C),
      line('refs/tags/v2', C, 'refs/tags/v2', ZERO),
      line('refs/heads/next', B, 'refs/heads/next', ZERO),
    ].join('\n');
    expect(check(input)).toEqual({
      commits: [
        { sha: A, refs: ['main'], replaces: [B] },
        { sha: B, refs: ['next'] },
      ],
      skipped: [
        { ref: 'gone', reason: 'deletion' },
        { ref: 'v2', reason: 'tag' },
      ],
    });
  });

  it('accepts sha-256 object names', () => {
    const long = 'd'.repeat(64);
    expect(check(line('refs/heads/main', long, 'refs/heads/main', '0'.repeat(64))).commits).toEqual([{ sha: long, refs: ['main'] }]);
    expect(isZeroSha('0'.repeat(64))).toBe(true);
  });
});

describe('shortRef', () => {
  it('drops refs/heads/ and refs/tags/ only', () => {
    expect(shortRef('refs/heads/a/b')).toBe('a/b');
    expect(shortRef('refs/tags/v1')).toBe('v1');
    expect(shortRef('refs/notes/commits')).toBe('refs/notes/commits');
  });
});
