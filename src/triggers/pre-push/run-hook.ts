/**
 * One pre-push check: for the tip of each pushed branch (or, with
 * `hooks.prePush.eachCommit`, every new commit, oldest first), run the pre-push
 * jobs on exactly that commit (never the working tree) and refuse the push at the
 * first failure, naming the commit, with enough of the log to act on. Output is compact on purpose: a
 * push that passes costs one line per commit.
 */
import path from 'node:path';
import type { BackendProvider } from '../../backend/provider.js';
import type { RefFacts } from '../../config/import/importer.js';
import { EnvironmentError, ExitCode, InterruptedError } from '../../errors.js';
import type { Pipeline } from '../../model/pipeline.js';
import { buildPlan, type Plan } from '../../plan/plan.js';
import { describeResult, statusSymbol } from '../../report/status-text.js';
import { jobTextFor } from '../../report/terminal-text.js';
import { failedTestLines, reportSuffix } from '../../report/test-results-text.js';
import type { JobResult } from '../../run/events.js';
import { jobLogFile } from '../../model/job-files.js';
import { runPipeline } from '../../run/run-pipeline.js';
import { gitMaybe } from '../../source/git.js';
import type { Palette } from '../../util/color.js';
import { formatDuration } from '../../util/duration.js';
import { checkPushCoverage } from './coverage-check.js';
import { readLastLines } from './log-tail.js';
import { eachNewCommit } from './new-commits.js';
import { PipelinesByRef } from './pipelines-by-ref.js';
import { commitsToCheck, mayNeedCheck, parsePushLines, shortRef, type CommitToCheck } from './refs.js';

const TAIL_LINES = 20;
export const PUSH_ANYWAY = 'To push without the checks: LOCALCI_SKIP=1 git push, or git push --no-verify.';

export interface PrePushRequest {
  /** git's ref lines, as read from the hook's stdin. */
  input: string;
  /** Loads the pipeline for a pushed ref; called only when there is something to check. */
  load(ref: RefFacts): Promise<Pipeline>;
  /** Where the pipeline's jobs run (the composition root's choice for it). */
  openProvider(pipeline: Pipeline): Promise<BackendProvider>;
  signal: AbortSignal;
  /** Where messages go (stderr: git shows it, and stdout may be a pipe). */
  out: { write(text: string): unknown };
  colors: Palette;
  /** Show a transient progress line (the terminal can overwrite it). */
  live: boolean;
  debug?: (message: string) => void;
}

export async function runPrePush(request: PrePushRequest): Promise<number> {
  const pushed = parsePushLines(request.input);
  const say = (line: string) => request.out.write(`localci: ${line}\n`);
  // Deleting branches or pushing notes needs no pipeline, so no config load either.
  const candidates = pushed.filter(mayNeedCheck);
  const pipelines = new PipelinesByRef((ref) => request.load(ref));
  const loaded = [];
  for (const ref of candidates) loaded.push(await pipelines.for(ref));
  // Settings that apply to the whole push (tags, each commit, the engine) come from the first ref with a pipeline.
  const pipeline = loaded.find((found) => 'pipeline' in found)?.pipeline;
  const checks = commitsToCheck(pushed, { tags: pipeline?.prePush.tags ?? false });
  for (const skipped of checks.skipped) {
    if (skipped.reason === 'tag') say(request.colors.dim(`tag ${skipped.ref} not checked (set hooks.prePush.tags to check tags)`));
    if (skipped.reason === 'other') say(request.colors.dim(`${skipped.ref} not checked (only branches and tags are)`));
  }
  const pushedAs = (name: string) => candidates.find((ref) => shortRef(ref.remoteRef) === name)!;
  // Tips grouped by the pipeline their ref loads, in push order.
  const tipsBy = new Map<Pipeline, CommitToCheck[]>();
  for (const commit of checks.commits) {
    const found = await pipelines.for(pushedAs(commit.refs[0]!));
    if ('none' in found) say(request.colors.yellow(`${found.none.message} Push of ${commit.refs.join(', ')} allowed unchecked.`));
    else tipsBy.set(found.pipeline, [...(tipsBy.get(found.pipeline) ?? []), commit]);
  }
  if (pipeline === undefined || tipsBy.size === 0) return ExitCode.ok;

  const provider = await request.openProvider(pipeline);
  try {
    const docker = await checkDocker(provider, pipeline, say, request.colors);
    if (docker !== undefined) return docker;
    for (const [its, tips] of tipsBy) {
      const plan = planFor(its, say);
      if (plan === undefined) continue;
      const peeled = await peelCommits(its.root, tips);
      // Oldest first, stopping at the first failure: the push is refused naming the commit that broke.
      const commits = its.prePush.eachCommit ? await eachNewCommit(its.root, peeled, pushed) : peeled;
      for (const commit of commits) {
        const code = await checkCommit(request, { pipeline: its, plan, provider }, commit, say);
        if (code !== ExitCode.ok) return code;
      }
    }
    return ExitCode.ok;
  } finally {
    await provider.close();
  }
}

