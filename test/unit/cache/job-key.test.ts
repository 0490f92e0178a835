import { describe, expect, it } from 'vitest';
import { inputFiles, jobKey, type KeyParts } from '../../../src/cache/job-key.js';
import { makeJob } from '../job-factory.js';

const digests = new Map([
  ['src/a.ts', 'aaa:-'],
  ['src/a.test.ts', 'ttt:-'],
  ['README.md', 'rrr:-'],
]);
const base = (): KeyParts => ({ job: makeJob('unit', { inputs: ['src/**', '!src/**/*.test.ts'] }), imageId: 'sha256:1', env: { A: '1' }, digests, upstreamKeys: [] });

describe('jobKey', () => {
  it('is stable for the same inputs', () => {
    expect(jobKey(base())).toBe(jobKey(base()));
  });

  it('changes with the image id, the environment, the steps and upstream keys', () => {
    const key = jobKey(base());
    expect(jobKey({ ...base(), imageId: 'sha256:2' })).not.toBe(key);
    expect(jobKey({ ...base(), env: { A: '2' } })).not.toBe(key);
    expect(jobKey({ ...base(), job: makeJob('unit', { inputs: ['src/**'], steps: [{ name: 'x', run: 'x' }] }) })).not.toBe(key);
    expect(jobKey({ ...base(), upstreamKeys: ['k'] })).not.toBe(key);
  });

  it('changes when an input file changes, not when another file does', () => {
    const key = jobKey(base());
    expect(jobKey({ ...base(), digests: new Map([...digests, ['src/a.ts', 'bbb:-']]) })).not.toBe(key);
    expect(jobKey({ ...base(), digests: new Map([...digests, ['README.md', 'changed:-']]) })).toBe(key);
    expect(jobKey({ ...base(), digests: new Map([...digests, ['src/a.test.ts', 'changed:-']]) })).toBe(key);
  });

  it('ignores values that differ on every run and settings that do not change the work', () => {
    const key = jobKey(base());
    expect(jobKey({ ...base(), env: { A: '1', CI_PIPELINE_ID: 'x', CI_COMMIT_SHA: 'y' } })).toBe(key);
    expect(jobKey({ ...base(), job: { ...base().job, retry: { max: 3, when: ['failure'] }, timeoutMs: 5 } })).toBe(key);
  });

  it('counts the branch and commit only for a job that names them', () => {
    const onBranch = (branch: string, job = base().job): KeyParts => ({
      ...base(),
      job: { ...job, env: { ...job.env, CI_COMMIT_REF_NAME: branch, CI_COMMIT_REF_SLUG: branch } },
      env: { A: '1', CI_COMMIT_REF_NAME: branch, CI_COMMIT_REF_SLUG: branch, CI_COMMIT_BRANCH: branch, CI_COMMIT_SHA: `${branch}-sha` },
    });
    expect(jobKey(onBranch('main'))).toBe(jobKey(onBranch('fix-typo')));
    const printing = makeJob('unit', { steps: [{ name: 'tag', run: 'docker build -t app:$CI_COMMIT_REF_SLUG .' }] });
    expect(jobKey(onBranch('main', printing))).not.toBe(jobKey(onBranch('fix-typo', printing)));
    const bySha = makeJob('unit', { steps: [{ name: 'tag', run: 'echo ${CI_COMMIT_SHA}' }] });
    expect(jobKey(onBranch('main', bySha))).not.toBe(jobKey(onBranch('fix-typo', bySha)));
  });
});

describe('inputFiles', () => {
  it('takes every file when a job declares no inputs', () => {
    expect(inputFiles(makeJob('all'), [...digests.keys()])).toEqual(['README.md', 'src/a.test.ts', 'src/a.ts']);
  });

  it('honours negated globs', () => {
    expect(inputFiles(base().job, [...digests.keys()])).toEqual(['src/a.ts']);
  });

  it('keeps a file a later pattern selects again inside an excluded folder', () => {
    const job = makeJob('unit', { inputs: ['src/**', '!src/gen/**', 'src/gen/keep.ts'] });
    expect(inputFiles(job, ['src/gen/keep.ts', 'src/gen/out.ts', 'src/a.ts', 'README.md'])).toEqual(['src/a.ts', 'src/gen/keep.ts']);
  });
});
