/**
 * A backend provider without Docker, for tests of the run layer: every job runs
 * in-process, and each step line is a tiny script the fake understands:
 *
 *   echo TEXT          a line on stdout
 *   exit N             the step fails with exit code N
 *   sleep MS           waits (an abort ends it at once)
 *   write PATH TEXT    writes a file into the job's own workspace (`\n` in TEXT is a line break)
 *   cat PATH           prints a file as the job sees it: its own writes, then the layers above
 *                      the source (nearest first), the source, the layers below it
 *   lose-engine        the engine goes away: the backend throws the exit-3 error
 *   ignore-abort MS    waits MS ms whatever happens (a job that is slow to stop)
 *
 * It records what the run layer asked for (calls, requests, concurrency) and keeps the "live
 * containers" that a real backend would have to remove, so tests can see clean-up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { layersAround, type Backend, type ImageProgress, type JobExit, type JobIO, type JobRequest, type RunIdentity } from '../../src/backend/backend.js';
import type { BackendProvider, EngineIdentity, ReapCounts } from '../../src/backend/provider.js';
import { EnvironmentError } from '../../src/errors.js';
import type { Job } from '../../src/model/pipeline.js';

export interface FakeOptions {
  /** probe() rejects with this (e.g. the engine is not running). */
  probeError?: Error;
  /** prepareImages() rejects with this (e.g. an image is missing). */
  imageError?: Error;
  /** workspaceCopyReason() answers this: jobs then get the workspace as a tar. */
  copyReason?: string;
  /** What reap() says it removed. */
  reaped?: ReapCounts;
}

export class FakeProvider implements BackendProvider {
  readonly name = 'fake';
  /** Every call the run layer made, in order: `probe`, `reap`, `open`, `images`, `start:<job>`, `end:<job>`, `cleanup`, `close`. */
  readonly calls: string[] = [];
  /** Each job's request, by job name (the last attempt's). */
  readonly requests = new Map<string, JobRequest>();
  /** Jobs started but not yet removed, like containers. */
  readonly live = new Set<string>();
  readonly warmed: string[] = [];
  private running = 0;
  peak = 0;
  private readonly lost = new Set<(error: EnvironmentError) => void>();

  constructor(readonly options: FakeOptions = {}) {}

  async probe(): Promise<EngineIdentity> {
    this.calls.push('probe');
    if (this.options.probeError) throw this.options.probeError;
    return { description: 'fake engine', version: '0', local: true, startedAt: 1 };
  }

  async reap(): Promise<ReapCounts> {
    this.calls.push('reap');
    return this.options.reaped ?? {};
  }

  async workspaceCopyReason(): Promise<string | undefined> {
    return this.options.copyReason;
  }

  async openRun(run: RunIdentity): Promise<Backend> {
    this.calls.push('open');
    return new FakeBackend(this, run);
  }

  onLost(listener: (error: EnvironmentError) => void): () => void {
    this.lost.add(listener);
    return () => this.lost.delete(listener);
  }

  /** Tells listeners the engine went away. */
  loseEngine(): void {
    for (const listener of this.lost) listener(engineGone());
  }

  async close(): Promise<void> {
    this.calls.push('close');
  }

  /** The order in which jobs started. */
  started(): string[] {
    return this.calls.filter((call) => call.startsWith('start:')).map((call) => call.slice('start:'.length));
  }

  enter(): void {
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
  }

  leave(): void {
    this.running -= 1;
  }
}

class FakeBackend implements Backend {
  constructor(
    private readonly provider: FakeProvider,
    readonly run: RunIdentity,
  ) {}

  async prepareImages(jobs: readonly Job[], progress: ImageProgress): Promise<Map<string, string>> {
    this.provider.calls.push('images');
    if (this.provider.options.imageError) throw this.provider.options.imageError;
    const names = new Set(jobs.flatMap((job) => (job.image.kind === 'name' ? [job.image.name] : [])));
    for (const name of names) progress(name, 'ready');
    return new Map([...names].map((name) => [name, `sha256:${name}`]));
  }

