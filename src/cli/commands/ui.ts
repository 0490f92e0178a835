/**
 * `ci ui [--port N] [--open]`: the project's history in the browser, until Ctrl-C, and live the run
 * any process of the project is running (ui/run-follower.ts). The page's re-runs start as `ci run`
 * processes of this CLI (ui/spawned-runs.ts), which its cancel interrupts.
 */
import { ExitCode, UsageError } from '../../errors.js';
import { findProjectState } from '../../state/find-project-state.js';
import { startRunUi } from '../../ui/run-ui.js';
import { RunFollower } from '../../ui/run-follower.js';
import { SpawnedRuns } from '../../ui/spawned-runs.js';
import type { GlobalOptions } from '../global-options.js';
import { handleInterrupts } from '../interrupts.js';
import { commandCwd } from '../load.js';

export interface UiOptions extends GlobalOptions {
  port?: number;
  open?: boolean;
}

export async function uiCommand(options: UiOptions): Promise<number> {
  const root = (await findProjectState(commandCwd(options)))?.root;
  if (root === undefined) throw new UsageError('No runs recorded for this project yet.', 'Run `ci run` first, or `ci run --ui` to watch it in the browser.');
  const interrupts = handleInterrupts();
  const ui = await startRunUi(root, { port: options.port, open: options.open, say: (line) => process.stdout.write(`${line}\n`) });
  const runs = new SpawnedRuns(root, [process.execPath, ...process.execArgv, process.argv[1]!]);
  ui.actions.rerun = (rerun) => runs.start(rerun);
  ui.actions.cancel = () => runs.cancel();
  const follower = new RunFollower(root, ui.live);
  follower.start();
  try {
    await new Promise((resolve) => interrupts.signal.addEventListener('abort', resolve, { once: true }));
    return ExitCode.ok;
  } finally {
    await Promise.all([ui.close(), runs.close(), follower.close()]);
    interrupts.dispose();
  }
}
