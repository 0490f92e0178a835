import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import { planRerun } from '../../../src/triggers/watch/rerun-plan.js';
import { makeJob, makePipeline } from '../job-factory.js';

// setup → build → unit ‖ lint → report
const pipeline = makePipeline([
  makeJob('setup'),
  makeJob('build', { needs: ['setup'] }),
  makeJob('unit', { needs: ['build'] }),
  makeJob('lint', { needs: ['build'] }),
  makeJob('report', { needs: ['unit', 'lint'] }),
]);
const selection = buildPlan(pipeline, { names: [], only: false, deploy: false });
const everythingSettled = new Map(selection.jobs.map((job) => [job.name, `/kept/${job.name}`]));
const names = (plan: { jobs: Array<{ name: string }> }) => plan.jobs.map((job) => job.name);

describe('planRerun', () => {
  it('runs only the wanted jobs and reuses the artifacts of every upstream job, in run order', () => {
    const { plan, reuse } = planRerun(selection, new Set(['unit', 'report']), everythingSettled);
    expect(names(plan)).toEqual(['unit', 'report']);
    expect(plan.needs.get('unit')).toEqual([]);
    // report needs lint, which is not re-run: its artifacts come from before, as do build's and setup's.
    expect(plan.needs.get('report')).toEqual(['unit']);
    expect([...reuse]).toEqual([
      ['setup', '/kept/setup'],
      ['build', '/kept/build'],
      ['lint', '/kept/lint'],
    ]);
  });

  it('runs an upstream job again when it has no result that stands, and reuses what is above it', () => {
    const settled = new Map(everythingSettled);
    settled.delete('build');
    const { plan, reuse } = planRerun(selection, new Set(['unit']), settled);
    expect(names(plan)).toEqual(['build', 'unit']);
    expect(plan.needs.get('unit')).toEqual(['build']);
    expect([...reuse.keys()]).toEqual(['setup']);
  });

  it('runs the whole chain when nothing has passed yet', () => {
    const { plan, reuse } = planRerun(selection, new Set(['report']), new Map());
    expect(names(plan)).toEqual(['setup', 'build', 'unit', 'lint', 'report']);
    expect(reuse.size).toBe(0);
  });

  it('ignores wanted jobs outside the selection', () => {
    const only = buildPlan(pipeline, { names: ['unit'], only: true, deploy: false });
    const { plan, reuse } = planRerun(only, new Set(['unit', 'lint']), new Map());
    expect(names(plan)).toEqual(['unit']);
    // --only dropped build: it is neither run nor reused, as with `ci run --only`.
    expect(reuse.size).toBe(0);
  });
});
