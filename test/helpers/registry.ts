/**
 * A real container registry on loopback (Debian's `docker-registry`), for pull
 * tests: no public registry is reachable, and the engine treats 127.0.0.0/8
 * registries as plain-HTTP ones without any daemon configuration.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { aptInstall } from './apt.js';
import { waitFor } from './wait-for.js';
import { freePort } from './free-port.js';

export interface Registry {
  /** `127.0.0.1:<port>`, the prefix of image names pushed to it. */
  host: string;
  stop(): Promise<void>;
}

const BINARY = '/usr/bin/docker-registry';

/** Debian's `docker-registry`, installed when missing. */
export async function ensureRegistryInstalled(): Promise<void> {
  const found = await execa('test', ['-x', BINARY], { reject: false });
  if (found.exitCode === 0) return;
  await aptInstall('docker-registry');
}


export async function startRegistry(): Promise<Registry> {
  await ensureRegistryInstalled();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'localci-test-registry-'));
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      '',
    ].join('\n'),
  );
  const server: ResultPromise = execa(BINARY, ['serve', config], { reject: false });
  const host = `127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`http://${host}/v2/`).catch(() => undefined))?.ok === true, {
    timeoutMs: 15_000,
    message: `registry on ${host}`,
  });
  return {
    host,
    stop: async () => {
      server.kill('SIGTERM');
      await server;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
