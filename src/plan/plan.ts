/**
 * A Plan is the selected jobs in a runnable order with their dependencies
 * restricted to the selection. Pure: no I/O, so it is cheap to test.
 */
import type { Job, Pipeline } from '../model/pipeline.js';
import { topologicalOrder } from './graph.js';
import { selectJobs, type Selection } from './select.js';

export interface Plan {
  /** Selected jobs, each after everything it needs. */
  jobs: Job[];
  /** Dependencies of each selected job, limited to selected jobs. */
  needs: ReadonlyMap<string, readonly string[]>;
  /** Dependencies that exist in the pipeline but were left out (`--only`). */
  droppedNeeds: ReadonlyMap<string, readonly string[]>;
}

export function buildPlan(pipeline: Pipeline, selection: Selection): Plan {
  const selected = selectJobs(pipeline, selection);
  const jobs = pipeline.jobs.filter((job) => selected.has(job.name));
  const needs = new Map<string, string[]>();
  const droppedNeeds = new Map<string, string[]>();
  for (const job of jobs) {
    needs.set(job.name, job.needs.filter((dep) => selected.has(dep)));
    const dropped = job.needs.filter((dep) => !selected.has(dep));
    if (dropped.length > 0) droppedNeeds.set(job.name, dropped);
  }
  const order = topologicalOrder(jobs.map((job) => job.name), needs);
  // Config loading already rejects cycles; this guards programmatic callers.
  if (!order.ok) throw new Error(`dependency cycle: ${order.cycle.join(' → ')}`);
  const byName = new Map(jobs.map((job) => [job.name, job]));
  return { jobs: order.order.map((name) => byName.get(name)!), needs, droppedNeeds };
}
