/**
 * PipelineConfig (as written, already checked) → Pipeline (as run): defaults
 * filled in, shorthand expanded, stages turned into needs, matrix jobs
 * expanded with their values substituted, durations in ms, memory in bytes.
 * Pure: no I/O, no errors (schema.ts and check.ts have ruled them out).
 */
import { DEFAULT_LOG_MAX_BYTES, DEFAULT_PIDS_LIMIT, type DependencyCache, type ImageRef, type InstallSpec, type Job, type JobReports, type Pipeline, type PipelineSource, type Service, type Step } from '../model/pipeline.js';
import { parseDuration, parseMemory } from './duration.js';
import { jobNames, resolveReference, type JobNames } from './job-names.js';
import { combinations, expandedName, substitute, type MatrixValues } from './matrix.js';
import { directNeeds } from './needs.js';
import type { DependencyCacheConfig, ImageSpec, InstallConfig, JobConfig, PipelineConfig, StepSpec } from './types.js';

export interface NormalizeContext {
  root: string;
  projectName: string;
  source: PipelineSource;
}

const STEP_NAME_MAX = 60;
const DEFAULT_RETRY_WHEN: Array<'failure' | 'timeout'> = ['failure', 'timeout'];

export function normalize(config: PipelineConfig, context: NormalizeContext): Pipeline {
  const names = jobNames(config.jobs);
  const needs = directNeeds(config, names);
  const jobs = Object.entries(config.jobs).flatMap(([base, job]) => {
    const expansions: Array<MatrixValues | undefined> = job.matrix ? combinations(job.matrix) : [undefined];
    return expansions.map((values) => normalizeJob(config, base, job, values, needs.get(base) ?? [], names));
  });
  const prePush = config.hooks?.prePush;
  return {
    root: context.root,
    projectName: context.projectName,
    source: context.source,
    ...(config.image === undefined ? {} : { image: imageRef(config.image, (text) => text) }),
    stages: config.stages ?? [],
    jobs,
    ...(config.install ? { install: normalizeInstall(config.install, config.env ?? {}) } : {}),
    environments: config.environments ?? {},
    prePush: {
      onDockerMissing: prePush?.onDockerMissing ?? 'refuse',
      tags: prePush?.tags ?? false,
      eachCommit: prePush?.eachCommit ?? false,
      // Base names of matrix jobs become the expanded names, like needs.
      ...(prePush?.coverage && (prePush.coverage.min !== undefined || prePush.coverage.maxDrop !== undefined) ? { coverage: prePush.coverage } : {}),
      ...(prePush?.jobs ? { jobs: [...new Set(prePush.jobs.flatMap((reference) => resolveReference(names, reference)))] } : {}),
    },
    watch: {
      debounce: config.watch?.debounce ?? 100,
      // On by default: a pooled container is as fresh as a new one (single use) and starts ~150 ms sooner.
      keepContainers: config.watch?.keepContainers ?? true,
      ignore: config.watch?.ignore ?? [],
    },
    logMaxBytes: config.logs?.maxSize === undefined ? DEFAULT_LOG_MAX_BYTES : (parseMemory(config.logs.maxSize) ?? DEFAULT_LOG_MAX_BYTES),
    ...(config.notify ? { notify: config.notify } : {}),
    ...(config.backend ? { backend: config.backend } : {}),
    ...(config.engines ? { engines: config.engines } : {}),
    ...(config.registry ? { registry: config.registry } : {}),
  };
}

