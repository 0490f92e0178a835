/**
 * TypeScript configs compiled once and kept in the user's cache folder, keyed
 * by their content, so a run with an unchanged `ci.config.ts` loads neither
 * jiti nor its compiler (loading jiti alone cost a cached run more than
 * evaluating the config). Only a self-contained config takes this path: one
 * whose imports are `localci` and Node's own modules. A config that imports
 * its own files or packages, awaits at the top, or does not compile goes to
 * jiti as before, which then resolves and reports it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { userCacheDir } from '../state/state-location.js';

/** What jiti's compiler does with a file, as load-module.ts offers it. */
export type Transform = (source: string, file: string) => string;

export interface CompiledConfigs {
  /** The module's exports, or undefined when the config must go through jiti. */
  load(file: string, transform: () => Transform): Promise<object | undefined>;
}

const requireHere = createRequire(import.meta.url);

/** The folder of compiled configs: the user's own cache, never a folder other users can write. */
export function compiledConfigsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userCacheDir(env), 'localci', 'compiled-configs');
}

export function compiledConfigs(localci: () => Promise<object>, dir = compiledConfigsDir()): CompiledConfigs {
  return {
    async load(file, transform) {
      if (!/\.[cm]?ts$/.test(file)) return undefined;
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
      const cached = path.join(dir, `${cacheKey(file, source)}.cjs`);
      let code = readOrUndefined(cached);
      if (code === undefined) {
        try {
          code = transform()(source, file);
        } catch {
          return undefined; // jiti reports the syntax error with its location
        }
        if (!selfContained(code)) return undefined;
        store(cached, code);
      }
      let run: (...args: unknown[]) => unknown;
      try {
        // Named after the config file, so a throw's stack points into it.
        run = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file }) as (...args: unknown[]) => unknown;
      } catch {
        return undefined; // top-level await, for one: jiti wraps it
      }
      const namespace = await localci();
      const module = { exports: {} as Record<string, unknown> };
      const requireOwn = (id: string) => (id === 'localci' ? namespace : requireHere(id));
      run(module.exports, requireOwn, module, file, path.dirname(file));
      return module.exports;
    },
  };
}

/** Only `localci` and Node's own modules: nothing that could change without the config changing. */
export function selfContained(code: string): boolean {
  // jiti's compiler answers a syntax error with code that hands jiti the error; dynamic imports need jiti too.
  if (/\b(jitiImport|__JITI_ERROR__)\b/.test(code)) return false;
  const builtins = new Set(builtinModules);
  for (const match of code.matchAll(/\brequire\((["'])([^"']+)\1\)/g)) {
    const id = match[2]!;
    if (id !== 'localci' && !id.startsWith('node:') && !builtins.has(id)) return false;
  }
  return true;
}

/** Content and place of the config, and the compiler that made the code. */
function cacheKey(file: string, source: string): string {
  return createHash('sha256').update(`${compilerVersion()}\0${path.resolve(file)}\0`).update(source).digest('hex');
}

let version: string | undefined;
function compilerVersion(): string {
  version ??= `jiti@${(requireHere('jiti/package.json') as { version: string }).version}`;
  return version;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Atomic, so a reader never gets half a file; a cache that cannot be written only costs time. */
function store(file: string, code: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, code, { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // Next time it compiles again.
  }
}
