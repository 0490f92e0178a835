/**
 * One job of a workflow → one localci job per matrix leg (`test (20, ubuntu)`),
 * each with its image (container, a setup action's choice, else the runs-on
 * label the image map resolves), env, services, time limit, `if:` and needs.
 */
import type { JobConfig, ServiceConfig } from '../../types.js';
import type { KeyPath } from '../../key-path.js';
import { translateCondition } from './conditions.js';
import { evaluateValue, interpolate } from './expression/template.js';
import { isObject, toText, type Value } from './expression/values.js';
import { expandMatrix, legName, type Combination } from './matrix.js';
import { isRaw, type Raw } from './parse.js';
import type { Findings } from './report.js';
import { runtimeWord, type RuntimeScope } from './runtime-values.js';
import { LIBRARY_VARIABLE, shellLibrary, STATE_DIR } from './shell-library.js';
import { outputsScript } from './step-script.js';
import { translateSteps } from './translate-steps.js';
import type { InstallStep } from './install-step.js';
import { runnerVariables, type RunFacts } from './github-context.js';
import type { CalledOutputs } from './reusable.js';

export interface WorkflowScope {
  file: string;
  root: string;
  facts: RunFacts;
  inputs: Record<string, Value>;
  env: Raw;
  defaults: { shell?: string; workingDirectory?: string };
  findings: Findings;
  /** Leg names of every job id, for `needs`. */
  legs: Map<string, string[]>;
  /** Leg names of the job that uploads an artifact of this name; undefined when none does. */
  artifactJobs: (artifact: string) => string[] | undefined;
  /** Where a job id's outputs are written, for jobs that declare `outputs`. */
  outputsFile: (jobId: string) => string | undefined;
  /** Keeps the outputs files of a called workflow's jobs apart from the caller's (`''` at the top). */
  outputsPrefix: string;
  /** The `outputs` of the workflows jobs of this one call, by calling job id. */
  calledOutputs: Map<string, CalledOutputs>;
  readFile: (relative: string) => string | undefined;
  /** The command's environment (the actions cache, `LOCALCI_ACTIONS`). */
  commandEnv: Readonly<Record<string, string | undefined>>;
  /** What the user's own image map makes of a reference (undefined: no rule of theirs names it). */
  userImage: (reference: string) => string | undefined;
}

/**
 * A job as translation leaves it: `notRunnable` for a leg localci cannot run (a macOS or Windows
 * runner no image rule maps), listed with why; `installStep` for the step the install layer may
 * take over (install-layer.ts decides and removes both marks).
 */
export type WorkflowJob = JobConfig & { notRunnable?: string; installStep?: InstallStep };

export interface TranslatedJob {
  name: string;
  config: WorkflowJob;
}

const QUIET_KEYS = new Set(['name', 'permissions', 'concurrency']);
const JOB_KEYS = new Set(['runs-on', 'needs', 'if', 'steps', 'env', 'defaults', 'strategy', 'container', 'services', 'timeout-minutes', 'continue-on-error', 'outputs', 'uses', 'with', 'secrets', 'environment', ...QUIET_KEYS]);
const NON_LINUX = /^(windows|macos)/i;

/** The legs of a job (its matrix combinations), decided before any job is translated so `needs` can name them. */
export function jobLegs(id: string, raw: Raw, workflow: WorkflowScope): Array<Combination | undefined> {
  const strategy = isRaw(raw.strategy) ? raw.strategy : undefined;
  if (strategy?.matrix === undefined) return [undefined];
  const at: KeyPath = ['jobs', id, 'strategy', 'matrix'];
  const matrix = workflow.findings.guard(workflow.file, at, () => evaluateValue(strategy.matrix, { contexts: baseContexts(workflow) }));
  return (matrix === undefined ? undefined : workflow.findings.guard(workflow.file, at, () => expandMatrix(matrix))) ?? [];
}

