/**
 * `ci logs [job] [--run ID | --commit SHA] [--follow]`: a stored run's logs
 * (default: the newest run). One job prints its log as it is, ready for grep;
 * several are prefixed with `[job]`. Notes go to stderr so stdout stays the log.
 */
import { existsSync } from 'node:fs';
import { ExitCode } from '../../errors.js';
import { printRunLogs } from '../../history/follow-run.js';
import { runStateText } from '../../history/history-table.js';
import { jobsOf, logFileOf, matchJobs } from '../../history/job-logs.js';
import { selectRun } from '../../history/find-run.js';
import { listRuns } from '../../history/run-store.js';
import { requireProjectState } from '../../state/find-project-state.js';
import { StreamWriter } from '../../history/stream-writer.js';
import { describeResult } from '../../report/status-text.js';
import { jobTextFor } from '../../report/terminal-text.js';
import type { GlobalOptions } from '../global-options.js';
import { handleInterrupts } from '../interrupts.js';
import { commandCwd } from '../load.js';
import { stderrColors, stdoutColors } from '../terminal.js';

export interface LogsOptions extends GlobalOptions {
  run?: string;
  follow?: boolean;
}

export async function logsCommand(job: string | undefined, options: LogsOptions): Promise<number> {
  const { root } = await requireProjectState(commandCwd(options));
  const run = await selectRun(root, await listRuns(root), { run: options.run, commit: options.commit });
  const chosen = job === undefined ? undefined : matchJobs(await jobsOf(run), job, run.id);
  const err = stderrColors();
  const reasonText = jobTextFor(process.stderr.isTTY === true, err);
  process.stderr.write(err.dim(`run ${run.id} (${run.status}${run.record.commit ? `, ${run.record.commit.slice(0, 8)}` : ''})`) + '\n');
  for (const result of run.record.jobs.filter((entry) => chosen?.includes(entry.job) ?? true)) {
    // A cached job did not run, so it wrote nothing; say why rather than print nothing.
    if (!existsSync(logFileOf(run, result.job))) process.stderr.write(err.dim(`${result.job}: no log in this run (${describeResult(result, reasonText)})`) + '\n');
  }

  const out = new StreamWriter(process.stdout);
  const colors = stdoutColors();
  // On a terminal the log is shown, not piped: its escape sequences must not drive the user's terminal.
  const jobText = jobTextFor(process.stdout.isTTY === true, colors);
  const names = chosen ?? (await jobsOf(run));
  const width = Math.max(0, ...names.map((name) => name.length)) + 2;
  const prefixed = chosen === undefined || chosen.length > 1;
  const interrupts = options.follow ? handleInterrupts() : undefined;
  try {
    const last = await printRunLogs(run, {
      jobs: chosen,
      follow: options.follow ?? false,
      sink: (name, line) => out.line(prefixed ? `${colors.cyan(`[${name}]`.padEnd(width))} ${jobText(line)}` : jobText(line)),
      afterPass: () => out.flush(),
      signal: interrupts ? AbortSignal.any([interrupts.signal, out.signal]) : out.signal,
    });
    if (interrupts?.signal.aborted) return ExitCode.interrupted;
    if (options.follow && run.status === 'running') process.stderr.write(`run ${run.id} ended: ${runStateText(last.status, err)}\n`);
    return ExitCode.ok;
  } finally {
    interrupts?.dispose();
  }
}
