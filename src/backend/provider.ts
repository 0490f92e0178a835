/**
 * A backend provider lives as long as a process or a watch session: it knows
 * how to reach the engine (or engines, or cluster), probes it, removes what
 * crashed runs left there, decides how the workspace reaches jobs and opens a
 * `Backend` per run. The composition root (cli/backend-provider.ts) picks one;
 * the run layer only ever sees this interface.
 */
import type { EnvironmentError } from '../errors.js';
import type { Backend, RunIdentity } from './backend.js';

export interface EngineIdentity {
  /** What to show the user: the engine's address or context, or the cluster. */
  description: string;
  version: string;
  /** True when every job runs on this machine, so a host folder can be mounted into it. */
  local: boolean;
  /**
   * When the engine process started, in ms since the epoch, when the provider can tell: a
   * different value on a later probe means the engine restarted in between.
   */
  startedAt?: number;
}

/** What the reaping of crashed runs removed, by kind of object (containers, volumes, …). */
export type ReapCounts = Record<string, number>;

export interface RunOptions {
  /** The project's root folder (where the provider may remember things about this engine). */
  root: string;
}

export interface BackendProvider {
  /** The backend's name, as `--backend` and config `backend:` spell it. */
  readonly name: string;
  /**
   * How many jobs run at once when the provider decides it (a pool: the sum of its engines'
   * slots), known once `probe` has answered; undefined leaves it to this machine's CPU count.
   * `--concurrency` overrides it.
   */
  readonly slots?: number;
  /**
   * Connects if need be and proves the engine answers; an EnvironmentError (exit 3) says how to
   * fix it when it does not. Every call asks the engine again, so it also tells a restart.
   */
  probe(): Promise<EngineIdentity>;
  /** Removes what crashed runs of this project left on the engine (never a live run's objects). */
  reap(projectId: string): Promise<ReapCounts>;
  /**
   * Why jobs must get the workspace as a copy rather than a mount of the snapshot folder, or
   * undefined when mounting is the way (an engine on this machine that can mount overlays).
   */
  workspaceCopyReason(root: string): Promise<string | undefined>;
  /** The Backend of one run; its `cleanup` removes what the run made. */
  openRun(run: RunIdentity, options: RunOptions): Promise<Backend>;
  /**
   * Calls `listener` once when the connection to the engine breaks (engine stopped or restarted,
   * network gone). The next `probe` connects again. Returns a function that stops listening.
   */
  onLost(listener: (error: EnvironmentError) => void): () => void;
  /** Releases what the provider holds across runs (warm containers, connections). Safe to call twice. */
  close(): Promise<void>;
}
