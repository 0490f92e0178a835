/**
 * One job, one container, in two phases. `createJobContainer` makes the
 * container and copies the workspace snapshot in; it may run early, while the
 * jobs this one needs are still running, which takes ~60-80 ms per job off the
 * critical path. `runJobContainer` copies the needed artifacts in, starts the
 * single driver process that runs every step, streams output, and copies the
 * job's artifacts out if it passed.
 */
import type Docker from 'dockerode';
import type { JobExit, JobIO, JobRequest } from '../backend.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import { getArtifacts, putArtifacts } from './artifacts.js';
import { attachOutput } from './attach-output.js';
import { cacheVolumeMounts } from './cache-volumes.js';
import { runLabels, type RunIdentity } from './labels.js';
import { MarkerFilter, stepCommand, type StepCommand } from './step-script.js';

export interface JobContainerContext {
  docker: Docker;
  identity: RunIdentity;
  /** Registers the container so the backend removes it whatever happens next. */
  track(container: Docker.Container): void;
}

export interface CreatedJob {
  container: Docker.Container;
  command: StepCommand;
}

/** `network`: the run's network, for jobs that talk to services; otherwise Docker's default bridge. */
export async function createJobContainer(context: JobContainerContext, request: JobRequest, imageName: string, network?: string): Promise<CreatedJob> {
  const { job } = request;
  const command = stepCommand(job.steps);
  const mounts = await cacheVolumeMounts(context.docker, context.identity.projectId, request.caches);
  const container = await context.docker.createContainer({
    Image: imageName,
    Entrypoint: command.entrypoint,
    Cmd: command.cmd,
    WorkingDir: WORKSPACE_DIR,
    Env: Object.entries(request.env).map(([key, value]) => `${key}=${value}`),
    Labels: runLabels(context.identity, job.name),
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    HostConfig: {
      ExtraHosts: request.extraHosts,
      Mounts: mounts,
      ...(network === undefined ? {} : { NetworkMode: network }),
      // Without swap the limit is a real limit, so an OOM kill is reported as such.
      ...(job.memoryBytes === undefined ? {} : { Memory: job.memoryBytes, MemorySwap: job.memoryBytes }),
    },
  });
  context.track(container);
  await container.putArchive(request.workspace.openTar(), { path: '/' });
  return { container, command };
}

export async function runJobContainer(context: JobContainerContext, created: CreatedJob, request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
  const { container, command } = created;
  if (signal.aborted) return { exitCode: 130 };
  const kill = () => void container.kill().catch(() => undefined);
  signal.addEventListener('abort', kill, { once: true });
  try {
    for (const dir of request.artifactsIn) await putArtifacts(container, dir);
    let lastStep = -1;
    const stdout = new MarkerFilter(
      command.marker,
      (line) => io.log('stdout', line),
      (index) => {
        lastStep = index;
        io.stepStarted(index);
      },
    );
    const output = await attachOutput(context.docker, container, (line) => stdout.line(line), (line) => io.log('stderr', line));
    if (signal.aborted) return { exitCode: 130 };
    await container.start();
    // An abort that landed between the check above and the start found nothing to kill.
    if (signal.aborted) kill();
    const { StatusCode: exitCode } = (await container.wait()) as { StatusCode: number };
    await output.ended;
    stdout.flush();
    if (signal.aborted) return { exitCode: exitCode || 130 };
    if (exitCode !== 0) {
      return { exitCode, failedStep: lastStep >= 0 ? lastStep : undefined, reason: await engineReason(container, request.job.memoryBytes) };
    }
    const missing = await getArtifacts(container, request.job.artifacts, request.artifactsOut);
    for (const pattern of missing) io.log('system', `warning: artifact "${pattern}" matched nothing in ${WORKSPACE_DIR}`);
    return { exitCode: 0 };
  } finally {
    signal.removeEventListener('abort', kill);
  }
}

/** Explains exits that the engine caused rather than the step itself. */
async function engineReason(container: Docker.Container, memoryBytes?: number): Promise<string | undefined> {
  const info = await container.inspect();
  if (info.State.OOMKilled) {
    const limit = memoryBytes === undefined ? '' : ` (limit ${Math.round(memoryBytes / 1024 / 1024)} MiB)`;
    return `killed: out of memory${limit}`;
  }
  return undefined;
}
