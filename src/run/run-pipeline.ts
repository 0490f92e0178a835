/**
 * One run from plan to result: read the source, probe the engine, reap a
 * crashed run's leftovers, make images present, find cached results, freeze the
 * source into a snapshot, schedule the jobs and clean up, whatever happens.
 * Front doors (cli, hook, watch, bisect) all call this with the backend
 * provider the composition root chose (cli/backend-provider.ts).
 */
import os from 'node:os';
import type { Backend } from '../backend/backend.js';
import type { BackendProvider } from '../backend/provider.js';
import { diskFullError, EnvironmentError, InterruptedError } from '../errors.js';
import { pruneRuns } from '../history/retention.js';
import { runFacts } from '../history/run-facts.js';
import type { Job, Pipeline } from '../model/pipeline.js';
import { projectId } from '../model/project-id.js';
import { withInstallJobs } from '../plan/install-jobs.js';
import type { Plan } from '../plan/plan.js';
import { LogFileReporter } from '../report/log-file-reporter.js';
import { readSourceTree, releaseSourceTree, type SourceTree } from '../source/source-tree.js';
import { submodulePaths, submoduleWarning } from '../source/submodules.js';
import { largeFolderWarning } from '../source/untracked-folders.js';
import { prepareWorkspace, type PreparedWorkspace } from '../source/workspace.js';
import type { JobResult, RunEvent, RunEventListener, RunStatus } from './events.js';
import { skippedByRules } from './change-rules.js';
import { cacheMounts } from './dependency-caches.js';
import { detectProxy, detectTrust } from './host-network.js';
import { jobEnvironment } from './job-env.js';
import { openRunInstalls } from './install-layer.js';
import { jobRequest, type RequestContext } from './job-requests.js';
import { withReports } from './job-reports.js';
import { maskedExecution } from './masked-job.js';
import { openRunCache, type RunCache } from './run-cache.js';
import { resolveSecrets, SecretMasker } from './secrets.js';
import { createRunDirs, reapTempDirs } from './run-dirs.js';
import { EventJournal, eventsFileOf } from './event-journal.js';
import { RunEnding } from './run-ending.js';
import { newRunId } from './run-id.js';
import { writeRunRecord, type RunRecord } from './run-record.js';
import { schedule } from './scheduler.js';
import { totalCoverage } from '../test-reports/run-coverage.js';
import { markPhase } from '../util/phase-marks.js';

export type Trigger = 'run' | 'hook' | 'watch';

export interface RunRequest {
  pipeline: Pipeline;
  plan: Plan;
  /** Where the jobs run: the engine, pool or cluster the composition root chose, kept across runs by watch. */
  provider: BackendProvider;
  trigger: Trigger;
  /** Run this commit instead of the working tree. */
  commit?: string;
  isGit: boolean;
  /** Jobs at once; default: the provider's slots, else this machine's CPU count. */
  concurrency?: number;
  failFast: boolean;
  signal: AbortSignal;
  /** Receives debug-level remarks (reaped leftovers, timings). */
  debug?: (message: string) => void;
  /**
   * Artifact folders of upstream jobs that are not in this plan, by job name, in run order:
   * watch mode re-runs a job without its upstream jobs and hands it their artifacts from
   * the earlier run in which they passed. Jobs in the plan always use this run's artifacts.
   */
  reuseArtifactsFrom?: ReadonlyMap<string, string>;
  /** Consult and fill the job-result cache (default true; `--no-cache` turns it off). */
  useCache?: boolean;
  /** Base for `rules: { changes }` (default: the branch's upstream). */
  since?: string;
  /** The working tree, already read (watch mode keeps it current from the saves it sees). */
  source?: SourceTree;
  /** Look for crashed runs' leftovers first (default true; a watch session does it once). */
  reap?: boolean;
}

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  results: JobResult[];
  runDir: string;
  /** What the run worked on (commit, branch, dirty; the file list). */
  source?: SourceTree;
  /** Host folder holding a job's artifacts from this run (present only if it passed and declared some). */
  artifactsOf(job: string): string;
}

