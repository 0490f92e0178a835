/**
 * `ci run --ui` / `ci watch --ui` and `ci ui`: the web server with a live run attached. The page's
 * "cancel" aborts the signal this returns, which the command joins with Ctrl-C's.
 */
import path from 'node:path';
import { readRun, runsDir } from '../history/run-store.js';
import type { UiActions } from './action-routes.js';
import { LiveRun } from './live-run.js';
import { openBrowser } from './open-browser.js';
import { startUiServer, type UiServer } from './ui-server.js';

export interface RunUi {
  live: LiveRun;
  server: UiServer;
  /** The page's actions: cancel is set here; a command that can start runs sets `rerun`. */
  actions: UiActions;
  /** Aborted when the page asks to cancel the run. */
  cancelled: AbortSignal;
  /** Tells the page how a run that ended without `run-end` (interrupted) ended, then stops the server. */
  close(): Promise<void>;
}

export async function startRunUi(root: string, options: { port?: number; open?: boolean; say: (line: string) => void }): Promise<RunUi> {
  const live = new LiveRun();
  const cancel = new AbortController();
  const actions: UiActions = {
    // The run treats it like Ctrl-C: every container goes, the run ends interrupted.
    cancel: () => {
      cancel.abort('interrupted');
      return true;
    },
  };
  const server = await startUiServer({ root, port: options.port, live, actions });
  options.say(`localci ui: ${server.url}`);
  if (options.open) openBrowser(server.url);
  const close = async () => {
    const open = live.openRun;
    const run = open === undefined ? undefined : await readRun(path.join(runsDir(root), open)).catch(() => undefined);
    if (run) live.endedFrom(run);
    await server.close();
  };
  return { live, server, actions, cancelled: cancel.signal, close };
}
