/**
 * The few Docker API calls a run makes before it knows whether any job runs
 * (the version, image ids, a project's leftover objects), as plain HTTP on the
 * engine's unix socket. Loading dockerode costs more than all of a cached
 * run's other work together, so a run in which every job is cached never loads
 * it; remote engines (tcp, TLS, ssh) have no such client and use dockerode.
 */
import http from 'node:http';
import type { EngineAddress } from './engine-address.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';

export interface EngineAnswer {
  status: number;
  body: unknown;
}

export class EngineApi {
  constructor(readonly socketPath: string) {}

  /** The client for an engine on this machine's unix socket, or undefined for any other address. */
  static forAddress(address: EngineAddress): EngineApi | undefined {
    if (!address.local) return undefined;
    if (address.options === undefined) return new EngineApi(DEFAULT_SOCKET);
    const { socketPath, protocol, host } = address.options;
    return socketPath !== undefined && protocol === undefined && host === undefined && !socketPath.startsWith('//./pipe/') ? new EngineApi(socketPath) : undefined;
  }

  async version(timeoutMs: number): Promise<{ version: string; apiVersion: string }> {
    const { status, body } = await this.call('/version', timeoutMs);
    const answer = body as { Version?: unknown; ApiVersion?: unknown } | undefined;
    if (status !== 200 || typeof answer?.Version !== 'string' || typeof answer.ApiVersion !== 'string') {
      throw Object.assign(new Error(`the engine answered /version with HTTP ${status}`), { statusCode: status });
    }
    return { version: answer.Version, apiVersion: answer.ApiVersion };
  }

  /** The id of a local image, or undefined when the engine has none by that name. */
  async imageId(name: string): Promise<string | undefined> {
    const { status, body } = await this.call(`/images/${encodeURIComponent(name)}/json`);
    if (status === 404) return undefined;
    const id = (body as { Id?: unknown } | undefined)?.Id;
    if (status !== 200 || typeof id !== 'string') throw Object.assign(new Error(`the engine answered an image inspect with HTTP ${status}`), { statusCode: status });
    return id;
  }

  /** `GET /<kind>?filters=…` of the list endpoints (containers with `all`), as the engine answers it. */
  async list(kind: 'containers' | 'networks' | 'volumes', filters: Record<string, string[]>): Promise<unknown> {
    const query = new URLSearchParams({ filters: JSON.stringify(filters), ...(kind === 'containers' ? { all: '1' } : {}) });
    const { status, body } = await this.call(`/${kind === 'containers' ? 'containers/json' : kind}?${query}`);
    if (status !== 200) throw Object.assign(new Error(`the engine answered a ${kind} list with HTTP ${status}`), { statusCode: status });
    return body;
  }

  /** One GET, its JSON answer read whole (these answers are small); connection errors keep their code. */
  call(path: string, timeoutMs?: number): Promise<EngineAnswer> {
    return new Promise((resolve, reject) => {
      // No keep-alive: a kept socket would hold the process open, and a connection costs little on a unix socket.
      const request = http.request({ socketPath: this.socketPath, path, method: 'GET', agent: false, headers: { Host: 'docker' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
          } catch {
            resolve({ status: response.statusCode ?? 0, body: undefined });
          }
        });
        // A response the engine cuts short would otherwise settle nothing.
        response.once('close', () => {
          if (!response.complete) reject(Object.assign(new Error('the engine closed the connection mid-answer'), { code: 'ECONNRESET' }));
        });
      });
      if (timeoutMs !== undefined) {
        request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000}s`), { code: 'ETIMEDOUT' })));
      }
      request.once('error', reject);
      request.end();
    });
  }
}
