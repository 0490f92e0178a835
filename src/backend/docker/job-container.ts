/**
 * One job, one container, in two phases. `createJobContainer` makes the
 * container with its view of the workspace (an overlay of the snapshot folder,
 * or the snapshot tar copied in); it may run early, while the
 * jobs this one needs are still running, which takes ~60-80 ms per job off the
 * critical path. `runJobContainer` copies the needed artifacts in, starts the
 * single driver process that runs every step, streams output, and copies the
 * job's artifacts out if it passed.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { HOST_ALIAS, layersAround, type JobExit, type JobIO, type JobRequest } from '../backend.js';
import type { Job, JobReports } from '../../model/pipeline.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import type { OnLine } from '../../util/line-splitter.js';
import { LEFT_OUT_HINT, leftOutLinksWarning } from './artifact-links.js';
import { getArtifacts, putLayer, type ArchiveSource } from './artifacts.js';
import { attachOutput, streamLines } from './attach-output.js';
import { cacheVolumeMounts } from './cache-volumes.js';
import { runLabels, type RunIdentity } from './labels.js';
import { workspaceMounts } from './workspace-volumes.js';
import { stepCommand, trackSteps, type StepCommand } from './step-script.js';
import { ContainerSteps, type StepImageResolver } from './step-containers.js';
import { sharedVolumes } from './shared-volumes.js';

export interface JobContainerContext {
  docker: Docker;
  identity: RunIdentity;
  /** Registers the container so the backend removes it whatever happens next. */
  track(container: Docker.Container): void;
  /** Registers volumes made for a job, removed after its container. */
  trackVolumes(names: readonly string[]): void;
  /** Finds the images of container steps (default: named images only). */
  stepImage?: StepImageResolver;
}

export interface CreatedJob {
  container: Docker.Container;
  command: StepCommand;
  /** The job's workspace volumes, to remove after the container. */
  volumes: string[];
  /** Layer folders to copy into the workspace just before the start, in order: those neither overlay layers nor copied in yet. */
  layersToCopy: string[];
}

/** `network`: the run's network, for jobs that talk to services; otherwise Docker's default bridge. */
export async function createJobContainer(context: JobContainerContext, request: JobRequest, imageName: string, network?: string): Promise<CreatedJob> {
  const { job } = request;
  const command = stepCommand(job.steps);
  const layers = layerDirs(request);
  // An upstream job may not have written its artifacts yet (this container is made ahead): its folder must exist to be a layer.
  if (request.workspace.folder !== undefined) await Promise.all([...layers.below, ...layers.above].map((dir) => mkdir(dir, { recursive: true })));
  const workspace = await workspaceMounts(context.docker, context.identity, job.name, request.workspace, layers);
  context.trackVolumes(workspace.volumes);
  const shared = await sharedVolumes(context.docker, context.identity, job, { workspace: request.workspace.folder === undefined });
  context.trackVolumes(shared.volumes);
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
    HostConfig: await jobHostConfig(context, request, network, [...workspace.mounts, ...shared.mounts]),
  });
  context.track(container);
  if (request.workspace.folder === undefined) return { container, command, volumes: shared.volumes, layersToCopy: await copyWorkspace(container, request, { withAbove: false }) };
  // Too many layers for one overlay (or a folder overlay can't take): copied in instead. A layer below the source then wins over the source's same paths, which the layers localci makes never share.
  return { container, command, volumes: [...workspace.volumes, ...shared.volumes], layersToCopy: workspace.layersInPlace ? [] : [...layers.below, ...layers.above] };
}

/**
 * Copies the workspace into a container that does not mount it and returns the layers still to
 * copy. From the snapshot folder, one tar holds the tree and the layers (one round trip on the
 * way to the job); a prepacked tar goes after the layers below the source. The layers above come
 * now only `withAbove`: a container made ahead gets them once the jobs that write them passed.
 */
