/**
 * Variables as GitLab hands them to a job: predefined ones a local run can
 * honestly fill, then global, then job variables, each value expanded
 * (`$VAR`, `${VAR}`, nested through other variables) unless `expand: false`.
 * Unknown variables expand to nothing, as in GitLab. Values the run layer fills
 * from the exact source it runs (CI_COMMIT_SHA, CI_COMMIT_BRANCH, CI_JOB_NAME,
 * CI_PROJECT_DIR, …) are only used here to decide rules, not set on jobs.
 */
import type { GitFacts } from '../importer.js';
import { isMapping } from './deep-merge.js';

export type Variables = Record<string, string>;

/** Variables rules and expansion may read; `job` ones are set on every job as well. */
export interface Predefined {
  /** Set on jobs by the importer. */
  job: Variables;
  /** Known at import time, set on jobs by the run layer from the source it runs. */
  runtime: Variables;
}

export function predefinedVariables(git: GitFacts, projectName: string): Predefined {
  const ref = git.tag ?? git.branch;
  const job: Variables = { GITLAB_CI: 'true', CI_SERVER: 'yes', CI_PIPELINE_SOURCE: 'push' };
  if (ref) {
    job.CI_COMMIT_REF_NAME = ref;
    job.CI_COMMIT_REF_SLUG = slug(ref);
  }
  if (git.tag) job.CI_COMMIT_TAG = git.tag;
  if (git.defaultBranch) job.CI_DEFAULT_BRANCH = git.defaultBranch;
  const runtime: Variables = { CI: 'true', CI_PROJECT_DIR: '/workspace', CI_PROJECT_NAME: projectName };
  if (git.commit) {
    runtime.CI_COMMIT_SHA = git.commit;
    runtime.CI_COMMIT_SHORT_SHA = git.commit.slice(0, 8);
  }
  if (git.branch && !git.tag) runtime.CI_COMMIT_BRANCH = git.branch;
  return { job, runtime };
}

/** GitLab's slug: lower case, anything but a-z0-9 becomes `-`, at most 63 characters, no `-` at the ends. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
}

/** A `variables:` block as name → { value, expand }; non-string scalars become strings. */
export function readVariables(block: unknown): Map<string, { value: string; expand: boolean }> {
  const out = new Map<string, { value: string; expand: boolean }>();
  if (!isMapping(block)) return out;
  for (const [name, raw] of Object.entries(block)) {
    if (isMapping(raw)) out.set(name, { value: scalar(raw.value), expand: raw.expand !== false });
    else out.set(name, { value: scalar(raw), expand: true });
  }
  return out;
}

function scalar(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))|\$\$/g;

/** Replaces `$NAME` / `${NAME}` with values from `scope` (nothing when unknown); `$$` is a literal `$`. */
export function expandText(text: string, scope: Readonly<Variables>): string {
  return text.replace(REFERENCE, (match, braced: string | undefined, bare: string | undefined) => {
    if (match === '$$') return '$';
    return scope[(braced ?? bare)!] ?? '';
  });
}

/**
 * Layers variable blocks over a base scope, lowest first: each value is expanded against
 * everything visible to it, so `URL: $HOST:$PORT` sees global and earlier job values.
 */
export function layerVariables(base: Readonly<Variables>, ...blocks: Array<Map<string, { value: string; expand: boolean }>>): Variables {
  const raw = new Map<string, { value: string; expand: boolean }>();
  for (const block of blocks) for (const [name, entry] of block) raw.set(name, entry);
  const done = new Map<string, string>();
  const resolving = new Set<string>();
  const lookup: Variables = new Proxy({} as Variables, { get: (_target, name: string) => resolve(name) });
  function resolve(name: string): string | undefined {
    const entry = raw.get(name);
    if (!entry) return base[name];
    const known = done.get(name);
    if (known !== undefined) return known;
    // A cycle expands to nothing, as an unknown variable would.
    if (resolving.has(name)) return '';
    resolving.add(name);
    const value = entry.expand ? expandText(entry.value, lookup) : entry.value;
    resolving.delete(name);
    done.set(name, value);
    return value;
  }
  const out: Variables = { ...base };
  for (const name of raw.keys()) out[name] = resolve(name) ?? '';
  return out;
}