export function translateJob(id: string, raw: Raw, workflow: WorkflowScope): TranslatedJob[] {
  const { file, findings } = workflow;
  const at: KeyPath = ['jobs', id];
  for (const key of Object.keys(raw)) if (!JOB_KEYS.has(key)) findings.warn(file, [...at, key], 'ignored: not a job key localci knows');
  const strategy = isRaw(raw.strategy) ? raw.strategy : {};
  const legs = jobLegs(id, raw, workflow);
  if (legs.length > 1 && strategy['fail-fast'] !== false) findings.warn(file, [...at, 'strategy', 'fail-fast'], 'approximated: a failing leg does not cancel the other legs; `ci run --fail-fast` stops the whole run');
  if (strategy['max-parallel'] !== undefined) findings.warn(file, [...at, 'strategy', 'max-parallel'], 'ignored: localci runs as many jobs at once as the machine allows');
  return legs.flatMap((leg, index) => {
    const matrix: Record<string, Value> = leg ?? {};
    const contexts = { ...baseContexts(workflow), matrix, strategy: { 'fail-fast': strategy['fail-fast'] !== false, 'job-index': index, 'job-total': legs.length, 'max-parallel': legs.length } };
    const translated = findings.guard(file, at, () => translateLeg(id, raw, workflow, contexts));
    return translated === undefined ? [] : [{ name: workflow.legs.get(id)?.[index] ?? (leg === undefined ? id : legName(id, leg)), config: translated }];
  }).filter((job) => job.config.steps.length > 0 || job.config.notRunnable !== undefined);
}

export function baseContexts(workflow: WorkflowScope): Record<string, Value> {
  return { github: workflow.facts.github, inputs: workflow.inputs, vars: workflow.facts.vars, runner: { os: 'Linux', arch: 'X64', temp: `${STATE_DIR}/tmp`, name: 'localci' } };
}

