/**
 * Which Docker engine to talk to, resolved the way the docker CLI does:
 * DOCKER_HOST first, then DOCKER_CONTEXT, then the current context in the
 * docker config; otherwise the default local socket.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';

export interface EngineAddress {
  /** What to show the user: `unix:///var/run/docker.sock`, `tcp://…`, or a context name. */
  description: string;
  /** True when the engine runs on this machine (host paths are meaningful to it). */
  local: boolean;
  options: Docker.DockerOptions | undefined;
}

export function resolveEngineAddress(env: NodeJS.ProcessEnv = process.env): EngineAddress {
  if (env.DOCKER_HOST) return { description: env.DOCKER_HOST, local: env.DOCKER_HOST.startsWith('unix://'), options: hostOptions(env.DOCKER_HOST, env) };
  const configDir = env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');
  const context = env.DOCKER_CONTEXT ?? readCurrentContext(configDir);
  if (context && context !== 'default') {
    const fromContext = readContextHost(configDir, context);
    if (fromContext) return { ...fromContext, description: `${fromContext.description} (context ${context})` };
  }
  return { description: 'unix:///var/run/docker.sock', local: true, options: undefined };
}

/**
 * DOCKER_HOST as dockerode options, read from `env` rather than left to docker-modem, which
 * would read process.env: `ci doctor` checks an engine named in an env of its own.
 */
function hostOptions(host: string, env: NodeJS.ProcessEnv): Docker.DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length) };
  const url = new URL(host);
  if (url.protocol === 'ssh:') return { protocol: 'ssh', host: url.hostname, port: url.port || undefined, username: url.username || undefined };
  const certDir = env.DOCKER_CERT_PATH;
  const tls = env.DOCKER_TLS_VERIFY && certDir
    ? { ca: readFileSync(path.join(certDir, 'ca.pem')), cert: readFileSync(path.join(certDir, 'cert.pem')), key: readFileSync(path.join(certDir, 'key.pem')) }
    : {};
  return { protocol: 'cert' in tls ? 'https' : 'http', host: url.hostname, port: url.port || (('cert' in tls) ? '2376' : '2375'), ...tls };
}

function readCurrentContext(configDir: string): string | undefined {
  const config = readJson(path.join(configDir, 'config.json')) as { currentContext?: string } | undefined;
  return config?.currentContext;
}

function readContextHost(configDir: string, context: string): EngineAddress | undefined {
  const id = createHash('sha256').update(context).digest('hex');
  const meta = readJson(path.join(configDir, 'contexts', 'meta', id, 'meta.json')) as
    | { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } }
    | undefined;
  const host = meta?.Endpoints?.docker?.Host;
  if (!host) return undefined;
  if (host.startsWith('unix://')) return { description: host, local: true, options: { socketPath: host.slice(7) } };
  const url = new URL(host);
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  const tls = existsSync(path.join(tlsDir, 'cert.pem'))
    ? { ca: readFileSync(path.join(tlsDir, 'ca.pem')), cert: readFileSync(path.join(tlsDir, 'cert.pem')), key: readFileSync(path.join(tlsDir, 'key.pem')) }
    : {};
  const protocol = url.protocol === 'ssh:' ? 'ssh' : 'cert' in tls ? 'https' : 'http';
  return {
    description: host,
    local: false,
    options: { host: url.hostname, port: url.port || undefined, protocol, username: url.username || undefined, ...tls },
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
