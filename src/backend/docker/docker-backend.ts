/**
 * The Docker implementation of Backend: images, one container per job, and
 * exact clean-up of everything labelled with this run.
 */
import type Docker from 'dockerode';
import type { Backend, JobExit, JobIO, JobRequest } from '../backend.js';
import type { Job } from '../../model/pipeline.js';
import type { SourceSnapshot } from '../../source/snapshot.js';
import { engineUnreachable, isConnectionError, type Engine } from './connect.js';
import { ensureImage, imagesToPrepare, type ImageProgress } from './images.js';
import { runJobContainer } from './job-container.js';
import type { RunIdentity } from './labels.js';

export class DockerBackend implements Backend {
  private readonly containers = new Set<Docker.Container>();
  private readonly removals = new Set<Promise<unknown>>();
  private readonly imageIds = new Map<string, string>();

  constructor(
    private readonly engine: Engine,
    private readonly identity: RunIdentity,
    private readonly snapshot: SourceSnapshot,
  ) {}

  async prepareImages(jobs: readonly Job[], progress: ImageProgress): Promise<void> {
    const images = imagesToPrepare(jobs);
    await this.guard(
      Promise.all(
        [...images].map(async ([name, policy]) => {
          this.imageIds.set(name, await ensureImage(this.engine.docker, name, policy, progress));
        }),
      ),
    );
  }

  async runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
    const image = request.job.image;
    if (image.kind !== 'name') {
      throw new Error(`building the job image from ${image.dockerfile} is not supported by this version of localci`);
    }
    let current: Docker.Container | undefined;
    const context = {
      docker: this.engine.docker,
      identity: this.identity,
      snapshot: this.snapshot,
      track: (container: Docker.Container) => {
        current = container;
        this.containers.add(container);
      },
    };
    try {
      return await this.guard(runJobContainer(context, request, image.name, io, signal));
    } finally {
      // Removal runs in the background so dependents start without waiting for it.
      if (current) this.remove(current);
    }
  }

  async cleanup(): Promise<void> {
    for (const container of this.containers) this.remove(container);
    await Promise.all(this.removals);
  }

  private remove(container: Docker.Container): void {
    if (!this.containers.delete(container)) return;
    const removal = container
      .remove({ force: true, v: true })
      .catch(() => undefined)
      .finally(() => this.removals.delete(removal));
    this.removals.add(removal);
  }

  /** Turns a lost engine connection into the one environment error users see. */
  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (isConnectionError(error)) throw engineUnreachable(this.engine.address, error);
      throw error;
    }
  }
}
