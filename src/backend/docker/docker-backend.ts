/**
 * The Docker implementation of Backend: images, one container per job, and
 * exact clean-up of everything labelled with this run.
 */
import type Docker from 'dockerode';
import type { Backend, ImageProgress, JobExit, JobIO, JobRequest, RunIdentity } from '../backend.js';
import { imageKey, type BuildSpec } from '../../model/image-ref.js';
import type { ImageRef, Job } from '../../model/pipeline.js';
import type { StepImage } from './step-containers.js';
import type { SourceTree } from '../../source/source-tree.js';
import { ImageBuilds, type ImageBuild } from './build-image.js';
import { hostBuildNetwork } from './build-network.js';
import type { KnownImages } from './deferred-backend.js';
import { engineUnreachable, guardConnection, isConnectionError, type Engine } from './connect.js';
import { ensureImage, imagesToPrepare, jobImages } from './images.js';
import { copyWorkspace, createJobContainer, launchThroughStdin, runJobContainer, type CreatedJob, type JobContainerContext } from './job-container.js';
import { stepCommand } from './step-script.js';
import { WarmPool } from './warm-pool.js';
import { runLabels } from './labels.js';
import { startServices } from './services.js';
import { isMountFailure } from './workspace-volumes.js';

export interface DockerRunOptions {
  /** Containers started ahead of need (watch mode); it outlives this run. */
  pool?: WarmPool;
  /** Told once when the engine refuses to mount a job's overlay (later runs then copy at once). */
  onMountRefused?: (message: string) => void;
  /** Image ids this run already read (deferred-backend.ts): jobs run in exactly these. */
  knownImages?: KnownImages;
}

export class DockerBackend implements Backend {
  private readonly containers = new Set<Docker.Container>();
  /** Workspace volumes not removed yet. */
  private readonly volumes = new Set<string>();
  private readonly removals = new Set<Promise<unknown>>();
  /** Containers being made for jobs that run now: warm-ups wait for them rather than compete. */
  private readonly launching = new Set<Promise<unknown>>();
  /** Containers set up ahead of time by warmUp, by job name. */
  private readonly warm = new Map<string, Promise<CreatedJob>>();
  private readonly context: JobContainerContext;
  private network?: Promise<string>;
  private readonly imageIds = new Map<string, string>();
  private readonly builds: ImageBuilds;
  /** Builds from the project's Dockerfile, by image key; their failures are the jobs' failures. */
  private readonly buildsByKey = new Map<string, Promise<ImageBuild>>();
  private source?: SourceTree;
  /** Set when the engine could not mount a job's overlay: later jobs get the workspace as a tar. */
  private mountFailure?: string;
  private readonly pool?: WarmPool;
  private readonly onMountRefused?: (message: string) => void;

  constructor(
    private readonly engine: Engine,
    identity: RunIdentity,
    options: DockerRunOptions = {},
  ) {
    this.pool = options.pool;
    this.onMountRefused = options.onMountRefused;
    this.context = {
      docker: engine.docker,
      identity,
      track: (container) => this.containers.add(container),
      trackVolumes: (names) => names.forEach((name) => this.volumes.add(name)),
      stepImage: (image, log, signal) => this.stepImage(image, log, signal),
    };
    this.builds = new ImageBuilds(engine.docker, identity.projectId, hostBuildNetwork());
    for (const [name, id] of options.knownImages?.ids ?? []) this.imageIds.set(name, id);
    this.source = options.knownImages?.source;
  }

