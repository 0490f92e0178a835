import { describe, expect, it } from 'vitest';
import { affectedJobs, withDownstream } from '../../../src/triggers/watch/affected-jobs.js';
import { makeJob } from '../job-factory.js';

// build → unit ‖ lint → report; docs reads only docs/; e2e reads everything.
const jobs = [
  makeJob('build', { inputs: ['src/**', 'package.json'] }),
  makeJob('unit', { needs: ['build'], inputs: ['src/**', 'test/**', '!test/fixtures/**'] }),
  makeJob('lint', { needs: ['build'], inputs: ['src/**/*.ts', '.eslintrc.json'] }),
  makeJob('report', { needs: ['unit', 'lint'], inputs: ['report.config'] }),
  makeJob('docs', { inputs: ['docs/**'] }),
  makeJob('e2e'),
];
const all = new Set(jobs.map((job) => job.name));
const sorted = (names: Iterable<string>) => [...names].sort();

describe('affectedJobs', () => {
  it('re-runs a job whose inputs match, and what needs it, but not its upstream or siblings', () => {
    const affected = affectedJobs(jobs, all, ['test/app.test.ts']);
    expect(sorted(affected.direct)).toEqual(['e2e', 'unit']);
    expect(sorted(affected.toRun)).toEqual(['e2e', 'report', 'unit']);
    expect(affected.unread).toEqual([]);
  });

  it('follows the downstream chain transitively', () => {
    expect(sorted(affectedJobs(jobs, all, ['package.json']).toRun)).toEqual(['build', 'e2e', 'lint', 'report', 'unit']);
  });

  it('honours exclusions in inputs', () => {
    const affected = affectedJobs(jobs, all, ['test/fixtures/big.json']);
    expect(sorted(affected.direct)).toEqual(['e2e']);
  });

  it('re-runs a job for a file a later pattern selects again, as its cache key does', () => {
    const gen = [makeJob('gen', { inputs: ['src/**', '!src/gen/**', 'src/gen/keep.ts'] })];
    const names = new Set(['gen']);
    expect(sorted(affectedJobs(gen, names, ['src/gen/keep.ts']).direct)).toEqual(['gen']);
    expect(sorted(affectedJobs(gen, names, ['src/gen/out.ts']).direct)).toEqual([]);
  });

  it('treats a job without inputs as reading every file, dotfiles included', () => {
    expect(sorted(affectedJobs(jobs, all, ['.env.example']).direct)).toEqual(['e2e']);
  });

  it('reports files that no selected job reads', () => {
    const selected = new Set(['build', 'unit', 'lint', 'docs']);
    const affected = affectedJobs(jobs, selected, ['README.md', 'docs/intro.md']);
    expect(sorted(affected.toRun)).toEqual(['docs']);
    expect(affected.unread).toEqual(['README.md']);
  });

  it('never adds jobs outside the selection, even downstream', () => {
    const selected = new Set(['build', 'unit']);
    expect(sorted(affectedJobs(jobs, selected, ['src/index.ts']).toRun)).toEqual(['build', 'unit']);
  });

  it('gathers every job a batch of changes touches', () => {
    const selected = new Set(['build', 'unit', 'lint', 'report', 'docs']);
    const affected = affectedJobs(jobs, selected, ['report.config', 'docs/a.md', 'test/x.ts']);
    expect(sorted(affected.toRun)).toEqual(['docs', 'report', 'unit']);
  });

  it('matches one matrix expansion like another', () => {
    const matrix = [makeJob('t (node=18)', { baseName: 't', inputs: ['lib/**'] }), makeJob('t (node=20)', { baseName: 't', inputs: ['lib/**'] })];
    const selected = new Set(matrix.map((job) => job.name));
    expect(sorted(affectedJobs(matrix, selected, ['lib/a.js']).toRun)).toEqual(['t (node=18)', 't (node=20)']);
  });
});

describe('withDownstream', () => {
  it('adds every selected job that needs the named ones', () => {
    expect(sorted(withDownstream(jobs, all, ['lint']))).toEqual(['lint', 'report']);
    expect(sorted(withDownstream(jobs, all, ['docs']))).toEqual(['docs']);
  });
});
