import { describe, expect, it } from 'vitest';
import { byCommit, byId, selectRun } from '../../../src/history/find-run.js';
import { matchJobs } from '../../../src/history/job-logs.js';
import { UsageError } from '../../../src/errors.js';
import { makeRecord, makeRun } from './stored-run.js';

const runs = [
  makeRun(makeRecord('20260102-090000-beef', { commit: 'c0ffee1234567890' })),
  makeRun(makeRecord('20260101-120000-abcd', { commit: 'deadbeef00000000' })),
  makeRun(makeRecord('20260101-110000-abce', { commit: 'c0ffee1234567890' })),
];

describe('picking a run', () => {
  it('takes the newest by default or for "latest"', async () => {
    expect((await selectRun('/nowhere', runs, {})).id).toBe('20260102-090000-beef');
    expect((await selectRun('/nowhere', runs, { run: 'latest' })).id).toBe('20260102-090000-beef');
  });

  it('accepts a whole id, a unique prefix or the 4-character suffix', () => {
    expect(byId(runs, '20260101-120000-abcd').id).toBe('20260101-120000-abcd');
    expect(byId(runs, '20260102').id).toBe('20260102-090000-beef');
    expect(byId(runs, 'abce').id).toBe('20260101-110000-abce');
  });

  it('refuses an ambiguous prefix, naming the candidates, and an unknown id', () => {
    expect(() => byId(runs, '20260101')).toThrow(/matches 2 runs: 20260101-120000-abcd, 20260101-110000-abce/);
    expect(() => byId(runs, 'zzzz')).toThrow(UsageError);
  });

  it('finds the newest run of a commit by sha prefix', () => {
    expect(byCommit(runs, 'c0ffee12', undefined).id).toBe('20260102-090000-beef');
    expect(byCommit(runs, 'HEAD~1', 'deadbeef00000000').id).toBe('20260101-120000-abcd');
    expect(() => byCommit(runs, '1234', undefined)).toThrow(/No run of commit 1234/);
  });

  it('refuses --run together with --commit, and an empty history', async () => {
    await expect(selectRun('/nowhere', runs, { run: 'beef', commit: 'c0ffee' })).rejects.toThrow(/either --run or --commit/);
    await expect(selectRun('/nowhere', [], {})).rejects.toThrow(/No runs recorded yet/);
  });
});

describe('matchJobs', () => {
  const jobs = ['build', 'unit (node=18)', 'unit (node=20)', 'lint'];

  it('matches a name exactly, a matrix base name to each expansion, and the log file form', () => {
    expect(matchJobs(jobs, 'lint', 'r')).toEqual(['lint']);
    expect(matchJobs(jobs, 'unit', 'r')).toEqual(['unit (node=18)', 'unit (node=20)']);
    expect(matchJobs(jobs, 'unit_(node=20)', 'r')).toEqual(['unit (node=20)']);
  });

  it('suggests a near name and lists the jobs when there is no match', () => {
    expect(() => matchJobs(jobs, 'buidl', 'r1')).toThrow('Run r1 has no job "buidl" (did you mean "build"?).');
    expect(() => matchJobs(jobs, 'deploy-to-production', 'r1')).toThrow(/has no job "deploy-to-production"\.$/);
  });
});
