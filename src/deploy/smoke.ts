/**
 * The environment's smoke steps: one container of the pipeline's image on the
 * environment's network, with the project's files in /workspace and
 * DEPLOY_URL pointing at the container being checked. Removed afterwards.
 */
import os from 'node:os';
import type Docker from 'dockerode';
import { attachOutput } from '../backend/docker/attach-output.js';
import { LABEL } from '../backend/docker/labels.js';
import { MarkerFilter, stepCommand } from '../backend/docker/step-script.js';
import { DEFAULT_PIDS_LIMIT, type Step } from '../model/pipeline.js';
import { TimeLimits } from '../run/time-limits.js';
import { WORKSPACE_DIR, type SourceSnapshot } from '../source/snapshot.js';
import { ENV_LABEL } from './naming.js';

export interface SmokeRequest {
  docker: Docker;
  image: string;
  steps: Step[];
  env: Record<string, string>;
  network: string;
  workspace: SourceSnapshot;
  projectId: string;
  envName: string;
  onStep(step: Step): void;
  onLine(line: string): void;
  signal?: AbortSignal;
}

export interface SmokeOutcome {
  /** The exit code of the first failing step, or 0. */
  exitCode: number;
  /** Which time limit stopped the steps (`step "x" exceeded its timeout of 5s`), when one did. */
  timedOut?: string;
}

export async function runSmoke(request: SmokeRequest): Promise<SmokeOutcome> {
  const { docker } = request;
  const command = stepCommand(request.steps);
  const container = await docker.createContainer({
    Image: request.image,
    Entrypoint: command.entrypoint,
    Cmd: command.cmd,
    WorkingDir: WORKSPACE_DIR,
    Env: Object.entries(request.env).map(([key, value]) => `${key}=${value}`),
    // Transient, unlike the environment: pid and host let the reaper take it if this process dies.
    Labels: {
      [LABEL.project]: request.projectId,
      [LABEL.pid]: String(process.pid),
      [LABEL.host]: os.hostname(),
      [ENV_LABEL.env]: request.envName,
      [ENV_LABEL.role]: 'smoke',
    },
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: { NetworkMode: request.network, PidsLimit: DEFAULT_PIDS_LIMIT },
  });
  let limits: TimeLimits | undefined;
  try {
    await container.putArchive(request.workspace.openTar(), { path: '/' });
    const kill = () => void container.kill().catch(() => undefined);
    // The steps' own `timeout`s, read and worded as a job's are.
    limits = new TimeLimits({ steps: request.steps }, kill);
    const filter = new MarkerFilter(command.marker, request.onLine, (index) => {
      limits?.step(index);
      const step = request.steps[index];
      if (step) request.onStep(step);
    });
    const output = await attachOutput(docker, container, (line, continues) => filter.line(line, continues), request.onLine);
    request.signal?.addEventListener('abort', kill, { once: true });
    await container.start();
    if (request.signal?.aborted) kill();
    const { StatusCode: exitCode } = (await container.wait()) as { StatusCode: number };
    await output.ended;
    filter.flush();
    return limits.fired === undefined ? { exitCode } : { exitCode, timedOut: limits.fired };
  } finally {
    limits?.clear();
    await container.remove({ force: true }).catch(() => undefined);
  }
}
