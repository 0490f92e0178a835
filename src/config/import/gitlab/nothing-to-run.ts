/**
 * Why a GitLab file gives no job to run here, said as a note (exit 0, as when
 * GitLab itself would start no pipeline): every job left out by its rules, or
 * every job in includes that were not read (a file that only includes
 * `Auto-DevOps.gitlab-ci.yml`), or every job not runnable locally. The
 * warnings above the note name each include and job.
 */
import { NoPipelineError } from '../../../errors.js';

export type PipelineRef = { branch?: string; tag?: string };

export interface EmptyPipeline {
  file: string;
  ref: PipelineRef;
  /** Jobs that cannot run locally, with why. */
  unavailable: ReadonlyMap<string, string>;
  /** Includes not read. */
  missing: readonly string[];
  /** Whether some job was left out by its rules. */
  excludedByRules: boolean;
}

export function describeRef(ref: PipelineRef): string {
  return ref.tag ? `tag ${ref.tag}` : ref.branch ? `branch ${ref.branch}` : 'a detached HEAD';
}

export function nothingToRun({ file, ref, unavailable, missing, excludedByRules }: EmptyPipeline): NoPipelineError {
  const fix = missing.length > 0 ? 'Save copies of the includes in a folder and pass --include-dir <folder> (see the warnings).' : 'Jobs that start downstream pipelines are not run locally.';
  const [first] = unavailable;
  if (first !== undefined) {
    const more = unavailable.size > 1 ? ` (and ${unavailable.size - 1} more)` : '';
    return new NoPipelineError(`Nothing runs locally from ${file}: \`${first[0]}\` ${first[1]}${more}.`, fix);
  }
  if (missing.length > 0 && !excludedByRules) return new NoPipelineError(`Nothing runs locally from ${file}: its jobs are in includes not read (${missing.join(', ')}).`, fix);
  return new NoPipelineError(`No pipeline for ${describeRef(ref)}: ${file} leaves every job out by its rules.`, 'As in GitLab, nothing runs; to check the jobs anyway, run on a branch their rules accept.');
}
