/**
 * A real terminal for tests of the interactive UI: the command runs in a detached tmux session
 * of a fixed size, on a private server (`tmux -L <unique>`, no user config), so tests neither
 * see nor disturb anyone's tmux and can run in parallel.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { onTestFinished } from 'vitest';
import { makeTempDir } from './tmp-dir.js';
import { waitFor } from './wait-for.js';

export interface TmuxOptions {
  cwd: string;
  width?: number;
  height?: number;
  /** Environment of the command, merged over the test process env. */
  env?: Record<string, string | undefined>;
}

export interface TmuxSession {
  /** The visible screen, one line per row (no colours). */
  capture(): Promise<string>;
  /** A tmux format of the pane, such as '#{pane_title}' or '#{alternate_on}'. */
  paneInfo(format: string): Promise<string>;
  /** What the command wrote to the clipboard through the terminal (OSC 52), '' when nothing. */
  clipboard(): Promise<string>;
  /** tmux key names or text: 'q', 'Enter', 'C-c', 'Up'. */
  sendKeys(keys: string): Promise<void>;
  /** Polls the screen until `re` matches; returns that screen, or throws showing the last one. */
  waitForText(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Waits for the command to end; returns its exit status (the pane stays to be captured). */
  waitForExit(timeoutMs?: number): Promise<number>;
  kill(): Promise<void>;
}

let sessions = 0;
const liveSockets = new Set<string>();

// Last resort for a worker that ends without running hooks: no tmux server may outlive it.
process.once('exit', () => {
  for (const socket of liveSockets) execaSync('tmux', ['-L', socket, 'kill-server'], { reject: false });
});

export async function startTmux(command: string, opts: TmuxOptions): Promise<TmuxSession> {
  const socket = `localci-test-${process.pid}-${++sessions}-${Date.now().toString(36)}`;
  const dir = makeTempDir('tmux');
  const config = path.join(dir, 'tmux.conf');
  const statusFile = path.join(dir, 'exit-status');
  // status off: the pane is the whole window, exactly width x height.
  // set-clipboard on: a clipboard write (OSC 52) by the command lands in a tmux buffer, for clipboard().
  writeFileSync(config, ['set -g default-shell /bin/sh', 'set -g status off', 'set -g remain-on-exit on', 'set -g set-clipboard on', ''].join('\n'));
  // The wrapper records the exit status and keeps the pane open and untouched, so the last
  // screen can be captured; `trap : INT` keeps it alive through a Ctrl-C meant for the command.
  // (remain-on-exit alone is no substitute: tmux 3.3 then writes "Pane is dead" below the
  // output, scrolling the top line away. It stays on for a wrapper that is killed outright.)
  const wrapped = ['trap : INT', '(', command, ')', `echo $? > '${statusFile}'`, 'exec sleep 2147483647'].join('\n');
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args]);
  liveSockets.add(socket);
  const target = 'main:0.0';

  await execa(
    'tmux',
    ['-L', socket, '-f', config, 'new-session', '-d', '-s', 'main', '-x', String(opts.width ?? 100), '-y', String(opts.height ?? 30), '-c', opts.cwd, wrapped],
    // The server starts from this call, so the command inherits this environment.
    { env: { TERM: 'xterm-256color', TMUX: undefined, TMUX_PANE: undefined, ...opts.env }, cwd: opts.cwd },
  );

  // tmux leaves its socket file behind when the server exits.
  const socketPath = (await tmux('display-message', '-p', '#{socket_path}')).stdout.trim();
  const capture = async () => (await tmux('capture-pane', '-p', '-t', target)).stdout;
  // Only when the wrapper itself died (a signal it could not trap).
  const deadPaneStatus = async () => {
    const [dead, status] = (await tmux('display-message', '-p', '-t', target, '#{pane_dead} #{pane_dead_status}')).stdout.split(' ');
    return dead === '1' ? Number(status) : undefined;
  };

  const session: TmuxSession = {
    capture,
    async paneInfo(format) {
      return (await tmux('display-message', '-p', '-t', target, format)).stdout;
    },
    async clipboard() {
      // No buffer at all is an error of show-buffer: nothing was written.
      const shown = await execa('tmux', ['-L', socket, 'show-buffer'], { reject: false });
      return shown.exitCode === 0 ? shown.stdout : '';
    },
    async sendKeys(keys) {
      await tmux('send-keys', '-t', target, keys);
    },
    async waitForText(re, timeoutMs = 10_000) {
      let screen = '';
      try {
        // search(), unlike test(), ignores the lastIndex a /g regex keeps between calls.
        await waitFor(async () => (screen = await capture()).search(re) >= 0, { timeoutMs, message: `${re} on screen` });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- last screen ---\n${screen}\n---`, { cause: error });
      }
      return screen;
    },
    async waitForExit(timeoutMs = 10_000) {
      let status: number | undefined;
      await waitFor(
        async () => {
          status = readStatus(statusFile) ?? (await deadPaneStatus());
          return status !== undefined;
        },
        { timeoutMs, message: `"${command}" to exit` },
      );
      return status ?? -1;
    },
    async kill() {
      await execa('tmux', ['-L', socket, 'kill-server'], { reject: false });
      rmSync(socketPath, { force: true });
      liveSockets.delete(socket);
    },
  };
  try {
    onTestFinished(() => session.kill());
  } catch {
    // Started outside a test: the caller kills it.
  }
  return session;
}

function readStatus(file: string): number | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    // Written by `echo`, so complete once the newline is there.
    return text.endsWith('\n') ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}
