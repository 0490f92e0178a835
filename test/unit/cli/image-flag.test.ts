/** `--image` replaces the default image only: a flag no job would use is a usage error naming the image rule that does it. */
import { describe, expect, it } from 'vitest';
import { checkImageFlagUsed } from '../../../src/cli/load.js';
import { UsageError } from '../../../src/errors.js';
import { makeJob, makePipeline } from '../job-factory.js';

const named = (name: string, mappedFrom?: string) => ({ kind: 'name' as const, name, ...(mappedFrom ? { mappedFrom } : {}) });

describe('--image', () => {
  it('passes when a job takes it (the default image, or a rule mapped it)', () => {
    expect(() => checkImageFlagUsed('node:20', makePipeline([makeJob('a', { image: named('node:22') }), makeJob('b', { image: named('node:20') })]))).not.toThrow();
    expect(() => checkImageFlagUsed('node:20', makePipeline([makeJob('a', { image: named('mirror/node:20', 'node:20') })]))).not.toThrow();
  });

  it('is a usage error when every job names another image, with the rule that maps them', () => {
    // A GitHub workflow's jobs each carry their setup-node version.
    const pipeline = makePipeline([makeJob('test (18)', { image: named('node:18') }), makeJob('test (22)', { image: named('node:22') })]);
    const error = (() => {
      try {
        checkImageFlagUsed('node:20', pipeline);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('--image node:20: every job names its own image (node:18, node:22), so no job would run in it.');
    expect((error as UsageError).hint).toContain("LOCALCI_IMAGES='node:*=node:20'");
  });
});
