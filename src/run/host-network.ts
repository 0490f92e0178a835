/**
 * Jobs reach package registries the way the host does. Behind a proxy that
 * re-signs TLS, the host trusts it through a CA bundle named in the usual
 * variables; a fresh container does not, so `npm ci` fails with "self-signed
 * certificate in certificate chain". We copy each bundle the host names into
 * the container (through the same tar as the workspace, so remote engines work)
 * and point the same variables at the copies; proxy variables are passed on,
 * with loopback proxies rewritten to the host as seen from a container.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HOST_ALIAS } from '../backend/backend.js';
import type { ExtraFile } from '../source/snapshot.js';

/** Variables that name a CA bundle, for Node/npm, OpenSSL (curl, git, wget), Python and pip. */
export const TRUST_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'GIT_SSL_CAINFO', 'PIP_CERT'] as const;
export const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY'] as const;

const BUNDLE_DIR = '/etc/localci/ca';
/** The name jobs that ask for it (`reachHost`) reach the host by. */
export { HOST_ALIAS } from '../backend/backend.js';

export interface HostTrust {
  files: ExtraFile[];
  /** Variable → path inside the container. */
  env: Record<string, string>;
}

export function detectTrust(env: NodeJS.ProcessEnv, read: (file: string) => Buffer | undefined = readIfExists): HostTrust {
  const files = new Map<string, ExtraFile>();
  const vars: Record<string, string> = {};
  for (const name of TRUST_VARIABLES) {
    const hostPath = env[name];
    if (!hostPath) continue;
    const content = read(hostPath);
    if (!content) continue;
    // Same content, same copy: hosts often point every variable at one bundle.
    const id = createHash('sha256').update(content).digest('hex').slice(0, 12);
    const containerPath = `${BUNDLE_DIR}/${id}.pem`;
    files.set(containerPath, { path: containerPath, content, mode: 0o444 });
    vars[name] = containerPath;
  }
  return { files: [...files.values()], env: vars };
}

export interface HostProxy {
  env: Record<string, string>;
  /** True when a proxy on the host's loopback was rewritten to HOST_ALIAS. */
  needsHostAlias: boolean;
}

export function detectProxy(env: NodeJS.ProcessEnv): HostProxy {
  const vars: Record<string, string> = {};
  let needsHostAlias = false;
  for (const name of PROXY_VARIABLES) {
    // Tools disagree on case, so both spellings are set from whichever the host has.
    const value = env[name] ?? env[name.toLowerCase()];
    if (!value) continue;
    const rewritten = name === 'NO_PROXY' ? value : rewriteLoopback(value);
    needsHostAlias ||= rewritten !== value;
    vars[name] = rewritten;
    vars[name.toLowerCase()] = rewritten;
  }
  return { env: vars, needsHostAlias };
}

/** `http://127.0.0.1:3128` on the host is `http://host.docker.internal:3128` in a container. */
function rewriteLoopback(value: string): string {
  try {
    const url = new URL(value);
    if (url.hostname === 'localhost' || url.hostname === '[::1]' || url.hostname.startsWith('127.')) {
      url.hostname = HOST_ALIAS;
      return url.toString().replace(/\/$/, value.endsWith('/') ? '/' : '');
    }
  } catch {
    // Not a URL (e.g. `host:port`): pass it on as the host has it.
  }
  return value;
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
