/**
 * Opens the dockerode client and proves the engine answers, turning every way
 * of not answering into one sentence that says how to fix it (exit 3).
 */
import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import { agentReportingCutResponses } from './cut-responses.js';
import { resolveEngineAddress, type EngineAddress } from './engine-address.js';
import { loadDockerode } from './load-dockerode.js';

export interface Engine {
  docker: Docker;
  address: EngineAddress;
  version: string;
  apiVersion: string;
}

export const PING_TIMEOUT_MS = 5000;

/** `answered`: the engine's version, when the caller has just asked for it another way (no second ping). */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env, answered?: { version: string; apiVersion: string }): Promise<Engine> {
  return connectEngineAt(resolveEngineAddress(env), answered);
}

/** Connects to the engine at `address` (one engine of a pool, or the one the environment names). */
export async function connectEngineAt(address: EngineAddress, answered?: { version: string; apiVersion: string }): Promise<Engine> {
  // Loaded here, not at the top: dockerode takes ~150 ms to load, and a run starts its
  // git work first so that both happen at once.
  const Dockerode = await loadDockerode();
  const docker = new Dockerode(address.options);
  // The modem has resolved the protocol (http, https or ssh) from the options and the
  // environment; ssh tunnels bring their own agent and ignore this one. Both fields are set
  // by its constructor, and missing from its typings.
  const modem = docker.modem as unknown as { protocol: string; agent?: unknown };
  modem.agent = agentReportingCutResponses(modem.protocol);
  return { docker, address, ...(answered ?? (await pingEngine(docker, address))) };
}

/** Asks the engine for its version: the cheapest call that proves it answers. */
export async function pingEngine(docker: Docker, address: EngineAddress): Promise<{ version: string; apiVersion: string }> {
  try {
    const version = await withTimeout(docker.version(), PING_TIMEOUT_MS);
    return { version: version.Version, apiVersion: version.ApiVersion };
  } catch (error) {
    throw engineUnreachable(address, error);
  }
}

export function engineUnreachable(address: EngineAddress, error: unknown): EnvironmentError {
  const detail = error instanceof Error ? (error as NodeJS.ErrnoException).code ?? error.message : String(error);
  return new EnvironmentError(
    `Cannot reach the Docker engine at ${address.description} (${detail}).`,
    address.local
      ? 'Start Docker (Docker Desktop, `sudo systemctl start docker`, or `sudo dockerd &`) or point DOCKER_HOST at a running engine.'
      : 'Check that the remote engine is up and reachable, or unset DOCKER_HOST / switch `docker context`.',
  );
}

/** Awaits `work`, turning a lost engine connection into the one environment error users see. */
export async function guardConnection<T>(address: EngineAddress, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isConnectionError(error)) throw engineUnreachable(address, error);
    throw error;
  }
}

/** True for errors that mean the engine went away, as opposed to an API answer. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms / 1000}s`), { code: 'ETIMEDOUT' })), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
