/** Loads the pipeline for a command. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { LoadedPipeline } from '../model/pipeline.js';
import type { GlobalOptions } from './global-options.js';
import { stderrColors } from './terminal.js';

export function commandCwd(options: GlobalOptions): string {
  const dir = path.resolve(options.cwd ?? process.cwd());
  // Otherwise a typo in --cwd reads as "no pipeline config found" in a folder that does not exist.
  if (options.cwd !== undefined && !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--cwd ${options.cwd}: no such directory.`, 'Give a folder that exists; a relative path is resolved from the current directory.');
  }
  return dir;
}

/**
 * `showWarnings`: the inspecting commands (list, config) print the loader's
 * remarks; running commands stay quiet, since a warning on every run stops being read.
 */
export async function loadForCommand(options: GlobalOptions, showWarnings = false): Promise<LoadedPipeline> {
  const { loadPipeline } = await import('../config/load.js');
  const loaded = await loadPipeline({ cwd: commandCwd(options), configFile: options.config });
  const colors = stderrColors();
  if (showWarnings) for (const warning of loaded.warnings) process.stderr.write(`${colors.yellow('warning')} ${warning}\n`);
  return loaded;
}
