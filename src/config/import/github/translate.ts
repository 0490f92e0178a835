/**
 * Workflow files → one PipelineConfig. A local run behaves as the event
 * `LOCALCI_GITHUB_EVENT` (default `push`): found workflows that this event does
 * not trigger are left out with a warning; a workflow named with `--from
 * github:<file>` or `--workflow` runs whatever its triggers. With several
 * workflows, job names start with the workflow's file name (`ci / test`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, NoPipelineError } from '../../../errors.js';
import type { JobConfig, PipelineConfig } from '../../types.js';
import type { ImportContext, ImportWarning, UnavailableJob } from '../importer.js';
import { fromPlain, type Value } from './expression/values.js';
import { pushFilter } from './event-filters.js';
import { runFacts } from './github-context.js';
import { isRaw, readWorkflow, type Raw, type Workflow } from './parse.js';
import { Findings } from './report.js';
import { artifactUploaders, legNames } from './job-names.js';
import { callWorkflow } from './reusable.js';
import { baseContexts, jobLegs, translateJob, type WorkflowJob, type WorkflowScope } from './translate-job.js';

export const OUTPUTS_FOLDER = '.localci-github/outputs';

export interface Translated {
  config: PipelineConfig;
  warnings: ImportWarning[];
  /** Legs that cannot run here (macOS, Windows), listed by `ci list` with why. */
  unavailable: UnavailableJob[];
}

export function translateWorkflows(files: string[], context: ImportContext, chosen: boolean): Translated {
  const findings = new Findings();
  const facts = runFacts(context.git, context.root, context.env, context.event);
  const workflows: Workflow[] = [];
  for (const file of files) {
    const read = readWorkflow(file);
    if ('data' in read) workflows.push(read);
    else findings.issues.push(read);
  }
  if (findings.issues.length > 0) throw new ConfigError(findings.issues);
  const running = chosen ? workflows : workflows.filter((workflow) => {
    const runs = triggers(workflow.data.on).includes(facts.event);
    if (!runs) findings.warn(workflow.file, ['on'], `skipped: not triggered by ${facts.event} (run with --event, or name the workflow with --workflow)`);
    if (!runs || facts.event !== 'push') return runs;
    const filter = pushFilter(workflow.data.on, context.git);
    if (filter.approximated !== undefined) findings.warn(workflow.file, ['on', 'push'], filter.approximated);
    if (!filter.runs) findings.warn(workflow.file, ['on', 'push'], `skipped: ${filter.why} (name the workflow with --workflow to run it)`);
    return filter.runs;
  });
  const jobs: Record<string, JobConfig> = {};
  const unavailable: UnavailableJob[] = [];
  for (const workflow of running) {
    const prefix = running.length > 1 ? `${path.basename(workflow.file).replace(/\.ya?ml$/, '')} / ` : '';
    for (const [name, job] of Object.entries(translateWorkflow(workflow, context, facts, findings))) {
      if (job.notRunnable === undefined) jobs[prefix + name] = prefixNeeds(job, prefix);
      else unavailable.push({ name: prefix + name, reason: job.notRunnable });
    }
  }
  if (findings.issues.length > 0) throw new ConfigError(findings.issues);
  if (running.length === 0 && workflows.length > 0) {
    // As on GitHub: an event no workflow listens to starts nothing, which is not a failure.
    const target = context.git.tag ?? context.git.branch;
    throw new NoPipelineError(`No pipeline for a ${facts.event} event${target ? ` to ${target}` : ''}: no workflow is triggered by it (see the warnings).`, 'Run with --event, or name a workflow with --workflow to run it anyway.');
  }
  if (Object.keys(jobs).length === 0 && workflows.length > 0) {
    throw new ConfigError([{ file: workflows[0]!.file, path: 'jobs', message: `no job runs locally for a ${facts.event} event`, hint: 'name a workflow with --workflow, or see the warnings above' }]);
  }
  return { config: { jobs }, warnings: findings.warnings, unavailable };
}

interface WorkflowCall {
  inputs: Record<string, Value>;
  depth: number;
  /** Keeps the outputs files of called jobs apart from the caller's. */
  outputsPrefix: string;
}

