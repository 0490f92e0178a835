/**
 * The plan of one watch re-run. Jobs whose upstream jobs passed earlier in this
 * session run alone and get those jobs' artifacts from the run in which they
 * passed; an upstream job with no such result (never ran, failed, cancelled)
 * runs again first, because its artifacts do not exist. Pure: no I/O.
 */
import type { Plan } from '../../plan/plan.js';

export interface RerunPlan {
  plan: Plan;
  /** Artifact folders of upstream jobs left out of the plan, in run order. */
  reuse: Map<string, string>;
}

/**
 * @param selection the watch session's full plan (selected jobs in run order).
 * @param wanted    the jobs that must re-run (already closed over their downstream jobs).
 * @param settled   artifact folder of every job whose last result still holds (it passed,
 *                  and no change to its inputs has arrived since).
 */
export function planRerun(selection: Plan, wanted: ReadonlySet<string>, settled: ReadonlyMap<string, string>): RerunPlan {
  const toRun = new Set([...wanted].filter((name) => selection.needs.has(name)));
  const pending = [...toRun];
  while (pending.length > 0) {
    for (const dep of selection.needs.get(pending.pop()!) ?? []) {
      if (toRun.has(dep) || settled.has(dep)) continue;
      toRun.add(dep);
      pending.push(dep);
    }
  }

  const reused = new Set<string>();
  const visit = (name: string) => {
    for (const dep of selection.needs.get(name) ?? []) {
      if (toRun.has(dep)) continue;
      if (reused.has(dep)) continue;
      reused.add(dep);
      visit(dep);
    }
  };
  for (const name of toRun) visit(name);

  const jobs = selection.jobs.filter((job) => toRun.has(job.name));
  const needs = new Map(jobs.map((job) => [job.name, (selection.needs.get(job.name) ?? []).filter((dep) => toRun.has(dep))]));
  const droppedNeeds = new Map<string, string[]>();
  for (const job of jobs) {
    const dropped = (selection.needs.get(job.name) ?? []).filter((dep) => !toRun.has(dep));
    if (dropped.length > 0) droppedNeeds.set(job.name, dropped);
  }
  const reuse = new Map<string, string>();
  for (const job of selection.jobs) {
    const dir = settled.get(job.name);
    if (reused.has(job.name) && dir !== undefined) reuse.set(job.name, dir);
  }
  return { plan: { jobs, needs, droppedNeeds }, reuse };
}
