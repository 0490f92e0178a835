/**
 * `ci ui` on its own starts the page's re-runs as `ci run` processes of the project, one at a time,
 * their output in `ci ui`'s terminal; the page follows them like any other process's run. Job
 * names come after `--`, so no name can be read as an option (rerun-request.ts only lets through
 * jobs of the project's runs anyway). No shell is involved. Cancel and Ctrl-C interrupt the run
 * as Ctrl-C would (its containers go); closing waits until it has ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Rerun } from './rerun-request.js';

export class SpawnedRuns {
  private child?: ChildProcess;

  /** `cli`: the command that starts this CLI, e.g. `[process.execPath, process.argv[1]]`. */
  constructor(
    private readonly root: string,
    private readonly cli: readonly [string, ...string[]],
  ) {}

  start(rerun: Rerun): true | string {
    if (this.child) return 'a run started from this page is still going';
    const [command, ...prefix] = this.cli;
    const args = [...prefix, 'run', '--cwd', this.root, '--plain', ...(rerun.fresh ? ['--no-cache'] : []), '--', ...rerun.jobs];
    // A process group of its own: a Ctrl-C in the terminal reaches `ci ui` only, which then
    // interrupts the run exactly once (a second interrupt would force it to stop without clean-up).
    const child = spawn(command, args, { cwd: this.root, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    child.once('error', () => {
      if (this.child === child) this.child = undefined;
    });
    return true;
  }

  cancel(): boolean {
    if (!this.child) return false;
    this.child.kill('SIGINT');
    return true;
  }

  /** Interrupts a run still going and waits for it to clean up. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    await exited;
  }
}
