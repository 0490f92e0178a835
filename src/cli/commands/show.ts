/** `ci show [run]`: one stored run: source, config, timing, and every job's status, duration, exit code and image. */
import { ExitCode } from '../../errors.js';
import { selectRun } from '../../history/find-run.js';
import { jobsOf } from '../../history/job-logs.js';
import { formatRunSummary } from '../../history/run-summary.js';
import { listRuns } from '../../history/run-store.js';
import { jobTextFor } from '../../report/terminal-text.js';
import { requireProjectState } from '../../state/find-project-state.js';
import type { GlobalOptions } from '../global-options.js';
import { commandCwd } from '../load.js';
import { stdoutColors } from '../terminal.js';
import { historyEntry } from './history.js';

export async function showCommand(runId: string | undefined, options: GlobalOptions): Promise<number> {
  const { root } = await requireProjectState(commandCwd(options));
  const run = await selectRun(root, await listRuns(root), { run: runId, commit: options.commit });
  if (options.json) {
    process.stdout.write(JSON.stringify({ ...historyEntry(run), plan: run.record.plan }, null, 2) + '\n');
    return ExitCode.ok;
  }
  const colors = stdoutColors();
  // On a terminal, a failure reason (it may hold job text) is shown without its escape sequences.
  process.stdout.write(formatRunSummary(run, await jobsOf(run), colors, jobTextFor(process.stdout.isTTY === true, colors)));
  return ExitCode.ok;
}
