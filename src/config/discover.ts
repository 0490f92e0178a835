/**
 * Finding and reading the config file with cosmiconfig (module name `ci`).
 * The search goes from the start directory up to the boundary from
 * boundary.ts, checking the places below in order in each directory.
 *
 * The walk is ours, one directory at a time with `searchStrategy: 'none'`,
 * rather than cosmiconfig's `'global'` strategy: that one also reads
 * `~/.config/ci/config.*` after the last directory, and `ci` is a name other
 * tools use, so an unrelated file there could become the pipeline.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { cosmiconfig, type PublicExplorer } from 'cosmiconfig';
import { ConfigError, UsageError } from '../errors.js';
import { removeTreeSync } from '../state/safe-remove.js';
import { directoriesUpTo } from './boundary.js';
import { loadJson, loadYaml } from './data-loaders.js';
import { loadModuleConfig } from './load-module.js';

export const SEARCH_PLACES = [
  'ci.config.ts',
  'ci.config.mts',
  'ci.config.js',
  'ci.config.mjs',
  'ci.config.json',
  'ci.config.yaml',
  'ci.config.yml',
  '.circ',
  '.circ.json',
  '.circ.yaml',
  '.circ.yml',
  'package.json',
] as const;

const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const DATA_EXTENSIONS = ['.json', '.yaml', '.yml', ''];

export interface FoundConfig {
  /** Absolute path of the file read. */
  filepath: string;
  /** The file's content (the `ci` property for package.json), not validated yet. */
  config: unknown;
  kind: 'file' | 'package.json';
}

let explorer: PublicExplorer | undefined;

function getExplorer(): PublicExplorer {
  const moduleLoader = (filepath: string) => loadModuleConfig(filepath);
  explorer ??= outsideTheProject(() => cosmiconfig('ci', {
    searchPlaces: [...SEARCH_PLACES],
    packageProp: 'ci',
    searchStrategy: 'none',
    // An empty ci.config.ts is reported, not skipped in favour of a parent's config.
    ignoreEmptySearchPlaces: false,
    // Watch mode reloads after edits; reading a few small files is cheap.
    cache: false,
    loaders: {
      ...Object.fromEntries(MODULE_EXTENSIONS.map((extension) => [extension, moduleLoader])),
      '.json': loadJson,
      '.yaml': loadYaml,
      '.yml': loadYaml,
      noExt: loadYaml,
    },
  }));
  return explorer;
}

/**
 * cosmiconfig() first reads package.json in the current directory for settings of its own (a
 * `cosmiconfig` key), with its own JSON parser: a package.json with a syntax error or a
 * byte-order mark there crashed every command, even one given --config, and such a key could
 * change where localci looks. The explorer is made from an empty folder instead; the project's
 * package.json is still read as a config source, by loadJson. (Worker threads cannot chdir.)
 */
function outsideTheProject<T>(make: () => T): T {
  if (!isMainThread) return make();
  const cwd = process.cwd();
  const empty = mkdtempSync(path.join(os.tmpdir(), 'localci-'));
  try {
    process.chdir(empty);
    return make();
  } finally {
    process.chdir(cwd);
    removeTreeSync(empty, empty);
  }
}

/** The nearest config from `start` up to `stopDir`, or undefined when there is none. */
export async function searchConfig(start: string, stopDir: string): Promise<FoundConfig | undefined> {
  for (const dir of directoriesUpTo(start, stopDir)) {
    const result = await getExplorer().search(dir);
    if (result) return found(result.filepath, result.config, result.isEmpty === true);
  }
  return undefined;
}

/** Reads the file given with `--config`; `shown` is how to name it in messages. */
export async function loadConfigFile(filepath: string, shown: string): Promise<FoundConfig> {
  if (!existsSync(filepath)) {
    throw new UsageError(`Config file not found: ${shown}.`, 'Check the --config path (it is resolved from the current directory), or leave it out to search for ci.config.ts.');
  }
  if (statSync(filepath).isDirectory()) {
    throw new UsageError(`--config needs a file, but ${shown} is a directory.`, 'Pass the config file itself, such as ci.config.ts.');
  }
  const extension = path.extname(filepath);
  if (![...MODULE_EXTENSIONS, ...DATA_EXTENSIONS].includes(extension)) {
    throw new UsageError(`Unsupported config file type: ${shown}.`, 'Use .ts, .mts, .js, .mjs, .json, .yaml or .yml.');
  }
  const result = await getExplorer().load(filepath);
  if (result === null) {
    throw new ConfigError([{ file: filepath, path: 'ci', message: 'package.json has no `ci` key', hint: 'add `"ci": { "jobs": { … } }`, or pass a ci.config.ts' }]);
  }
  return found(result.filepath, result.config, result.isEmpty === true);
}

function found(filepath: string, config: unknown, isEmpty: boolean): FoundConfig {
  if (isEmpty) {
    throw new ConfigError([{ file: filepath, path: '', message: 'the file is empty', hint: 'define the pipeline in it, such as `export default defineConfig({ jobs: { … } })`' }]);
  }
  return { filepath, config, kind: path.basename(filepath) === 'package.json' ? 'package.json' : 'file' };
}
