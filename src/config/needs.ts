/**
 * What each job waits for, from `needs` or from `stages`. A job that lists
 * `needs` waits for exactly those (stages no longer order it, as in GitLab);
 * a job with a `stage` and no `needs` waits for every job of every earlier
 * stage; a job with neither waits for nothing. References to a matrix job's
 * base name stand for all of its expansions.
 */
import { resolveReference, type JobNames } from './job-names.js';
import type { PipelineConfig } from './types.js';

/** Base job name → unique names of the jobs it needs (deduplicated, unknown names dropped). */
export function directNeeds(config: PipelineConfig, names: JobNames): Map<string, string[]> {
  const stages = config.stages ?? [];
  const stageIndex = new Map(stages.map((stage, index) => [stage, index]));
  const result = new Map<string, string[]>();
  for (const [base, job] of Object.entries(config.jobs)) {
    let needs: string[];
    if (job.needs !== undefined) {
      needs = job.needs.flatMap((reference) => resolveReference(names, reference));
    } else if (job.stage !== undefined && stageIndex.has(job.stage)) {
      const own = stageIndex.get(job.stage)!;
      needs = Object.entries(config.jobs)
        .filter(([, other]) => other.stage !== undefined && (stageIndex.get(other.stage) ?? Infinity) < own)
        .flatMap(([otherBase]) => names.expansions.get(otherBase) ?? []);
    } else {
      needs = [];
    }
    result.set(base, [...new Set(needs)]);
  }
  return result;
}