function normalizeJob(config: PipelineConfig, base: string, job: JobConfig, values: MatrixValues | undefined, needs: string[], names: JobNames): Job {
  const sub = (text: string) => (values ? substitute(text, values) : text);
  const subRecord = (record: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key, sub(value)]));
  const retry = job.retry;
  const timeoutMs = job.timeout === undefined ? undefined : parseDuration(job.timeout);
  const memoryBytes = job.memory === undefined ? undefined : parseMemory(job.memory);
  const result: Job = {
    name: expandedName(base, values),
    baseName: base,
    needs,
    // check.ts guarantees an image exists on the job or at the top level.
    image: imageRef(job.image ?? config.image!, sub),
    steps: job.steps.map((step) => normalizeStep(step, sub)),
    env: { ...subRecord(config.env), ...subRecord(job.env) },
    services: Object.entries(job.services ?? {}).map(([name, service]): Service => ({
      name,
      image: imageRef(service.image, sub),
      env: subRecord(service.env),
      ports: service.ports ?? [],
      ...(service.healthcheck === undefined ? {} : { healthcheck: service.healthcheck }),
      ...(service.command === undefined ? {} : { command: service.command }),
    })),
    inputs: job.inputs ?? [],
    ...normalizeArtifacts(job.artifacts),
    cache: normalizeCaches(job.cache, sub),
    retry:
      retry === undefined
        ? { max: 0, when: DEFAULT_RETRY_WHEN }
        : typeof retry === 'number'
          ? { max: retry, when: DEFAULT_RETRY_WHEN }
          : { max: retry.max, when: retry.when ?? DEFAULT_RETRY_WHEN },
    allowFailure: job.allowFailure !== undefined && job.allowFailure !== false,
    when: job.when ?? 'on-success',
    secrets: job.secrets ?? [],
    pull: job.pull ?? config.pull ?? 'if-missing',
    pidsLimit: job.pids ?? DEFAULT_PIDS_LIMIT,
    network: {
      inheritTrust: job.network?.inheritTrust ?? config.network?.inheritTrust ?? true,
      inheritProxy: job.network?.inheritProxy ?? config.network?.inheritProxy ?? true,
    },
  };
  // Optional fields are left out rather than set to undefined, so `ci config` JSON stays clean.
  if (values) result.matrix = values;
  if (job.stage !== undefined) result.stage = job.stage;
  if (timeoutMs !== undefined) result.timeoutMs = timeoutMs;
  if (job.rules?.changes !== undefined) result.changes = job.rules.changes;
  if (job.environment !== undefined) result.environment = job.environment;
  if (typeof job.allowFailure === 'object') result.allowFailureExitCodes = job.allowFailure.exitCodes;
  if (job.artifactsFrom !== undefined) result.artifactsFrom = [...new Set(job.artifactsFrom.flatMap((reference) => resolveReference(names, reference)))];
  if (memoryBytes !== undefined) result.memoryBytes = memoryBytes;
  if (job.actionLayers !== undefined) result.actionLayers = job.actionLayers;
  if (job.cpus !== undefined) result.cpus = job.cpus;
  if (job.runsOn !== undefined) result.runsOn = job.runsOn;
  const reports = normalizeReports(job.reports);
  if (reports) result.reports = reports;
  if (job.install === false) result.install = false;
  return result;
}

function normalizeInstall(install: InstallConfig, env: Record<string, string>): InstallSpec {
  const same = (text: string) => text;
  return { steps: install.steps.map((step) => normalizeStep(step, same)), inputs: install.inputs, paths: install.paths.map((dir) => dir.replace(/\/+$/, '')), cache: normalizeCaches(install.cache, same), env };
}

function normalizeCaches(caches: DependencyCacheConfig[] | undefined, sub: (text: string) => string): DependencyCache[] {
  return (caches ?? []).map((cache): DependencyCache => ({ key: sub(cache.key), paths: cache.paths.map(sub) }));
}

function imageRef(spec: ImageSpec, sub: (text: string) => string): ImageRef {
  if (typeof spec === 'string') return { kind: 'name', name: sub(spec) };
  return {
    kind: 'build',
    dockerfile: spec.dockerfile,
    ...(spec.target === undefined ? {} : { target: sub(spec.target) }),
    context: spec.context ?? '.',
    args: Object.fromEntries(Object.entries(spec.args ?? {}).map(([key, value]) => [key, sub(value)])),
  };
}

/** A step as written, read the one way jobs and deploy smoke steps share (name, `timeout`, `when`, `allowFailure`). */
export function normalizeStep(step: StepSpec, sub: (text: string) => string = (text) => text): Step {
  const spec: Exclude<StepSpec, string> = typeof step === 'string' ? { run: step } : step;
  const run = sub(spec.run);
  const timeoutMs = spec.timeout === undefined ? undefined : parseDuration(spec.timeout);
  return {
    name: spec.name === undefined ? defaultStepName(run) : sub(spec.name),
    run,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    // Defaults are left out, so `ci config` and cache keys of existing configs stay as they were.
    ...(spec.when === undefined || spec.when === 'on-success' ? {} : { when: spec.when }),
    ...(spec.allowFailure ? { allowFailure: true } : {}),
    ...(spec.container === undefined ? {} : { container: { image: imageRef(spec.container.image, sub) } }),
  };
}

/** The object form's extras are left out when they say the default, like other optional fields. */
function normalizeArtifacts(spec: JobConfig['artifacts']): Pick<Job, 'artifacts' | 'artifactsExclude' | 'artifactsWhen'> {
  if (spec === undefined || Array.isArray(spec)) return { artifacts: spec ?? [] };
  return {
    artifacts: spec.paths,
    ...(spec.exclude && spec.exclude.length > 0 ? { artifactsExclude: spec.exclude } : {}),
    ...(spec.when && spec.when !== 'on-success' ? { artifactsWhen: spec.when } : {}),
  };
}

/** Absent when no report is named, so `ci config` and cache keys of other jobs stay as they were. */
function normalizeReports(spec: JobConfig['reports']): JobReports | undefined {
  const junit = spec?.junit ?? [];
  if (junit.length === 0 && spec?.coverage === undefined) return undefined;
  return { junit, ...(spec?.coverage === undefined ? {} : { coverage: spec.coverage }) };
}

/** The first non-blank line of the command, trimmed and cut to 60 characters. */
export function defaultStepName(run: string): string {
  const line = run.split('\n').map((text) => text.trim()).find((text) => text !== '') ?? '';
  return line.length <= STEP_NAME_MAX ? line : `${line.slice(0, STEP_NAME_MAX - 1)}…`;
}
