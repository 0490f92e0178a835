import { describe, expect, it } from 'vitest';
import { formatKeyPath } from '../../../src/config/key-path.js';
import { closestMatch, didYouMean } from '../../../src/config/suggest.js';

describe('formatKeyPath', () => {
  it.each([
    [['jobs', 'unit', 'needs', 0], 'jobs.unit.needs[0]'],
    [['jobs', 'my job', 'steps', 1], 'jobs["my job"].steps[1]'],
    [['jobs', 'a.b'], 'jobs["a.b"]'],
    [['jobs', 'my-job', 'env', 'NODE_ENV'], 'jobs.my-job.env.NODE_ENV'],
    [['ci', 'jobs', 'x'], 'ci.jobs.x'],
    [[0, 'run'], '[0].run'],
    [[], ''],
  ] as const)('%j → %s', (path, expected) => {
    expect(formatKeyPath(path)).toBe(expected);
  });
});

describe('did you mean', () => {
  const jobKeys = ['stage', 'needs', 'image', 'steps', 'env', 'services', 'inputs', 'artifacts', 'cache', 'matrix', 'timeout', 'retry', 'allowFailure', 'when'];

  it.each([
    ['need', 'needs'],
    ['artifact', 'artifacts'],
    ['artefacts', 'artifacts'],
    ['imgae', 'image'],
    ['allow_failure', 'allowFailure'],
    ['AllowFailure', 'allowFailure'],
    ['script', 'steps'],
    ['dependencies', 'needs'],
    ['variables', 'env'],
  ])('%s → %s', (input, expected) => {
    expect(closestMatch(input, jobKeys)).toBe(expected);
  });

  it.each(['x', 'foo', 'deploy', 'dockerfile'])('suggests nothing for %s, which is not close to any key', (input) => {
    expect(closestMatch(input, jobKeys)).toBeUndefined();
  });

  it('matches job names with transposed letters', () => {
    expect(didYouMean('biuld', ['build', 'test', 'lint'])).toBe('did you mean `build`?');
    expect(didYouMean('lnit', ['build', 'test', 'lint'])).toBe('did you mean `lint`?');
  });

  it('does not suggest a synonym that is not allowed at that level', () => {
    expect(closestMatch('script', ['jobs', 'image'])).toBeUndefined();
  });
});
