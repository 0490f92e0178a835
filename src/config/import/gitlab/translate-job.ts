/**
 * Translate step for one job: a GitLab job (includes, extends and references
 * already expanded, `default:` applied) into localci jobs — one per `parallel`
 * instance — or none when its rules leave it out. `needs` are resolved later,
 * once every job's instances are known.
 */
import type { JobConfig } from '../../types.js';
import { isMapping } from './deep-merge.js';
import { warn, type JobContext } from './job-context.js';
import { allowFailure, jobWhen, retry, timeout } from './job-control.js';
import { dotenvReports, jobArtifacts, jobCaches, jobReports } from './job-files.js';
import { jobImage, jobServices } from './job-image.js';
import { jobSteps } from './job-script.js';
import { instancesOf } from './parallel.js';
import { decideOnlyExcept, decideRules, type RuleOutcome } from './rules.js';
import { expandText, layerVariables, readVariables, type Variables } from './variables.js';
import type { Warnings } from './warnings.js';

/**
 * Keys translate reads, and `tags` (which runner takes the job: every job runs on the local
 * engine, so nothing is lost and nothing is said); every other key of a job is one warning.
 */
const HANDLED = new Set([
  'stage', 'script', 'before_script', 'after_script', 'image', 'services', 'variables', 'needs', 'dependencies', 'artifacts', 'cache',
  'rules', 'only', 'except', 'when', 'allow_failure', 'timeout', 'retry', 'parallel', 'inherit', 'tags',
]);

const IGNORED_BECAUSE: Record<string, string> = {
  interruptible: 'ignored: a new run never cancels this one',
  environment: 'ignored: runs as an ordinary job, no deployment is recorded',
  resource_group: 'ignored: jobs are not serialised across pipelines',
  coverage: 'ignored: coverage is not parsed from the log',
  start_in: 'ignored: the job does not wait',
};

export interface TranslatedJob {
  /** GitLab's name: the job's own, or its parallel instance's. */
  name: string;
  /** The job's name as written, before `parallel` made instances of it. */
  base: string;
  /** The instance's `parallel: matrix` values, which `needs: parallel: matrix` picks by. */
  matrix: Record<string, string>;
  /** Files of `artifacts: reports: dotenv`, whose variables later jobs get. */
  dotenv: string[];
  config: JobConfig;
  /** The `needs` as written, resolved to instance names afterwards. */
  needs?: unknown;
  dependencies?: unknown;
}

export interface JobInput {
  name: string;
  job: Record<string, unknown>;
  file: string;
  /** Where a key of the job is written when a base or `default:` wrote it. */
  keyOrigin?: JobContext['keyOrigin'];
  root: string;
  /** Predefined variables set on jobs, plus global ones (already expanded). */
  globals: Variables;
  /** Predefined variables the run layer sets; visible to rules and expansion only. */
  runtime: Variables;
  /** Host variables a rule may read (`$DEPLOY` exported before `ci run`). */
  host: Variables;
  ref: { branch?: string; tag?: string };
  warnings: Warnings;
}

export function translateJob(input: JobInput): TranslatedJob[] {
  const { name, job, file } = input;
  const stage = typeof job.stage === 'string' ? job.stage : 'test';
  const own = readVariables(job.variables);
  const base = { ...input.host, ...input.runtime, ...input.globals, CI_JOB_NAME: name, CI_JOB_STAGE: stage };
  const scope = layerVariables(base, own);
  const ruleContext = { root: input.root, variables: scope, file, at: name };
  const outcome: RuleOutcome = job.rules !== undefined ? decideRules(job.rules, ruleContext) : decideOnlyExcept(job.only, job.except, input.ref, ruleContext);
  if (!outcome.included) return [];
  const context: JobContext = { name, file, variables: scope, warnings: input.warnings, ...(input.keyOrigin ? { keyOrigin: input.keyOrigin } : {}) };
  for (const key of Object.keys(job)) {
    if (!HANDLED.has(key)) warn(context, [key], IGNORED_BECAUSE[key] ?? 'ignored: not supported by localci');
  }
  if (outcome.approximated) warn(context, ['rules'], outcome.approximated);
  const ruleVariables = readVariables(outcome.variables);
  return instancesOf(name, job.parallel, file).map((instance) => {
    const variables = layerVariables(base, own, readVariables(instance.variables), ruleVariables);
    const instanceContext: JobContext = { ...context, variables };
    const env = jobEnv(variables, input, own, ruleVariables, instance.variables);
    const dotenv = dotenvReports(job.artifacts).map((file) => expandText(file, variables));
    return { name: instance.name, base: name, matrix: instance.matrix, dotenv, config: jobConfig(job, stage, outcome, env, instanceContext), needs: job.needs, dependencies: job.dependencies };
  });
}

/** What a job's container gets: not the host's variables, nor those the run layer fills from the source it runs. */
function jobEnv(variables: Variables, input: JobInput, ...written: Array<Map<string, unknown> | Record<string, string>>): Record<string, string> {
  const keep = (key: string) => written.some((block) => (block instanceof Map ? block.has(key) : key in block)) || key in input.globals || key === 'CI_JOB_STAGE';
  return Object.fromEntries(Object.entries(variables).filter(([key]) => keep(key)));
}

function jobConfig(job: Record<string, unknown>, stage: string, outcome: RuleOutcome, env: Record<string, string>, context: JobContext): JobConfig {
  const config: JobConfig = { stage, steps: jobSteps(context.name, context.file, job.before_script, job.script, job.after_script), env };
  const image = jobImage(job.image, context);
  if (image.image !== undefined) config.image = image.image;
  if (image.pull !== undefined) config.pull = image.pull;
  const services = jobServices(job.services, env, context);
  if (services) config.services = services;
  const artifacts = jobArtifacts(job.artifacts, context);
  if (artifacts) config.artifacts = artifacts;
  const reports = jobReports(job.artifacts, context);
  if (reports) config.reports = reports;
  const cache = jobCaches(job.cache, context);
  if (cache) config.cache = cache;
  const when = jobWhen(outcome.when ?? job.when, outcome.when !== undefined ? ['rules', 'when'] : ['when'], context);
  if (when !== undefined && when !== 'on-success') config.when = when;
  // A manual job does not block the pipeline unless it says so (GitLab's default).
  const allowed = allowFailure(outcome.allowFailure ?? job.allow_failure, ['allow_failure'], context) ?? (when === 'manual' ? true : undefined);
  if (allowed !== undefined && allowed !== false) config.allowFailure = allowed;
  const seconds = timeout(job.timeout, context);
  if (seconds !== undefined) config.timeout = seconds;
  const retries = retry(job.retry, context);
  if (retries !== undefined && retries !== 0) config.retry = retries;
  if (outcome.changes) config.rules = { changes: outcome.changes };
  return config;
}

