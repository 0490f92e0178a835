import { describe, expect, it } from 'vitest';
import type { Backend, JobRequest } from '../../../src/backend/backend.js';
import { DeferredBackend, type KnownImages } from '../../../src/backend/docker/deferred-backend.js';
import type { EngineApi } from '../../../src/backend/docker/engine-api.js';
import { makeJob } from '../job-factory.js';

function socket(images: Record<string, string>): EngineApi {
  return { imageId: async (name: string) => images[name] } as unknown as EngineApi;
}

function fullBackend(log: string[]): (known: KnownImages | undefined) => Promise<Backend> {
  return async (known) => {
    log.push(`open ${JSON.stringify([...(known?.ids ?? [])])}`);
    return {
      prepareImages: async () => (log.push('full prepareImages'), new Map([['pulled:1', 'sha256:p']])),
      runJob: async () => (log.push('runJob'), { exitCode: 0 }),
      cleanup: async () => void log.push('cleanup'),
    };
  };
}

describe('DeferredBackend', () => {
  it('answers present images from the socket and opens nothing for a run that runs no job', async () => {
    const log: string[] = [];
    const backend = new DeferredBackend(socket({ 'busybox:1': 'sha256:b' }), fullBackend(log));
    const progress: string[] = [];
    const ids = await backend.prepareImages([makeJob('a', { image: { kind: 'name', name: 'busybox:1' } })], (image, state) => progress.push(`${image} ${state}`));
    expect(ids).toEqual(new Map([['busybox:1', 'sha256:b']]));
    expect(progress).toEqual(['busybox:1 checking', 'busybox:1 ready']);
    await backend.cleanup();
    expect(log).toEqual([]);
  });

  it('opens the full backend with the ids it read once a job runs', async () => {
    const log: string[] = [];
    const backend = new DeferredBackend(socket({ 'busybox:1': 'sha256:b' }), fullBackend(log));
    await backend.prepareImages([makeJob('a', { image: { kind: 'name', name: 'busybox:1' } })], () => undefined);
    backend.willRunJobs();
    await backend.runJob({} as JobRequest, { log: () => undefined, stepStarted: () => undefined, warn: () => undefined }, new AbortController().signal);
    await backend.cleanup();
    expect(log).toEqual(['open [["busybox:1","sha256:b"]]', 'runJob', 'cleanup']);
  });

  it('hands a missing image and pull: always to the full backend', async () => {
    for (const job of [makeJob('a', { image: { kind: 'name', name: 'pulled:1' } }), makeJob('b', { image: { kind: 'name', name: 'busybox:1' }, pull: 'always' })]) {
      const log: string[] = [];
      const backend = new DeferredBackend(socket({ 'busybox:1': 'sha256:b' }), fullBackend(log));
      expect(await backend.prepareImages([job], () => undefined)).toEqual(new Map([['pulled:1', 'sha256:p']]));
      expect(log).toEqual(['open []', 'full prepareImages']);
    }
  });
});
