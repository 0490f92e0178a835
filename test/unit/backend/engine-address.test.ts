import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineAddressOf, resolveEngineAddress } from '../../../src/backend/docker/engine-address.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A docker config folder with one context, as `docker context create` writes it. */
function dockerConfig(current: string | undefined, contexts: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'localci-docker-config-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(current ? { currentContext: current } : {}));
  for (const [name, host] of Object.entries(contexts)) {
    const meta = path.join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
  }
  return dir;
}

describe('resolveEngineAddress', () => {
  it('prefers DOCKER_HOST, read from the env it is given (not the process env)', () => {
    const address = resolveEngineAddress({ DOCKER_HOST: 'tcp://127.0.0.1:2375', DOCKER_CONFIG: dockerConfig('remote', { remote: 'unix:///other.sock' }) });
    expect(address).toEqual({ description: 'tcp://127.0.0.1:2375', local: false, options: { protocol: 'http', host: '127.0.0.1', port: '2375' } });
    expect(resolveEngineAddress({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toEqual({
      description: 'unix:///run/user/1000/docker.sock',
      local: true,
      options: { socketPath: '/run/user/1000/docker.sock' },
    });
    expect(resolveEngineAddress({ DOCKER_HOST: 'ssh://ci@build-host:2222' }).options).toEqual({ protocol: 'ssh', host: 'build-host', port: '2222', username: 'ci' });
  });

  it('follows the current docker context', () => {
    const address = resolveEngineAddress({ DOCKER_CONFIG: dockerConfig('colima', { colima: 'unix:///home/me/.colima/docker.sock' }) });
    expect(address).toMatchObject({ local: true, options: { socketPath: '/home/me/.colima/docker.sock' } });
    expect(address.description).toContain('context colima');
  });

  it('lets DOCKER_CONTEXT pick another context, including an ssh one', () => {
    const config = dockerConfig('default', { build: 'ssh://ci@build-host' });
    const address = resolveEngineAddress({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'build' });
    expect(address).toMatchObject({ local: false, options: { protocol: 'ssh', host: 'build-host', username: 'ci' } });
  });

  it('falls back to the local socket for the default context', () => {
    expect(resolveEngineAddress({ DOCKER_CONFIG: dockerConfig(undefined, {}) })).toMatchObject({ local: true, options: undefined });
  });
});

describe('engineAddressOf (an engine of a pool)', () => {
  it('reads the TLS files an engine names, relative to the project root, and ignores DOCKER_TLS_VERIFY', () => {
    const root = dockerConfig(undefined, {});
    mkdirSync(path.join(root, 'certs'));
    for (const name of ['ca', 'cert', 'key']) writeFileSync(path.join(root, 'certs', `${name}.pem`), `${name} text`);
    const tls = { ca: 'certs/ca.pem', cert: 'certs/cert.pem', key: 'certs/key.pem' };
    const address = engineAddressOf({ host: 'tcp://buildbox:2376', tls }, { root, env: {} });
    expect(address).toMatchObject({ description: 'tcp://buildbox:2376', local: false, options: { protocol: 'https', host: 'buildbox', port: '2376' } });
    expect(String(address.options?.key)).toBe('key text');
    // The engine's certificate is checked against the CA given: no way to turn that off.
    expect(String(address.options?.ca)).toBe('ca text');
    expect(address.options).not.toHaveProperty('rejectUnauthorized');
    const plain = engineAddressOf({ host: 'tcp://buildbox:2375' }, { root, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(root, 'certs') } });
    expect(plain.options).toEqual({ protocol: 'http', host: 'buildbox', port: '2375' });
    expect(() => engineAddressOf({ host: 'tcp://buildbox:2376', tls: { ...tls, key: 'missing.pem' } }, { root, env: {} })).toThrow('Cannot read the TLS files of engine tcp://buildbox:2376 (ENOENT).');
  });

  it('takes a context by name, and names a context that does not exist', () => {
    const config = dockerConfig('default', { build: 'tcp://build-host:2375' });
    expect(engineAddressOf({ context: 'build' }, { root: '/', env: { DOCKER_CONFIG: config } })).toMatchObject({ description: 'tcp://build-host:2375 (context build)', local: false });
    expect(() => engineAddressOf({ context: 'nope' }, { root: '/', env: { DOCKER_CONFIG: config } })).toThrow('No docker context named "nope"');
  });
});