/** The jobs a push runs, or undefined (with a word why) when there are none. */
function planFor(pipeline: Pipeline, say: (line: string) => void): Plan | undefined {
  const names = prePushJobs(pipeline, say);
  const plan = names?.length === 0 ? undefined : buildPlan(pipeline, { names: names ?? [], only: false, deploy: false });
  if (plan && plan.jobs.length > 0) return plan;
  say('no jobs to run before a push (every job is manual or deploys); push allowed unchecked');
  return undefined;
}

/** `hooks.prePush.jobs`, minus deploys: a push is checked, never shipped, from the hook. */
function prePushJobs(pipeline: Pipeline, say: (line: string) => void): string[] | undefined {
  const names = pipeline.prePush.jobs;
  if (names === undefined) return undefined;
  const deploys = new Set(pipeline.jobs.filter((job) => job.environment !== undefined).map((job) => job.name));
  for (const name of names.filter((name) => deploys.has(name))) say(`"${name}" deploys, so the pre-push hook does not run it`);
  return names.filter((name) => !deploys.has(name));
}

/** Docker down is an answer of its own: refuse (default) or let the push through unchecked. */
async function checkDocker(provider: BackendProvider, pipeline: Pipeline, say: (line: string) => void, colors: Palette): Promise<number | undefined> {
  try {
    await provider.probe();
    return undefined;
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    if (pipeline.prePush.onDockerMissing === 'warn') {
      say(`${colors.yellow('warning')} ${error.message} Push allowed without checks (hooks.prePush.onDockerMissing is 'warn').`);
      return ExitCode.ok;
    }
    say(`${colors.red('push refused')}: ${error.message} The pipeline cannot check this push.`);
    if (error.hint) say(`${colors.dim('hint')} ${error.hint}`);
    say(PUSH_ANYWAY);
    return ExitCode.jobFailed;
  }
}

/** An annotated tag names a tag object; the commit under it is what runs, once. */
async function peelCommits(root: string, commits: readonly CommitToCheck[]): Promise<CommitToCheck[]> {
  const bySha = new Map<string, CommitToCheck>();
  for (const commit of commits) {
    const sha = (await gitMaybe(root, ['rev-parse', '--verify', '-q', `${commit.sha}^{commit}`])) ?? commit.sha;
    const existing = bySha.get(sha);
    if (existing) {
      existing.refs.push(...commit.refs.filter((ref) => !existing.refs.includes(ref)));
      if (commit.replaces) existing.replaces = [...new Set([...(existing.replaces ?? []), ...commit.replaces])];
    } else bySha.set(sha, { ...commit, sha, refs: [...commit.refs] });
  }
  return [...bySha.values()];
}

interface Checking {
  pipeline: Pipeline;
  plan: Plan;
  provider: BackendProvider;
}

