/**
 * What the scheduler needs from an execution engine. The scheduler never
 * imports dockerode: Docker is one implementation of this interface.
 */
import type { Job } from '../model/pipeline.js';
import type { SourceSnapshot } from '../source/snapshot.js';
import type { SourceTree } from '../source/source-tree.js';
import type { LogStream } from '../run/events.js';

export interface JobIO {
  /** One line of job output; called in order per stream. */
  log(stream: LogStream, line: string): void;
  /** A step begins; lets reporters show which step is running and timers start. */
  stepStarted(index: number): void;
}

export interface JobRequest {
  job: Job;
  /** The run's frozen source tree, copied into /workspace. */
  workspace: SourceSnapshot;
  /** Variables set in the container, already merged and final. */
  env: Record<string, string>;
  /** Host directories of artifacts to copy into /workspace before the steps. */
  artifactsIn: string[];
  /** Host directory that receives the job's declared artifacts when it passes. */
  artifactsOut: string;
  /** `name:address` entries for the container's /etc/hosts (`host-gateway` allowed). */
  extraHosts: string[];
  /** Dependency caches to mount: volumes that outlive the run, by rendered key. */
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
}

export interface Backend {
  /**
   * Makes sure every image exists (pulling per policy); reports progress. Returns image ids by
   * image key (model/image-ref.ts); a build spec has an id here only when its image already exists.
   * `source` is what images built from the project's Dockerfile are built from.
   */
  prepareImages(
    jobs: readonly Job[],
    progress: (image: string, state: 'checking' | 'pulling' | 'ready', detail?: string) => void,
    source?: SourceTree,
  ): Promise<Map<string, string>>;
  /**
   * A hint that this job will probably run soon: the backend may set up its
   * container now, while the jobs it needs are still running. Never required.
   */
  warmUp?(request: JobRequest): void;
  /** Runs one job to completion. Aborting the signal stops and removes its container. */
  runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit>;
  /** Removes everything this run created; safe to call more than once. */
  cleanup(): Promise<void>;
}
