/**
 * Translate step for the pipeline: `stages` (with `.pre` first and `.post`
 * last), `workflow: rules`, `default:` (and the old top-level defaults) applied
 * to jobs as `inherit:` allows, global variables, every job translated, then
 * `needs` and `dependencies` resolved to the jobs that exist on this branch.
 */
import path from 'node:path';
import { ConfigError, NoPipelineError } from '../../../errors.js';
import { describeRef, nothingToRun, type PipelineRef } from './nothing-to-run.js';
import type { JobConfig, PipelineConfig } from '../../types.js';
import type { ImportContext } from '../importer.js';
import { isMapping } from './deep-merge.js';
import type { GitlabDocument } from './parse.js';
import { decideRules } from './rules.js';
import type { KeyOwners } from './extends.js';
import type { KeyOrigin } from './job-context.js';
import { withDotenv } from './dotenv.js';
import { instancesByBase, withNeeds, withoutUnavailableNeeds } from './needs.js';
import { translateJob, type TranslatedJob } from './translate-job.js';
import { layerVariables, predefinedVariables, readVariables, type Variables } from './variables.js';
import type { Warnings } from './warnings.js';

/** Keys that may still be written at the top level instead of under `default:`. */
const LEGACY_DEFAULTS = ['image', 'services', 'before_script', 'after_script', 'cache'];
const DEFAULT_KEYS = ['image', 'services', 'before_script', 'after_script', 'cache', 'artifacts', 'retry', 'timeout', 'interruptible', 'tags', 'hooks', 'id_tokens'];
/** Top-level keys that are settings, not jobs. */
const RESERVED = new Set(['default', 'include', 'stages', 'types', 'variables', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'spec']);
const DEFAULT_STAGES = ['build', 'test', 'deploy'];

export interface TranslateInput {
  document: GitlabDocument;
  fileOf: (key: string) => string;
  /** Which base each job's keys come from (extends.ts), so warnings name where a key is written. */
  owners?: KeyOwners;
  context: ImportContext;
  warnings: Warnings;
  /** Jobs that cannot run locally, with why: filled with `trigger` jobs and the jobs that need such jobs. */
  unavailable?: Map<string, string>;
  /** Includes that could not be read: a job without `script` is then taken to be completed by one of them. */
  missingIncludes?: readonly string[];
}

/** A top-level key that is a job (not a setting, not a hidden template). */
export function isJobName(name: string): boolean {
  return !RESERVED.has(name) && !name.startsWith('.');
}

export function translate(input: TranslateInput): PipelineConfig {
  const { document, context, warnings, fileOf } = input;
  const unavailable = input.unavailable ?? new Map<string, string>();
  const predefined = predefinedVariables(context.git, path.basename(context.root));
  const host = hostVariables(context.env);
  let globals = layerVariables({ ...host, ...predefined.runtime, ...predefined.job }, readVariables(document.variables));
  const ref = { ...(context.git.branch ? { branch: context.git.branch } : {}), ...(context.git.tag ? { tag: context.git.tag } : {}) };
  globals = applyWorkflow(document.workflow, { globals, ref, root: context.root, file: fileOf('workflow') }, warnings) ?? globals;
  const shared = Object.fromEntries(Object.entries(globals).filter(([key]) => !(key in host) && !(key in predefined.runtime)));
  const defaults = defaultsOf(document, fileOf);
  const excluded = new Set<string>();
  const translated: TranslatedJob[] = [];
  for (const [name, value] of Object.entries(document)) {
    if (!isJobName(name)) continue;
    const file = fileOf(name);
    if (!isMapping(value)) throw new ConfigError([{ file, path: name, message: 'a job must be a mapping with a `script`' }]);
    if ('trigger' in value) {
      warnings.add(file, [name, 'trigger'], 'ignored: downstream pipelines are not run; the job is listed as not runnable locally');
      unavailable.set(name, `trigger: starts a downstream pipeline (${describeTrigger(value.trigger)}), which is not run locally`);
      continue;
    }
    const missing = input.missingIncludes ?? [];
    if (missing.length > 0 && !('script' in value)) {
      // `sast: { variables: … }` sets up a job a template defines: without the template there is nothing to run.
      unavailable.set(name, `has no \`script\`: the rest of it is in an include not read (${missing.join(', ')})`);
      continue;
    }
    const inherited = withDefaults(value, defaults, (key) => warnings.add(file, [name, 'inherit', key], 'ignored'));
    const owners = input.owners?.get(name);
    const keyOrigin = (key: string): KeyOrigin | undefined => {
      if (inherited.defaulted.has(key)) return defaults.origin(key);
      const owner = owners?.get(key);
      return owner === undefined || owner === name ? undefined : { file: fileOf(owner), at: [owner] };
    };
    const jobGlobals = inherited.variables === true ? shared : jobGlobalsOnly(shared, inherited.variables);
    const jobs = translateJob({ name, job: inherited.job, file, keyOrigin, root: context.root, globals: jobGlobals, runtime: predefined.runtime, host, ref, warnings });
    if (jobs.length === 0) excluded.add(name);
    translated.push(...jobs);
  }
  const runnable = withoutUnavailableNeeds(translated, unavailable);
  const instances = instancesByBase(runnable);
  const needsContext = { written: new Set(Object.keys(document)), excluded, unavailable, fileOf };
  const jobs: Record<string, JobConfig> = {};
  for (const job of runnable) jobs[job.name] = withNeeds(job, instances, needsContext);
  if (Object.keys(jobs).length === 0) throw nothingToRun({ file: fileOf('stages'), ref, unavailable, missing: input.missingIncludes ?? [], excludedByRules: excluded.size > 0 });
  const stages = stagesOf(document, fileOf, warnings);
  withDotenv(jobs, new Map(runnable.filter((job) => job.dotenv.length > 0).map((job) => [job.name, job.dotenv])), stages);
  return { stages, jobs };
}

