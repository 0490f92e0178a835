/**
 * What a run needs from an execution engine, said in the run's own terms: a
 * job, its workspace and read-only layers, its variables and what it must be
 * able to reach. The run layer never imports dockerode: Docker (one engine or
 * several) and Swarm implement this interface, and a provider (provider.ts)
 * opens one Backend per run.
 */
import type { Job } from '../model/pipeline.js';
import type { SourceSnapshot } from '../source/snapshot.js';
import type { SourceTree } from '../source/source-tree.js';
import type { Annotation, LogStream } from '../run/events.js';

/** The name a job reaches services on the developer's machine by, when it asks to (`reachHost`). */
export const HOST_ALIAS = 'host.docker.internal';

export interface RunIdentity {
  runId: string;
  /** Stable id of the project checkout: name plus a hash of its path (model/project-id.ts). */
  projectId: string;
}

export interface JobIO {
  /**
   * One line of job output; called in order per stream. `continues` when the line was too long
   * and was cut: the next call for the same stream goes on with it (masking carries text across).
   */
  log(stream: LogStream, line: string, continues?: boolean): void;
  /** A step begins; lets reporters show which step is running and timers start. */
  stepStarted(index: number): void;
  /** Something about the job the user should fix although it passed (an artifact that matched nothing). */
  warn(message: string, hint?: string): void;
  /** An `::error` / `::warning` / `::notice` the job printed; called by the run layer's text gate only (run/masked-job.ts). */
  annotate?(annotation: Annotation): void;
  /** A step's summary (`$GITHUB_STEP_SUMMARY`, Markdown), masked; called by the run layer's text gate only. */
  summarize?(markdown: string): void;
  /** The job said it is skipped (its `if:` is false at run time, model/job-skip-marker.ts); called by the run layer's text gate only. */
  skip?(reason: string): void;
}

/**
 * A read-only host folder that mirrors /workspace: its files appear in the job's workspace at
 * the same paths. It exists by the time the job starts (a warm-up may come earlier) and does
 * not change while a job that uses it runs.
 */
export interface WorkspaceLayer {
  dir: string;
  /** `artifacts` of an upstream job, a dependency `install` layer, or a fetched GitHub `action`. */
  kind: 'artifacts' | 'install' | 'action';
  /** Whose layer: the upstream job's name, or the install layer's key (for messages, and for backends that ship layers). */
  name: string;
  /** Below the source tree (the source's files win) or above it (the layer's files win). */
  placement: 'below-source' | 'above-source';
}

export interface JobRequest {
  job: Job;
  /** The run's frozen source tree, the job's /workspace. */
  workspace: SourceSnapshot;
  /** Read-only layers stacked with the source into /workspace, lowest first. */
  layers: WorkspaceLayer[];
  /** Variables set in the container, already merged and final. */
  env: Record<string, string>;
  /** Host directory that receives the job's declared artifacts when it passes. */
  artifactsOut: string;
  /**
   * An artifact link that points out of the workspace: `fail` (default) fails the job;
   * `leave-out` (an install layer) leaves the link out with a warning. Never kept.
   */
  outsideLinks?: 'fail' | 'leave-out';
  /**
   * Host directory that receives the job's report files after it ends, passed or failed:
   * what `job.reports.junit` matched under `junit/`, the coverage file under `coverage/`,
   * both mirroring /workspace. Unused when the job declares no reports.
   */
  reportsOut: string;
  /** The job must reach the developer's machine as HOST_ALIAS (a proxy on the host's loopback). */
  reachHost: boolean;
  /** Dependency caches to mount: storage that outlives the run, by rendered key. */
  caches: Array<{ key: string; target: string }>;
}

export interface JobExit {
  /** 0 when every step passed, otherwise the failing step's exit code. */
  exitCode: number;
  /** Index of the failing step, when one failed. */
  failedStep?: number;
  imageId?: string;
  /** Set when the engine itself ended the job (out of memory, …). */
  reason?: string;
  /** Which engine ran the job, when the backend has several (a pool). */
  engine?: string;
  /**
   * The engine went away while the job ran (one engine of a pool): the job failed for that
   * reason (`reason` says it in one sentence), the other jobs go on elsewhere, and the run
   * ends as an environment error (exit 3).
   */
  engineLost?: boolean;
}

export type ImageProgress = (image: string, state: 'checking' | 'pulling' | 'ready', detail?: string) => void;

export interface Backend {
  /**
   * Makes sure every image exists (pulling per policy); reports progress. Returns image ids by
   * image key (model/image-ref.ts); a build spec has an id here only when its image already exists.
   * `source` is what images built from the project's Dockerfile are built from.
   */
  prepareImages(jobs: readonly Job[], progress: ImageProgress, source?: SourceTree): Promise<Map<string, string>>;
  /**
   * A hint that this job will probably run soon: the backend may set up its
   * container now, while the jobs it needs are still running. Never required.
   */
  warmUp?(request: JobRequest): void;
  /**
   * Called once the run knows some job will run (not every one was cached): a backend that
   * put off its heavier set-up starts it now, while the run makes the workspace. Never required.
   */
  willRunJobs?(): void;
  /**
   * Runs one job to completion. Aborting the signal stops it and removes what it used.
   * An engine that cannot be reached is an EnvironmentError (it ends the run with exit 3).
   */
  runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit>;
  /** Removes everything this run created; safe to call more than once. */
  cleanup(): Promise<void>;
}

/** Layers under the source tree, then over it, each lowest first. */
export function layersAround(layers: readonly WorkspaceLayer[]): { below: WorkspaceLayer[]; above: WorkspaceLayer[] } {
  return { below: layers.filter((layer) => layer.placement === 'below-source'), above: layers.filter((layer) => layer.placement === 'above-source') };
}
