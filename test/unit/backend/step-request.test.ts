import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { readStepRequest, requestFolder } from '../../../src/backend/docker/step-request.js';

/** A tar of a folder as the engine's archive API sends it: the folder's own entry first. */
function archiveOf(files: Record<string, string>): { getArchive(): Promise<NodeJS.ReadableStream> } {
  return {
    getArchive: async () => {
      const tar = pack();
      tar.entry({ name: 'container-3', type: 'directory' });
      for (const [name, content] of Object.entries(files)) tar.entry({ name: `container-3/${name}` }, content);
      tar.finalize();
      return Readable.from(tar as unknown as AsyncIterable<Buffer>);
    },
  };
}

describe('step requests', () => {
  it('reads NUL-ended variables and arguments exactly (blanks, newlines, = in values) and the entrypoint', async () => {
    const request = await readStepRequest(archiveOf({ env: 'A=1\0B=two words\nand a line\0C=x=y\0junk\0', args: 'one\0two words\0\0', entrypoint: '/bin/run me' }), '/tmp/localci/github/container-3');
    expect(request).toEqual({ env: ['A=1', 'B=two words\nand a line', 'C=x=y'], args: ['one', 'two words', ''], entrypoint: '/bin/run me' });
  });

  it('leaves arguments and entrypoint out when the job wrote none', async () => {
    expect(await readStepRequest(archiveOf({ env: '' }), '/tmp/localci/github/container-3')).toEqual({ env: [] });
  });

  it('refuses a request that is too large for the host to hold', async () => {
    await expect(readStepRequest(archiveOf({ env: 'A='.padEnd(9 * 1024 * 1024, 'x') }), '/tmp/localci/x')).rejects.toThrow(/larger than/);
  });

  it('takes request folders inside the shared state folder only', () => {
    expect(requestFolder('/tmp/localci/github/container-3/')).toBe('/tmp/localci/github/container-3');
    expect(requestFolder('/tmp/localci/../../etc')).toBeUndefined();
    expect(requestFolder('/tmp/localci')).toBeUndefined();
    expect(requestFolder('relative/path')).toBeUndefined();
  });
});
