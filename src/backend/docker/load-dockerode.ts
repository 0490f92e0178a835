/**
 * Loads dockerode without the two parts it requires at load time but localci rarely needs:
 * its BuildKit session (gRPC and protobuf, for `version: '2'` builds, which localci never asks
 * for) and docker-modem's ssh tunnel (ssh2, for `ssh://` engines only). Together they are about
 * half of dockerode's start-up CPU, paid by every run that starts a job. Each is replaced by a
 * stand-in that loads the real module on its first call, so ssh engines work as before.
 */
import { createRequire } from 'node:module';
import type Docker from 'dockerode';

type Loader = NodeJS.Require;

/** The modules deferred: [the requiring file's loader, the id it requires]. */
function deferredModules(): Array<[Loader, string]> {
  const fromHere = createRequire(import.meta.url);
  const fromDockerode = createRequire(fromHere.resolve('dockerode'));
  const fromModem = createRequire(fromDockerode.resolve('docker-modem'));
  return [
    [fromDockerode, './session'],
    [fromModem, './ssh'],
  ];
}

/**
 * Puts a stand-in for `id` into the CommonJS module cache: a function (both modules export
 * one) that drops itself from the cache, loads the real module and calls it.
 */
function defer(load: Loader, id: string): void {
  const file = load.resolve(id);
  if (load.cache[file]) return;
  function loadOnFirstCall(this: unknown, ...args: unknown[]): unknown {
    if (load.cache[file]?.exports === loadOnFirstCall) delete load.cache[file];
    const real = load(id) as (...args: unknown[]) => unknown;
    return real.apply(this, args);
  }
  load.cache[file] = { id: file, filename: file, loaded: true, exports: loadOnFirstCall } as NodeModule;
}

export async function loadDockerode(): Promise<typeof Docker> {
  try {
    for (const [load, id] of deferredModules()) defer(load, id);
  } catch {
    // A dockerode whose files moved: load it whole, as it comes.
  }
  const { default: Dockerode } = await import('dockerode');
  return Dockerode;
}
