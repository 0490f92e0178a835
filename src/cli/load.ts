/** Loads the pipeline for a command and prints the loader's warnings once. */
import path from 'node:path';
import type { LoadedPipeline } from '../model/pipeline.js';
import type { GlobalOptions } from './global-options.js';
import { stderrColors } from './terminal.js';

export function commandCwd(options: GlobalOptions): string {
  return path.resolve(options.cwd ?? process.cwd());
}

export async function loadForCommand(options: GlobalOptions): Promise<LoadedPipeline> {
  const { loadPipeline } = await import('../config/load.js');
  const loaded = await loadPipeline({ cwd: commandCwd(options), configFile: options.config });
  const colors = stderrColors();
  for (const warning of loaded.warnings) process.stderr.write(`${colors.yellow('warning')} ${warning}\n`);
  return loaded;
}
