/**
 * One run on a pool of engines: each job goes to the engine with a free slot
 * (engine-slots.ts), with its images made present there (image-placement.ts);
 * each engine's own Docker backend runs it, the workspace and upstream
 * artifacts travelling as tar copies and the artifacts coming back to this
 * machine. An engine that goes away fails the jobs it was running, with a
 * sentence naming it; jobs not placed yet go to the engines left.
 */
import type { Backend, ImageProgress, JobExit, JobIO, JobRequest } from '../backend.js';
import type { RunIdentity } from '../backend.js';
import type { Job } from '../../model/pipeline.js';
import type { SourceTree } from '../../source/source-tree.js';
import { EnvironmentError, LocalciError } from '../../errors.js';
import { EngineSlots } from './engine-slots.js';
import { ImagePlacement } from './image-placement.js';
import type { PoolMember } from './pool-engine.js';
import type { RunOptions } from '../provider.js';

export class PoolBackend implements Backend {
  private readonly slots: EngineSlots;
  private readonly backends = new Map<number, Promise<Backend>>();
  /** Resolves with the news when an engine goes away, by engine index. */
  private readonly losses: Array<Promise<EnvironmentError>>;
  private readonly stopListening: Array<() => void> = [];
  private placement?: ImagePlacement;
  private source?: SourceTree;
  private ids: ReadonlyMap<string, string> = new Map();
  /** The engine whose image ids the run uses. */
  private home = 0;
  private readonly ready = new Map<number, Promise<Backend>>();

  constructor(
    private readonly engines: readonly PoolMember[],
    slots: readonly number[],
    private readonly run: RunIdentity,
    private readonly options: RunOptions,
  ) {
    this.slots = new EngineSlots(slots);
    this.losses = engines.map(
      (engine, index) =>
        new Promise<EnvironmentError>((resolve) => {
          this.stopListening.push(
            engine.provider.onLost((error) => {
              this.slots.drop(index, everyEngineGone(engine));
              resolve(error);
            }),
          );
        }),
    );
  }

  /**
   * The first engine, in the listed order, that has or can get every image resolves the run's
   * images (their ids key the job cache); the others get them as their jobs need them.
   */
  async prepareImages(jobs: readonly Job[], progress: ImageProgress, source?: SourceTree): Promise<Map<string, string>> {
    this.source = source;
    let firstError: unknown;
    for (const index of this.engines.keys()) {
      try {
        this.ids = await (await this.opened(index)).prepareImages(jobs, progress, source);
      } catch (error) {
        // Only a missing image sends the run to the next engine; a broken Dockerfile is the same everywhere.
        if (!(error instanceof LocalciError && error.exitCode === 3)) throw error;
        firstError ??= error;
        continue;
      }
      this.home = index;
      const engines = this.engines.map((engine, at) => ({ name: engine.name, docker: () => engine.docker(), isGone: () => this.slots.isGone(at) }));
      this.placement = new ImagePlacement(engines, index, this.ids);
      return new Map(this.ids);
    }
    // Said of the first engine (usually this machine's), with the pool named: not "this machine" alone.
    const { message, hint } = firstError as LocalciError;
    throw new EnvironmentError(`No engine of the pool has every image the run needs; on ${this.engines[0]!.name}: ${message}`, hint);
  }

  willRunJobs(): void {
    for (const index of this.engines.keys()) this.opened(index).then((backend) => backend.willRunJobs?.(), () => undefined);
  }

  async runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
    const lease = await this.slots.acquire(signal);
    const engine = this.engines[lease.engine]!;
    // A job whose engine went away ends at once; whatever its backend still says is dropped.
    let over = false;
    const quiet: JobIO = { ...io, log: (...line) => !over && io.log(...line), stepStarted: (index) => !over && io.stepStarted(index), warn: (...warning) => !over && io.warn(...warning) };
    const stop = new AbortController();
    const running = (async () => {
      const backend = await this.backendOn(lease.engine);
      const job = await this.placement!.place(lease.engine, request.job, (line) => quiet.log('system', line));
      return backend.runJob({ ...request, job }, quiet, AbortSignal.any([signal, stop.signal]));
    })();
    running.catch(() => undefined);
    try {
      const outcome = await Promise.race([
        running.then((exit) => ({ exit }), (error: unknown) => ({ error })),
        this.losses[lease.engine]!.then((lost) => ({ lost })),
      ]);
      if ('exit' in outcome) return { ...outcome.exit, engine: engine.name, imageId: outcome.exit.imageId ?? this.runImageId(request.job) };
      if ('error' in outcome && !(await this.lostWith(lease.engine, outcome.error))) throw outcome.error;
      over = true;
      stop.abort();
      return { exitCode: 1, engine: engine.name, engineLost: true, reason: `engine ${engine.name} of the pool went away while the job ran` };
    } finally {
      lease.release();
    }
  }

  async cleanup(): Promise<void> {
    for (const stop of this.stopListening.splice(0)) stop();
    // An engine that went away keeps what the run made there: the next run's reaping removes it.
    const live = [...this.backends].filter(([index]) => !this.slots.isGone(index));
    await Promise.allSettled(live.map(async ([, backend]) => (await backend).cleanup()));
  }

  /** The engine's own backend for this run, opened on first use. */
  private opened(index: number): Promise<Backend> {
    let backend = this.backends.get(index);
    if (!backend) {
      backend = this.engines[index]!.provider.openRun(this.run, this.options);
      this.backends.set(index, backend);
    }
    return backend;
  }

  /** The engine's backend ready for jobs: one other than the home engine learns the source it builds project images from. */
  private backendOn(index: number): Promise<Backend> {
    let backend = this.ready.get(index);
    if (!backend) {
      backend = this.opened(index).then(async (opened) => {
        if (index !== this.home) await opened.prepareImages([], () => undefined, this.source);
        return opened;
      });
      this.ready.set(index, backend);
    }
    return backend;
  }

  /**
   * An environment error from a job's engine means that engine went away when the engine no
   * longer answers; any other error (an image missing everywhere) ends the run as before.
   */
  private async lostWith(index: number, error: unknown): Promise<boolean> {
    if (this.slots.isGone(index)) return true;
    if (!(error instanceof LocalciError && error.exitCode === 3)) return false;
    const answers = await this.engines[index]!.provider.probe().then(() => true, () => false);
    if (!answers) this.slots.drop(index, everyEngineGone(this.engines[index]!));
    return !answers;
  }

  /** The id a job on another engine ran in: it names its image by that id there, which its backend does not map back. */
  private runImageId(job: Job): string | undefined {
    return job.image.kind === 'name' ? this.ids.get(job.image.name) : undefined;
  }
}

function everyEngineGone(last: PoolMember): EnvironmentError {
  return new EnvironmentError(`Every engine of the pool went away (the last: ${last.name}).`, 'Check that the engines are up and reachable (`ci doctor` lists them).');
}