export async function copyWorkspace(container: Docker.Container, request: JobRequest, options: { withAbove: boolean }): Promise<string[]> {
  const { below, above } = layerDirs(request);
  const existing = (dirs: readonly string[]) => dirs.filter((dir) => existsSync(dir));
  if (request.workspace.tarTakesLayers) {
    await container.putArchive(request.workspace.openTar({ below: existing(below), above: options.withAbove ? existing(above) : [] }), { path: '/' });
    return options.withAbove ? [] : above;
  }
  for (const dir of below) await putLayer(container, dir);
  await container.putArchive(request.workspace.openTar(), { path: '/' });
  return above;
}

/** The request's layer folders, below and above the source, each lowest first. */
export function layerDirs(request: JobRequest): { below: string[]; above: string[] } {
  const { below, above } = layersAround(request.layers);
  return { below: below.map((layer) => layer.dir), above: above.map((layer) => layer.dir) };
}

/** Limits, mounts and networking of a job's container, the same whether it is made now or ahead. */
export async function jobHostConfig(
  context: Pick<JobContainerContext, 'docker' | 'identity'>,
  request: JobRequest,
  network?: string,
  extraMounts: Docker.MountSettings[] = [],
): Promise<Docker.HostConfig> {
  return {
    // Docker's name for the host's address as seen from a container.
    ExtraHosts: request.reachHost ? [`${HOST_ALIAS}:host-gateway`] : [],
    Mounts: [...(await cacheVolumeMounts(context.docker, context.identity.projectId, request.caches)), ...extraMounts],
    ...(network === undefined ? {} : { NetworkMode: network }),
    ...jobLimits(request.job),
  };
}

/** Memory, CPU and process limits of the job, the same for its container and its steps' containers. */
export function jobLimits(job: Job): Docker.HostConfig {
  return {
    // Without swap the limit is a real limit, so an OOM kill is reported as such.
    ...(job.memoryBytes === undefined ? {} : { Memory: job.memoryBytes, MemorySwap: job.memoryBytes }),
    // `docker run --cpus`: a CPU quota, so a job with `cpus: 1` gets one CPU's time however many the engine has.
    ...(job.cpus === undefined ? {} : { NanoCpus: Math.round(job.cpus * 1e9) }),
    PidsLimit: job.pidsLimit,
  };
}

/**
 * Starts the step driver and resolves with its exit code once all its output
 * was delivered. The driver runs either as the container's own process (a new
 * container) or as an exec in a container that was started ahead (watch mode).
 */
export type LaunchDriver = (onStdout: OnLine, onStderr: OnLine, signal: AbortSignal) => Promise<number>;

export function launchAsMainProcess(context: JobContainerContext, container: Docker.Container): LaunchDriver {
  return async (onStdout, onStderr, signal) => {
    // Attached before the start, so not one line of output is missed.
    const output = await attachOutput(context.docker, container, onStdout, onStderr);
    if (signal.aborted) return 130;
    await container.start();
    // An abort that landed between the check above and the start found nothing to kill.
    if (signal.aborted) await container.kill().catch(() => undefined);
    const { StatusCode: exitCode } = (await container.wait()) as { StatusCode: number };
    await output.ended;
    return exitCode;
  };
}

/**
 * Runs the driver in a container started ahead (watch's pool) by writing it, with the job's
 * variables, to the stdin the container waits on; its output is on the same attached stream.
 */
export function launchThroughStdin(context: JobContainerContext, pooled: { container: Docker.Container; io: NodeJS.ReadWriteStream }, command: StepCommand, env: Record<string, string>): LaunchDriver {
  return async (onStdout, onStderr) => {
    const output = streamLines(context.docker, pooled.io, onStdout, onStderr);
    // Closing stdin hands the script over: the container's `cat` ends and the script runs.
    pooled.io.end(scriptThroughStdin(command, env));
    const { StatusCode: exitCode } = (await pooled.container.wait()) as { StatusCode: number };
    await output.ended;
    return exitCode;
  };
}

function scriptThroughStdin(command: StepCommand, env: Record<string, string>): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  // `env` takes any variable name (a config may use names `export` refuses).
  const assignments = Object.entries(env).map(([key, value]) => quote(`${key}=${value}`));
  return `cd ${WORKSPACE_DIR} && exec env ${assignments.join(' ')} ${[...command.entrypoint, ...command.cmd].map(quote).join(' ')}\n`;
}

