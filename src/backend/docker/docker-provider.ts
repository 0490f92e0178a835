/**
 * The provider for one Docker engine (DOCKER_HOST, the docker context, or the
 * local socket): one connection per process or watch session, the reaping of
 * crashed runs, the decision between mounting the snapshot folder and copying
 * it, the warm containers watch mode keeps between runs, and the news that the
 * engine went away.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Backend, RunIdentity } from '../backend.js';
import type { BackendProvider, EngineIdentity, ReapCounts, RunOptions } from '../provider.js';
import type { EnvironmentError } from '../../errors.js';
import { connectEngine, engineUnreachable, pingEngine, type Engine } from './connect.js';
import { DockerBackend } from './docker-backend.js';
import { reapLeftovers } from './reaper.js';
import { WarmPool } from './warm-pool.js';
import { rememberMountRefusal, workspaceCopyReason } from './workspace-mode.js';

export interface DockerProviderOptions {
  /** Where DOCKER_HOST, DOCKER_CONTEXT and the TLS variables are read (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** Keep a started container per job shape between runs (watch mode's `watch.keepContainers`). */
  keepWarm?: boolean;
}

type LostListener = (error: EnvironmentError) => void;

export class DockerProvider implements BackendProvider {
  readonly name = 'docker';
  private connection?: Promise<Engine>;
  private connected?: Engine;
  /** True once the current connection has been pinged by a probe (the connect itself pings). */
  private fresh = false;
  private pool?: WarmPool;
  private readonly lostListeners = new Set<LostListener>();
  /** The engine's event stream, open while someone listens for a lost connection. */
  private events?: IncomingMessage;
  private closed = false;

  constructor(private readonly options: DockerProviderOptions = {}) {}

  /** The connected engine, connecting on first use and again after the connection broke. */
  engine(): Promise<Engine> {
    if (!this.connection) {
      this.fresh = true;
      const connecting = connectEngine(this.options.env);
      this.connection = connecting;
      connecting.then(
        (engine) => {
          if (this.connection === connecting) this.connected = engine;
          this.watchConnection();
        },
        () => {
          if (this.connection === connecting) this.connection = undefined;
        },
      );
    }
    return this.connection;
  }

  async probe(): Promise<EngineIdentity> {
    const engine = await this.engine();
    if (this.fresh) this.fresh = false;
    else {
      try {
        Object.assign(engine, await pingEngine(engine.docker, engine.address));
      } catch (error) {
        this.dropConnection(engine);
        throw error;
      }
    }
    return { description: engine.address.description, version: engine.version, local: engine.address.local, startedAt: socketCreatedAt(engine) };
  }

  async reap(projectId: string): Promise<ReapCounts> {
    return { ...(await reapLeftovers((await this.engine()).docker, projectId)) };
  }

  async workspaceCopyReason(root: string): Promise<string | undefined> {
    return workspaceCopyReason((await this.engine()).address, root);
  }

  async openRun(run: RunIdentity, options: RunOptions): Promise<Backend> {
    const engine = await this.engine();
    if (this.options.keepWarm) this.pool ??= new WarmPool(run.projectId);
    this.pool?.use(engine.docker);
    return new DockerBackend(engine, run, {
      pool: this.pool,
      onMountRefused: (message) => void rememberMountRefusal(engine.address, options.root, message).catch(() => undefined),
    });
  }

  onLost(listener: LostListener): () => void {
    this.lostListeners.add(listener);
    this.watchConnection();
    return () => {
      this.lostListeners.delete(listener);
      if (this.lostListeners.size === 0) this.stopWatching();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lostListeners.clear();
    this.stopWatching();
    await this.pool?.drain();
  }

  /**
   * A connection to the engine's event stream, kept open while someone listens: it ends when the
   * engine stops, restarts or becomes unreachable, which is the earliest sign there is.
   */
  private watchConnection(): void {
    const connection = this.connection;
    if (this.events || this.lostListeners.size === 0 || !connection || this.closed) return;
    void connection.then(async (engine) => {
      if (this.events || this.connection !== connection || this.lostListeners.size === 0 || this.closed) return;
      // Daemon events are rare (a configuration reload): the stream stays quiet until it ends.
      const stream = (await engine.docker.getEvents({ filters: { type: ['daemon'] } }).catch(() => undefined)) as IncomingMessage | undefined;
      if (!stream) return this.lost(engine, undefined);
      if (this.events || this.closed || this.lostListeners.size === 0) return void stream.destroy();
      this.events = stream;
      // Listening must not keep a process alive that has nothing else to do.
      stream.socket?.unref();
      stream.resume();
      let ended = false;
      const end = (error?: unknown) => {
        if (ended) return;
        ended = true;
        if (this.events === stream) this.events = undefined;
        if (!stream.destroyed) stream.destroy();
        if (!this.closed && this.lostListeners.size > 0) this.lost(engine, error);
      };
      stream.once('end', () => end());
      stream.once('close', () => end());
      stream.once('error', (error) => end(error));
    });
  }

  private stopWatching(): void {
    const stream = this.events;
    this.events = undefined;
    // Removed first, so our own close is not taken for a lost engine.
    stream?.removeAllListeners('close').removeAllListeners('end').removeAllListeners('error').on('error', () => undefined);
    stream?.destroy();
  }

  private lost(engine: Engine, cause: unknown): void {
    this.dropConnection(engine);
    const error = engineUnreachable(engine.address, cause ?? Object.assign(new Error('the connection closed'), { code: 'ECONNRESET' }));
    for (const listener of [...this.lostListeners]) listener(error);
  }

  /** The next use connects again (the engine may come back, perhaps as a new process). */
  private dropConnection(engine: Engine): void {
    if (this.connected !== engine) return;
    this.connected = undefined;
    this.connection = undefined;
  }
}

/**
 * dockerd makes its socket when it starts, so the socket's change time tells a restarted engine
 * from the same one; the API has no start time to ask for. Unknown for engines elsewhere.
 */
function socketCreatedAt(engine: Engine): number | undefined {
  const socketPath = engine.address.options?.socketPath ?? (engine.address.options === undefined ? '/var/run/docker.sock' : undefined);
  if (!engine.address.local || !socketPath) return undefined;
  try {
    return statSync(socketPath).ctimeMs;
  } catch {
    return undefined;
  }
}
