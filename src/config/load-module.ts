/**
 * Loads `.ts/.mts/.js/.mjs` configs with jiti, so TypeScript works without a
 * build step and `import { defineConfig } from 'localci'` resolves even in a
 * project that does not install localci: the import is aliased to this very
 * copy of the package. jiti is imported only when such a config is found,
 * and its file cache keeps the second load of an unchanged config cheap.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Jiti } from 'jiti';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { userCacheDir } from '../state/state-location.js';
import { compiledConfigs } from './compiled-configs.js';
import { syntaxError } from './data-loaders.js';

/** One jiti per cache folder: the user cache folder can change within a process (XDG_CACHE_HOME). */
let instance: { cacheDir: string; jiti: Jiti } | undefined;

/** Our own entry point, next to this module: dist/index.js when built, src/index.ts under vitest. */
function ownEntryPoint(): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`../index.${extension}`, import.meta.url));
}

function jiti(): Jiti {
  // The user's own cache: a shared temp folder would let another user plant compiled code.
  const cacheDir = path.join(userCacheDir(), 'localci', 'jiti');
  if (instance?.cacheDir === cacheDir) return instance.jiti;
  // require, not import: jiti's ESM entry imports its 190 kB CommonJS bundle, which
  // Node then scans for export names; loading it as CommonJS skips that (~40 ms).
  const { createJiti } = createRequire(import.meta.url)('jiti') as typeof import('jiti');
  const created = createJiti(import.meta.url, {
    alias: { localci: ownEntryPoint() },
    interopDefault: true,
    fsCache: cacheDir,
    // Off so watch mode sees an edited config; the fs cache still avoids recompiling.
    moduleCache: false,
  });
  instance = { cacheDir, jiti: created };
  return created;
}

const compiled = compiledConfigs(async () => (await import(pathToFileURL(ownEntryPoint()).href)) as object);
const transform = () => (source: string, filename: string) => jiti().transform({ source, filename, ts: true });

/** The default export of the module at `file`; ConfigError for syntax errors, throws and a missing default. */
export async function loadModuleConfig(file: string): Promise<unknown> {
  let namespace: unknown;
  try {
    namespace = (await compiled.load(file, transform)) ?? (await jiti().import(file));
  } catch (error) {
    throw moduleError(file, error);
  }
  // jiti's interop proxy answers `.default` with the whole module when there is none;
  // the own-property descriptor tells a missing default export apart.
  const descriptor = namespace !== null && typeof namespace === 'object' ? Object.getOwnPropertyDescriptor(namespace, 'default') : undefined;
  if (descriptor === undefined) {
    const issue: ConfigIssue = { file, path: '', message: 'the file has no default export', hint: 'write `export default defineConfig({ jobs: { … } })`' };
    throw new ConfigError([issue]);
  }
  const value: unknown = descriptor.get ? descriptor.get.call(namespace) : descriptor.value;
  return value instanceof Promise ? await value : value;
}

function moduleError(file: string, error: unknown): ConfigError {
  const message = error instanceof Error ? error.message : String(error);
  // jiti reports Babel parse errors as "ParseError: <reason>\n <file>:<line>:<col>".
  const parse = /^(?:\w*Error: )?([\s\S]*?)\s*\n\s*\S+?:(\d+):(\d+)\s*$/.exec(message);
  if (parse && /ParseError|SyntaxError/.test(message)) return syntaxError(file, `${parse[2]}:${parse[3]}`, parse[1]!.trim());
  if (error instanceof SyntaxError) return syntaxError(file, locationInStack(file, error), message.split('\n')[0]!);
  const code = (error as { code?: string }).code;
  const firstLine = message.split('\n')[0]!;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    return new ConfigError([{ file, path: '', message: firstLine, hint: 'install the package, or fix the import path' }]);
  }
  const at = locationInStack(file, error);
  return new ConfigError([{ file, path: '', message: `the config threw an error${at ? ` at ${at}` : ''}: ${firstLine}` }]);
}

/** `line:column` of the first stack frame in the config file itself. */
function locationInStack(file: string, error: unknown): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? `${match[1]}:${match[2]}` : undefined;
}
