import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../src/config/load.js';
import { tempProject } from '../config/temp-project.js';

const config = (notify: unknown) => JSON.stringify({ image: 'busybox:1.36', jobs: { a: { steps: ['true'] } }, notify });

describe('notify config', () => {
  it('passes notify through to the pipeline as written', async () => {
    const root = tempProject({ 'ci.config.json': config({ webhook: 'https://hooks.example.com/ci', desktop: false }) });
    const { pipeline } = await loadPipeline({ cwd: root });
    expect(pipeline.notify).toEqual({ webhook: 'https://hooks.example.com/ci', desktop: false });
  });

  it('leaves it out when absent, so `ci config` stays as it was', async () => {
    const { pipeline } = await loadPipeline({ cwd: tempProject({ 'ci.config.json': config(undefined) }) });
    expect('notify' in pipeline).toBe(false);
  });

  it.each([
    [{ webhook: 'hooks.example.com/ci' }, /notify\.webhook: "hooks\.example\.com\/ci" is not a URL/],
    [{ webhook: 'file:///etc/passwd' }, /notify\.webhook: a webhook must be an http or https URL, not file:/],
    [{ desktop: 'yes' }, /notify\.desktop/],
    [{ slack: 'x' }, /notify/],
  ])('rejects %j with the key path', async (notify, message) => {
    await expect(loadPipeline({ cwd: tempProject({ 'ci.config.json': config(notify) }) })).rejects.toThrow(message);
  });
});