  warmUp(request: JobRequest): void {
    this.provider.warmed.push(request.job.name);
  }

  async runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
    const { provider } = this;
    const name = request.job.name;
    provider.calls.push(`start:${name}`);
    provider.requests.set(name, request);
    provider.live.add(name);
    provider.enter();
    const written = new Map<string, string>();
    try {
      for (const [index, step] of request.job.steps.entries()) {
        if (signal.aborted) return { exitCode: 130 };
        io.stepStarted(index);
        const code = await runLine(step.run, { request, io, signal, written });
        if (signal.aborted) return { exitCode: 130 };
        if (code !== 0) {
          await copyReports(request, written);
          return { exitCode: code, failedStep: index };
        }
      }
      await copyWritten(written, request.job.artifacts, request.artifactsOut);
      await copyReports(request, written);
      return { exitCode: 0, imageId: request.job.image.kind === 'name' ? `sha256:${request.job.image.name}` : undefined };
    } finally {
      provider.leave();
      provider.calls.push(`end:${name}`);
      // Removed after an abort too, as a real backend must.
      provider.live.delete(name);
    }
  }

  async cleanup(): Promise<void> {
    this.provider.calls.push('cleanup');
    this.provider.live.clear();
  }
}

/** Files the job wrote whose names are listed (exact names: the fake knows no globs), mirrored into `dir`. */
async function copyWritten(written: ReadonlyMap<string, string>, names: readonly string[], dir: string): Promise<void> {
  for (const name of names) {
    const content = written.get(name);
    if (content === undefined) continue;
    const target = path.join(dir, name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/** Like a real backend: report files are copied out whether the job passed or failed. */
async function copyReports(request: JobRequest, written: ReadonlyMap<string, string>): Promise<void> {
  const reports = request.job.reports;
  if (!reports) return;
  await copyWritten(written, reports.junit, path.join(request.reportsOut, 'junit'));
  if (reports.coverage !== undefined) await copyWritten(written, [reports.coverage], path.join(request.reportsOut, 'coverage'));
}

interface LineContext {
  request: JobRequest;
  io: JobIO;
  signal: AbortSignal;
  written: Map<string, string>;
}

async function runLine(line: string, { request, io, signal, written }: LineContext): Promise<number> {
  const [command = '', ...rest] = line.split(' ');
  const argument = rest.join(' ');
  switch (command) {
    case 'echo':
      io.log('stdout', argument);
      return 0;
    case 'exit':
      return Number(argument);
    case 'sleep':
      await wait(Number(argument), signal);
      return 0;
    case 'ignore-abort':
      await wait(Number(argument));
      return 0;
    case 'write': {
      const [file = '', ...text] = rest;
      written.set(file, text.join(' ').replaceAll('\\n', '\n'));
      return 0;
    }
    case 'cat': {
      const content = written.get(argument) ?? readThroughLayers(request, argument);
      if (content === undefined) {
        io.log('stderr', `cat: ${argument}: No such file`);
        return 1;
      }
      io.log('stdout', content);
      return 0;
    }
    case 'lose-engine':
      throw engineGone();
    default:
      io.log('stderr', `fake backend: unknown step "${line}"`);
      return 127;
  }
}

/** A file as the job's workspace shows it: layers above the source first (nearest on top), then the source, then the layers below. */
function readThroughLayers(request: JobRequest, file: string): string | undefined {
  const { below, above } = layersAround(request.layers);
  const source = request.workspace.folder;
  const stack = [...[...above].reverse().map((layer) => layer.dir), ...(source ? [source] : []), ...[...below].reverse().map((layer) => layer.dir)];
  for (const dir of stack) {
    const candidate = path.join(dir, file);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
  }
  return undefined;
}

function engineGone(): EnvironmentError {
  return new EnvironmentError('Cannot reach the Docker engine at fake engine (ECONNRESET).');
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
