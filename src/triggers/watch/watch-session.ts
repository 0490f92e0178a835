/**
 * The watch loop: run the selected jobs, watch the tree, and on every quiet
 * moment after a save re-run the jobs whose inputs changed (plus what needs
 * them). A change that touches a job the run in flight has not finished yet
 * cancels that run; its unfinished jobs join the next run, which takes a fresh
 * snapshot, so every run sees the newest tree. Only one run is in flight at a
 * time: the next starts after the previous one's containers are gone.
 */
import path from 'node:path';
import { EnvironmentError, ExitCode, LocalciError } from '../../errors.js';
import type { Pipeline } from '../../model/pipeline.js';
import type { Plan } from '../../plan/plan.js';
import type { JobResult, RunEvent } from '../../run/events.js';
import type { BackendProvider } from '../../backend/provider.js';
import { runPipeline, type RunOutcome } from '../../run/run-pipeline.js';
import { affectedJobs, withDownstream } from './affected-jobs.js';
import { ChangeSource } from './change-source.js';
import { KeptArtifacts } from './kept-artifacts.js';
import { planRerun } from './rerun-plan.js';
import { cutShort, SETTLED, type ActiveRun } from './active-run.js';
import { watchSelection } from './watch-selection.js';
import { WatchSource } from './watch-source.js';
import { describeFiles, type WatchView } from './watch-view.js';

export interface WatchSessionOptions {
  pipeline: Pipeline;
  /** Where the jobs run, for the whole session (it keeps one connection and any warm containers). */
  provider: BackendProvider;
  /** Job names from the command line, and `--only`: re-applied when the config is reloaded. */
  names: string[];
  only: boolean;
  /** Jobs at once; default: the provider's slots, else the CPU count. */
  concurrency?: number;
  isGit: boolean;
  /** Consult and fill the job-result cache (false with --no-cache). */
  useCache: boolean;
  view: WatchView;
  /** Aborted by Ctrl-C or SIGTERM: the session cleans up and ends with exit 130. */
  interrupt: AbortSignal;
  /** Loads the pipeline again after its config file changed. */
  reload?: () => Promise<Pipeline>;
  debug?: (message: string) => void;
}

export class WatchSession {
  private pipeline: Pipeline;
  private selection: Plan;
  private selected: Set<string>;
  private readonly view: WatchView;
  /** Jobs waiting for the next run. */
  private pending = new Set<string>();
  private freshNext = false;
  /** Artifact folder of each job whose last result still stands. */
  private readonly settled = new Map<string, string>();
  private kept!: KeptArtifacts;
  private readonly lastResults = new Map<string, JobResult>();
  private active?: ActiveRun;
  private runs = 0;
  private changes?: ChangeSource;
  /** The next run's source tree, kept current from the saves seen. */
  private readonly source: WatchSource;
  private readonly stop = new AbortController();
  private exitCode: number = ExitCode.ok;
  /** The engine went away during a run: the next run removes what that run left. */
  private reapNext = false;
  private fatal?: unknown;
  private ended!: () => void;
  private readonly endedPromise = new Promise<void>((resolve) => (this.ended = resolve));

  constructor(private readonly options: WatchSessionOptions) {
    this.pipeline = options.pipeline;
    this.view = options.view;
    this.source = new WatchSource(this.pipeline.root, options.isGit, this.pipeline.watch.ignore.length === 0);
    this.selection = watchSelection(this.pipeline, options.names, options.only);
    this.selected = new Set(this.selection.jobs.map((job) => job.name));
  }

  /** Runs until quit or interrupted; resolves with the exit code once nothing is left behind. */
  async run(): Promise<number> {
    const onInterrupt = () => this.end(ExitCode.interrupted);
    this.options.interrupt.addEventListener('abort', onInterrupt, { once: true });
    if (this.options.interrupt.aborted) onInterrupt();
    try {
      this.view.selected([...this.selected]);
      this.kept = await KeptArtifacts.create(this.pipeline.root);
      this.changes = await ChangeSource.start({
        root: this.pipeline.root,
        isGit: this.options.isGit,
        debounceMs: this.pipeline.watch.debounce,
        ignore: this.pipeline.watch.ignore,
        onBatch: (files, unsure) => this.onChanges(files, unsure),
        onError: (error) => this.report(error),
      });
      if (!this.stop.signal.aborted) {
        this.view.watching(this.pipeline.root);
        this.request(this.selected);
      }
      await this.endedPromise;
      await this.active?.done;
    } finally {
      this.options.interrupt.removeEventListener('abort', onInterrupt);
      await this.changes?.close();
      await this.kept?.dispose();
    }
    if (this.fatal !== undefined) throw this.fatal;
    return this.exitCode;
  }

