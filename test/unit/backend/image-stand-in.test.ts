/** The hint for an image that is neither here nor pullable: an image rule that runs the jobs in one that is. */
import { describe, expect, it } from 'vitest';
import { standInHint } from '../../../src/backend/docker/image-stand-in.js';
import { repositoryOf } from '../../../src/config/image-ref.js';
import { imagesRule } from '../../../src/config/images/image-map-sources.js';
import type Docker from 'dockerode';

/** An engine whose image list is `tags` (newest last), answering the reference filter like Docker does. */
function engineWith(tags: string[]): Docker {
  return {
    listImages: async ({ filters }: { filters: string }) => {
      const [reference] = (JSON.parse(filters) as { reference: string[] }).reference;
      return tags.map((tag, index) => ({ RepoTags: [tag], Created: index })).filter((image) => repositoryOf(image.RepoTags[0]!) === reference);
    },
  } as unknown as Docker;
}

describe('image stand-in hint', () => {
  it.each([
    ['node:22', 'node'],
    ['node', 'node'],
    ['registry.local:5000/team/ci:1.4', 'registry.local:5000/team/ci'],
    ['registry.local:5000/team/ci', 'registry.local:5000/team/ci'],
    ['node@sha256:abc', 'node'],
  ])('the repository of %s is %s', (name, repository) => {
    expect(repositoryOf(name)).toBe(repository);
  });

  it('names one missing image as it is, several of a repository with a wildcard', () => {
    expect(imagesRule(['node:22'], 'node:20')).toBe("LOCALCI_IMAGES='node:22=node:20'");
    expect(imagesRule(['node:18', 'node:22'], 'node:20')).toBe("LOCALCI_IMAGES='node:*=node:20'");
  });

  it('offers the newest local image of the same repository, else a placeholder', async () => {
    const engine = engineWith(['busybox:latest', 'node:18', 'node:20']);
    expect(await standInHint(engine, ['node:22'])).toBe("or run it in node:20, which is here: LOCALCI_IMAGES='node:22=node:20'");
    expect(await standInHint(engine, ['node:21', 'node:22'])).toBe("or run them in node:20, which is here: LOCALCI_IMAGES='node:*=node:20'");
    expect(await standInHint(engine, ['python:3.12'])).toBe("or run it in an image you have: LOCALCI_IMAGES='python:3.12=<image>'");
  });

  it('falls back to the placeholder when the engine cannot list its images', async () => {
    const broken = { listImages: async () => Promise.reject(new Error('gone')) } as unknown as Docker;
    expect(await standInHint(broken, ['node:22'])).toContain("LOCALCI_IMAGES='node:22=<image>'");
  });
});
