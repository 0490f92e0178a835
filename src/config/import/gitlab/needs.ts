/**
 * `needs` and `dependencies` resolved once every job's instances are known: a
 * name stands for all instances of a `parallel` job, `parallel: matrix:` in a
 * need picks the instances with those values, `optional: true` forgives a job
 * that is not there, and `artifacts: false` (or `dependencies`) narrows whose
 * artifacts the job receives.
 */
import { ConfigError } from '../../../errors.js';
import type { JobConfig } from '../../types.js';
import { isMapping } from './deep-merge.js';
import { matrixCombos } from './parallel.js';
import type { TranslatedJob } from './translate-job.js';

export interface NeedsContext {
  /** Every job name written in the file (hidden ones too), to tell a typo from a job left out. */
  written: ReadonlySet<string>;
  /** Jobs left out on this branch by their rules. */
  excluded: ReadonlySet<string>;
  /** Jobs that cannot run locally; an optional need on one is dropped. */
  unavailable: ReadonlyMap<string, string>;
  fileOf: (key: string) => string;
}

/** Each job's instances, by the name it is written under; built once, so resolving stays linear. */
export function instancesByBase(jobs: readonly TranslatedJob[]): Map<string, TranslatedJob[]> {
  const out = new Map<string, TranslatedJob[]>();
  for (const job of jobs) {
    const list = out.get(job.base);
    if (list) list.push(job);
    else out.set(job.base, [job]);
  }
  return out;
}

export function withNeeds(job: TranslatedJob, instances: ReadonlyMap<string, TranslatedJob[]>, context: NeedsContext): JobConfig {
  const config = { ...job.config };
  const file = context.fileOf(job.base);
  const fail = (key: string, message: string, hint: string) => new ConfigError([{ file, path: `${job.base}.${key}`, message, hint }]);
  const resolve = (name: string, optional: boolean, key: string, parallel?: unknown): string[] => {
    const found = instances.get(name) ?? [];
    const picked = parallel === undefined ? found : pickMatrix(found, parallel, (message) => fail(`${key}.parallel`, message, 'list the matrix values of the needed job'));
    if (picked.length > 0) return picked.map((instance) => instance.name);
    if (optional || context.unavailable.has(name)) return [];
    if (found.length > 0) throw fail(key, `no instance of \`${name}\` has these matrix values`, 'use values from the needed job’s `parallel: matrix`');
    const why = !context.written.has(name) ? 'is not a job in this file' : context.excluded.has(name) ? 'is left out on this branch by its rules' : 'has no runnable job';
    throw fail(key, `\`${name}\` ${why}`, 'mark the need `optional: true`, or fix the name');
  };
  if (Array.isArray(job.needs)) {
    const artifactsFrom: string[] = [];
    config.needs = job.needs.flatMap((entry, index) => {
      const spec = typeof entry === 'string' ? { job: entry } : isMapping(entry) ? entry : {};
      if (typeof spec.job !== 'string') return [];
      const names = resolve(spec.job, spec.optional === true, `needs[${index}]`, spec.parallel);
      if (spec.artifacts !== false) artifactsFrom.push(...names);
      return names;
    });
    config.artifactsFrom = artifactsFrom;
  }
  if (Array.isArray(job.dependencies)) config.artifactsFrom = job.dependencies.flatMap((name, index) => resolve(String(name), false, `dependencies[${index}]`));
  return config;
}

/**
 * The jobs that can run: a job that needs (not optionally) or takes the artifacts of an
 * unavailable job is unavailable too, with the reason naming it; repeated until nothing changes.
 */
export function withoutUnavailableNeeds(jobs: readonly TranslatedJob[], unavailable: Map<string, string>): TranslatedJob[] {
  let remaining = [...jobs];
  for (let changed = true; changed; ) {
    changed = false;
    remaining = remaining.filter((job) => {
      const blocker = requiredNames(job).find((name) => unavailable.has(name));
      if (blocker === undefined) return true;
      if (!unavailable.has(job.base)) unavailable.set(job.base, `needs \`${blocker}\`, which is not runnable locally`);
      changed = true;
      return false;
    });
  }
  return remaining;
}

function requiredNames(job: TranslatedJob): string[] {
  const needs = Array.isArray(job.needs) ? job.needs : [];
  const required = needs.flatMap((entry) => (typeof entry === 'string' ? [entry] : isMapping(entry) && typeof entry.job === 'string' && entry.optional !== true ? [entry.job] : []));
  return [...required, ...(Array.isArray(job.dependencies) ? job.dependencies.map(String) : [])];
}

/** `needs: - job: build, parallel: { matrix: [{ OS: [linux, mac] }] }`: the instances whose values match one entry. */
function pickMatrix(instances: readonly TranslatedJob[], parallel: unknown, fail: (message: string) => Error): TranslatedJob[] {
  if (!isMapping(parallel) || !Array.isArray(parallel.matrix)) throw fail('must be `matrix:` with a list of variable values');
  const combos = matrixCombos(parallel.matrix, fail);
  return instances.filter((instance) => combos.some((combo) => Object.entries(combo).every(([key, value]) => instance.matrix[key] === value)));
}
