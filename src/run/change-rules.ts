/**
 * Jobs with `rules: { changes }` are skipped when none of the files changed
 * since the base (see source/changed-files.ts) matches their globs. Decided
 * before anything runs; jobs that need a skipped job still run.
 */
import type { Plan } from '../plan/plan.js';
import { changedFiles } from '../source/changed-files.js';
import { globMatcher } from '../util/glob-matcher.js';
import type { JobResult } from './events.js';

export async function skippedByRules(root: string, plan: Plan, options: { since?: string; commit?: string }): Promise<Map<string, JobResult>> {
  const ruled = plan.jobs.filter((job) => job.changes !== undefined);
  const skipped = new Map<string, JobResult>();
  if (ruled.length === 0) return skipped;
  const changed = await changedFiles(root, options);
  if (changed === undefined) return skipped;
  for (const job of ruled) {
    if (changed.some(globMatcher(job.changes!))) continue;
    skipped.set(job.name, { job: job.name, status: 'skipped', reason: `no changes in ${job.changes!.join(', ')}`, durationMs: 0, attempts: 0 });
  }
  return skipped;
}
