/** `ci run [jobs…]`: plan, run in Docker, report, exit 0/1/2/3/130. */
import { ExitCode, UsageError } from '../../errors.js';
import { buildPlan } from '../../plan/plan.js';
import { JsonReporter } from '../../report/json-reporter.js';
import { PlainReporter } from '../../report/plain-reporter.js';
import { BatchedOutput } from '../../report/batched-output.js';
import { combineReporters, type Reporter } from '../../report/reporter.js';
import { runOutputReporters, type RunOutputOptions } from '../../history/run-outputs.js';
import type { Pipeline } from '../../model/pipeline.js';
import { runPipeline } from '../../run/run-pipeline.js';
import { inGitWorktree } from '../../source/git.js';
import type { RunStatus } from '../../run/events.js';
import { openBackendProvider } from '../backend-provider.js';
import type { GlobalOptions } from '../global-options.js';
import { handleInterrupts } from '../interrupts.js';
import { loadForCommand } from '../load.js';
import { checkRunArguments } from '../run-arguments.js';
import { markPhase } from '../../util/phase-marks.js';
import { outputMode, stderrColors, stdoutColors } from '../terminal.js';

export async function runCommand(jobs: string[], options: GlobalOptions & RunOutputOptions): Promise<number> {
  markPhase('cli loaded');
  const { pipeline, unavailable = [] } = await loadForCommand(options);
  markPhase('config loaded');
  // A job of the CI file that localci cannot run is named as such, not as an unknown job.
  const notRunnable = unavailable.find((job) => jobs.includes(job.name));
  if (notRunnable) throw new UsageError(`Job "${notRunnable.name}" is not runnable locally: ${notRunnable.reason}.`, 'Run `ci list` to see the jobs that run.');
  await checkRunArguments(pipeline.root, { jobs, ...options });
  const plan = buildPlan(pipeline, { names: jobs, only: options.only ?? false, deploy: options.deploy ?? false });
  if (plan.jobs.length === 0) {
    process.stderr.write('Nothing to run: every job is manual or deploys to an environment. Name a job, or add --deploy.\n');
    return ExitCode.ok;
  }
  const colors = stderrColors();
  for (const [job, dropped] of plan.droppedNeeds) {
    process.stderr.write(`${colors.yellow('warning')} --only: "${job}" runs without ${dropped.map((d) => `"${d}"`).join(', ')} (and its artifacts)\n`);
  }

  const provider = await openBackendProvider(pipeline, { backend: options.backend });
  // The web server's modules load only with --ui.
  const ui = options.ui ? await (await import('../../ui/run-ui.js')).startRunUi(pipeline.root, { port: options.port, open: options.open, say: (line) => process.stderr.write(`${line}\n`) }) : undefined;
  const reporters = await createReporters(options, pipeline, ui?.live);
  markPhase('backend and reporters loaded');
  const interrupts = handleInterrupts(() => process.stderr.write(`\n${colors.yellow('Stopping')}: removing this run's containers… (Ctrl-C again to force)\n`));
  try {
    const outcome = await runPipeline(
      {
        pipeline,
        plan,
        provider,
        trigger: 'run',
        commit: options.commit,
        isGit: inGitWorktree(pipeline.root),
        concurrency: options.concurrency,
        failFast: options.failFast ?? false,
        useCache: options.cache !== false,
        since: options.since,
        signal: ui ? AbortSignal.any([interrupts.signal, ui.cancelled]) : interrupts.signal,
        debug: options.debug ? (message) => process.stderr.write(colors.dim(`debug ${message}\n`)) : undefined,
      },
      reporters.emit,
    );
    return exitCodeFor(outcome.status);
  } finally {
    await Promise.all([reporters.close(), provider.close(), ui?.close()]);
    interrupts.dispose();
  }
}

async function createReporters(options: GlobalOptions & RunOutputOptions, pipeline: Pipeline, live?: Reporter) {
  const mode = outputMode(options);
  // --junit, --report and the end-of-run alerts: they act once the run is stored, after the output above.
  const results = runOutputReporters(options, pipeline, (message) => process.stderr.write(`${stderrColors().yellow('warning')} ${message}\n`));
  if (mode === 'tty') {
    // Loaded only for terminals: listr2 is the heaviest module the CLI has.
    const { TtyReporter } = await import('../../report/tty-reporter.js');
    return combineReporters([new TtyReporter(process.stdout, stdoutColors()), ...results, ...(live ? [live] : [])]);
  }
  const out = new BatchedOutput(process.stdout);
  const reporter = mode === 'json' ? new JsonReporter(out) : new PlainReporter(out, stdoutColors(), { terminal: process.stdout.isTTY === true });
  return combineReporters([reporter, ...results, ...(live ? [live] : [])]);
}

export function exitCodeFor(status: RunStatus): number {
  switch (status) {
    case 'passed':
      return ExitCode.ok;
    case 'interrupted':
      return ExitCode.interrupted;
    default:
      return ExitCode.jobFailed;
  }
}
