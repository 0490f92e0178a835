import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../../src/backend/backend.js';
import { jobHostConfig } from '../../../src/backend/docker/job-container.js';
import { makeJob } from '../job-factory.js';

const context = { docker: {} as Docker, identity: { runId: 'r1', projectId: 'p-1' } };
const request = (cpus?: number) => ({ job: makeJob('cpu', cpus === undefined ? {} : { cpus }), caches: [], reachHost: false }) as unknown as JobRequest;

describe('jobHostConfig', () => {
  it('holds a job with `cpus` to that many CPUs (docker run --cpus), and leaves others unlimited', async () => {
    expect(await jobHostConfig(context, request(1.5))).toMatchObject({ NanoCpus: 1_500_000_000 });
    expect(await jobHostConfig(context, request())).not.toHaveProperty('NanoCpus');
  });
});
