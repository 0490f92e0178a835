/**
 * Folding the legs of a matrix job back into one job of a CI file, as a human
 * would write it: the CI file's job for each leg is built as for any job, then
 * the legs are compared key by key. Equal values stay literal; a text that
 * differs becomes a template (`node:${{ matrix.node }}`) found by putting the
 * placeholders where the first leg has its values, and kept only when filling
 * it with every leg's values gives back that leg's text exactly. When the legs
 * differ in anything else (a key only some legs have, lists of other lengths),
 * the legs cannot be folded and stay separate jobs: nothing is guessed.
 */
import type { Job } from '../../model/pipeline.js';
import { sayOnce } from './exported-job.js';

type Placeholder = (key: string) => string;
type Mapping = Record<string, unknown>;

export interface FormatJobs {
  /** The CI file's key of each job or matrix job, by the name it goes under. */
  ids: (names: string[]) => Map<string, string>;
  /** One job of the CI file; `ids` maps every job and leg name to its key. */
  write: (job: Job, ids: Map<string, string>, say: (message: string) => void) => Mapping;
  placeholder: Placeholder;
  /** The folded job with its matrix, or undefined when the format cannot say the difference. */
  withMatrix: (template: Mapping, legs: Job[], written: Mapping[]) => Mapping | undefined;
}

/** The CI file's jobs, matrix legs folded where they can be, and the warnings of the export. */
export function writeJobs(jobs: Job[], format: FormatJobs): { jobs: Mapping; warnings: string[] } {
  const groups = matrixGroups(jobs);
  const folded = foldableGroups(jobs, groups);
  // A matrix whose legs cannot be folded is written leg by leg; the keys change with it, so write again.
  for (;;) {
    const written = tryWriteJobs(jobs, format, groups, folded);
    if (typeof written === 'string') folded.delete(written);
    else return written;
  }
}

function tryWriteJobs(jobs: Job[], format: FormatJobs, groups: Map<string, Job[]>, folded: Set<string>): { jobs: Mapping; warnings: string[] } | string {
  const warnings: string[] = [];
  const unitOf = (job: Job) => (folded.has(job.baseName) && groups.has(job.baseName) ? job.baseName : job.name);
  const unitIds = format.ids([...new Set(jobs.map(unitOf))]);
  const ids = new Map(jobs.map((job) => [job.name, unitIds.get(unitOf(job))!]));
  const out: Mapping = {};
  for (const job of jobs) {
    const id = ids.get(job.name)!;
    if (id in out) continue;
    const legs = unitOf(job) === job.name ? [job] : groups.get(job.baseName)!;
    const written = legs.map((leg) => format.write(leg, ids, sayOnce(warnings, leg)));
    if (legs.length === 1 && legs[0] === job) {
      out[id] = written[0];
      continue;
    }
    const template = foldLegs(written, legs, format.placeholder) as Mapping | undefined;
    const withMatrix = template === undefined ? undefined : format.withMatrix(template, legs, written);
    if (withMatrix === undefined) return job.baseName;
    out[id] = withMatrix;
  }
  return { jobs: out, warnings };
}

/** The legs of each matrix job, in the pipeline's order, keyed by the name as written. */
export function matrixGroups(jobs: Job[]): Map<string, Job[]> {
  const groups = new Map<string, Job[]>();
  for (const job of jobs) {
    if (job.matrix === undefined || Object.keys(job.matrix).length === 0) continue;
    groups.set(job.baseName, [...(groups.get(job.baseName) ?? []), job]);
  }
  return groups;
}

/**
 * Groups another job can refer to as a whole: a job that needs (or takes artifacts
 * from) one leg needs every leg, since a CI file's `needs` names the whole matrix.
 * Legs that keep artifacts stay separate jobs: each leg's artifact needs a name
 * of its own that the jobs downstream download by.
 */
export function foldableGroups(jobs: Job[], groups: Map<string, Job[]>): Set<string> {
  const foldable = new Set(groups.keys());
  for (const [base, legs] of groups) {
    if (legs.some((leg) => leg.artifacts.length > 0)) foldable.delete(base);
    const names = new Set(legs.map((leg) => leg.name));
    for (const job of jobs) {
      for (const refs of [job.needs, job.artifactsFrom ?? []]) {
        const named = refs.filter((name) => names.has(name)).length;
        if (named > 0 && named < names.size) foldable.delete(base);
      }
    }
  }
  return foldable;
}

/** The matrix of the legs (keys as written, values in order of first appearance). */
export function matrixOf(legs: Job[]): Record<string, string[]> {
  const matrix: Record<string, string[]> = {};
  for (const leg of legs) {
    for (const [key, value] of Object.entries(leg.matrix ?? {})) {
      const values = (matrix[key] ??= []);
      if (!values.includes(value)) values.push(value);
    }
  }
  return matrix;
}

/** One value standing for every leg's, or undefined when the legs cannot be folded. */
export function foldLegs(values: unknown[], legs: Job[], placeholder: Placeholder): unknown {
  const [first, ...rest] = values;
  if (rest.every((value) => JSON.stringify(value) === JSON.stringify(first))) return first;
  if (typeof first === 'string') return foldText(values as string[], legs, placeholder);
  if (Array.isArray(first)) {
    if (!values.every((value) => Array.isArray(value) && value.length === first.length)) return undefined;
    const folded = first.map((_item, index) => foldLegs(values.map((value) => (value as unknown[])[index]), legs, placeholder));
    return folded.includes(undefined) ? undefined : folded;
  }
  if (isMapping(first)) {
    const keys = Object.keys(first);
    if (!values.every((value) => isMapping(value) && JSON.stringify(Object.keys(value)) === JSON.stringify(keys))) return undefined;
    const folded: Record<string, unknown> = {};
    for (const key of keys) {
      const value = foldLegs(values.map((each) => (each as Record<string, unknown>)[key]), legs, placeholder);
      if (value === undefined) return undefined;
      folded[key] = value;
    }
    return folded;
  }
  return undefined;
}

function foldText(texts: string[], legs: Job[], placeholder: Placeholder): string | undefined {
  if (!texts.every((text) => typeof text === 'string')) return undefined;
  // One pass, longer values first, so `20` inside `2020` is not taken for a shorter value
  // and a placeholder already put in is never searched again.
  const keyOf = new Map<string, string>();
  for (const [key, value] of Object.entries(legs[0]!.matrix ?? {})) if (value !== '' && !keyOf.has(value)) keyOf.set(value, key);
  const values = [...keyOf.keys()].sort((a, b) => b.length - a.length).map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const template = values.length === 0 ? texts[0]! : texts[0]!.replace(new RegExp(values.join('|'), 'g'), (value) => placeholder(keyOf.get(value)!));
  const fits = legs.every((leg, index) => fill(template, leg.matrix ?? {}, placeholder) === texts[index]);
  return fits ? template : undefined;
}

function fill(template: string, values: Record<string, string>, placeholder: Placeholder): string {
  let text = template;
  for (const [key, value] of Object.entries(values)) text = text.split(placeholder(key)).join(value);
  return text;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