function translateWorkflow(workflow: Workflow, context: ImportContext, facts: ReturnType<typeof runFacts>, findings: Findings, call?: WorkflowCall): Record<string, WorkflowJob> {
  const { file, data } = workflow;
  const runDefaults = isRaw(data.defaults) && isRaw(data.defaults.run) ? data.defaults.run : {};
  const rawJobs = data.jobs as Raw;
  const uploaders = artifactUploaders(rawJobs);
  const hasOutputs = new Set(Object.entries(rawJobs).filter(([, job]) => isRaw(job) && isRaw(job.outputs)).map(([id]) => id));
  const scope: WorkflowScope = {
    file,
    root: context.root,
    facts,
    inputs: { ...inputDefaults(data.on), ...call?.inputs },
    env: isRaw(data.env) ? data.env : {},
    defaults: {
      ...(typeof runDefaults.shell === 'string' ? { shell: runDefaults.shell } : {}),
      ...(typeof runDefaults['working-directory'] === 'string' ? { workingDirectory: runDefaults['working-directory'] } : {}),
    },
    findings,
    legs: new Map(),
    artifactJobs: (name) => {
      const id = uploaders.get(name);
      return id === undefined ? undefined : scope.legs.get(id);
    },
    outputsFile: (id) => (hasOutputs.has(id) ? `${OUTPUTS_FOLDER}/${call?.outputsPrefix ?? ''}${id}` : undefined),
    commandEnv: context.env,
    userImage: context.userImage ?? (() => undefined),
    readFile: (relative) => {
      try {
        return readFileSync(path.join(context.root, relative), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  for (const key of Object.keys(data)) {
    if (!['name', 'run-name', 'on', 'env', 'defaults', 'jobs', 'permissions', 'concurrency'].includes(key)) findings.warn(file, [key], 'ignored: not a workflow key localci knows');
  }
  const called = new Map<string, Record<string, JobConfig>>();
  const taken = new Set<string>();
  for (const [id, job] of Object.entries(rawJobs)) {
    if (!isRaw(job)) {
      findings.fail(file, ['jobs', id], 'expected a job mapping');
      continue;
    }
    if (typeof job.uses === 'string') {
      const translate = (called: Workflow, inputs: Record<string, Value>, depth: number, outputsPrefix: string) => translateWorkflow(called, context, facts, findings, { inputs, depth, outputsPrefix });
      const jobs = callWorkflow(id, job, scope, call?.depth ?? 0, translate);
      if (jobs !== undefined) called.set(id, jobs);
      scope.legs.set(id, Object.keys(jobs ?? {}));
      for (const name of Object.keys(jobs ?? {})) taken.add(name);
      continue;
    }
    const legs = jobLegs(id, job, scope);
    scope.legs.set(id, legNames(id, job, legs, baseContexts(scope), taken, findings, file));
  }
  const jobs: Record<string, WorkflowJob> = {};
  for (const [id, job] of Object.entries(rawJobs)) {
    if (!isRaw(job)) continue;
    const calledJobs = called.get(id);
    if (calledJobs !== undefined) {
      // The called workflow's first jobs wait for what the calling job needs.
      const needs = (Array.isArray(job.needs) ? job.needs : job.needs === undefined ? [] : [job.needs]).flatMap((name) => scope.legs.get(String(name)) ?? []);
      for (const [name, calledJob] of Object.entries(calledJobs)) jobs[name] = calledJob.needs === undefined || calledJob.needs.length === 0 ? { ...calledJob, needs } : calledJob;
      continue;
    }
    if (typeof job.uses === 'string') continue;
    for (const translated of translateJob(id, job, scope)) jobs[translated.name] = translated.config;
  }
  // A job left out (its `if:` is false, it runs on macOS) is not waited for.
  for (const job of Object.values(jobs)) if (job.needs) job.needs = job.needs.filter((name) => jobs[name] !== undefined && jobs[name].notRunnable === undefined);
  return jobs;
}

/** Event names of `on:` (a name, a list, or a mapping). */
export function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return isRaw(on) ? Object.keys(on) : [];
}

/** `inputs` of workflow_dispatch / workflow_call, at their defaults. */
function inputDefaults(on: unknown): Record<string, Value> {
  const inputs: Record<string, Value> = {};
  if (!isRaw(on)) return inputs;
  for (const event of ['workflow_dispatch', 'workflow_call']) {
    const spec = isRaw(on[event]) ? (on[event] as Raw).inputs : undefined;
    if (isRaw(spec)) for (const [name, input] of Object.entries(spec)) inputs[name] = isRaw(input) ? fromPlain(input.default) : null;
  }
  return inputs;
}

function prefixNeeds(job: WorkflowJob, prefix: string): JobConfig {
  return prefix === '' || job.needs === undefined ? job : { ...job, needs: job.needs.map((name) => prefix + name) };
}
