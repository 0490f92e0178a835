/**
 * `ci cache ls | prune | clear`: the job-result cache under `.localci/cache/`;
 * `clear` also removes the idle workspace snapshot folders (the next run rebuilds one).
 */
import { DEFAULT_CACHE_BYTES, ResultCache } from '../../cache/result-cache.js';
import { ExitCode } from '../../errors.js';
import { snapshotTreesOf } from '../../source/source-tree.js';
import { formatDuration } from '../../util/duration.js';
import type { GlobalOptions } from '../global-options.js';
import { loadForCommand } from '../load.js';
import { stdoutColors } from '../terminal.js';

export async function cacheCommand(action: 'ls' | 'prune' | 'clear', options: GlobalOptions): Promise<number> {
  const { pipeline } = await loadForCommand(options);
  const cache = await ResultCache.open(pipeline.root);
  const colors = stdoutColors();
  switch (action) {
    case 'ls': {
      const entries = await cache.list();
      if (entries.length === 0) {
        process.stdout.write('The job-result cache is empty.\n');
        return ExitCode.ok;
      }
      const width = Math.max(3, ...entries.map((entry) => entry.job.length));
      process.stdout.write(colors.bold(`${'JOB'.padEnd(width)}  KEY           SIZE       TOOK     LAST USED           FROM RUN`) + '\n');
      for (const entry of entries) {
        const used = entry.lastUsed.toISOString().slice(0, 19).replace('T', ' ');
        process.stdout.write(`${entry.job.padEnd(width)}  ${entry.key.slice(0, 12)}  ${megabytes(entry.bytes).padStart(9)}  ${formatDuration(entry.durationMs).padStart(7)}  ${used}  ${entry.runId}\n`);
      }
      const total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
      process.stdout.write(colors.dim(`${entries.length} result(s), ${megabytes(total)} of ${megabytes(DEFAULT_CACHE_BYTES)}`) + '\n');
      return ExitCode.ok;
    }
    case 'prune': {
      const removed = await cache.prune();
      process.stdout.write(`Removed ${removed.length} result(s), ${megabytes(removed.reduce((sum, entry) => sum + entry.bytes, 0))}.\n`);
      return ExitCode.ok;
    }
    case 'clear': {
      const results = await cache.clear();
      const snapshots = await (await snapshotTreesOf(pipeline.root)).prune(0);
      process.stdout.write(`Removed ${results} result(s) and ${snapshots} workspace snapshot(s).\n`);
      return ExitCode.ok;
    }
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
