/**
 * Names of a workflow's jobs as GitHub shows them, decided before any job is
 * translated so `needs` and artifacts can refer to them: the job's `name:`
 * (a matrix leg adds its values in brackets unless the name reads the
 * matrix), else its id; a name already taken falls back to the id's.
 * Also which job uploads each artifact name, so a job that downloads named
 * artifacts receives those jobs' artifacts only.
 */
import { hasExpression, interpolate } from './expression/template.js';
import type { Value } from './expression/values.js';
import { legName, type Combination } from './matrix.js';
import { isRaw, type Raw } from './parse.js';
import type { Findings } from './report.js';

export function legNames(id: string, raw: Raw, legs: Array<Combination | undefined>, contexts: Record<string, Value>, taken: Set<string>, findings: Findings, file: string): string[] {
  return legs.map((leg) => {
    const fallback = leg === undefined ? id : legName(id, leg);
    const written = typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : undefined;
    const shown = written === undefined ? undefined : findings.guard(file, ['jobs', id, 'name'], () => interpolate(written, { contexts: { ...contexts, matrix: leg ?? {} } }).trim());
    const named = shown === undefined || shown === '' ? fallback : leg === undefined || hasExpression(written!) ? shown : legName(shown, leg);
    const name = taken.has(named) ? fallback : named;
    taken.add(name);
    return name;
  });
}

/** Artifact name → id of the job that uploads it (names written as plain text only). */
export function artifactUploaders(jobs: Raw): Map<string, string> {
  const uploaders = new Map<string, string>();
  for (const [id, job] of Object.entries(jobs)) {
    if (!isRaw(job) || !Array.isArray(job.steps)) continue;
    for (const step of job.steps) {
      if (!isRaw(step) || typeof step.uses !== 'string' || !step.uses.toLowerCase().startsWith('actions/upload-artifact@')) continue;
      const name = isRaw(step.with) && step.with.name !== undefined ? String(step.with.name) : 'artifact';
      if (!hasExpression(name)) uploaders.set(name, id);
    }
  }
  return uploaders;
}
