/**
 * `defineConfig({ extends: 'gitlab:.gitlab-ci.yml', jobs: { … } })`: a ci.config
 * that starts from an imported pipeline. The own config wins key by key: a job
 * named in both keeps the imported keys it does not set, `env` merges by
 * variable, and every other top-level key replaces the imported one.
 */
import type { PipelineConfig } from '../types.js';

type Raw = Record<string, unknown>;

/** The `extends` value of a raw config, when it has one (its type is checked by the caller). */
export function extendsOf(raw: unknown): unknown {
  return isRecord(raw) && 'extends' in raw ? raw.extends : undefined;
}

export function mergeOverImported(imported: PipelineConfig, own: Raw): Raw {
  const { extends: _from, ...rest } = own;
  const merged: Raw = { ...(imported as unknown as Raw), ...rest };
  if (isRecord(rest.env)) merged.env = { ...imported.env, ...rest.env };
  if (isRecord(rest.jobs)) {
    const jobs: Raw = { ...imported.jobs };
    for (const [name, job] of Object.entries(rest.jobs)) {
      const base = jobs[name];
      jobs[name] = isRecord(base) && isRecord(job) ? { ...base, ...job } : job;
    }
    merged.jobs = jobs;
  } else if (rest.jobs === undefined) {
    merged.jobs = imported.jobs;
  }
  return merged;
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
