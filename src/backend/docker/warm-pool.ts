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
  private readonly owner: RunIdentity;

  constructor(projectId: string) {
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
    return small && request.job.services.length === 0 && request.job.image.kind === 'name';
  }

  use(docker: Docker): void {
    this.docker ??= docker;
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
    return ready;
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
    await Promise.all(
      pooled.map(async (entry) => {
        entry?.io.end();
        await entry?.container.remove({ force: true, v: true }).catch(() => undefined);
      }),
    );
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

/** Everything fixed when a container is created; the environment comes with the exec. */
function shapeOf(request: JobRequest): string {
  const { job } = request;
  return JSON.stringify([job.name, job.image, job.memoryBytes, request.reachHost, request.caches]);
}
