/** Builds normalised jobs and pipelines for unit tests of plan and run logic. */
import { DEFAULT_LOG_MAX_BYTES, type Job, type Pipeline } from '../../src/model/pipeline.js';

export function makeJob(name: string, overrides: Partial<Job> = {}): Job {
  return {
    name,
    baseName: name,
    needs: [],
    image: { kind: 'name', name: 'busybox:1' },
    steps: [{ name: 'true', run: 'true' }],
    env: {},
    services: [],
    inputs: [],
    artifacts: [],
    cache: [],
    retry: { max: 0, when: ['failure', 'timeout'] },
    allowFailure: false,
    when: 'on-success',
    secrets: [],
    pull: 'if-missing',
    network: { inheritTrust: true, inheritProxy: true },
    pidsLimit: 4096,
    ...overrides,
  };
}

export function makePipeline(jobs: Job[]): Pipeline {
  return {
    root: '/project',
    projectName: 'project',
    source: { kind: 'file', file: '/project/ci.config.ts' },
    stages: [],
    jobs,
    environments: {},
    prePush: { onDockerMissing: 'refuse', tags: false, eachCommit: false },
    watch: { debounce: 100, keepContainers: false, ignore: [] },
    logMaxBytes: DEFAULT_LOG_MAX_BYTES,
  };
}
