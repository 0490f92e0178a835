/**
 * The backend's side of container steps (model/step-container.ts): when a
 * job's driver asks for a step's container, it is made from the step's image
 * with the job container's volumes (workspace, shared state folder) and
 * network, run to its end with its output in the job's log, removed, and its
 * exit code written to the FIFO the job's script waits on.
 */
import type Docker from 'dockerode';
import type { JobIO, JobRequest } from '../backend.js';
import type { ImageRef } from '../../model/pipeline.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import { attachOutput } from './attach-output.js';
import { isConnectionError } from './connect.js';
import { jobLimits, type JobContainerContext } from './job-container.js';
import { runLabels } from './labels.js';
import { execExitCode } from './services.js';
import { readStepRequest, requestFolder } from './step-request.js';

/** The image a step's container runs: a name, or why there is none (a failed build). */
export type StepImage = { name: string } | { failure: string };

/** Finds (builds) a step's image; named images were made present before the run. */
export type StepImageResolver = (image: ImageRef, log: (line: string) => void, signal: AbortSignal) => Promise<StepImage>;

export const namedStepImage: StepImageResolver = async (image) => (image.kind === 'name' ? { name: image.name } : { failure: 'images built from a Dockerfile are not available here' });

export class ContainerSteps {
  private readonly running = new Set<Promise<void>>();
  /** A lost engine seen while running a step: the job's error, not the step's. */
  private lost?: unknown;

  constructor(
    private readonly context: JobContainerContext & { stepImage?: StepImageResolver },
    private readonly jobContainer: Docker.Container,
    private readonly request: JobRequest,
    private readonly io: JobIO,
    private readonly signal: AbortSignal,
  ) {}

  /** Called for each `container` marker of the job's output. */
  start(index: number, folder: string): void {
    const step = this.request.job.steps[index];
    // Only a step the job declares as a container step gets one: its output cannot ask for others.
    if (step?.container === undefined) return;
    const image = step.container.image;
    const work = this.run(image, folder)
      .catch((error: unknown) => {
        if (isConnectionError(error)) this.lost = error;
        this.io.log('system', `the step's container could not run: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      })
      .then((code) => this.answer(folder, code))
      .finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /** Waits for the steps still being answered; rethrows a lost engine. */
  async settled(): Promise<void> {
    await Promise.all(this.running);
    if (this.lost !== undefined) throw this.lost;
  }

  private async run(image: ImageRef, folder: string): Promise<number> {
    const where = requestFolder(folder);
    if (where === undefined) {
      this.io.log('system', `a container step's request must be in the shared state folder, not ${folder}`);
      return 1;
    }
    const resolved = await (this.context.stepImage ?? namedStepImage)(image, (line) => this.io.log('system', line), this.signal);
    if ('failure' in resolved) {
      this.io.log('system', resolved.failure);
      return 1;
    }
    const asked = await readStepRequest(this.jobContainer, where);
    if (this.signal.aborted) return 130;
    const { job } = this.request;
    const container = await this.context.docker.createContainer({
      Image: resolved.name,
      ...(asked.entrypoint === undefined ? {} : { Entrypoint: [asked.entrypoint] }),
      ...(asked.args === undefined || asked.args.length === 0 ? {} : { Cmd: asked.args }),
      Env: asked.env,
      WorkingDir: WORKSPACE_DIR,
      Labels: runLabels(this.context.identity, job.name),
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      OpenStdin: false,
      // The job's volumes at the same paths and the job's network namespace (its services, its host alias).
      HostConfig: { VolumesFrom: [this.jobContainer.id], NetworkMode: `container:${this.jobContainer.id}`, ...jobLimits(job) },
    });
    this.context.track(container);
    const kill = () => void container.kill().catch(() => undefined);
    this.signal.addEventListener('abort', kill, { once: true });
    try {
      const output = await attachOutput(this.context.docker, container, (line, continues) => this.io.log('stdout', line, continues), (line, continues) => this.io.log('stderr', line, continues));
      if (this.signal.aborted) return 130;
      await container.start();
      const { StatusCode: exitCode } = (await container.wait()) as { StatusCode: number };
      await output.ended;
      return exitCode;
    } finally {
      this.signal.removeEventListener('abort', kill);
      await container.remove({ force: true, v: true }).catch(() => undefined);
    }
  }

  /** Hands the exit code to the job's script; a job container that cannot take it is stopped rather than left waiting. */
  private async answer(folder: string, code: number): Promise<void> {
    const fifo = `${requestFolder(folder) ?? folder}/rc`;
    const written = await execExitCode(this.jobContainer, ['sh', '-c', 'printf "%s\\n" "$1" > "$2"', 'localci-answer', String(code), fifo]).catch(() => 1);
    if (written !== 0) await this.jobContainer.kill().catch(() => undefined);
  }
}
