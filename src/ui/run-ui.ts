/**
 * `ci run --ui` / `ci watch --ui` and `ci ui`: the web server with a live run attached. The page's
 * "cancel" aborts the signal this returns, which the command joins with Ctrl-C's.
 */
import { LiveRun } from './live-run.js';
import { openBrowser } from './open-browser.js';
import { startUiServer, type UiServer } from './ui-server.js';

export interface RunUi {
  live: LiveRun;
  server: UiServer;
  /** Aborted when the page asks to cancel the run. */
  cancelled: AbortSignal;
}

export async function startRunUi(root: string, options: { port?: number; open?: boolean; say: (line: string) => void }): Promise<RunUi> {
  const live = new LiveRun();
  const cancel = new AbortController();
  // The run treats it like Ctrl-C: every container goes, the run ends interrupted.
  live.cancel = () => cancel.abort('interrupted');
  const server = await startUiServer({ root, port: options.port, live });
  options.say(`localci ui: ${server.url}`);
  if (options.open) openBrowser(server.url);
  return { live, server, cancelled: cancel.signal };
}
