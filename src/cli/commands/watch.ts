/**
 * `ci watch [jobs…]`: run the selected jobs, then re-run the affected ones on
 * every save until `q` (exit 0) or Ctrl-C (exit 130). A terminal gets the
 * redrawn screen and single-key commands; anything else gets plain lines.
 */
import { ExitCode } from '../../errors.js';
import { BatchedOutput } from '../../report/batched-output.js';
import { inGitWorktree } from '../../source/git.js';
import { PlainWatchView } from '../../triggers/watch/plain-view.js';
import { WatchScreen } from '../../triggers/watch/watch-screen.js';
import { WatchSession } from '../../triggers/watch/watch-session.js';
import { watchSelection } from '../../triggers/watch/watch-selection.js';
import { openBackendProvider } from '../backend-provider.js';
import type { GlobalOptions } from '../global-options.js';
import { handleInterrupts } from '../interrupts.js';
import { loadForCommand } from '../load.js';
import { checkRunArguments } from '../run-arguments.js';
import { outputMode, stderrColors, stdoutColors } from '../terminal.js';
import { withLiveRun } from '../../ui/live-watch-view.js';
import { startRunUi } from '../../ui/run-ui.js';

export async function watchCommand(jobs: string[], options: GlobalOptions): Promise<number> {
  const { pipeline } = await loadForCommand(options);
  const only = options.only ?? false;
  await checkRunArguments(pipeline.root, { jobs, only });
  // Checked before anything starts, so a refused deploy job is a plain usage error.
  const selection = watchSelection(pipeline, jobs, only);
  const colors = stderrColors();
  if (selection.jobs.length === 0) {
    process.stderr.write('Nothing to watch: every job is manual or deploys to an environment. Name a job that does neither.\n');
    return ExitCode.ok;
  }
  for (const [job, dropped] of selection.droppedNeeds) {
    process.stderr.write(`${colors.yellow('warning')} --only: "${job}" runs without ${dropped.map((d) => `"${d}"`).join(', ')} (and its artifacts)\n`);
  }

  // Fixed for the session: a reloaded config changes neither the backend nor whether containers are kept.
  const provider = await openBackendProvider(pipeline, { backend: options.backend, keepWarm: pipeline.watch.keepContainers });
  // Keys need a terminal on stdin as well as on stdout.
  const interactive = outputMode(options) === 'tty' && process.stdin.isTTY === true;
  const screen = interactive ? new WatchScreen(process.stdout, stdoutColors(), pipeline.projectName) : undefined;
  const shown = screen ?? new PlainWatchView(new BatchedOutput(process.stdout), stdoutColors());
  const ui = options.ui ? await startRunUi(pipeline.root, { port: options.port, open: options.open, say: (line) => shown.notice('info', line) }) : undefined;
  const view = ui ? withLiveRun(shown, ui.live) : shown;
  const interrupts = handleInterrupts(() => view.notice('warning', 'Stopping: cleaning up… (Ctrl-C again to force)'));
  const session = new WatchSession({
    pipeline,
    provider,
    names: jobs,
    only,
    concurrency: options.concurrency,
    isGit: inGitWorktree(pipeline.root),
    useCache: options.cache !== false,
    view,
    interrupt: interrupts.signal,
    reload: async () => (await loadForCommand(options)).pipeline,
    debug: options.debug ? (message) => view.notice('info', `debug ${message}`) : undefined,
  });
  if (ui) {
    ui.actions.rerun = (rerun) => {
      session.rerunJobs(rerun.jobs, rerun.fresh);
      return true;
    };
    // A watch run restarts on the next save anyway: the session is stopped in its terminal (q, Ctrl-C).
    ui.actions.cancel = undefined;
  }
  let releaseKeys: (() => void) | undefined;
  if (screen) {
    // Loaded only with a terminal, like the other interactive parts.
    const { listenForKeys } = await import('../../triggers/watch/keys.js');
    releaseKeys = listenForKeys(process.stdin, {
      rerunAll: () => session.rerunAll(),
      rerunFailed: () => session.rerunFailed(),
      toggleLogs: () => screen.toggleLogs(),
      quit: () => {
        view.notice('info', 'Quitting: cleaning up…');
        session.quit();
      },
    });
  }
  try {
    return await session.run();
  } finally {
    releaseKeys?.();
    // Warm containers go before the view says goodbye.
    await provider.close();
    await view.close();
    await ui?.close();
    interrupts.dispose();
  }
}