  /**
   * Named images must be present before any job starts. Build specs are resolved
   * here too: an image already built from the same content is reused and its id
   * is known up front (so the job cache can key on it); a needed build starts now
   * but is awaited only by the jobs that use it, which fail if it fails.
   */
  async prepareImages(jobs: readonly Job[], progress: ImageProgress, source?: SourceTree): Promise<Map<string, string>> {
    this.source = source;
    const specs = new Map(jobs.flatMap(jobImages).flatMap((image) => (image.kind === 'build' ? [[imageKey(image), image] as const] : [])));
    const decided = [...specs].map(async ([key, spec]) => {
      const reusedId = await (await this.buildFor(key, spec)).reusedId;
      if (reusedId !== undefined) this.imageIds.set(key, reusedId);
    });
    const images = [...imagesToPrepare(jobs)];
    const ids = await this.guard(Promise.all(images.map(([name, policy]) => ensureImage(this.engine.docker, name, policy, progress))));
    images.forEach(([name], index) => this.imageIds.set(name, ids[index]!));
    await Promise.all(decided);
    return new Map(this.imageIds);
  }

  private buildFor(key: string, spec: BuildSpec): Promise<ImageBuild> {
    let build = this.buildsByKey.get(key);
    if (!build) {
      if (!this.source) throw new Error('prepareImages needs the source tree to build images from a Dockerfile');
      build = this.builds.start(this.source, spec);
      this.buildsByKey.set(key, build);
    }
    return build;
  }

  /** A container step's image: named ones are present since prepareImages; a build is awaited (its output in the job's log). */
  private async stepImage(image: ImageRef, log: (line: string) => void, signal: AbortSignal): Promise<StepImage> {
    if (image.kind === 'name') return { name: image.name };
    const build = await this.buildFor(imageKey(image), image);
    const outcome = await Promise.race([build.follow(log), aborted(signal)]);
    if (outcome === undefined) return { failure: 'cancelled while the image was building' };
    if (outcome.ok) return { name: outcome.tag };
    if (isConnectionError(outcome.cause)) throw engineUnreachable(this.engine.address, outcome.cause);
    return { failure: `image build failed: ${outcome.message}` };
  }

  warmUp(request: JobRequest): void {
    if (this.warm.has(request.job.name) || request.job.image.kind !== 'name' || this.pool?.has(request)) return;
    const image = request.job.image.name;
    const planned = this.mountFailure === undefined ? request : asTar(request);
    // Low priority: made while the jobs it needs run, but after their own containers (~80 ms off the first job).
    const first = Promise.allSettled([...this.launching]);
    const created = first.then(() => this.networkFor(request.job)).then((network) => createJobContainer(this.context, planned, image, network));
    created.catch(() => undefined); // runJob retries the creation and reports its error.
    this.warm.set(request.job.name, created);
  }

