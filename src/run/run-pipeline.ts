/**
 * One run from plan to result: snapshot the source, connect to the engine,
 * reap a crashed run's leftovers, make images present, schedule the jobs and
 * clean up, whatever happens. Front doors (cli, hook, watch) all call this.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DockerBackend } from '../backend/docker/docker-backend.js';
import { connectEngine, type Engine } from '../backend/docker/connect.js';
import { reapLeftovers } from '../backend/docker/reaper.js';
import { InterruptedError } from '../errors.js';
import type { Job, Pipeline } from '../model/pipeline.js';
import type { JobRequest } from '../backend/backend.js';
import { transitiveDependencies } from '../plan/graph.js';
import type { Plan } from '../plan/plan.js';
import { LogFileReporter } from '../report/log-file-reporter.js';
import { takeSnapshot, type SourceSnapshot } from '../source/snapshot.js';
import type { JobResult, RunEvent, RunEventListener, RunStatus } from './events.js';
import { detectProxy, detectTrust, HOST_ALIAS } from './host-network.js';
import { jobEnvironment } from './job-env.js';
import { createRunDirs, reapTempDirs } from './run-dirs.js';
import { newRunId } from './run-id.js';
import { writeRunRecord, type RunRecord } from './run-record.js';
import { schedule } from './scheduler.js';

export type Trigger = 'run' | 'hook' | 'watch';

export interface RunRequest {
  pipeline: Pipeline;
  plan: Plan;
  trigger: Trigger;
  /** Run this commit instead of the working tree. */
  commit?: string;
  isGit: boolean;
  concurrency: number;
  failFast: boolean;
  signal: AbortSignal;
  /** Receives debug-level remarks (reaped leftovers, timings). */
  debug?: (message: string) => void;
}

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  results: JobResult[];
  runDir: string;
  snapshot?: SourceSnapshot;
}

export function projectId(pipeline: Pipeline): string {
  return `${pipeline.projectName}-${createHash('sha256').update(path.resolve(pipeline.root)).digest('hex').slice(0, 8)}`;
}

export async function runPipeline(request: RunRequest, report: RunEventListener): Promise<RunOutcome> {
  const { pipeline, plan, signal } = request;
  const runId = newRunId();
  const identity = { runId, projectId: projectId(pipeline) };
  const startedAt = Date.now();
  const dirs = await createRunDirs(pipeline.root, runId);
  // Every run keeps its own record and logs, whatever the caller displays.
  const logs = new LogFileReporter(dirs.logOf);
  const record: RunRecord = { schema: 1, runId, trigger: request.trigger, pid: process.pid, startedAt: new Date(startedAt).toISOString(), status: 'running', jobs: [] };
  const emit = (event: RunEvent) => {
    logs.onEvent(event);
    report(event);
  };
  const trust = detectTrust(process.env);
  const proxy = detectProxy(process.env);
  let backend: DockerBackend | undefined;
  try {
    const [engine, snapshot] = await Promise.all([
      connectEngine(),
      takeSnapshot({ root: pipeline.root, commit: request.commit, isGit: request.isGit }, path.join(dirs.tmpDir, 'workspace.tar'), trust.files),
    ]);
    throwIfInterrupted(signal);
    // Reaping only touches dead runs' objects, so it overlaps with the image checks.
    const reaping = reap(engine, identity.projectId, pipeline.root, request.debug);
    Object.assign(record, { commit: snapshot.commit, branch: snapshot.branch, dirty: snapshot.dirty });
    await writeRunRecord(dirs.runDir, record);
    emit({ type: 'run-start', runId, time: startedAt, jobs: plan.jobs.map((job) => job.name), commit: snapshot.commit, dirty: snapshot.dirty });
    backend = new DockerBackend(engine, identity, snapshot);
    await Promise.all([backend.prepareImages(plan.jobs, (image, state, detail) => emit({ type: 'image', image, state, detail, time: Date.now() })), reaping]);
    throwIfInterrupted(signal);

    const context = { runId, projectName: pipeline.projectName, snapshot, trustEnv: trust.env, proxyEnv: proxy.env };
    const activeBackend = backend;
    const jobRequest = (job: Job): JobRequest => ({
      job,
      env: jobEnvironment(job, context),
      artifactsIn: upstreamOf(plan, job).map((dep) => dirs.artifactsOf(dep)),
      artifactsOut: dirs.artifactsOf(job.name),
      extraHosts: proxy.needsHostAlias && job.network.inheritProxy ? [`${HOST_ALIAS}:host-gateway`] : [],
    });
    const results = await schedule(plan, (job, io, jobSignal) => activeBackend.runJob(jobRequest(job), io, jobSignal), emit, {
      concurrency: request.concurrency,
      failFast: request.failFast,
      signal,
      warm: (job) => activeBackend.warmUp(jobRequest(job)),
    });
    const status = runStatus(results, signal);
    Object.assign(record, { status, jobs: results, finishedAt: new Date().toISOString() });
    emit({ type: 'run-end', time: Date.now(), status, durationMs: Date.now() - startedAt, results, runDir: dirs.runDir });
    return { runId, status, results, runDir: dirs.runDir, snapshot };
  } catch (error) {
    record.status = signal.aborted ? 'interrupted' : 'error';
    throw error;
  } finally {
    await Promise.allSettled([backend?.cleanup(), dirs.removeTmp(), logs.close()]);
    await writeRunRecord(dirs.runDir, { ...record, finishedAt: record.finishedAt ?? new Date().toISOString() }).catch(() => undefined);
  }
}

async function reap(engine: Engine, project: string, root: string, debug?: (message: string) => void): Promise<void> {
  const [objects, tempDirs] = await Promise.all([reapLeftovers(engine.docker, project), reapTempDirs(root)]);
  if (objects.containers + objects.networks + objects.volumes + tempDirs > 0) {
    debug?.(`removed leftovers of crashed runs: ${JSON.stringify({ ...objects, tempDirs })}`);
  }
}

/**
 * Every job upstream of `job`, in run order: a deploy that needs `unit`, which
 * needs `build`, sees build's `dist/` too, and nearer jobs' files win.
 */
function upstreamOf(plan: Plan, job: Job): string[] {
  const upstream = transitiveDependencies([job.name], plan.needs);
  return plan.jobs.filter((candidate) => upstream.has(candidate.name)).map((candidate) => candidate.name);
}

function runStatus(results: readonly JobResult[], signal: AbortSignal): RunStatus {
  if (signal.aborted) return 'interrupted';
  return results.some((result) => result.status === 'failed' || result.status === 'timed-out') ? 'failed' : 'passed';
}

function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError();
}
