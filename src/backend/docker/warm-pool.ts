/**
 * Containers started ahead of need, for watch mode (`watch.keepContainers`).
 * A container start costs ~200 ms, most of a save-to-feedback loop; a pool
 * keeps one idle, already running container per job shape, waiting for its
 * script on stdin (attached when it was started), and a run fills it through
 * the API and writes the script: no `exec`, whose create-and-start costs two
 * round trips and a runc call on every save. Every container still serves
 * exactly one run and is removed after it, so no state leaks from one save to
 * the next: when one is taken, the next is started in the background.
 */
import { hasContainerSteps } from './shared-volumes.js';
import type Docker from 'dockerode';
import type { JobRequest } from '../backend.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import { jobHostConfig } from './job-container.js';
import { runLabels, type RunIdentity } from './labels.js';

/** Above this many files, a pooled container is not worth it (see `suits`). */
const POOLED_FILES_MAX = 2000;

/** Waits for the whole script on stdin, then runs it: a pooled container does nothing until taken. */
const AWAIT_SCRIPT = ['sh', '-c', 'exec sh -c "$(cat)"'];

/** A started container and its attached stdin/stdout, ready for one job's script. */
export interface PooledContainer {
  container: Docker.Container;
  io: NodeJS.ReadWriteStream;
}

export class WarmPool {
  private readonly idle = new Map<string, Promise<PooledContainer | undefined>>();
  private docker?: Docker;
  /** When the engine the idle containers run on started, as the provider saw it. */
  private startedAt?: number;
  private owner: RunIdentity;
  /** Counts the pool's engines: the containers of each carry a run id of their own. */
  private generation = 0;

  /** `ended`: a run id whose containers the pool no longer uses; anything of it still there is a leftover. */
  constructor(
    private readonly projectId: string,
    private readonly ended: (runId: string) => void = () => undefined,
  ) {
    // Labelled like a run of this process, so a crashed session's pool is reaped like any run.
    this.owner = { runId: `warm-${process.pid}`, projectId };
  }

  /**
   * Jobs with services need the run's network, created per run: they are not pooled.
   * Nor are large workspaces: copying them into a started container costs more than
   * starting a new one over an overlay of the snapshot folder.
   */
  static suits(request: JobRequest): boolean {
    // A pooled container gets its workspace copied in: an install layer (node_modules) is too much to copy per save.
    const small = request.workspace.folder === undefined || (request.workspace.fileCount <= POOLED_FILES_MAX && !request.layers.some((layer) => layer.kind === 'install'));
    // Container steps share volumes with the job's container, made with it.
    return small && request.job.services.length === 0 && request.job.image.kind === 'name' && !hasContainerSteps(request.job);
  }

  /**
   * The engine the pool starts containers on. Another connection (the old one broke) or a
   * restarted engine (`startedAt` changed) means the idle containers are gone with the old
   * engine, or stopped by its restart: they are dropped, never handed to a job that would wait
   * for them for good.
   */
  use(docker: Docker, startedAt?: number): void {
    if (this.docker !== undefined && this.docker !== docker) this.forget();
    this.docker = docker;
    this.engineStarted(startedAt);
  }

  /** The engine's start time as a probe saw it: another one means the engine restarted. */
  engineStarted(startedAt: number | undefined): void {
    if (this.startedAt !== undefined && startedAt !== this.startedAt) this.forget();
    this.startedAt = startedAt;
  }

  /** Drops the idle containers, removing them where the engine still answers. */
  forget(): void {
    const pooled = [...this.idle.values()];
    this.idle.clear();
    // Those the engine cannot remove now (it is gone) are reaped once it is back.
    this.ended(this.owner.runId);
    this.generation += 1;
    this.owner = { runId: `warm-${process.pid}-${this.generation}`, projectId: this.projectId };
    for (const entry of pooled) void entry.then((found) => found && discard(found));
  }

  has(request: JobRequest): boolean {
    return this.idle.has(shapeOf(request));
  }

  /** The idle container for this job's shape, if one is ready; starts the next one for later. */
  async take(request: JobRequest): Promise<PooledContainer | undefined> {
    const key = shapeOf(request);
    const ready = this.idle.get(key);
    this.idle.delete(key);
    this.prime(request);
    const found = await ready;
    // Checked alive first: the engine may have stopped it (a restart, an `docker rm -f`).
    if (!found || (await isRunning(found.container))) return found;
    await discard(found);
    return undefined;
  }

  /** Starts an idle container for this job's shape unless one is waiting. */
  prime(request: JobRequest): void {
    const key = shapeOf(request);
    if (!this.docker || this.idle.has(key)) return;
    this.idle.set(key, this.start(this.docker, request).catch(() => undefined));
  }

  async drain(): Promise<void> {
    const pooled = await Promise.all(this.idle.values());
    this.idle.clear();
    await Promise.all(pooled.map((entry) => entry && discard(entry)));
  }

  private async start(docker: Docker, request: JobRequest): Promise<PooledContainer> {
    const image = request.job.image.kind === 'name' ? request.job.image.name : '';
    const container = await docker.createContainer({
      Image: image,
      Entrypoint: AWAIT_SCRIPT,
      Cmd: [],
      WorkingDir: WORKSPACE_DIR,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Labels: { ...runLabels(this.owner, request.job.name), 'localci.warm': '1' },
      HostConfig: await jobHostConfig({ docker, identity: this.owner }, request),
    });
    // Attached before the start, so not one byte of output can be missed.
    const io = (await container.attach({ stream: true, hijack: true, stdin: true, stdout: true, stderr: true })) as NodeJS.ReadWriteStream;
    await container.start();
    return { container, io };
  }
}

async function isRunning(container: Docker.Container): Promise<boolean> {
  return container.inspect().then(
    (info) => info.State.Running,
    () => false,
  );
}

async function discard({ container, io }: PooledContainer): Promise<void> {
  io.end();
  await container.remove({ force: true, v: true }).catch(() => undefined);
}

/** Everything fixed when a container is created; the environment comes with the exec. */
function shapeOf(request: JobRequest): string {
  const { job } = request;
  return JSON.stringify([job.name, job.image, job.memoryBytes, request.reachHost, request.caches]);
}
