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
import type { EngineConfig } from '../../config/types.js';
import { UsageError } from '../../errors.js';

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
 * One engine of a pool: its address with the TLS files it names (relative to the project root,
 * or `~/`), or what its docker context says. DOCKER_TLS_VERIFY is not applied: it belongs to
 * DOCKER_HOST's engine, not to every engine of the list.
 */
export function engineAddressOf(engine: EngineConfig, where: { root: string; env: NodeJS.ProcessEnv }): EngineAddress {
  if (engine.context !== undefined) {
    const configDir = where.env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');
    const fromContext = readContextHost(configDir, engine.context);
    if (!fromContext) throw new UsageError(`No docker context named "${engine.context}" (an engine of the pool).`, 'Run `docker context ls` to see the contexts, or give the engine a `host`.');
    return { ...fromContext, description: `${fromContext.description} (context ${engine.context})` };
  }
  const host = engine.host ?? '';
  const options = hostOptions(host, {});
  const tls = engine.tls;
  if (!tls) return { description: host, local: host.startsWith('unix://'), options };
  const read = (file: string) => readFileSync(file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : path.resolve(where.root, file));
  let files: { ca: Buffer; cert: Buffer; key: Buffer };
  try {
    files = { ca: read(tls.ca), cert: read(tls.cert), key: read(tls.key) };
  } catch (error) {
    throw new UsageError(`Cannot read the TLS files of engine ${host} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, 'Check `tls.ca`, `tls.cert` and `tls.key` of the engine: paths are relative to the project root.');
  }
  return { description: host, local: false, options: { ...options, protocol: 'https', port: new URL(host).port || '2376', ...files } };
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
