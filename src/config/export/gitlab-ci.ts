/**
 * A pipeline → one `.gitlab-ci.yml` that runs the same jobs: images, explicit
 * `needs` (so stage order is kept without waiting for whole stages), variables,
 * services, artifacts (`dependencies` for `artifactsFrom`), caches (a
 * `{{ hashFiles() }}` key becomes `key: { files, prefix }`), time limits,
 * retries, `when`, allowed failures and `rules: changes`. A job's steps become
 * its `script` lines; steps that run after a failure and may fail become
 * `after_script`. Secrets are CI/CD variables set in the project's settings:
 * the file names them in its header. The GitLab CI importer reads the file
 * back to the same jobs (docs/export.md).
 */
import { stringify } from 'yaml';
import type { DependencyCache, Job, Pipeline, Service } from '../../model/pipeline.js';
import { matrixOf, writeJobs } from './fold-matrix.js';
import { artifactSources, commonWarnings, HEADER, imageReference, jobCaches, jobSteps, minutes, type ExportResult } from './exported-job.js';

type Mapping = Record<string, unknown>;

const WHEN: Record<string, string> = { always: 'always', 'on-failure': 'on_failure', manual: 'manual' };
/** GitLab's most instances of one job. */
const MAX_INSTANCES = 200;
const RETRY_WHEN: Record<string, string[]> = { failure: ['script_failure'], timeout: ['job_execution_timeout', 'stuck_or_timeout_failure'] };

export function exportGitlab(pipeline: Pipeline, source: string): ExportResult {
  const { jobs, warnings } = writeJobs(pipeline.jobs, {
    ids: (names) => new Map(names.map((name) => [name, name])),
    write: (job, ids, say) => gitlabJob(pipeline, job, ids, say),
    // A matrix value is a CI/CD variable of the instance, which GitLab expands in image, variables and cache keys.
    placeholder: (key) => `\${${key}}`,
    withMatrix: (template, legs, written) => {
      // The shell would expand a variable in a script, but not inside single quotes: scripts stay as written.
      const sameScripts = ['script', 'after_script'].every((key) => JSON.stringify(template[key]) === JSON.stringify(written[0]![key]));
      return sameScripts && legs.length <= MAX_INSTANCES ? { ...template, parallel: { matrix: [matrixOf(legs)] } } : undefined;
    },
  });
  const document: Mapping = pipeline.stages.length > 0 ? { stages: pipeline.stages, ...jobs } : jobs;
  const secrets = [...new Set(pipeline.jobs.flatMap((job) => job.secrets))].sort();
  if (secrets.length > 0) warnings.push(`secrets ${secrets.join(', ')}: set them as masked CI/CD variables in the project's settings`);
  const header = [`# ${HEADER(source)}`, ...(secrets.length > 0 ? [`# Masked CI/CD variables this pipeline reads: ${secrets.join(', ')}.`] : [])];
  return { text: `${header.join('\n')}\n${stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })}`, warnings };
}

function gitlabJob(pipeline: Pipeline, job: Job, ids: Map<string, string>, say: (message: string) => void): Mapping {
  commonWarnings(job, say);
  const out: Mapping = {};
  if (job.stage !== undefined) out.stage = job.stage;
  // A job built from a Dockerfile falls back to the pipeline's image (the warning says so); GitLab needs one.
  const image = imageReference(job.image) ?? (pipeline.image === undefined ? undefined : imageReference(pipeline.image));
  if (image !== undefined) out.image = image;
  out.needs = [...new Set(job.needs.map((name) => ids.get(name)!))];
  if (Object.keys(job.env).length > 0) out.variables = job.env;
  const services = job.services.filter((service) => service.image.kind === 'name');
  if (services.length > 0) out.services = services.map((service) => gitlabService(service, say));
  const steps = jobSteps(pipeline, job);
  // Trailing steps that run whatever happened and cannot fail the job are exactly GitLab's after_script.
  let split = steps.length;
  while (split > 1 && steps[split - 1]!.when === 'always' && steps[split - 1]!.allowFailure) split -= 1;
  const script = steps.slice(0, split);
  for (const step of script) {
    if (step.when !== undefined && step.when !== 'on-success') say(`step ${step.name}: when ${step.when} is not exported; it runs only while the script passes`);
    if (step.allowFailure) say(`step ${step.name}: allowFailure is not exported; its failure fails the job`);
    if (step.timeoutMs !== undefined) say(`step ${step.name}: the step's timeout is not exported (the job's is)`);
  }
  out.script = script.map((step) => step.run);
  if (split < steps.length) out.after_script = steps.slice(split).map((step) => step.run);
  if (job.artifacts.length > 0) {
    const artifacts: Mapping = { paths: job.artifacts };
    if (job.artifactsExclude !== undefined && job.artifactsExclude.length > 0) artifacts.exclude = job.artifactsExclude;
    if (job.artifactsWhen !== undefined && job.artifactsWhen !== 'on-success') artifacts.when = job.artifactsWhen === 'always' ? 'always' : 'on_failure';
    out.artifacts = artifacts;
  }
  if (job.artifactsFrom !== undefined) out.dependencies = [...new Set(artifactSources(pipeline, job).map((from) => ids.get(from.name)!))];
  const caches = jobCaches(pipeline, job);
  if (caches.length > 0) out.cache = caches.map(gitlabCache);
  if (WHEN[job.when] !== undefined) out.when = WHEN[job.when];
  if (job.allowFailure) out.allow_failure = job.allowFailureExitCodes === undefined ? true : { exit_codes: job.allowFailureExitCodes };
  // GitLab lets a manual job fail unless told otherwise; localci does not.
  else if (job.when === 'manual') out.allow_failure = false;
  if (job.timeoutMs !== undefined) out.timeout = `${minutes(job.timeoutMs)}m`;
  if (job.retry.max > 0) {
    if (job.retry.max > 2) say(`retry: GitLab retries at most twice (not ${job.retry.max} times)`);
    out.retry = { max: Math.min(job.retry.max, 2), when: job.retry.when.flatMap((reason) => RETRY_WHEN[reason] ?? []) };
  }
  if (job.changes !== undefined) out.rules = [{ changes: job.changes }];
  if (job.environment !== undefined) out.environment = job.environment;
  return out;
}

function gitlabService(service: Service, say: (message: string) => void): Mapping {
  const out: Mapping = { name: imageReference(service.image), alias: service.name };
  if (Object.keys(service.env).length > 0) out.variables = service.env;
  if (service.command !== undefined) out.command = service.command;
  if (service.healthcheck !== undefined) say(`service ${service.name}: healthcheck is not exported (GitLab waits for the image's exposed ports)`);
  return out;
}

/** `npm-{{ hashFiles("a") }}` → `{ files: [a], prefix: npm }`; any other key as it is. */
function gitlabCache(cache: DependencyCache): Mapping {
  const match = /^(?:(.*)-)?\{\{\s*hashFiles\(([^)]*)\)\s*\}\}$/.exec(cache.key);
  const files = match ? [...match[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((found) => JSON.parse(`"${found[1]}"`) as string) : [];
  const key = match && files.length > 0 ? { files, ...(match[1] ? { prefix: match[1] } : {}) } : cache.key;
  return { key, paths: cache.paths };
}
