/** Doctor: does the config load, and what does the loader have to say about it. */
import path from 'node:path';
import { ConfigError, LocalciError } from '../errors.js';
import type { Pipeline } from '../model/pipeline.js';
import { fail, ok, warn, type Check } from './check.js';

export async function checkConfig(cwd: string, configFile: string | undefined): Promise<{ checks: Check[]; pipeline?: Pipeline }> {
  const { loadPipeline } = await import('../config/load.js');
  try {
    const { pipeline, warnings } = await loadPipeline({ cwd, configFile });
    const where = pipeline.source.kind === 'inferred' ? `inferred from ${relative(cwd, pipeline.source.file)} (no config file)` : relative(cwd, pipeline.source.file);
    const checks = [ok('config', `${where}: ${pipeline.jobs.length} job${pipeline.jobs.length === 1 ? '' : 's'}, valid`)];
    for (const remark of warnings) checks.push(warn('config', remark, 'change it in the config if it matters to you; it does not stop a run'));
    return { checks, pipeline };
  } catch (error) {
    if (error instanceof ConfigError) {
      const [first, ...rest] = error.issues;
      const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'}: \`ci list\` shows all)` : '';
      return { checks: [fail('config', `${first ? `${first.file}: ${first.path ? `${first.path}: ` : ''}${first.message}` : error.message}${more}`, first?.hint ?? 'correct the config file')] };
    }
    if (error instanceof LocalciError) return { checks: [fail('config', error.message, error.hint)] };
    throw error;
  }
}

function relative(cwd: string, file: string): string {
  const shown = path.relative(cwd, file);
  return shown.startsWith('..') ? file : shown;
}