function describeTrigger(trigger: unknown): string {
  if (typeof trigger === 'string') return trigger;
  if (isMapping(trigger)) return typeof trigger.project === 'string' ? trigger.project : trigger.include !== undefined ? 'a child pipeline' : 'a pipeline';
  return 'a pipeline';
}

function hostVariables(env: ImportContext['env']): Variables {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

interface WorkflowScope {
  globals: Variables;
  ref: PipelineRef;
  root: string;
  file: string;
}

/** `workflow: rules` decides whether there is a pipeline at all, and may add variables. */
function applyWorkflow(workflow: unknown, { globals, ref, root, file }: WorkflowScope, warnings: Warnings): Variables | undefined {
  if (!isMapping(workflow)) return undefined;
  for (const key of Object.keys(workflow)) if (key !== 'rules') warnings.add(file, ['workflow', key], 'ignored');
  if (workflow.rules === undefined) return undefined;
  const outcome = decideRules(workflow.rules, { root, variables: globals, file, at: 'workflow' });
  if (!outcome.included) {
    throw new NoPipelineError(`No pipeline for ${describeRef(ref)}: ${file}: workflow.rules leave it out.`, 'As in GitLab, nothing runs; to check the jobs anyway, run on a branch the workflow rules accept.');
  }
  return outcome.variables === undefined ? undefined : layerVariables(globals, readVariables(outcome.variables));
}

interface Defaults {
  values: Record<string, unknown>;
  origin(key: string): KeyOrigin;
}

/** `default:` over the old top-level keys (`image:` at the top), each remembered where it is written. */
function defaultsOf(document: GitlabDocument, fileOf: (key: string) => string): Defaults {
  const own = isMapping(document.default) ? document.default : {};
  const legacy = Object.fromEntries(LEGACY_DEFAULTS.filter((key) => key in document && !(key in own)).map((key) => [key, document[key]]));
  return {
    values: { ...legacy, ...own },
    origin: (key) => (key in own ? { file: fileOf('default'), at: ['default'] } : { file: fileOf(key), at: [] }),
  };
}

interface Inherited {
  job: Record<string, unknown>;
  /** Keys the job took from `default:`. */
  defaulted: Set<string>;
  /** `inherit: variables`: every global variable (true), none (false) or the ones named. */
  variables: boolean | string[];
}

/** The job over `default:`, as far as `inherit: default` lets it. */
function withDefaults(job: Record<string, unknown>, defaults: Defaults, onUnknown: (key: string) => void): Inherited {
  const inherit = isMapping(job.inherit) ? job.inherit : {};
  for (const key of Object.keys(inherit)) if (key !== 'default' && key !== 'variables') onUnknown(key);
  const wanted = inherit.default === false ? [] : Array.isArray(inherit.default) ? inherit.default.map(String) : DEFAULT_KEYS;
  const defaulted = new Set(wanted.filter((key) => key in defaults.values && !(key in job)));
  const merged: Record<string, unknown> = {};
  for (const key of defaulted) merged[key] = defaults.values[key];
  Object.assign(merged, job);
  const variables = inherit.variables === false ? false : Array.isArray(inherit.variables) ? inherit.variables.map(String) : true;
  return { job: merged, defaulted, variables };
}

/** `inherit: variables: false | [names]`: the global variables the job still gets; predefined ones always. */
function jobGlobalsOnly(shared: Variables, keep: false | string[]): Variables {
  return Object.fromEntries(Object.entries(shared).filter(([key]) => (keep !== false && keep.includes(key)) || key.startsWith('CI_') || key === 'GITLAB_CI'));
}

function stagesOf(document: GitlabDocument, fileOf: (key: string) => string, warnings: Warnings): string[] {
  const declared = Array.isArray(document.stages) ? document.stages.map(String) : Array.isArray(document.types) ? document.types.map(String) : DEFAULT_STAGES;
  if (document.types !== undefined) warnings.add(fileOf('types'), ['types'], 'approximated: read as `stages`');
  return ['.pre', ...declared.filter((stage) => stage !== '.pre' && stage !== '.post'), '.post'];
}
