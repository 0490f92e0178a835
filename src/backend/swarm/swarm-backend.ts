/**
 * The Swarm implementation of Backend: each job runs as a one-shot service of
 * the swarm whose manager is the engine localci talks to.
 */
import type { Backend, ImageProgress, JobExit, JobIO, JobRequest, RunIdentity } from '../backend.js';
import type { Job } from '../../model/pipeline.js';
import { EnvironmentError } from '../../errors.js';
import type { Engine } from '../docker/connect.js';

export class SwarmBackend implements Backend {
  constructor(
    private readonly engine: Engine,
    private readonly identity: RunIdentity,
    private readonly registry: string,
  ) {}

  async prepareImages(_jobs: readonly Job[], _progress: ImageProgress): Promise<Map<string, string>> {
    throw new EnvironmentError(`Running jobs on the swarm managed by ${this.engine.address.description} is not available yet (run ${this.identity.runId}, registry ${this.registry}).`, 'Use `--backend docker` for now.');
  }

  async runJob(_request: JobRequest, _io: JobIO, _signal: AbortSignal): Promise<JobExit> {
    throw new EnvironmentError('Running jobs on a swarm is not available yet.', 'Use `--backend docker` for now.');
  }

  async cleanup(): Promise<void> {}
}
