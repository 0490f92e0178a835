/**
 * Translate step for the pipeline: `stages` (with `.pre` first and `.post`
 * last), `workflow: rules`, `default:` (and the old top-level defaults) applied
 * to jobs as `inherit:` allows, global variables, every job translated, then
 * `needs` and `dependencies` resolved to the jobs that exist on this branch.
 */
import path from 'node:path';
import { ConfigError } from '../../../errors.js';
import type { JobConfig, PipelineConfig } from '../../types.js';
import type { ImportContext } from '../importer.js';
import { isMapping } from './deep-merge.js';
import type { GitlabDocument } from './parse.js';
import { decideRules } from './rules.js';
import { translateJob, type TranslatedJob } from './translate-job.js';
import { layerVariables, predefinedVariables, readVariables, type Variables } from './variables.js';
import type { Warnings } from './warnings.js';

const DEFAULT_KEYS = ['image', 'services', 'before_script', 'after_script', 'cache', 'artifacts', 'retry', 'timeout', 'interruptible', 'tags', 'hooks', 'id_tokens'];
/** Top-level keys that are settings, not jobs. */
const RESERVED = new Set(['default', 'include', 'stages', 'types', 'variables', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'spec']);
const DEFAULT_STAGES = ['build', 'test', 'deploy'];

export interface TranslateInput {
  document: GitlabDocument;
  fileOf: (key: string) => string;
  context: ImportContext;
  warnings: Warnings;
}

export function translate(input: TranslateInput): PipelineConfig {
  const { document, context, warnings, fileOf } = input;
  const predefined = predefinedVariables(context.git, path.basename(context.root));
  const host = hostVariables(context.env);
  let globals = layerVariables({ ...host, ...predefined.runtime, ...predefined.job }, readVariables(document.variables));
  globals = applyWorkflow(document.workflow, { ...globals }, context.root, fileOf('workflow'), warnings) ?? globals;
  const shared = Object.fromEntries(Object.entries(globals).filter(([key]) => !(key in host) && !(key in predefined.runtime)));
  const defaults = defaultsOf(document);
  const ref = { ...(context.git.branch ? { branch: context.git.branch } : {}), ...(context.git.tag ? { tag: context.git.tag } : {}) };
  const excluded = new Set<string>();
  const translated: TranslatedJob[] = [];
  for (const [name, value] of Object.entries(document)) {
    if (RESERVED.has(name) || name.startsWith('.')) continue;
    const file = fileOf(name);
    if (!isMapping(value)) throw new ConfigError([{ file, path: name, message: 'a job must be a mapping with a `script`' }]);
    if ('trigger' in value) {
      warnings.add(file, [name, 'trigger'], 'ignored: downstream pipelines are not run; the job is left out');
      excluded.add(name);
      continue;
    }
    const job = withDefaults(value, defaults, document.variables, (key) => warnings.add(file, [name, 'inherit', key], 'ignored'));
    const jobs = translateJob({ name, job, file, root: context.root, globals: job.__noGlobals ? inheritedGlobals(shared, job.__noGlobals) : shared, runtime: predefined.runtime, host, ref, warnings });
    delete job.__noGlobals;
    if (jobs.length === 0) excluded.add(name);
    translated.push(...jobs);
  }
  const instances = instanceNames(translated, document);
  const jobs: Record<string, JobConfig> = {};
  for (const job of translated) jobs[job.name] = withNeeds(job, instances, excluded, fileOf);
  if (Object.keys(jobs).length === 0) {
    throw new ConfigError([{ file: fileOf('stages'), path: '', message: `no job runs for ${ref.tag ? `tag ${ref.tag}` : `branch ${ref.branch ?? '(none)'}`}: every job is left out by its rules`, hint: 'check the rules, or run on the branch they expect' }]);
  }
  return { stages: stagesOf(document, fileOf, warnings), jobs };
}