async function checkCommit(request: PrePushRequest, { pipeline, plan, provider }: Checking, commit: CommitToCheck, say: (line: string) => void): Promise<number> {
  const { colors } = request;
  const where = commit.position ? `, commit ${commit.position.index} of ${commit.position.count} new` : '';
  const label = `${commit.sha.slice(0, 8)} (${commit.refs.join(', ')}${where})`;
  const total = plan.jobs.length;
  let done = 0;
  const progress = (text: string) => {
    if (request.live) request.out.write(`\r\x1b[Klocalci: ${text}`);
  };
  await warnIfConfigDiffers(pipeline, commit.sha, say);
  progress(`running ${plural(total, 'job')} on ${label}…`);
  // Wall-clock, snapshot and clean-up included: what the push waits for.
  const startedAt = Date.now();
  let outcome;
  try {
    outcome = await runPipeline(
      {
        pipeline,
        plan,
        provider,
        trigger: 'hook',
        commit: commit.sha,
        isGit: true,
        failFast: false,
        signal: request.signal,
        debug: request.debug,
      },
      (event) => {
        if (event.type === 'job-end') progress(`${label}: ${++done}/${total} jobs done…`);
      },
    );
  } catch (error) {
    if (error instanceof InterruptedError) outcome = undefined;
    else throw error;
  } finally {
    if (request.live) request.out.write('\r\x1b[K');
  }
  if (!outcome || outcome.status === 'interrupted') {
    say(colors.yellow('interrupted; nothing was pushed'));
    return ExitCode.interrupted;
  }
  const duration = formatDuration(Date.now() - startedAt);
  if (outcome.status === 'passed') {
    const passed = outcome.results.filter((result) => result.status === 'passed' || result.status === 'cached' || result.status === 'allowed-failure').length;
    const gate = pipeline.prePush.coverage;
    const verdict = gate ? await checkPushCoverage(gate, pipeline.root, outcome.runId, commit.replaces ?? []) : undefined;
    if (!verdict || verdict.problems.length === 0) {
      say(`${colors.green(`${plural(passed, 'job')} passed`)} on ${label} in ${duration}`);
      return ExitCode.ok;
    }
    say(`${colors.red(colors.bold('push refused'))}: ${plural(passed, 'job')} passed on ${label} in ${duration}, but ${verdict.problems.join('; and ')}`);
    if (verdict.losers.length > 0) request.out.write(`  ${colors.bold('most lines lost in:')}\n${verdict.losers.map((line) => `    ${jobTextFor(true, colors)(line)}\n`).join('')}`);
    request.out.write(colors.dim('  the limits: hooks.prePush.coverage in the config') + '\n\n');
    say(PUSH_ANYWAY);
    return ExitCode.jobFailed;
  }
  const failed = outcome.results.filter(isFailure);
  say(`${colors.red(colors.bold('push refused'))}: ${failed.length} of ${plural(outcome.results.length, 'job')} failed on ${label} in ${duration}`);
  const width = Math.max(...failed.map((result) => result.job.length));
  // git's stderr ends on the pusher's terminal, whatever it is connected to here.
  const jobText = jobTextFor(true, colors);
  for (const result of failed) {
    request.out.write(`  ${statusSymbol(result.status, colors)} ${result.job.padEnd(width)}  ${describeResult(result, jobText)}${reportSuffix(result)}\n`);
    for (const line of failedTestLines(result, colors, jobText, ' '.repeat(width + 6))) request.out.write(`${line}\n`);
  }
  for (const result of failed) {
    const lines = await jobLogTail(jobLogFile(outcome.runDir, result.job));
    request.out.write(`\n${colors.red(colors.bold(`── ${result.job}: last ${lines.length} lines ──`))}\n`);
    for (const line of lines) request.out.write(`${jobText(line)}\n`);
    request.out.write(colors.dim(`── the whole log: ci logs ${shellWord(result.job)} --run ${outcome.runId}`) + '\n');
  }
  request.out.write('\n');
  say(PUSH_ANYWAY);
  return ExitCode.jobFailed;
}

/**
 * The jobs run on the commit, but the pipeline itself is read from the working
 * tree (a config may import other files, so it cannot be loaded out of a commit).
 * When the two differ, say so rather than let an uncommitted edit pass silently.
 */
async function warnIfConfigDiffers(pipeline: Pipeline, sha: string, say: (line: string) => void): Promise<void> {
  const file = path.relative(pipeline.root, pipeline.source.file);
  if (file.startsWith('..') || path.isAbsolute(file)) return;
  const same = await gitMaybe(pipeline.root, ['diff', '--quiet', sha, '--', file]);
  if (same === undefined) say(`warning: ${file} has changes that are not in ${sha.slice(0, 8)}; the hook runs the jobs as the working tree defines them`);
}

/** The log's last lines, without the closing `--- failed …` marker the row above already says. */
async function jobLogTail(file: string): Promise<string[]> {
  const lines = await readLastLines(file, TAIL_LINES + 1);
  if (lines.at(-1)?.startsWith('--- ')) lines.pop();
  return lines.slice(-TAIL_LINES);
}

function isFailure(result: JobResult): boolean {
  return result.status === 'failed' || result.status === 'timed-out';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Matrix job names contain spaces and parentheses; quote them for copy and paste. */
function shellWord(word: string): string {
  return /^[\w.@%+=:,/-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
