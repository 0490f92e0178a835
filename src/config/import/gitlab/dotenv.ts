/**
 * `artifacts: reports: dotenv:` — a job writes `NAME=value` lines to a file and
 * the jobs after it see those variables, above their own (GitLab's order). The
 * file travels as one of the job's artifacts; each later job that receives its
 * artifacts reads the file at the start of every step. Lines are read as data,
 * never run by the shell: a value is exported exactly as written.
 */
import type { JobConfig, StepSpec } from '../../types.js';
import { shellQuote } from './job-script.js';

/** Reads one dotenv file: `NAME=value` lines with a valid name; anything else is skipped. */
const LOADER = [
  'localci_dotenv() {',
  '  while IFS= read -r line || [ -n "$line" ]; do',
  '    line=${line%"$(printf \'\\r\')"}',
  '    name=${line%%=*}',
  '    [ "$name" = "$line" ] && continue',
  '    case "$name" in \'\'|[0-9]*|*[!A-Za-z0-9_]*) continue ;; esac',
  '    export "$name=${line#*=}"',
  '  done < "$1"',
  '}',
].join('\n');

/** Jobs that write dotenv reports, by name, with the files' paths. */
export type DotenvProducers = ReadonlyMap<string, readonly string[]>;

/** Every job gets the variables of the dotenv files of the jobs whose artifacts it receives. */
export function withDotenv(jobs: Record<string, JobConfig>, producers: DotenvProducers, stages: readonly string[]): void {
  if (producers.size === 0) return;
  for (const [name, job] of Object.entries(jobs)) {
    const from = job.artifactsFrom ?? earlierJobs(jobs, job, stages);
    const files = from.filter((upstream) => upstream !== name).flatMap((upstream) => producers.get(upstream) ?? []);
    if (files.length === 0) continue;
    const load = [LOADER, ...[...new Set(files)].map((file) => `if [ -f ${shellQuote(file)} ]; then localci_dotenv ${shellQuote(file)}; fi`)].join('\n');
    job.steps = job.steps.map((step): StepSpec => (typeof step === 'string' ? `${load}\n${step}` : { ...step, run: `${load}\n${step.run}` }));
  }
}

/** Without `needs` or `dependencies`, a GitLab job receives the artifacts of every job of the stages before its own. */
function earlierJobs(jobs: Record<string, JobConfig>, job: JobConfig, stages: readonly string[]): string[] {
  const own = stages.indexOf(job.stage ?? 'test');
  return Object.entries(jobs)
    .filter(([, other]) => stages.indexOf(other.stage ?? 'test') < own)
    .map(([name]) => name);
}