export async function runJobContainer(
  context: JobContainerContext,
  created: CreatedJob,
  request: JobRequest,
  io: JobIO,
  signal: AbortSignal,
  launch: LaunchDriver = launchAsMainProcess(context, created.container),
): Promise<JobExit> {
  const { container, command } = created;
  if (signal.aborted) return { exitCode: 130 };
  const kill = () => void container.kill().catch(() => undefined);
  signal.addEventListener('abort', kill, { once: true });
  try {
    for (const dir of created.layersToCopy) await putLayer(container, dir);
    const steps = new ContainerSteps(context, container, request, io, signal);
    const { filter: stdout, failedStep } = trackSteps(command.marker, io, (index, folder) => steps.start(index, folder));
    const exitCode = await launch((line, continues) => stdout.line(line, continues), (line, continues) => io.log('stderr', line, continues), signal);
    stdout.flush();
    await steps.settled();
    if (signal.aborted) return { exitCode: exitCode || 130 };
    try {
      await collectJobFiles(container, request, exitCode, io, signal);
    } catch (error) {
      // Ctrl-C mid-copy: the copy was given up and its folder removed; the job was interrupted.
      if (signal.aborted) return { exitCode: 130 };
      throw error;
    }
    if (exitCode !== 0) {
      return { exitCode, failedStep: failedStep(), reason: await engineReason(container, exitCode, request.job.memoryBytes) };
    }
    return { exitCode: 0 };
  } finally {
    signal.removeEventListener('abort', kill);
  }
}

/** Copies the job's artifacts (when its `artifactsWhen` wants them after this exit) and its report files out; `signal` gives the copy up. */
export async function collectJobFiles(source: ArchiveSource, request: JobRequest, exitCode: number, io: JobIO, signal?: AbortSignal): Promise<void> {
  const artifactsWanted = (request.job.artifactsWhen ?? 'on-success') !== (exitCode === 0 ? 'on-failure' : 'on-success');
  if (artifactsWanted) {
    const { missing, leftOut } = await getArtifacts(source, request.job.artifacts, request.artifactsOut, { exclude: request.job.artifactsExclude, outsideLinks: request.outsideLinks, signal });
    for (const pattern of missing) {
      io.warn(`artifact "${pattern}" of job "${request.job.name}" matched nothing in ${WORKSPACE_DIR}.`, 'Check the path, or remove it from `artifacts`.');
    }
    if (leftOut.length > 0) io.warn(leftOutLinksWarning(request.job.name, leftOut), LEFT_OUT_HINT);
  }
  // Test results matter most when the tests failed: read whatever the job's end.
  signal?.throwIfAborted();
  if (request.job.reports) await copyReports(source, request.job.name, request.job.reports, request.reportsOut, io);
}

/** A report that cannot be copied (a link out of the workspace, a full disk) is a warning: the job's result stands. */
async function copyReports(container: ArchiveSource, job: string, reports: JobReports, hostDir: string, io: JobIO): Promise<void> {
  const wanted: Array<[string, string[]]> = [['junit', reports.junit], ['coverage', reports.coverage === undefined ? [] : [reports.coverage]]];
  for (const [kind, patterns] of wanted) {
    if (patterns.length === 0) continue;
    await getArtifacts(container, patterns, path.join(hostDir, kind)).catch((error: unknown) => {
      io.warn(`the ${kind} report of job "${job}" could not be copied: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

/** Explains exits that the engine caused rather than the step itself. */
async function engineReason(container: Docker.Container, exitCode: number, memoryBytes?: number): Promise<string | undefined> {
  const info = await container.inspect();
  const limit = memoryBytes === undefined ? '' : ` (limit ${Math.round(memoryBytes / 1024 / 1024)} MiB)`;
  if (info.State.OOMKilled) return `killed: out of memory${limit}`;
  // SIGKILL that localci did not send, in a job with a memory limit: the engine may lose the OOM
  // event (two containers at their limit at once, cgroup v1), so say what is most likely.
  if (exitCode === 137 && memoryBytes !== undefined) return `killed (exit 137), probably out of memory${limit}`;
  return undefined;
}
