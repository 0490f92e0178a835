import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { watchSelection } from '../../../src/triggers/watch/watch-selection.js';
import { makeJob, makePipeline } from '../job-factory.js';

const pipeline = makePipeline([
  makeJob('build'),
  makeJob('unit', { needs: ['build'] }),
  makeJob('deploy', { needs: ['unit'], environment: 'staging' }),
  makeJob('smoke', { needs: ['deploy'] }),
  makeJob('notes', { when: 'manual' }),
]);
const names = (plan: ReturnType<typeof watchSelection>) => plan.jobs.map((job) => job.name);

describe('watchSelection', () => {
  it('selects like ci run: by default every job but deploys, manual jobs and what needs a deploy', () => {
    expect(names(watchSelection(pipeline, [], false))).toEqual(['build', 'unit']);
  });

  it('takes named jobs with what they need, or only them', () => {
    expect(names(watchSelection(pipeline, ['unit'], false))).toEqual(['build', 'unit']);
    expect(names(watchSelection(pipeline, ['unit'], true))).toEqual(['unit']);
    expect(names(watchSelection(pipeline, ['notes'], false))).toEqual(['notes']);
  });

  it('refuses a named deploy job', () => {
    expect(() => watchSelection(pipeline, ['deploy'], false)).toThrow(UsageError);
    expect(() => watchSelection(pipeline, ['deploy'], false)).toThrow(/watch mode never runs deploy jobs/);
  });

  it('refuses a job that needs a deploy job, unless --only leaves the deploy out', () => {
    expect(() => watchSelection(pipeline, ['smoke'], false)).toThrow(/need "deploy"/);
    expect(names(watchSelection(pipeline, ['smoke'], true))).toEqual(['smoke']);
  });

  it('still reports unknown names', () => {
    const error = (() => {
      try {
        watchSelection(pipeline, ['unti'], false);
      } catch (caught) {
        return caught as UsageError;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error?.hint).toMatch(/Did you mean "unit"/);
  });
});