function translateLeg(id: string, raw: Raw, workflow: WorkflowScope, contexts: Record<string, Value>): WorkflowJob {
  const { file, findings } = workflow;
  const at: KeyPath = ['jobs', id];
  const scope = { contexts };
  const secrets = new Set<string>();
  const runtime: RuntimeScope = {
    scope,
    stepIds: new Map(),
    needsOutputs: workflow.outputsFile,
    calledOutput: (need, name) => {
      const called = workflow.calledOutputs.get(need);
      if (called === undefined) return undefined;
      const value = called.values[name];
      return value === undefined ? "''" : runtimeWord(value, { ...runtime, jobsOutputs: called.file });
    },
    needsLegs: (need) => workflow.legs.get(need) ?? [],
    secrets,
    unsupported: (source, why) => findings.warn(file, at, `approximated: \`${source}\`: ${why}`),
  };
  const job: WorkflowJob = { steps: [] };

  const condition = translateCondition(raw.if as string | undefined, runtime);
  if (condition.when === 'never' && !startedByHand(raw.if, runtime)) return job;
  const runner = runnerLabel(id, raw, workflow, scope);
  if (NON_LINUX.test(runner) && containerImage(raw, scope) === undefined && workflow.userImage(runner) === undefined) {
    findings.warn(file, [...at, 'runs-on'], `skipped: ${runner} legs are listed as not runnable locally; only Linux jobs run in containers (an image rule for ${runner}, such as LOCALCI_IMAGES='${runner}=node:20', runs them in Linux)`);
    return { steps: [], notRunnable: `runs on ${runner}, which has no container image; only Linux jobs run locally (or map ${runner} to an image)` };
  }
  if (condition.when === 'never') job.when = 'manual';
  else if (condition.when !== 'on-success') job.when = condition.when;
  const environment = isRaw(raw.environment) ? raw.environment.name : raw.environment;
  if (environment !== undefined && environment !== null) job.environment = interpolate(String(environment), scope);

  const needs = raw.needs === undefined ? [] : (Array.isArray(raw.needs) ? raw.needs : [raw.needs]).map(String);
  job.needs = needs.flatMap((name) => {
    const legs = workflow.legs.get(name);
    if (legs === undefined) findings.fail(file, [...at, 'needs'], `no job "${name}" in this workflow`);
    return legs ?? [];
  });

  // Env: values known now go to the job; values reading secrets are exported by every step.
  const env: Record<string, string> = { ...runnerVariables(workflow.facts, id), [LIBRARY_VARIABLE]: shellLibrary() };
  const runtimeEnv: Array<[string, string]> = [];
  for (const [name, value] of [...Object.entries(workflow.env), ...Object.entries(isRaw(raw.env) ? raw.env : {})]) {
    const text = typeof value === 'string' ? value : toText(value as Value);
    if (/\$\{\{[^}]*\b(secrets|env|steps|needs)\./i.test(text)) runtimeEnv.push([name, runtimeWord(text, runtime)]);
    else env[name] = interpolate(text, scope);
  }
  job.env = env;

  const runDefaults = isRaw(raw.defaults) && isRaw(raw.defaults.run) ? raw.defaults.run : {};
  const defaults = {
    ...workflow.defaults,
    ...(typeof runDefaults.shell === 'string' ? { shell: runDefaults.shell } : {}),
    ...(typeof runDefaults['working-directory'] === 'string' ? { workingDirectory: runDefaults['working-directory'] } : {}),
  };
  const steps = translateSteps({
    file,
    path: [...at, 'steps'],
    steps: raw.steps ?? [],
    runtime,
    defaults,
    jobEnv: runtimeEnv,
    envNames: Object.keys(env).filter((name) => name !== LIBRARY_VARIABLE),
    ...(condition.guard === undefined ? {} : { jobGuard: { test: condition.guard, text: String(raw.if) } }),
    findings,
    readFile: workflow.readFile,
    root: workflow.root,
    commandEnv: workflow.commandEnv,
  });
  // Pre scripts of JavaScript actions first, their post scripts last, in reverse order, as a runner runs them.
  const all = [...steps.preSteps, ...steps.steps, ...[...steps.postSteps].reverse()];
  job.steps = all.length > 0 ? all : [{ name: 'nothing of this job runs locally', run: 'true' }];

  const outputsFile = workflow.outputsFile(id);
  if (outputsFile !== undefined && isRaw(raw.outputs)) {
    const outputs = Object.entries(raw.outputs).map(([name, value]): [string, string] => [name, runtimeWord(String(value), { ...runtime, stepIds: stepIdsOf(raw.steps) })]);
    job.steps.push({ name: 'job outputs', run: outputsScript(outputsFile, outputs) });
    steps.artifacts.push(outputsFile);
  }

  job.image = imageOf(id, raw, workflow, scope, steps.image, runner);
  const container = isRaw(raw.container) ? raw.container : undefined;
  if (container && isRaw(container.env)) for (const [name, value] of Object.entries(container.env)) env[name] = interpolate(String(value), scope);
  if (container) for (const key of ['options', 'volumes', 'credentials', 'ports']) if (container[key] !== undefined) findings.warn(file, [...at, 'container', key], 'ignored: the job container is made by localci');

  if (isRaw(raw.services)) job.services = services(raw.services, at, workflow, scope);
  if (raw['timeout-minutes'] !== undefined) job.timeout = `${Number(evaluateValue(raw['timeout-minutes'], scope))}m`;
  if (raw['continue-on-error'] !== undefined) job.allowFailure = evaluateValue(raw['continue-on-error'], scope) === true || evaluateValue(raw['continue-on-error'], scope) === 'true';
  if (steps.caches.length > 0) job.cache = steps.caches;
  if (steps.installStep !== undefined) job.installStep = { ...steps.installStep, index: steps.installStep.index + steps.preSteps.length };
  if (steps.actionLayers.length > 0) job.actionLayers = steps.actionLayers;
  if (steps.artifacts.length > 0) {
    const extra = steps.artifactsExclude.length > 0 || steps.artifactsWhen !== undefined;
    job.artifacts = extra ? { paths: steps.artifacts, ...(steps.artifactsExclude.length > 0 ? { exclude: steps.artifactsExclude } : {}), ...(steps.artifactsWhen ? { when: steps.artifactsWhen } : {}) } : steps.artifacts;
  }
  // Jobs that download named artifacts get those jobs' artifacts only (without a download: every upstream job's).
  const sources = steps.downloads.map((name) => (name === null ? undefined : workflow.artifactJobs(name)));
  if (sources.length > 0 && sources.every((legs) => legs !== undefined)) {
    const withOutputs = needs.filter((name) => workflow.outputsFile(name) !== undefined || workflow.calledOutputs.has(name)).flatMap((name) => workflow.legs.get(name) ?? []);
    job.artifactsFrom = [...new Set([...(sources.flat() as string[]), ...withOutputs])];
  }
  if (secrets.size > 0) job.secrets = [...secrets].sort();
  return job;
}

/** An `if:` true only when the workflow is started by hand (workflow_dispatch): the job runs when named, like a manual job. */
function startedByHand(condition: unknown, runtime: RuntimeScope): boolean {
  const github = runtime.scope.contexts.github as Record<string, Value>;
  if (typeof condition !== 'string' || !/event_name/.test(condition) || github.event_name === 'workflow_dispatch') return false;
  const dispatched = { ...runtime, scope: { ...runtime.scope, contexts: { ...runtime.scope.contexts, github: { ...github, event_name: 'workflow_dispatch' } } } };
  const outcome = translateCondition(condition, dispatched);
  return outcome.when === 'on-success' && outcome.guard === undefined;
}

function stepIdsOf(steps: unknown): Map<string, number> {
  const ids = new Map<string, number>();
  if (Array.isArray(steps)) steps.forEach((step: unknown, index) => isRaw(step) && typeof step.id === 'string' && ids.set(step.id, index));
  return ids;
}

/** The job's container image, else the image of its setup action, else its runner label (the image map resolves it). */
function imageOf(id: string, raw: Raw, workflow: WorkflowScope, scope: { contexts: Record<string, Value> }, setupImage: string | undefined, runner: string): string {
  const container = containerImage(raw, scope);
  if (container === undefined) return setupImage ?? runner;
  if (setupImage !== undefined) workflow.findings.warn(workflow.file, ['jobs', id, 'container'], `approximated: the job runs in its container; the setup action's ${setupImage} is not used`);
  return container;
}

function containerImage(raw: Raw, scope: { contexts: Record<string, Value> }): string | undefined {
  const container = evaluateValue(isRaw(raw.container) ? raw.container.image : raw.container, scope);
  return typeof container === 'string' && container !== '' ? container : undefined;
}

/** The runs-on label that names the machine (`self-hosted` only when it is the only one), lower-cased. */
function runnerLabel(id: string, raw: Raw, workflow: WorkflowScope, scope: { contexts: Record<string, Value> }): string {
  const { file, findings } = workflow;
  const runsOn = evaluateValue(raw['runs-on'], scope);
  const labels = Array.isArray(runsOn) ? runsOn.map((label) => toText(label)) : isObject(runsOn) ? (Array.isArray(runsOn.labels) ? runsOn.labels.map((label) => toText(label)) : []) : [toText(runsOn ?? '')];
  const label = labels.find((candidate) => candidate !== 'self-hosted') ?? labels[0] ?? '';
  if (label === '' && containerImage(raw, scope) === undefined) findings.fail(file, ['jobs', id, 'runs-on'], 'expected a runner label such as ubuntu-latest');
  return label.toLowerCase();
}

function services(raw: Raw, at: KeyPath, workflow: WorkflowScope, scope: { contexts: Record<string, Value> }): Record<string, ServiceConfig> {
  const { file, findings } = workflow;
  const result: Record<string, ServiceConfig> = {};
  for (const [name, value] of Object.entries(raw)) {
    const where = [...at, 'services', name];
    const spec = typeof value === 'string' ? { image: value } : isRaw(value) ? value : undefined;
    const image = spec === undefined ? undefined : evaluateValue(spec.image, scope);
    if (typeof image !== 'string' || image === '') {
      findings.fail(file, where, 'expected a service with an `image`');
      continue;
    }
    const service: ServiceConfig = { image };
    if (isRaw(spec!.env)) service.env = Object.fromEntries(Object.entries(spec!.env).map(([key, item]) => [key, interpolate(String(item), scope)]));
    if (Array.isArray(spec!.ports)) service.ports = spec!.ports.map((port) => Number(String(port).split(':').at(-1)!.split('/')[0])).filter((port) => Number.isInteger(port) && port > 0);
    const options = typeof spec!.options === 'string' ? spec!.options : undefined;
    const health = options === undefined ? undefined : /--health-cmd[= ](?:"([^"]*)"|'([^']*)'|(\S+))/.exec(options);
    if (health) service.healthcheck = health[1] ?? health[2] ?? health[3]!;
    if (options !== undefined && options.replace(/--health-\S+[= ](?:"[^"]*"|'[^']*'|\S+)/g, '').trim() !== '') findings.warn(file, [...where, 'options'], 'approximated: only --health-cmd is used; other docker options are ignored');
    result[name] = service;
  }
  return result;
}
