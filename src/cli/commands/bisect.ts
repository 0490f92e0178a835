/**
 * `ci bisect <good> <bad> [job]`: finds the first commit on the first-parent
 * line where the job (with what it needs) fails, by running it on exactly the
 * commits a binary search picks. The ends are checked first, so a wrong guess
 * about good and bad is reported instead of a wrong culprit. Jobs are the
 * working tree's, as for the pre-push hook: the config is not read from each commit.
 */
import { ExitCode, InterruptedError, UsageError } from '../../errors.js';
import { bisectRange, type Commit } from '../../history/bisect-candidates.js';
import { bisect, bisectSteps, type Verdict } from '../../history/bisect-search.js';
import { verdictOf } from '../../history/bisect-verdict.js';
import { shellWord } from '../../history/run-summary.js';
import { buildPlan, type Plan } from '../../plan/plan.js';
import type { Pipeline } from '../../model/pipeline.js';
import { runPipeline } from '../../run/run-pipeline.js';
import { findGitRoot } from '../../source/git.js';
import type { Palette } from '../../util/color.js';
import { formatDuration } from '../../util/duration.js';
import type { BackendProvider } from '../../backend/provider.js';
import { openBackendProvider } from '../backend-provider.js';
import type { GlobalOptions } from '../global-options.js';
import { handleInterrupts } from '../interrupts.js';
import { loadForCommand } from '../load.js';
import { stdoutColors } from '../terminal.js';

interface Tested {
  verdict: Verdict;
  runId: string;
}

export async function bisectCommand(good: string, bad: string, job: string | undefined, options: GlobalOptions): Promise<number> {
  const { pipeline } = await loadForCommand(options);
  if ((await findGitRoot(pipeline.root)) === undefined) throw new UsageError('`ci bisect` searches git history, and this project is not in a git repository.', 'Run it in a git repository, such as a clone of the project.');
  const range = await bisectRange(pipeline.root, good, bad);
  const plan = buildPlan(pipeline, { names: job === undefined ? [] : [job], only: false, deploy: false });
  const targets = job === undefined ? undefined : new Set(plan.jobs.filter((entry) => entry.name === job || entry.baseName === job).map((entry) => entry.name));
  const colors = stdoutColors();
  const say = (line: string) => process.stdout.write(line + '\n');
  const what = job === undefined ? `the pipeline (${plan.jobs.length} jobs)` : `"${job}"${plan.jobs.length > 1 ? ` with what it needs (${plan.jobs.length} jobs)` : ''}`;
  say(`bisect: ${range.candidates.length} commit(s) after ${short(range.good)} up to ${short(range.bad)} (first parent), testing ${what}; about ${bisectSteps(range.candidates.length) + 2} runs`);

  // One provider for every commit tested: one connection, leftovers reaped by the first run.
  const provider = await openBackendProvider(pipeline, { backend: options.backend });
  const interrupts = handleInterrupts(() => process.stderr.write(`\n${colors.yellow('Stopping')}: removing this run's containers… (Ctrl-C again to force)\n`));
  const tested = new Map<string, Tested>();
  const test = async (commit: Commit, label: string): Promise<Tested> => {
    const result = await runOn({ pipeline, plan, provider, reap: tested.size === 0 }, commit, targets, interrupts.signal, label, colors);
    tested.set(commit.sha, result);
    return result;
  };
  try {
    const [atGood, atBad] = [await test(range.good, 'good'), await test(range.bad, 'bad')];
    if (atGood.verdict !== 'good' || atBad.verdict !== 'bad') return endsProblem(range, atGood, atBad, job, say, colors);
    const result = await bisect(range.candidates.length, async (index) => {
      const commit = range.candidates[index]!;
      return tested.get(commit.sha)?.verdict ?? (await test(commit, `${index + 1}/${range.candidates.length}`)).verdict;
    });
    say('');
    if (result.kind === 'ambiguous') {
      say(colors.yellow(`The first failing commit is one of these ${result.indices.length}; the ones before the last could not be tested (something the job needs failed there):`));
      for (const index of result.indices) say(`  ${range.candidates[index]!.sha}  ${range.candidates[index]!.subject}`);
      return ExitCode.jobFailed;
    }
    const culprit = range.candidates[result.index]!;
    say(`${colors.bold('First failing commit:')} ${colors.red(culprit.sha)}`);
    say(`  ${culprit.subject}`);
    const runId = tested.get(culprit.sha)?.runId;
    if (runId) say(colors.dim(`  the log there: ci logs ${job === undefined ? '' : `${shellWord(job)} `}--run ${runId}   ·   the change: git show ${culprit.sha.slice(0, 12)}`));
    return ExitCode.ok;
  } finally {
    interrupts.dispose();
    await provider.close();
  }
}

interface Bisecting {
  pipeline: Pipeline;
  plan: Plan;
  provider: BackendProvider;
  reap: boolean;
}

async function runOn({ pipeline, plan, provider, reap }: Bisecting, commit: Commit, targets: ReadonlySet<string> | undefined, signal: AbortSignal, label: string, colors: Palette): Promise<Tested> {
  const live = process.stdout.isTTY === true;
  const line = `${short(commit)} ${truncate(commit.subject, 56)}`;
  if (live) process.stdout.write(`  … ${line}`);
  const startedAt = Date.now();
  const outcome = await runPipeline(
    { pipeline, plan, provider, reap, trigger: 'run', commit: commit.sha, isGit: true, failFast: true, signal },
    () => undefined,
  );
  if (live) process.stdout.write('\r\x1b[K');
  if (outcome.status === 'interrupted' || signal.aborted) throw new InterruptedError();
  const verdict = verdictOf(outcome.status, outcome.results, targets);
  const symbol = verdict === 'good' ? colors.green('✓') : verdict === 'bad' ? colors.red('✗') : colors.yellow('?');
  const word = verdict === 'good' ? 'passes' : verdict === 'bad' ? 'fails' : 'cannot tell (a job it needs failed)';
  process.stdout.write(`  ${symbol} ${line}  ${colors.dim(`[${label}]`)} ${word} ${colors.dim(`(${formatDuration(Date.now() - startedAt)}, run ${outcome.runId})`)}\n`);
  return { verdict, runId: outcome.runId };
}

function endsProblem(range: { good: Commit; bad: Commit }, atGood: Tested, atBad: Tested, job: string | undefined, say: (line: string) => void, colors: Palette): number {
  const subject = job === undefined ? 'The pipeline' : `"${job}"`;
  say('');
  if (atGood.verdict !== 'good') {
    const why = atGood.verdict === 'bad' ? 'already fails' : 'cannot be tested (something it needs fails)';
    say(colors.red(`${subject} ${why} at the good commit ${short(range.good)}: nothing to search between the two.`));
    say(colors.dim(`  Pick an older commit where it passes. Its log: ci logs --run ${atGood.runId}`));
  } else {
    const why = atBad.verdict === 'good' ? 'passes' : 'cannot be tested (something it needs fails)';
    say(colors.red(`${subject} ${why} at the bad commit ${short(range.bad)}: nothing to search for.`));
    say(colors.dim(`  Pick a later commit where it fails. Its log: ci logs --run ${atBad.runId}`));
  }
  return ExitCode.jobFailed;
}

function short(commit: Commit): string {
  return commit.sha.slice(0, 8);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
