/**
 * Which jobs a run includes. Naming jobs runs them plus what they need;
 * `--only` runs exactly the named ones. Deploy jobs (with an `environment`)
 * and manual jobs run only when asked for.
 */
import { closest } from 'fastest-levenshtein';
import { UsageError } from '../errors.js';
import type { Job, Pipeline } from '../model/pipeline.js';
import { transitiveDependencies } from './graph.js';

export interface Selection {
  /** Job names (or base names of matrix jobs) given on the command line. */
  names: readonly string[];
  /** Run only the named jobs, not what they need. */
  only: boolean;
  /** Include jobs that deploy to an environment. */
  deploy: boolean;
}

export function selectJobs(pipeline: Pipeline, selection: Selection): Set<string> {
  const named = resolveNames(pipeline, selection.names);
  const dependsOn = new Map(pipeline.jobs.map((job) => [job.name, job.needs]));
  if (named.size === 0) {
    return new Set(pipeline.jobs.filter((job) => runsByDefault(job, selection.deploy)).map((job) => job.name));
  }
  if (!selection.deploy) {
    const deployJob = pipeline.jobs.find((job) => named.has(job.name) && job.environment);
    if (deployJob) {
      throw new UsageError(
        `Job "${deployJob.name}" deploys to the "${deployJob.environment}" environment.`,
        'Add --deploy to run deploy jobs.',
      );
    }
  }
  if (selection.only) return named;
  const needed = transitiveDependencies(named, dependsOn);
  return new Set([...named, ...needed]);
}

function runsByDefault(job: Job, deploy: boolean): boolean {
  if (job.when === 'manual') return false;
  return deploy || job.environment === undefined;
}

/** Accepts exact names and matrix base names (`unit` selects every `unit (…)`). */
function resolveNames(pipeline: Pipeline, names: readonly string[]): Set<string> {
  const selected = new Set<string>();
  for (const name of names) {
    const matches = pipeline.jobs.filter((job) => job.name === name || job.baseName === name);
    if (matches.length === 0) {
      const known = [...new Set(pipeline.jobs.flatMap((job) => [job.name, job.baseName]))];
      const suggestion = known.length > 0 ? closest(name, known) : undefined;
      throw new UsageError(
        `Unknown job "${name}".`,
        suggestion ? `Did you mean "${suggestion}"? Run \`ci list\` to see all jobs.` : 'Run `ci list` to see all jobs.',
      );
    }
    for (const job of matches) selected.add(job.name);
  }
  return selected;
}
