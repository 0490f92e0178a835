/**
 * Workflow files → one PipelineConfig. Which workflows run, and as which
 * event, is workflow-selection.ts's choice. With several workflows, job names
 * start with the workflow's file name (`ci / test`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, NoPipelineError } from '../../../errors.js';
import type { JobConfig, PipelineConfig } from '../../types.js';
import type { ImportContext, ImportWarning, UnavailableJob } from '../importer.js';
import { fromPlain, type Value } from './expression/values.js';
import type { RunFacts } from './github-context.js';
import { isRaw, readWorkflow, type Raw, type Workflow } from './parse.js';
import { Findings } from './report.js';
import { artifactUploaders, legNames } from './job-names.js';
import { callWorkflow, type CalledOutputs } from './reusable.js';
import { OUTPUTS_FOLDER } from './runtime-values.js';
import { baseContexts, jobLegs, translateJob, type WorkflowJob, type WorkflowScope } from './translate-job.js';
import { selectWorkflows } from './workflow-selection.js';


export interface Translated {
  config: PipelineConfig;
  warnings: ImportWarning[];
  /** Legs that cannot run here (macOS, Windows), listed by `ci list` with why. */
  unavailable: UnavailableJob[];
  /** Said to the user on every run: which event the run stands for, when it is not the one asked. */
  notes?: string[];
}

export function translateWorkflows(files: string[], context: ImportContext, choice: 'named' | 'only' | 'found'): Translated {
  const findings = new Findings();
  const workflows: Workflow[] = [];
  for (const file of files) {
    const read = readWorkflow(file);
    if ('data' in read) workflows.push(read);
    else findings.issues.push(read);
  }
  if (findings.issues.length > 0) throw new ConfigError(findings.issues);
  const { running, facts, warnings, note, triedPullRequestInto } = selectWorkflows(workflows, context, choice);
  for (const warning of warnings) findings.warn(warning.file, warning.path, warning.message);
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
    const nor = triedPullRequestInto === undefined ? '' : `, nor by a pull request into ${triedPullRequestInto}`;
    throw new NoPipelineError(`No pipeline for a ${facts.event} event${target ? ` to ${target}` : ''}: no workflow is triggered by it${nor} (see the warnings).`, 'Run with --event, or name a workflow with --workflow to run it anyway.');
  }
  if (Object.keys(jobs).length === 0 && workflows.length > 0) {
    throw new ConfigError([{ file: workflows[0]!.file, path: 'jobs', message: `no job runs locally for a ${facts.event} event`, hint: 'name a workflow with --workflow, or see the warnings above' }]);
  }
  return { config: { jobs }, warnings: findings.warnings, unavailable, ...(note === undefined ? {} : { notes: [note] }) };
}

interface WorkflowCall {
  inputs: Record<string, Value>;
  depth: number;
  /** Keeps the outputs files of called jobs apart from the caller's. */
  outputsPrefix: string;
}

function translateWorkflow(workflow: Workflow, context: ImportContext, facts: RunFacts, findings: Findings, call?: WorkflowCall): Record<string, WorkflowJob> {
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
    outputsPrefix: call?.outputsPrefix ?? '',
    outputsFile: (id) => (hasOutputs.has(id) ? `${OUTPUTS_FOLDER}/${call?.outputsPrefix ?? ''}${id}` : undefined),
    calledOutputs: new Map<string, CalledOutputs>(),
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
      const result = callWorkflow(id, job, scope, call?.depth ?? 0, translate);
      if (result !== undefined) {
        called.set(id, result.jobs);
        scope.calledOutputs.set(id, result.outputs);
      }
      scope.legs.set(id, Object.keys(result?.jobs ?? {}));
      for (const name of Object.keys(result?.jobs ?? {})) taken.add(name);
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
