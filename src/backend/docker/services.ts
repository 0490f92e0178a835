/**
 * Sidecar services of a job (`services: { db: { image, … } }`): containers on
 * the run's own network, reachable from the job by their name, started before
 * the steps and waited for until ready, removed with the job.
 *
 * Ready means, in order of preference: the `healthcheck` command exits 0 inside
 * the service; the image's own HEALTHCHECK reports healthy; the first declared
 * port accepts TCP connections; otherwise still running a moment after the start
 * (an image whose entrypoint exits at once is running at the first look, too).
 */
import net from 'node:net';
import type Docker from 'dockerode';
import { DEFAULT_PIDS_LIMIT, type Job, type Service } from '../../model/pipeline.js';
import { runLabels, type RunIdentity } from './labels.js';

const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 200;
/** With nothing to probe, a service counts as ready once it has stayed up this long. */
const SETTLE_MS = 1000;

export interface ServiceContext {
  docker: Docker;
  identity: RunIdentity;
  network: string;
  track(container: Docker.Container): void;
  log(line: string): void;
}

export async function startServices(context: ServiceContext, job: Job, signal: AbortSignal): Promise<Docker.Container[]> {
  return Promise.all(job.services.map((service) => startService(context, job, service, signal)));
}

async function startService(context: ServiceContext, job: Job, service: Service, signal: AbortSignal): Promise<Docker.Container> {
  if (service.image.kind !== 'name') throw new Error(`service "${service.name}": building its image from a Dockerfile is not supported`);
  const container = await context.docker.createContainer({
    Image: service.image.name,
    ...(service.command ? { Cmd: service.command } : {}),
    Env: Object.entries(service.env).map(([key, value]) => `${key}=${value}`),
    Labels: { ...runLabels(context.identity, job.name), 'localci.service': service.name },
    HostConfig: { NetworkMode: context.network, PidsLimit: DEFAULT_PIDS_LIMIT },
    NetworkingConfig: { EndpointsConfig: { [context.network]: { Aliases: [service.name] } } },
  });
  context.track(container);
  await container.start();
  const started = Date.now();
  context.log(`service ${service.name} (${service.image.name}) started; waiting until it is ready`);
  try {
    await waitUntilReady(context, container, service, signal, started);
  } catch (error) {
    const tail = await logTail(container);
    for (const line of tail) context.log(`  ${service.name} | ${line}`);
    throw error;
  }
  context.log(`service ${service.name} ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return container;
}

async function waitUntilReady(context: ServiceContext, container: Docker.Container, service: Service, signal: AbortSignal, started: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (signal.aborted) throw new Error('cancelled while waiting for services');
    const info = await container.inspect();
    if (!info.State.Running) throw new Error(`service "${service.name}" exited with code ${info.State.ExitCode} before it was ready`);
    if (await isReady(container, info, service, context.network, started)) return;
    if (Date.now() > deadline) throw new Error(`service "${service.name}" was not ready within ${READY_TIMEOUT_MS / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function isReady(container: Docker.Container, info: Docker.ContainerInspectInfo, service: Service, network: string, started: number): Promise<boolean> {
  if (service.healthcheck) return (await execExitCode(container, ['sh', '-c', service.healthcheck])) === 0;
  if (info.State.Health) return info.State.Health.Status === 'healthy';
  const port = service.ports[0];
  if (port === undefined) return Date.now() - started >= SETTLE_MS;
  const address = info.NetworkSettings.Networks[network]?.IPAddress;
  return address ? tcpAccepts(address, port) : false;
}

export async function execExitCode(container: Docker.Container, cmd: string[]): Promise<number> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  stream.resume();
  await new Promise((resolve) => stream.once('end', resolve));
  return (await exec.inspect()).ExitCode ?? 1;
}

/** The engine is local (its bridge addresses are reachable from here) when services are used. */
export function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function logTail(container: Docker.Container): Promise<string[]> {
  try {
    const output = await container.logs({ stdout: true, stderr: true, tail: 10, follow: false });
    return demuxFrames(output)
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line.length > 0);
  } catch {
    return [];
  }
}

/** Non-TTY logs come as frames: 1 byte stream, 3 zero bytes, 4 bytes length, then the payload. */
function demuxFrames(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
