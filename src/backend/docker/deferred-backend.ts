/**
 * A run's Docker backend that loads dockerode only once a job really runs.
 * Until then it answers from the engine's socket (engine-api.ts): a run whose
 * jobs are all cached asks only for image ids, which is all the cache needs.
 * Anything it cannot answer that way (a missing image to pull, an image built
 * from a Dockerfile, `pull: always`) goes to the full backend at once.
 */
import type { Backend, ImageProgress, JobExit, JobIO, JobRequest } from '../backend.js';
import type { Job } from '../../model/pipeline.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { EngineApi } from './engine-api.js';
import { imagesToPrepare } from './images.js';

/** Images whose ids the run already read, and the source a later build would use. */
export interface KnownImages {
  ids: ReadonlyMap<string, string>;
  source?: SourceTree;
}

export class DeferredBackend implements Backend {
  private full?: Promise<Backend>;
  private known?: KnownImages;

  constructor(
    private readonly api: EngineApi,
    /** Opens the full backend, handing it the image ids this run already read (jobs must run in exactly those). */
    private readonly open: (known: KnownImages | undefined) => Promise<Backend>,
  ) {}

  async prepareImages(jobs: readonly Job[], progress: ImageProgress, source?: SourceTree): Promise<Map<string, string>> {
    const ids = jobs.some((job) => job.image.kind === 'build') ? undefined : await this.presentImages(jobs, progress);
    if (ids === undefined) return (await this.backend()).prepareImages(jobs, progress, source);
    this.known = { ids, source };
    return new Map(ids);
  }

  /** Starts loading the full backend while the run makes the workspace. */
  willRunJobs(): void {
    this.backend().catch(() => undefined);
  }

  warmUp(request: JobRequest): void {
    this.backend().then((backend) => backend.warmUp?.(request), () => undefined);
  }

  async runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
    return (await this.backend()).runJob(request, io, signal);
  }

  async cleanup(): Promise<void> {
    // Nothing was made on the engine unless the full backend was opened.
    await (await this.full?.catch(() => undefined))?.cleanup();
  }

  private backend(): Promise<Backend> {
    this.full ??= this.open(this.known);
    return this.full;
  }

  /**
   * The ids of named images that are present and need no pull, or undefined when any is
   * missing, must be pulled anyway, or the socket does not answer: the full backend decides then.
   */
  private async presentImages(jobs: readonly Job[], progress: ImageProgress): Promise<Map<string, string> | undefined> {
    const images = [...imagesToPrepare(jobs)];
    if (images.some(([, policy]) => policy === 'always')) return undefined;
    for (const [name] of images) progress(name, 'checking');
    const ids = await Promise.all(images.map(([name]) => this.api.imageId(name).catch(() => undefined)));
    if (ids.some((id) => id === undefined)) return undefined;
    for (const [name] of images) progress(name, 'ready');
    return new Map(images.map(([name], index) => [name, ids[index]!]));
  }
}
