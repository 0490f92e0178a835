import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { buildPlan } from '../../../src/plan/plan.js';
import { makeJob, makePipeline } from '../job-factory.js';

const pipeline = makePipeline([
  makeJob('deploy', { needs: ['unit', 'lint'], environment: 'staging' }),
  makeJob('unit', { needs: ['build'] }),
  makeJob('lint', { needs: ['build'] }),
  makeJob('build'),
  makeJob('release-notes', { when: 'manual' }),
  makeJob('e2e (node=18)', { baseName: 'e2e', needs: ['build'] }),
  makeJob('e2e (node=20)', { baseName: 'e2e', needs: ['build'] }),
]);
const names = (plan: ReturnType<typeof buildPlan>) => plan.jobs.map((job) => job.name);

describe('buildPlan', () => {
  it('orders every default job after what it needs, leaving out deploys and manual jobs', () => {
    const plan = buildPlan(pipeline, { names: [], only: false, deploy: false });
    expect(names(plan)).toEqual(['build', 'unit', 'lint', 'e2e (node=18)', 'e2e (node=20)']);
  });

  it('includes deploy jobs with --deploy', () => {
    const plan = buildPlan(pipeline, { names: [], only: false, deploy: true });
    expect(names(plan)).toContain('deploy');
    expect(names(plan).indexOf('deploy')).toBeGreaterThan(names(plan).indexOf('lint'));
  });

  it('runs a named job with what it needs', () => {
    const plan = buildPlan(pipeline, { names: ['unit'], only: false, deploy: false });
    expect(names(plan)).toEqual(['build', 'unit']);
    expect(plan.needs.get('unit')).toEqual(['build']);
  });

  it('runs only the named job with --only and reports the dropped needs', () => {
    const plan = buildPlan(pipeline, { names: ['unit'], only: true, deploy: false });
    expect(names(plan)).toEqual(['unit']);
    expect(plan.needs.get('unit')).toEqual([]);
    expect(plan.droppedNeeds.get('unit')).toEqual(['build']);
  });

  it('selects every matrix job by its base name', () => {
    const plan = buildPlan(pipeline, { names: ['e2e'], only: true, deploy: false });
    expect(names(plan)).toEqual(['e2e (node=18)', 'e2e (node=20)']);
  });

  it('runs a manual job when it is named', () => {
    expect(names(buildPlan(pipeline, { names: ['release-notes'], only: false, deploy: false }))).toEqual(['release-notes']);
  });

  it('refuses to run a named deploy job without --deploy', () => {
    expect(() => buildPlan(pipeline, { names: ['deploy'], only: false, deploy: false })).toThrow(
      expect.objectContaining({ message: 'Job "deploy" deploys to the "staging" environment.', hint: 'Add --deploy to run deploy jobs.' }),
    );
  });

  it('suggests the closest job name for a typo', () => {
    try {
      buildPlan(pipeline, { names: ['unti'], only: false, deploy: false });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).hint).toContain('"unit"');
    }
  });
});
