/**
 * Image builds reach package registries the way jobs do (src/run/host-network.ts): a
 * Dockerfile's `RUN npm ci` behind a proxy that re-signs TLS needs the host's CA bundle and
 * proxy just as much as a job's `npm ci`.
 *
 * - Proxy variables go in as build args. Docker predefines them (no `ARG` needed), leaves them
 *   out of the image's history and config, and never lets them invalidate the layer cache.
 *   A proxy on the host's loopback is rewritten to HOST_ALIAS, which the build container gets
 *   as an extra host.
 * - The classic builder has no secret mounts, so each CA bundle travels in the context tar and
 *   every stage starts with a `COPY` of it to /etc/localci/ca/ and an `ARG` per trust variable
 *   naming the copy: RUN steps see the variable like a job does, and since it is an `ARG`, not
 *   an `ENV`, it is no part of the built image's environment (the certificate file is).
 */
import { detectProxy, detectTrust, type HostTrust } from '../../run/host-network.js';
import { HOST_ALIAS } from '../backend.js';

/** Where the bundles sit inside the context tar; a name no project uses for its own files. */
const TRUST_CONTEXT_DIR = '.localci-ca';

export interface BuildNetwork {
  /** Proxy build args, both spellings. */
  proxyArgs: Record<string, string>;
  /** `host:ip` entries for the build containers' /etc/hosts. */
  extraHosts: string[];
  trust: HostTrust;
}

export const NO_BUILD_NETWORK: BuildNetwork = { proxyArgs: {}, extraHosts: [], trust: { files: [], env: {} } };

export function hostBuildNetwork(env: NodeJS.ProcessEnv = process.env): BuildNetwork {
  const proxy = detectProxy(env);
  return { proxyArgs: proxy.env, extraHosts: proxy.needsHostAlias ? [`${HOST_ALIAS}:host-gateway`] : [], trust: detectTrust(env) };
}

/** The bundles as context tar entries (by their name inside the tar). */
export function trustEntries(trust: HostTrust): Array<{ name: string; content: Buffer }> {
  return trust.files.map((file) => ({ name: `${TRUST_CONTEXT_DIR}/${fileName(file.path)}`, content: file.content }));
}

/**
 * The Dockerfile with the trust lines after every `FROM` instruction (each stage starts from
 * scratch as far as ARGs and files go). Parser directives and comments stay where they are.
 */
export function withTrustLines(dockerfile: string, trust: HostTrust): string {
  if (trust.files.length === 0) return dockerfile;
  const escape = /^#\s*escape\s*=\s*`/im.test(dockerfile.split('\n', 5).join('\n')) ? '`' : '\\';
  const lines = trustLines(trust);
  const out: string[] = [];
  let inFrom = false;
  for (const line of dockerfile.split('\n')) {
    out.push(line);
    inFrom ||= /^\s*FROM\s/i.test(line);
    // A FROM continued on the next line (`FROM \` + image) ends where a line no longer continues.
    if (inFrom && !line.trimEnd().endsWith(escape)) {
      out.push(...lines);
      inFrom = false;
    }
  }
  return out.join('\n');
}

function trustLines(trust: HostTrust): string[] {
  const copies = trust.files.map((file) => `COPY ${TRUST_CONTEXT_DIR}/${fileName(file.path)} ${file.path}`);
  const args = Object.entries(trust.env).map(([name, containerPath]) => `ARG ${name}=${containerPath}`);
  return [...copies, ...args];
}

function fileName(containerPath: string): string {
  return containerPath.slice(containerPath.lastIndexOf('/') + 1);
}
