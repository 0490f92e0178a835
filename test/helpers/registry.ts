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


export interface RegistryOptions {
  /** A named network namespace the test made, to serve in (a swarm's nodes reach it there). */
  netns?: string;
  /** The address to listen on inside `netns` (default loopback). */
  address?: string;
}

export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  await ensureRegistryInstalled();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'localci-test-registry-'));
  // A namespace of the test's own has every port free.
  const port = options.netns === undefined ? await freePort() : 5000;
  const address = options.address ?? '127.0.0.1';
  const inside = options.netns === undefined ? [] : ['nsenter', `--net=/run/netns/${options.netns}`, '--'];
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} } }`,
      `http: { addr: ${address}:${port} }`,
      '',
    ].join('\n'),
  );
  const server: ResultPromise = inside.length === 0 ? execa(BINARY, ['serve', config], { reject: false }) : execa(inside[0]!, [...inside.slice(1), BINARY, 'serve', config], { reject: false });
  const host = `${address}:${port}`;
  const stop = async () => {
    server.kill('SIGTERM');
    await server;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (inside.length === 0 ? (await fetch(`http://${host}/v2/`).catch(() => undefined))?.ok === true : await answersInside(inside, host)), {
      timeoutMs: 15_000,
      message: `registry on ${host}`,
    });
  } catch (error) {
    // A registry that never answered (its port taken meanwhile, a slow start) is not left running, nor its folder.
    await stop();
    throw error;
  }
  return { host, stop };
}

/** Asks from inside the namespace, where this process cannot connect. */
async function answersInside(inside: string[], host: string): Promise<boolean> {
  const probe = `fetch('http://${host}/v2/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  const result = await execa(inside[0]!, [...inside.slice(1), process.execPath, '-e', probe], { reject: false, timeout: 5000 });
  return result.exitCode === 0;
}