  async runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
    const planned = this.mountFailure === undefined ? request : asTar(request);
    try {
      return await this.runJobOnce(planned, io, signal);
    } catch (error) {
      if (planned.workspace.folder === undefined || !isMountFailure(error) || signal.aborted) throw error;
      // The engine can't mount this machine's folders after all (a VM, an unusual file system): copy instead.
      this.mountFailure = error instanceof Error ? error.message : String(error);
      this.onMountRefused?.(this.mountFailure);
      io.log('system', 'the engine could not mount the workspace overlay; copying the workspace into containers instead');
      return this.runJobOnce(asTar(request), io, signal);
    }
  }

  private async runJobOnce(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
    const image = request.job.image;
    let imageName: string;
    let imageId: string | undefined;
    if (image.kind === 'build') {
      const build = await this.buildFor(imageKey(image), image);
      // Ctrl-C or a timeout need not wait for the build: the scheduler sees the aborted signal.
      const outcome = await Promise.race([build.follow((line) => io.log('system', line)), aborted(signal)]);
      if (outcome === undefined) return { exitCode: 1, reason: 'cancelled while the image was building' };
      if (!outcome.ok) {
        if (isConnectionError(outcome.cause)) throw engineUnreachable(this.engine.address, outcome.cause);
        // The builder's own message; a failed build is this job's failure (exit 1), not an environment error.
        io.log('system', `image build failed: ${outcome.message}`);
        return { exitCode: 1, reason: `image build failed: ${outcome.message}` };
      }
      imageName = outcome.tag;
      imageId = outcome.id;
    } else {
      imageName = image.name;
      // The id the name resolved to when this run started: the exact image the job ran in.
      imageId = this.imageIds.get(image.name);
    }
    let created: CreatedJob | undefined;
    let services: Docker.Container[] = [];
    try {
      const network = await this.guard(this.networkFor(request.job));
      if (network !== undefined) {
        const context = { ...this.context, network, log: (line: string) => io.log('system', line) };
        services = await this.guard(startServices(context, request.job, signal));
      }
      const pooled = this.pool && WarmPool.suits(request) ? await this.pool.take(request) : undefined;
      let exit: JobExit;
      if (pooled) {
        // Started ahead (watch mode): fill it through the API and run the steps as an exec.
        this.containers.add(pooled.container);
        // One copy for the tree and the layers where it can (each API call is a round trip on the save's critical path).
        this.containers.add(pooled.container);
        const layersToCopy = await this.guard(copyWorkspace(pooled.container, request, { withAbove: true }));
        created = { container: pooled.container, command: stepCommand(request.job.steps), volumes: [], layersToCopy };
        exit = await this.guard(runJobContainer(this.context, created, request, io, signal, launchThroughStdin(this.context, pooled, created.command, request.env)));
      } else {
        const making = this.containerFor(request, imageName, network);
        this.launching.add(making);
        created = await this.guard(making.finally(() => this.launching.delete(making)));
        exit = await this.guard(runJobContainer(this.context, created, request, io, signal));
      }
      return { ...exit, imageId };
    } finally {
      // Removal runs in the background so dependents start without waiting for it.
      for (const container of services) this.remove(container);
      if (created) this.remove(created.container, created.volumes);
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
    // Volumes whose container was never made; overlays first, as they use the others.
    const left = [...this.volumes].sort((a, b) => Number(b.endsWith('-ws')) - Number(a.endsWith('-ws')));
    this.volumes.clear();
    for (const name of left) await this.engine.docker.getVolume(name).remove().catch(() => undefined);
    // The network goes last: Docker refuses to remove one that containers still use.
    const network = await this.network?.catch(() => undefined);
    if (network) await this.engine.docker.getNetwork(network).remove().catch(() => undefined);
  }

  /** The container warmed up for this job, or a new one when there is none or its set-up failed. */
  private async containerFor(request: JobRequest, imageName: string, network: string | undefined): Promise<CreatedJob> {
    const warm = this.warm.get(request.job.name);
    this.warm.delete(request.job.name);
    const created = await warm?.catch(() => undefined);
    // Made ahead with an overlay that the engine turned out unable to mount: not usable.
    if (created && created.volumes.length > 0 && request.workspace.folder === undefined) this.remove(created.container, created.volumes);
    else if (created) return created;
    return createJobContainer(this.context, request, imageName, network);
  }

  private remove(container: Docker.Container, volumes: readonly string[] = []): void {
    if (!this.containers.delete(container)) return;
    const removal = container
      .remove({ force: true, v: true })
      .catch(() => undefined)
      .then(async () => {
        for (const name of volumes) {
          await this.engine.docker.getVolume(name).remove().catch(() => undefined);
          this.volumes.delete(name);
        }
      })
      .finally(() => this.removals.delete(removal));
    this.removals.add(removal);
  }

  /** Turns a lost engine connection into the one environment error users see. */
  private guard<T>(work: Promise<T>): Promise<T> {
    return guardConnection(this.engine.address, work);
  }
}

/** The same job with the workspace copied in rather than mounted. */
function asTar(request: JobRequest): JobRequest {
  return request.workspace.folder === undefined ? request : { ...request, workspace: { ...request.workspace, folder: undefined, extraMounts: [] } };
}

/** Resolves (with undefined) when the signal aborts. */
function aborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}
