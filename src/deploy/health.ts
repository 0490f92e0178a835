/**
 * Whether a deployed container is healthy, the way services.ts decides a
 * service is ready: the environment's `run.healthcheck` command exits 0
 * inside it; else the image's own HEALTHCHECK says healthy; else the first
 * container port accepts TCP on the container's address in the environment's
 * network; else it is simply running.
 */
import type Docker from 'dockerode';
import { execExitCode, logTail, tcpAccepts } from '../backend/docker/services.js';
import { InterruptedError } from '../errors.js';

const POLL_MS = 250;

export interface HealthCheck {
  command?: string;
  port?: number;
  network: string;
}

export type Health = 'healthy' | 'unhealthy' | 'starting' | 'stopped';

/** One look, for `ci env ls`. */
export async function probeHealth(container: Docker.Container, check: HealthCheck): Promise<Health> {
  const info = await container.inspect();
  if (!info.State.Running) return 'stopped';
  return (await passes(container, info, check)) ? 'healthy' : info.State.Health?.Status === 'starting' ? 'starting' : 'unhealthy';
}

/** Waits until healthy; throws with the reason and the container's last log lines otherwise. */
export async function waitHealthy(container: Docker.Container, check: HealthCheck, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new InterruptedError('Deploy interrupted while waiting for the new container to be healthy.');
    const info = await container.inspect();
    if (!info.State.Running) throw await withLogs(container, `the container exited with code ${info.State.ExitCode} before it was healthy`);
    if (await passes(container, info, check)) return;
    if (Date.now() > deadline) throw await withLogs(container, `not healthy within ${Math.round(timeoutMs / 1000)}s (${describeCheck(check)})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function describeCheck(check: HealthCheck): string {
  if (check.command) return `healthcheck \`${check.command}\``;
  if (check.port !== undefined) return `TCP port ${check.port}`;
  return 'running';
}

async function passes(container: Docker.Container, info: Docker.ContainerInspectInfo, check: HealthCheck): Promise<boolean> {
  if (check.command) return (await execExitCode(container, ['sh', '-c', check.command])) === 0;
  if (info.State.Health) return info.State.Health.Status === 'healthy';
  if (check.port === undefined) return true;
  const address = info.NetworkSettings.Networks[check.network]?.IPAddress;
  return address ? tcpAccepts(address, check.port) : false;
}

export class HealthError extends Error {
  constructor(
    message: string,
    readonly logs: string[],
  ) {
    super(message);
  }
}

async function withLogs(container: Docker.Container, message: string): Promise<HealthError> {
  return new HealthError(message, await logTail(container));
}
