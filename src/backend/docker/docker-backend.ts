/**
 * The Docker implementation of Backend: images, one container per job, and
 * exact clean-up of everything labelled with this run.
 */
import type Docker from 'dockerode';
import type { Backend, JobExit, JobIO, JobRequest } from '../backend.js';
import type { Job } from '../../model/pipeline.js';
import { engineUnreachable, isConnectionError, type Engine } from './connect.js';
import { ensureImage, imagesToPrepare, type ImageProgress } from './images.js';
import { createJobContainer, runJobContainer, type CreatedJob, type JobContainerContext } from './job-container.js';
import { runLabels, type RunIdentity } from './labels.js';
import { startServices } from './services.js';

export class DockerBackend implements Backend {
  private readonly containers = new Set<Docker.Container>();
  private readonly removals = new Set<Promise<unknown>>();
  /** Containers set up ahead of time by warmUp, by job name. */
  private readonly warm = new Map<string, Promise<CreatedJob>>();
  private readonly context: JobContainerContext;
  private network?: Promise<string>;
  private readonly imageIds = new Map<string, string>();

  constructor(
    private readonly engine: Engine,
    identity: RunIdentity,
  ) {
    this.context = { docker: engine.docker, identity, track: (container) => this.containers.add(container) };
  }

  async prepareImages(jobs: readonly Job[], progress: ImageProgress): Promise<Map<string, string>> {
    const images = [...imagesToPrepare(jobs)];
    const ids = await this.guard(Promise.all(images.map(([name, policy]) => ensureImage(this.engine.docker, name, policy, progress))));
    images.forEach(([name], index) => this.imageIds.set(name, ids[index]!));
    return new Map(this.imageIds);
  }

  warmUp(request: JobRequest): void {
    if (this.warm.has(request.job.name) || request.job.image.kind !== 'name') return;
    const image = request.job.image.name;
    const created = this.networkFor(request.job).then((network) => createJobContainer(this.context, request, image, network));
    created.catch(() => undefined); // runJob retries the creation and reports its error.
    this.warm.set(request.job.name, created);
  }

  async runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
    const image = request.job.image;
    if (image.kind !== 'name') {
      throw new Error(`building the job image from ${image.dockerfile} is not supported by this version of localci`);
    }
    let created: CreatedJob | undefined;
    let services: Docker.Container[] = [];
    try {
      const network = await this.guard(this.networkFor(request.job));
      if (network !== undefined) {
        const context = { ...this.context, network, log: (line: string) => io.log('system', line) };
        services = await this.guard(startServices(context, request.job, signal));
      }
      created = await this.guard(this.containerFor(request, image.name, network));
      const exit = await this.guard(runJobContainer(this.context, created, request, io, signal));
      // The id the name resolved to when this run started: the exact image the job ran in.
      return { ...exit, imageId: this.imageIds.get(image.name) };
    } finally {
      // Removal runs in the background so dependents start without waiting for it.
      for (const container of [...services, ...(created ? [created.container] : [])]) this.remove(container);
    }
  }

  /** The run's network, created on first use by a job with services. */
  private networkFor(job: Job): Promise<string | undefined> {
    if (job.services.length === 0) return Promise.resolve(undefined);
    // By name: inspect results key a container's networks by name, not id.
    const name = `localci-${this.context.identity.runId}`;
    this.network ??= this.engine.docker.createNetwork({ Name: name, Labels: runLabels(this.context.identity), CheckDuplicate: true }).then(() => name);
    return this.network;
  }

  async cleanup(): Promise<void> {
    // A warm-up still in flight would register its container after we looked.
    await Promise.allSettled(this.warm.values());
    this.warm.clear();
    for (const container of this.containers) this.remove(container);
    await Promise.all(this.removals);
    // The network goes last: Docker refuses to remove one that containers still use.
    const network = await this.network?.catch(() => undefined);
    if (network) await this.engine.docker.getNetwork(network).remove().catch(() => undefined);
  }

  /** The container warmed up for this job, or a new one when there is none or its set-up failed. */
  private async containerFor(request: JobRequest, imageName: string, network: string | undefined): Promise<CreatedJob> {
    const warm = this.warm.get(request.job.name);
    this.warm.delete(request.job.name);
    const created = await warm?.catch(() => undefined);
    return created ?? createJobContainer(this.context, request, imageName, network);
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