export async function runPipeline(request: RunRequest, report: RunEventListener): Promise<RunOutcome> {
  const { pipeline, signal, provider } = request;
  // The shared install is a job of its own, which every job that mounts its layer needs.
  const planned = withInstallJobs(pipeline, request.plan);
  const { plan } = planned;
  const secrets = resolveSecrets(pipeline, plan.jobs);
  const masker = new SecretMasker(secrets.values());
  const runId = newRunId();
  const identity = { runId, projectId: projectId(pipeline) };
  const startedAt = Date.now();
  const dirs = await createRunDirs(pipeline.root, runId);
  // Old runs go while this one starts (never this one, never a live one): history/retention.ts.
  const pruning = pruneRuns(pipeline.root, { exclude: runId, protect: [...(request.reuseArtifactsFrom?.values() ?? [])] }).catch(() => []);
  // Every run keeps its own record and logs, whatever the caller displays. A log that cannot
  // be written (a full disk) stops the run as an error, as a failed artifact copy does.
  const stop = new AbortController();
  let logFailure: unknown;
  const logs = new LogFileReporter(dirs.logOf, pipeline.logMaxBytes, (error, job) => {
    logFailure = diskFullError(error, `writing the log of job "${job}"`) ?? error;
    stop.abort('error');
  });
  // Another process (`ci ui`) follows the run through its journal.
  const journal = new EventJournal(eventsFileOf(dirs.runDir));
  const record: RunRecord = { schema: 1, runId, trigger: request.trigger, pid: process.pid, startedAt: new Date(startedAt).toISOString(), status: 'running', jobs: [], ...runFacts(pipeline, plan) };
  const pending: Array<Promise<unknown>> = [];
  let cache: RunCache | undefined;
  // Job text is already masked when it gets here (masked-job.ts): every event, result and record is safe to show.
  /** How each finished job ended (a job that runs after its needs sees theirs), and whether run-end is still owed. */
  const ending = new RunEnding();
  const emit = (event: RunEvent) => {
    ending.onEvent(event);
    logs.onEvent(event);
    journal.onEvent(event);
    report(event);
    if (event.type === 'job-end' && cache) pending.push(cache.remember(event.result, runId).catch(() => undefined));
  };
  const trust = detectTrust(process.env);
  const proxy = detectProxy(process.env);
  let backend: Backend | undefined;
  let prepared: PreparedWorkspace | undefined;
  let reading: Promise<SourceTree> | undefined;
  try {
    // The source first: its git processes run while the record is written and the backend connects
    // (the finally below settles it even when the record cannot be written).
    reading = request.source ? Promise.resolve(request.source) : readSourceTree({ root: pipeline.root, commit: request.commit, isGit: request.isGit, runId });
    // Recorded before the engine is asked: `ci logs -f` finds the run at once.
    // Inside the try: a disk too full for the record still gives back the run's temp folder.
    await writeRunRecord(dirs.runDir, record);
    markPhase('record written');
    const [tree] = await Promise.all([reading.finally(() => markPhase('source read')), provider.probe().finally(() => markPhase('engine connected'))]);
    const phase = (name: string, detail = '') => {
      markPhase(name);
      request.debug?.(`+${Date.now() - startedAt} ms: ${name}${detail}`);
    };
    phase('source read and engine connected', ` (${tree.files.length} files)`);
    throwIfInterrupted(signal);
    // Reaping only touches dead runs' objects, so it overlaps with the image checks.
    const reaping = request.reap === false ? undefined : reap(provider, identity.projectId, pipeline.root, request.debug);
    Object.assign(record, { commit: tree.commit, branch: tree.branch, dirty: tree.dirty });
    await writeRunRecord(dirs.runDir, record);
    const needs = Object.fromEntries(plan.jobs.map((job) => [job.name, [...(plan.needs.get(job.name) ?? [])]]));
    emit({ type: 'run-start', runId, time: startedAt, jobs: plan.jobs.map((job) => job.name), needs, commit: tree.commit, dirty: tree.dirty });
    for (const folder of tree.largeUntracked ?? []) emit({ type: 'warning', time: Date.now(), ...largeFolderWarning(folder) });
    const submodules = await submodulePaths(tree.dir, tree);
    if (submodules.length > 0) emit({ type: 'warning', time: Date.now(), ...submoduleWarning(submodules) });
    backend = await provider.openRun(identity, { root: pipeline.root });
    const imageProgress = (image: string, state: 'checking' | 'pulling' | 'ready', detail?: string) => emit({ type: 'image', image, state, detail, time: Date.now() });
    const [imageIds] = await Promise.all([backend.prepareImages(plan.jobs, imageProgress, tree), reaping]);
    record.images = Object.fromEntries(imageIds);
    throwIfInterrupted(signal);
    phase('images ready');

    const context: RequestContext = {
      pipeline,
      plan,
      run: { runId, projectName: pipeline.projectName, source: tree, trustEnv: trust.env, proxyEnv: proxy.env, secrets },
      trust,
      proxy,
      artifactsOf: dirs.artifactsOf,
      reportsOf: dirs.reportsOf,
      reuseArtifactsFrom: request.reuseArtifactsFrom,
      installJobs: new Set(planned.installs.keys()),
      statusOf: (job) => ending.statusOf(job),
    };
    const runInstalls = await openRunInstalls({ root: pipeline.root, runId, planned, imageIds, tree });
    context.installLayerOf = runInstalls.layerFor;
    // Keys are worked out with --no-cache too: the record keeps them to tell flaky jobs.
    cache = await openRunCache({
      root: pipeline.root,
      plan,
      tree,
      imageIds,
      envOf: (job) => jobEnvironment(job, context.run),
      artifactsOf: dirs.artifactsOf,
      warn: (job, message, hint) => emit({ type: 'warning', job, time: Date.now(), message, hint }),
      fixedKeys: runInstalls.keys,
      useCache: request.useCache,
    });
    record.jobKeys = Object.fromEntries(cache.keys);
    const ruled = await skippedByRules(pipeline.root, plan, { since: request.since, commit: request.commit });
    phase('cache checked');
    const hits = new Map([...runInstalls.known, ...cache.hits, ...ruled]);
    // All cached: no job runs, so no workspace is made at all.
    if (hits.size < plan.jobs.length) {
      backend.willRunJobs?.();
      const copyReason = await provider.workspaceCopyReason(pipeline.root);
      prepared = await prepareWorkspace(tree, { root: pipeline.root, runId, extras: trust.files, scratchDir: dirs.tmpDir, notMountable: copyReason });
      request.debug?.(prepared.workspace.summary);
      phase('workspace ready');
    }
    const workspace = prepared?.workspace;
    const activeBackend = backend;
    const caches = new Map(await Promise.all(plan.jobs.map(async (job) => [job.name, await cacheMounts(job, tree)] as const)));
    const requestFor = (job: Job) => jobRequest(context, job, workspace!, caches.get(job.name) ?? []);
    // Report text is job text: read inside the masking gate.
    const execute = maskedExecution(
      masker,
      withReports(dirs.runDir, (job, io, jobSignal) =>
        runInstalls.isInstall(job.name) ? runInstalls.run(requestFor(job), activeBackend, io, jobSignal) : activeBackend.runJob(requestFor(job), io, jobSignal),
      ),
    );
    const results = await schedule(plan, execute, emit, {
      concurrency: request.concurrency ?? provider.slots ?? os.availableParallelism(),
      failFast: request.failFast,
      signal: AbortSignal.any([signal, stop.signal]),
      // A job can't be set up ahead of the install layer it mounts.
      // A job that may run after a failure is not made early: its variables carry how its needs ended (job-requests.ts).
      warm: activeBackend.warmUp ? (job) => job.when === 'on-success' && runInstalls.ready(job.name) && activeBackend.warmUp?.(requestFor(job)) : undefined,
      known: hits,
    });
    markPhase('jobs done');
    if (logFailure !== undefined) throw logFailure;
    await Promise.all(pending);
    await cache?.settle();
    pending.push(runInstalls.settle().catch(() => undefined));
    const status = runStatus(results, signal);
    const coverage = totalCoverage(results);
    Object.assign(record, { status, jobs: results, finishedAt: new Date().toISOString() }, coverage ? { coverage } : {});
    markPhase('results stored');
    // The record says how the run ended before anyone hears it did: a page that reloads the history on run-end finds it.
    await writeRunRecord(dirs.runDir, record);
    emit({ type: 'run-end', time: Date.now(), status, durationMs: Date.now() - startedAt, results, runDir: dirs.runDir });
    // The other jobs went on without it; the run still ends as the environment error it was.
    const lost = results.find((result) => result.engineLost);
    if (lost) throw new EnvironmentError(`Job "${lost.job}" failed: ${lost.reason}.`, 'Bring the engine back, or take it out of the pool (`engines` / LOCALCI_ENGINES).');
    return { runId, status, results, runDir: dirs.runDir, source: tree, artifactsOf: dirs.artifactsOf };
  } catch (error) {
    const status = signal.aborted ? 'interrupted' : 'error';
    record.status = status;
    if (ending.owed) {
      // Stopped before or between its jobs: the stream still ends, after the record says how.
      const results = ending.cancelRest(plan.jobs.map((job) => job.name), status, emit);
      Object.assign(record, { jobs: results, finishedAt: new Date().toISOString() });
      await writeRunRecord(dirs.runDir, record).catch(() => undefined);
      emit({ type: 'run-end', time: Date.now(), status, durationMs: Date.now() - startedAt, results, runDir: dirs.runDir });
    }
    throw error;
  } finally {
    // Snapshot folders are given back only once no container of this run uses them.
    journal.close();
    await Promise.allSettled([backend?.cleanup().then(() => prepared?.release()), logs.close(), ...pending, pruning]);
    await Promise.allSettled([dirs.removeTmp(), reading?.then(releaseSourceTree)]);
    await writeRunRecord(dirs.runDir, { ...record, finishedAt: record.finishedAt ?? new Date().toISOString() }).catch(() => undefined);
    markPhase('run cleaned up');
  }
}

async function reap(provider: BackendProvider, project: string, root: string, debug?: (message: string) => void): Promise<void> {
  const [objects, tempDirs] = await Promise.all([provider.reap(project), reapTempDirs(root)]);
  if (Object.values(objects).some((count) => count > 0) || tempDirs > 0) {
    debug?.(`removed leftovers of crashed runs: ${JSON.stringify({ ...objects, tempDirs })}`);
  }
}

function runStatus(results: readonly JobResult[], signal: AbortSignal): RunStatus {
  if (signal.aborted) return 'interrupted';
  if (results.some((result) => result.engineLost)) return 'error';
  return results.some((result) => result.status === 'failed' || result.status === 'timed-out') ? 'failed' : 'passed';
}

function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError();
}
