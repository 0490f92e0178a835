/**
 * One job, one container: create it, copy the workspace snapshot and the
 * artifacts of the jobs it needs in through the API, start it with every step
 * in one driver process, stream its output, and copy artifacts out if it passed.
 */
import type Docker from 'dockerode';
import type { JobExit, JobIO, JobRequest } from '../backend.js';
import type { SourceSnapshot } from '../../source/snapshot.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import { getArtifacts, putArtifacts } from './artifacts.js';
import { attachOutput } from './attach-output.js';
import { runLabels, type RunIdentity } from './labels.js';
import { MarkerFilter, stepCommand } from './step-script.js';

export interface JobContainerContext {
  docker: Docker;
  identity: RunIdentity;
  snapshot: SourceSnapshot;
  /** Registers the container so the backend can remove it, even after a crash of this job. */
  track(container: Docker.Container): void;
}

export async function runJobContainer(
  context: JobContainerContext,
  request: JobRequest,
  imageName: string,
  io: JobIO,
  signal: AbortSignal,
): Promise<JobExit> {
  const { docker } = context;
  const { job } = request;
  const command = stepCommand(job.steps);
  const container = await docker.createContainer({
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
      // Without swap the limit is a real limit, so an OOM kill is reported as such.
      ...(job.memoryBytes === undefined ? {} : { Memory: job.memoryBytes, MemorySwap: job.memoryBytes }),
    },
  });
  context.track(container);
  if (signal.aborted) return { exitCode: 130 };

  const kill = () => void container.kill().catch(() => undefined);
  signal.addEventListener('abort', kill, { once: true });
  try {
    await container.putArchive(context.snapshot.openTar(), { path: '/' });
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
    const output = await attachOutput(docker, container, (line) => stdout.line(line), (line) => io.log('stderr', line));
    if (signal.aborted) return { exitCode: 130 };
    await container.start();
    // An abort that landed between the check above and the start found nothing to kill.
    if (signal.aborted) kill();
    const { StatusCode: exitCode } = (await container.wait()) as { StatusCode: number };
    await output.ended;
    stdout.flush();
    if (signal.aborted) return { exitCode: exitCode || 130 };

    const info = await container.inspect();
    if (exitCode !== 0) {
      return { exitCode, failedStep: lastStep >= 0 ? lastStep : undefined, imageId: info.Image, reason: engineReason(info, job.memoryBytes) };
    }
    const missing = await getArtifacts(container, job.artifacts, request.artifactsOut);
    for (const pattern of missing) io.log('system', `warning: artifact "${pattern}" matched nothing in ${WORKSPACE_DIR}`);
    return { exitCode: 0, imageId: info.Image };
  } finally {
    signal.removeEventListener('abort', kill);
  }
}

/** Explains exits that the engine caused rather than the step itself. */
function engineReason(info: Docker.ContainerInspectInfo, memoryBytes?: number): string | undefined {
  if (info.State.OOMKilled) {
    const limit = memoryBytes === undefined ? '' : ` (limit ${Math.round(memoryBytes / 1024 / 1024)} MiB)`;
    return `killed: out of memory${limit}`;
  }
  return undefined;
}
