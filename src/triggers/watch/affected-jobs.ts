/**
 * Changed files → the jobs a watch run must re-run. Pure, so the rules are cheap
 * to test: a job re-runs when a changed file matches its `inputs` (no `inputs`:
 * every file), and so does every selected job downstream of it, since what it
 * consumed has changed. Upstream jobs are not added here (see rerun-plan.ts).
 */
import type { Job } from '../../model/pipeline.js';
import { globMatcher } from '../../util/glob-matcher.js';

export type JobShape = Pick<Job, 'name' | 'needs' | 'inputs'>;

export interface Affected {
  /** Jobs whose inputs match a changed file. */
  direct: Set<string>;
  /** `direct` plus every selected job that needs one of them, transitively. */
  toRun: Set<string>;
  /** Changed files that no selected job reads. */
  unread: string[];
}

export function affectedJobs(jobs: readonly JobShape[], selected: ReadonlySet<string>, changed: readonly string[]): Affected {
  const readers = jobs.filter((job) => selected.has(job.name)).map((job) => ({ name: job.name, reads: inputsOf(job) }));
  const direct = new Set<string>();
  const unread: string[] = [];
  for (const file of changed) {
    const matching = readers.filter((reader) => reader.reads(file));
    if (matching.length === 0) unread.push(file);
    for (const reader of matching) direct.add(reader.name);
  }
  return { direct, toRun: withDownstream(jobs, selected, direct), unread };
}

/** `names` plus every selected job that needs one of them, directly or through others. */
export function withDownstream(jobs: readonly JobShape[], selected: ReadonlySet<string>, names: Iterable<string>): Set<string> {
  const found = new Set([...names].filter((name) => selected.has(name)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const job of jobs) {
      if (found.has(job.name) || !selected.has(job.name)) continue;
      if (job.needs.some((dep) => found.has(dep))) {
        found.add(job.name);
        grew = true;
      }
    }
  }
  return found;
}

/** The same reading of `inputs` as the result cache's keys, so both agree on what a job reads. */
function inputsOf(job: JobShape): (file: string) => boolean {
  return job.inputs.length === 0 ? () => true : globMatcher(job.inputs);
}