  /** `r`: every selected job, really run (an identical earlier pass does not count). */
  rerunAll(): void {
    this.freshNext = true;
    this.source.forget();
    this.request(this.selected, 're-run requested');
  }

  /** `f`: the jobs that failed last time, and the jobs their failure skipped. */
  rerunFailed(): void {
    const failed = [...this.lastResults.values()].filter((result) => result.status === 'failed' || result.status === 'timed-out');
    if (failed.length === 0) {
      this.view.notice('info', 'no failed jobs to re-run');
      return;
    }
    this.request(withDownstream(this.pipeline.jobs, this.selected, failed.map((result) => result.job)));
  }

  /** The web page's re-run: these jobs, `fresh` even when an identical pass is cached. */
  rerunJobs(jobs: readonly string[], fresh: boolean): void {
    this.freshNext ||= fresh;
    this.request(jobs, 're-run requested');
  }

  /** `q`: stop the run in flight, remove its containers, exit 0. */
  quit(): void {
    this.end(ExitCode.ok);
  }

  private end(code: number): void {
    if (this.stop.signal.aborted) return;
    this.exitCode = code;
    this.stop.abort('interrupted');
    this.ended();
  }

  private async onChanges(files: string[], unsure: boolean): Promise<void> {
    if (this.stop.signal.aborted) return;
    files = await this.source.take(files, unsure);
    if (files.length === 0) return;
    const time = Date.now();
    const configFiles = this.configFiles();
    // An edited config (or a file it includes) changes what every job is: reload it and run everything.
    if (this.options.reload && files.some((file) => configFiles.includes(file))) {
      if (await this.reloadConfig(this.options.reload)) {
        this.view.changed({ time, files, jobs: [...this.selected] });
        this.request(this.selected, `${describeFiles(files)} changed`);
      }
      return;
    }
    const affected = affectedJobs(this.pipeline.jobs, this.selected, files);
    this.view.changed({ time, files, jobs: this.selection.jobs.map((job) => job.name).filter((name) => affected.toRun.has(name)) });
    this.request(affected.toRun, `${describeFiles(files)} changed`);
  }

  private configFiles(): string[] {
    const { source } = this.pipeline;
    return (source.files ?? [source.file]).flatMap((file) => {
      const relative = path.relative(this.pipeline.root, file);
      return relative.startsWith('..') || path.isAbsolute(relative) ? [] : [relative.split(path.sep).join('/')];
    });
  }

  /** The new config replaces the old one only when it loads; otherwise the old one keeps running. */
  private async reloadConfig(reload: () => Promise<Pipeline>): Promise<boolean> {
    let pipeline: Pipeline;
    let selection: Plan;
    try {
      pipeline = await reload();
      selection = watchSelection(pipeline, this.options.names, this.options.only);
    } catch (error) {
      this.report(error, 'the config did not load; watching with the previous one');
      return false;
    }
    const ignoreChanged = JSON.stringify(pipeline.watch.ignore) !== JSON.stringify(this.pipeline.watch.ignore);
    this.pipeline = pipeline;
    this.selection = selection;
    this.selected = new Set(selection.jobs.map((job) => job.name));
    // Jobs may have changed in any way: no earlier result stands.
    this.settled.clear();
    this.view.selected([...this.selected]);
    this.source.setTrusted(pipeline.watch.ignore.length === 0);
    this.source.forget();
    if (ignoreChanged) await this.changes?.setIgnore(pipeline.watch.ignore);
    return true;
  }

  /** Queues jobs for the next run; cancels the run in flight if it has yet to finish one of them. */
  private request(jobs: Iterable<string>, reason = 'newer request'): void {
    if (this.stop.signal.aborted) return;
    const wanted = [...jobs].filter((job) => this.selected.has(job));
    if (wanted.length === 0) return;
    for (const job of wanted) {
      this.pending.add(job);
      this.settled.delete(job);
    }
    const run = this.active;
    if (run && !run.controller.signal.aborted && wanted.some((job) => run.jobs.has(job) && !run.finished.has(job))) {
      run.controller.abort('superseded');
      this.view.cancelling(reason);
    }
    this.startNext();
  }

