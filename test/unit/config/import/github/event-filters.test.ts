/** on.push branch and tag filters against the checkout's ref, on.pull_request filters against the base, vars. */
import { describe, expect, it } from 'vitest';
import { pullRequestFilter, pushFilter } from '../../../../../src/config/import/github/event-filters.js';
import { configurationVariables } from '../../../../../src/config/import/github/github-context.js';

describe('pushFilter', () => {
  const on = (push: unknown) => ({ push });
  it('runs without filters, and checks branches in order with ! and the last match deciding', () => {
    expect(pushFilter({ push: null }, { branch: 'x' })).toEqual({ runs: true });
    expect(pushFilter(['push'], { branch: 'x' })).toEqual({ runs: true });
    const filters = on({ branches: ['main', 'release/**', '!release/**-alpha', 'release/1.0-alpha-keep'] });
    expect(pushFilter(filters, { branch: 'main' }).runs).toBe(true);
    expect(pushFilter(filters, { branch: 'release/2/x' }).runs).toBe(true);
    expect(pushFilter(filters, { branch: 'release/2-alpha' })).toEqual({ runs: false, why: 'release/2-alpha does not match on.push.branches' });
    expect(pushFilter(filters, { branch: 'release/1.0-alpha-keep' }).runs).toBe(true);
    expect(pushFilter(on({ branches: ['feat/*'] }), { branch: 'feat/a/b' }).runs).toBe(false);
  });

  it('checks -ignore lists, tags for a tag on HEAD, and a ref kind the filters leave out', () => {
    expect(pushFilter(on({ 'branches-ignore': ['dependabot/**'] }), { branch: 'dependabot/npm/x' })).toEqual({ runs: false, why: 'dependabot/npm/x matches on.push.branches-ignore' });
    expect(pushFilter(on({ 'branches-ignore': ['dependabot/**'] }), { branch: 'main' }).runs).toBe(true);
    expect(pushFilter(on({ tags: ['v*'] }), { branch: 'main', tag: 'v1.2' }).runs).toBe(true);
    expect(pushFilter(on({ tags: ['v*'] }), { branch: 'main' }).runs).toBe(false);
    expect(pushFilter(on({ branches: ['main'] }), { branch: 'main', tag: 'v1' }).runs).toBe(false);
  });

  it('runs with paths filters, saying they were not checked', () => {
    expect(pushFilter(on({ branches: ['main'], paths: ['src/**'] }), { branch: 'main' })).toEqual({ runs: true, approximated: expect.stringMatching(/paths filters are not checked/) });
  });
});

describe('pullRequestFilter', () => {
  const on = (pullRequest: unknown) => ({ push: { branches: ['main'] }, pull_request: pullRequest });
  it('checks branches and branches-ignore against the base branch', () => {
    expect(pullRequestFilter(on(null), 'main')).toEqual({ runs: true });
    expect(pullRequestFilter(on({ branches: ['main', 'release/**'] }), 'release/2')).toEqual({ runs: true });
    expect(pullRequestFilter(on({ branches: ['release/**'] }), 'main')).toEqual({ runs: false, why: 'main does not match on.pull_request.branches' });
    expect(pullRequestFilter(on({ 'branches-ignore': ['main'] }), 'main')).toEqual({ runs: false, why: 'main matches on.pull_request.branches-ignore' });
  });

  it('runs only for the activities a push makes, and says when the base is not known', () => {
    expect(pullRequestFilter(on({ types: ['opened', 'labeled'] }), 'main').runs).toBe(true);
    expect(pullRequestFilter(on({ types: 'closed' }), 'main')).toEqual({ runs: false, why: expect.stringMatching(/^on\.pull_request\.types \(closed\) has none of the activities a push makes/) });
    expect(pullRequestFilter(on({ branches: ['main'] }), undefined)).toEqual({ runs: true, approximated: expect.stringMatching(/base branch is not known/) });
  });
});

describe('vars', () => {
  it('come from LOCALCI_VAR_<NAME>', () => {
    expect(configurationVariables({ LOCALCI_VAR_REGION: 'eu', HOME: '/h', LOCALCI_VARX: 'no' })).toEqual({ REGION: 'eu' });
  });
});
