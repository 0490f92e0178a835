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
import { connectEngineAt, engineUnreachable, pingEngine, PING_TIMEOUT_MS, type Engine } from './connect.js';
import { DeferredBackend, type KnownImages } from './deferred-backend.js';
import { resolveEngineAddress, type EngineAddress } from './engine-address.js';
import { EngineApi } from './engine-api.js';
import { hasLeftovers, reapLeftovers } from './reaper.js';
import type { WarmPool } from './warm-pool.js';
import { rememberMountRefusal, workspaceCopyReason } from './workspace-mode.js';

export interface DockerProviderOptions {
  /** Where DOCKER_HOST, DOCKER_CONTEXT and the TLS variables are read (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** This engine instead of the one the environment names (an engine of a pool). */
  address?: EngineAddress;
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
  private resolved?: { address: EngineAddress; api?: EngineApi };
  /** The engine's version as the socket last told it: connecting dockerode then needs no second ping. */
  private answered?: { version: string; apiVersion: string };
  /** Runs of this process whose clean-up is over: anything of theirs still there is a leftover. */
  private readonly endedRuns = new Set<string>();

  constructor(private readonly options: DockerProviderOptions = {}) {}

  /** The connected engine, connecting on first use and again after the connection broke. */
  engine(): Promise<Engine> {
    if (!this.connection) {
      this.fresh = true;
      const connecting = connectEngineAt(this.where().address, this.answered);
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
    const { address, api } = this.where();
    if (api) return this.probeSocket(address, api);
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
    return this.probed({ description: engine.address.description, version: engine.version, local: engine.address.local, startedAt: socketCreatedAt(engine.address) });
  }

  /** A restarted engine stopped the warm containers: the pool learns it before the run reaps. */
  private probed(identity: EngineIdentity): EngineIdentity {
    this.pool?.engineStarted(identity.startedAt);
    return identity;
  }

  async reap(projectId: string): Promise<ReapCounts> {
    // Leftovers are rare: a look on the socket decides whether dockerode is needed to remove them.
    const { api } = this.where();
    if (api && !(await hasLeftovers(api, projectId, this.endedRuns).catch(() => true))) return { containers: 0, networks: 0, volumes: 0 };
    return { ...(await reapLeftovers((await this.engine()).docker, projectId, this.endedRuns)) };
  }

  async workspaceCopyReason(root: string): Promise<string | undefined> {
    return workspaceCopyReason(this.where().address, root);
  }

  async openRun(run: RunIdentity, options: RunOptions): Promise<Backend> {
    const { api } = this.where();
    const backend = api ? new DeferredBackend(api, (known) => this.openDockerBackend(run, options, known)) : await this.openDockerBackend(run, options);
    return endsRun(backend, () => this.endedRuns.add(run.runId));
  }

  /**
   * The job-running backend and the warm pool are loaded here, not at start-up: a run whose
   * jobs are all cached never needs them (with the archive, build and container code they pull
   * in, a fifth of the CLI's modules).
   */
  private async openDockerBackend(run: RunIdentity, options: RunOptions, knownImages?: KnownImages): Promise<Backend> {
    const [engine, { DockerBackend }, { WarmPool }] = await Promise.all([this.engine(), import('./docker-backend.js'), import('./warm-pool.js')]);
    if (this.options.keepWarm) this.pool ??= new WarmPool(run.projectId, (runId) => this.endedRuns.add(runId));
    this.pool?.use(engine.docker, socketCreatedAt(engine.address));
    return new DockerBackend(engine, run, {
      pool: this.pool,
      knownImages,
      onMountRefused: (message) => void rememberMountRefusal(engine.address, options.root, message).catch(() => undefined),
    });
  }

  /** The engine's address, and the socket client when it is on this machine's unix socket. */
  private where(): { address: EngineAddress; api?: EngineApi } {
    if (!this.resolved) {
      const address = this.options.address ?? resolveEngineAddress(this.options.env);
      this.resolved = { address, api: EngineApi.forAddress(address) };
    }
    return this.resolved;
  }

  /** Every probe asks the engine again, so a stopped or restarted engine shows at once. */
  private async probeSocket(address: EngineAddress, api: EngineApi): Promise<EngineIdentity> {
    try {
      this.answered = await api.version(PING_TIMEOUT_MS);
    } catch (error) {
      if (this.connected) this.dropConnection(this.connected);
      throw engineUnreachable(address, error);
    }
    return this.probed({ description: address.description, version: this.answered.version, local: address.local, startedAt: socketCreatedAt(address) });
  }

  onLost(listener: LostListener): () => void {
    this.lostListeners.add(listener);
    // Probes on the socket make no lasting connection: the event stream needs one.
    if (!this.connection) this.engine().catch(() => undefined);
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
    // Its containers went with the connection's engine, or will be checked on the next one.
    this.pool?.forget();
  }
}

/** The backend, noting when its run's clean-up is over (whether or not the engine answered). */
function endsRun(backend: Backend, ended: () => void): Backend {
  const cleanup = backend.cleanup.bind(backend);
  backend.cleanup = () => cleanup().finally(ended);
  return backend;
}

/**
 * dockerd makes its socket when it starts, so the socket's change time tells a restarted engine
 * from the same one; the API has no start time to ask for. Unknown for engines elsewhere.
 */
function socketCreatedAt(address: EngineAddress): number | undefined {
  const socketPath = address.options?.socketPath ?? (address.options === undefined ? '/var/run/docker.sock' : undefined);
  if (!address.local || !socketPath) return undefined;
  try {
    return statSync(socketPath).ctimeMs;
  } catch {
    return undefined;
  }
}