  private startNext(): void {
    if (this.active || this.stop.signal.aborted || this.pending.size === 0) return;
    const wanted = this.pending;
    this.pending = new Set();
    const { plan, reuse } = planRerun(this.selection, wanted, this.settled);
    const run: ActiveRun = {
      jobs: new Set(plan.jobs.map((job) => job.name)),
      fresh: this.freshNext,
      finished: new Set(),
      controller: new AbortController(),
      done: Promise.resolve(),
    };
    this.freshNext = false;
    this.active = run;
    this.runs += 1;
    this.view.runStarting({ number: this.runs, jobs: [...run.jobs], reused: [...reuse.keys()] });
    run.done = this.execute(run, plan, reuse).finally(() => {
      this.active = undefined;
      if (this.stop.signal.aborted) return;
      this.startNext();
      if (!this.active) this.view.idle();
    });
  }

  private async execute(run: ActiveRun, plan: Plan, reuse: Map<string, string>): Promise<void> {
    const signal = AbortSignal.any([run.controller.signal, this.stop.signal]);
    const superseded = () => run.controller.signal.aborted && !this.stop.signal.aborted;
    const first = this.runs === 1;
    let outcome: RunOutcome | undefined;
    try {
      const source = await this.source.next();
      outcome = await runPipeline(
        {
          pipeline: this.pipeline,
          plan,
          provider: this.options.provider,
          trigger: 'watch',
          isGit: this.options.isGit,
          concurrency: this.options.concurrency,
          failFast: false,
          useCache: this.options.useCache && !run.fresh,
          signal,
          debug: this.options.debug,
          reuseArtifactsFrom: reuse,
          source,
          // Leftovers of crashed runs are looked for by the session's first run, and after the
          // engine went away (what the lost run left there once it is back).
          reap: first || this.takeReap(),
        },
        (event) => this.onRunEvent(run, event, superseded),
      );
      this.source.used(outcome.source);
    } catch (error) {
      // An aborted run ends in InterruptedError; that is the cancellation, not a failure.
      if (!signal.aborted) this.runFailed(error, first);
    }
    for (const result of outcome?.results ?? []) {
      if (!SETTLED.has(result.status) || this.pending.has(result.job)) continue;
      const folder = await this.kept.keep(result.job, outcome!.artifactsOf(result.job)).catch(() => undefined);
      // A change may have arrived meanwhile: then the job runs again and this result no longer stands.
      if (folder !== undefined && !this.pending.has(result.job)) this.settled.set(result.job, folder);
    }
    if (superseded()) {
      // Jobs the cancellation cut short run again, with the newest files (and as freshly as asked).
      this.freshNext ||= run.fresh;
      for (const job of cutShort(run, this.lastResults)) this.pending.add(job);
      this.view.cancelled();
    }
  }

  private onRunEvent(run: ActiveRun, event: RunEvent, superseded: () => boolean): void {
    if (event.type === 'job-end') {
      run.finished.add(event.result.job);
      this.lastResults.set(event.result.job, event.result);
    }
    // A cancelled run's verdict ("INTERRUPTED") would mislead: the view says it was superseded instead.
    if (event.type === 'run-end' && superseded()) return;
    this.view.runEvent(event);
  }

  private runFailed(error: unknown, first: boolean): void {
    // Docker unreachable or an image missing at the very start: nothing to watch for.
    if (first && error instanceof EnvironmentError) {
      this.fatal = error;
      this.end(error.exitCode);
      return;
    }
    if (error instanceof EnvironmentError) this.reapNext = true;
    this.report(error, 'the run did not finish; the next change tries again');
  }

  private takeReap(): boolean {
    const reap = this.reapNext;
    this.reapNext = false;
    return reap;
  }

  private report(error: unknown, context?: string): void {
    const message = error instanceof Error ? error.message : String(error);
    this.view.notice('error', message, error instanceof LocalciError ? error.hint : undefined);
    if (context) this.view.notice('info', context);
  }
}