function hostVariables(env: ImportContext['env']): Variables {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** `workflow: rules` decides whether there is a pipeline at all, and may add variables. */
function applyWorkflow(workflow: unknown, globals: Variables, root: string, file: string, warnings: Warnings): Variables | undefined {
  if (!isMapping(workflow)) return undefined;
  for (const key of Object.keys(workflow)) if (key !== 'rules') warnings.add(file, ['workflow', key], 'ignored');
  if (workflow.rules === undefined) return undefined;
  const outcome = decideRules(workflow.rules, { root, variables: globals, file, at: 'workflow' });
  if (!outcome.included) throw new ConfigError([{ file, path: 'workflow.rules', message: 'no pipeline: the workflow rules leave this push out', hint: 'run on a branch the workflow rules accept' }]);
  return outcome.variables === undefined ? undefined : layerVariables(globals, readVariables(outcome.variables));
}

function defaultsOf(document: GitlabDocument): Record<string, unknown> {
  const legacy = Object.fromEntries(['image', 'services', 'before_script', 'after_script', 'cache'].filter((key) => key in document).map((key) => [key, document[key]]));
  return { ...legacy, ...(isMapping(document.default) ? document.default : {}) };
}

/** The job over `default:`, as far as `inherit: default` lets it; `inherit: variables` is noted for the globals. */
function withDefaults(job: Record<string, unknown>, defaults: Record<string, unknown>, _globals: unknown, onUnknown: (key: string) => void): Record<string, unknown> & { __noGlobals?: true | string[] } {
  const inherit = isMapping(job.inherit) ? job.inherit : {};
  for (const key of Object.keys(inherit)) if (key !== 'default' && key !== 'variables') onUnknown(key);
  const wanted = inherit.default === false ? [] : Array.isArray(inherit.default) ? inherit.default.map(String) : DEFAULT_KEYS;
  const merged: Record<string, unknown> & { __noGlobals?: true | string[] } = {};
  for (const key of wanted) if (key in defaults && !(key in job)) merged[key] = defaults[key];
  Object.assign(merged, job);
  if (inherit.variables === false) merged.__noGlobals = true;
  else if (Array.isArray(inherit.variables)) merged.__noGlobals = inherit.variables.map(String);
  return merged;
}

function inheritedGlobals(shared: Variables, keep: true | string[]): Variables {
  return keep === true ? {} : Object.fromEntries(Object.entries(shared).filter(([key]) => keep.includes(key) || key.startsWith('CI_') || key === 'GITLAB_CI'));
}

function instanceNames(jobs: readonly TranslatedJob[], document: GitlabDocument): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of Object.keys(document)) out.set(name, []);
  for (const job of jobs) {
    const base = [...out.keys()].find((name) => job.name === name || job.name.startsWith(`${name} `) || job.name.startsWith(`${name}: [`));
    if (base !== undefined) out.get(base)!.push(job.name);
  }
  return out;
}

function withNeeds(job: TranslatedJob, instances: Map<string, string[]>, excluded: Set<string>, fileOf: (key: string) => string): JobConfig {
  const config = { ...job.config };
  const base = [...instances].find(([, names]) => names.includes(job.name))?.[0] ?? job.name;
  const file = fileOf(base);
  const resolve = (name: string, optional: boolean, key: string): string[] => {
    const names = instances.get(name);
    if (names && names.length > 0) return names;
    if (optional) return [];
    const why = names === undefined ? 'is not a job in this file' : excluded.has(name) ? 'is left out on this branch by its rules' : 'has no runnable job';
    throw new ConfigError([{ file, path: `${base}.${key}`, message: `\`${name}\` ${why}`, hint: 'mark the need `optional: true`, or fix the name' }]);
  };
  if (Array.isArray(job.needs)) {
    const artifactsFrom: string[] = [];
    config.needs = job.needs.flatMap((entry, index) => {
      const spec = typeof entry === 'string' ? { job: entry } : isMapping(entry) ? entry : {};
      if (typeof spec.job !== 'string') return [];
      const names = resolve(spec.job, spec.optional === true, `needs[${index}]`);
      if (spec.artifacts !== false) artifactsFrom.push(...names);
      return names;
    });
    config.artifactsFrom = artifactsFrom;
  }
  if (Array.isArray(job.dependencies)) config.artifactsFrom = job.dependencies.flatMap((name, index) => resolve(String(name), false, `dependencies[${index}]`));
  return config;
}

function stagesOf(document: GitlabDocument, fileOf: (key: string) => string, warnings: Warnings): string[] {
  const declared = Array.isArray(document.stages) ? document.stages.map(String) : Array.isArray(document.types) ? document.types.map(String) : DEFAULT_STAGES;
  if (document.types !== undefined) warnings.add(fileOf('types'), ['types'], 'approximated: read as `stages`');
  return ['.pre', ...declared.filter((stage) => stage !== '.pre' && stage !== '.post'), '.post'];
}
