/**
 * Job output that is hostile to a UI: 5,000 lines, one line of 6,000 characters, 200 kB of
 * random bytes (NUL, invalid UTF-8, stray escape sequences) and escape sequences meant to clear
 * the screen, retitle the window, switch to the alternate screen and reset the terminal. The
 * plain log keeps every line in order, every `--json` line parses, and on a real terminal the
 * screen stays the user's: nothing above the run is wiped, the title and screen mode are
 * unchanged, and the run ends with the right exit code and summary. The same holds for a stored
 * log shown by `ci logs` on a terminal and for the log tail of a refused push (git's stderr),
 * and for a failure reason that holds job text (an artifact link named with sequences) in the
 * run's summary (live and plain) and in `ci show`.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { runCli } from '../helpers/cli.js';
import { addBareRemote, branchHead, pushMain } from '../helpers/git-repo.js';
import { expectNoStackTrace } from '../helpers/cli-output.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { CLI_BIN } from '../helpers/repo-root.js';
import { runInBothModes, type BothModes } from '../helpers/run-modes.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { startTmux } from '../helpers/tmux.js';
import { jobLines } from '../e2e/sample-pipeline.js';

const LONG_LINE = 'x'.repeat(6000);
// Marked, so no stretch of the random bytes can pass for one of them.
const SEQUENCE = Array.from({ length: 5000 }, (_, index) => `seq-${index + 1}`);
const IN_SEQUENCE = /^seq-\d+$/;

const JOBS = {
  noise: {
    steps: [
      "seq 1 5000 | sed 's/^/seq-/'",
      String.raw`head -c 6000 /dev/zero | tr '\0' x; echo`,
      'head -c 200000 /dev/urandom',
      // The random bytes end mid-line: the next line must still arrive whole.
      'echo; echo after-binary',
    ],
  },
  hostile: {
    steps: [
      // Clear screen + home, set the title (BEL and ST forms), write the clipboard (OSC 52), full reset, alternate screen.
      String.raw`printf 'before\033[2J\033[H\033]0;pwned-title\007\033]2;pwned-again\033\\\033]52;c;cHduZWQ=\007\033c\033[?1049hafter\n'`,
      'exit 3',
    ],
  },
  // The artifact copy fails on an absolute link, and the reason names the link: a name the job chose.
  'hostile-reason': {
    artifacts: ['out/'],
    steps: [String.raw`mkdir -p out && ln -s /etc "out/$(printf 'link]0;pwned-reason]52;c;cmVhc29u[2J')"`],
  },
};
/** The reason as a terminal must show it: the link's name without its sequences. */
const SHOWN_REASON = /out\/link -> \/etc is an absolute link/;

afterEach(removeLocalciObjects);

describe('hostile job output', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createBusyboxProject(JOBS);
    return cleanupTempDirs;
  });

  it('keeps every line in the plain log and valid NDJSON with --json', async () => {
    const run: BothModes = await runInBothModes(['run', '--no-cache'], { cwd: repo });
    for (const result of [run.plain, run.json]) {
      expect(result.exitCode, result.stderr).toBe(1);
      expectNoStackTrace(result);
    }

    const plain = jobLines(run.plain.stdout, 'noise');
    expect(plain.filter((line) => IN_SEQUENCE.test(line))).toEqual(SEQUENCE);
    expect(plain).toContain(LONG_LINE);
    expect(plain).toContain('after-binary');
    expect(run.plain.stdout).toMatch(/^FAILED 1 passed, 2 failed in /m);

    // Every stdout line parsed already (runInBothModes); the lines are all there, in order.
    const logs = run.events.filter((event) => event.type === 'log' && event.job === 'noise').map((event) => String(event.line));
    expect(logs.filter((line) => IN_SEQUENCE.test(line))).toEqual(SEQUENCE);
    expect(logs).toContain(LONG_LINE);
    expect(logs).toContain('after-binary');
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
    expect(run.jobEnd('hostile')).toMatchObject({ status: 'failed', exitCode: 3 });
  });

  it('leaves the terminal as it was: screen, title and mode', async () => {
    const terminal = await startTmux(`printf 'KEEP-THIS-LINE\\n'; ${process.execPath} ${CLI_BIN} run --no-cache`, {
      cwd: repo,
      env: { CI: undefined, NO_COLOR: '1', GITHUB_ACTIONS: undefined },
      height: 40,
    });
    const title = await terminal.paneInfo('#{pane_title}');
    expect(await terminal.waitForExit(90_000)).toBe(1);
    const screen = await terminal.capture();

    expect(screen).toMatch(/^KEEP-THIS-LINE$/m);
    expect(await terminal.paneInfo('#{pane_title}')).toBe(title);
    expect(await terminal.paneInfo('#{alternate_on}')).toBe('0');
    expect(await terminal.clipboard()).toBe('');
    expect(screen).toMatch(/✔ noise/);
    expect(screen).toMatch(/✖ hostile/);
    // The failing job's last lines are shown without the sequences in them.
    expect(screen).toMatch(/^beforeafter$/m);
    expect(screen).toMatch(SHOWN_REASON);
    expect(screen).toMatch(/^FAILED 1 passed, 2 failed in /m);
    await terminal.kill();
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('shows a failure reason on a terminal without its sequences: plain summary and `ci show`', async () => {
    const cli = `${process.execPath} ${CLI_BIN}`;
    const terminal = await startTmux(`printf 'KEEP-THIS-LINE\\n'; ${cli} run --no-cache hostile-reason; ${cli} show`, {
      cwd: repo,
      env: { CI: 'true', NO_COLOR: '1' },
      // Wide enough that `ci show`'s table row with the reason is not wrapped.
      width: 250,
      height: 40,
    });
    const title = await terminal.paneInfo('#{pane_title}');
    expect(await terminal.waitForExit(90_000)).toBe(0);
    const screen = await terminal.capture();
    expect(screen).toMatch(/^KEEP-THIS-LINE$/m);
    expect(screen).toMatch(/^FAILED 1 failed in /m);
    // In the job's end line and the run's summary, then in `ci show`'s table.
    expect(screen.match(new RegExp(SHOWN_REASON, 'g'))).toHaveLength(3);
    expect(await terminal.paneInfo('#{pane_title}')).toBe(title);
    expect(await terminal.clipboard()).toBe('');
    await terminal.kill();
  });

  it('shows a stored log on a terminal without its sequences: `ci logs`', async () => {
    const run = await runCli(['run', '--no-cache', 'hostile'], { cwd: repo });
    expect(run.exitCode, run.all).toBe(1);
    const terminal = await startTmux(`printf 'KEEP-THIS-LINE\\n'; ${process.execPath} ${CLI_BIN} logs hostile`, { cwd: repo, env: { NO_COLOR: '1' } });
    const title = await terminal.paneInfo('#{pane_title}');
    expect(await terminal.waitForExit(30_000)).toBe(0);
    const screen = await terminal.capture();
    expect(screen).toMatch(/^KEEP-THIS-LINE$/m);
    expect(screen).toMatch(/^beforeafter$/m);
    expect(await terminal.paneInfo('#{pane_title}')).toBe(title);
    expect(await terminal.paneInfo('#{alternate_on}')).toBe('0');
    expect(await terminal.clipboard()).toBe('');
    await terminal.kill();
    // Piped, the log stays byte for byte what the job printed, ready for grep.
    const piped = await runCli(['logs', 'hostile'], { cwd: repo });
    expect(piped.stdout).toContain('\u001b]52;c;');
  });

  it("shows the failing job's last lines in the pre-push refusal without their sequences", async () => {
    const remote = await addBareRemote(repo);
    expect((await runCli(['hook', 'install'], { cwd: repo })).exitCode).toBe(0);
    const push = await pushMain(repo);
    expect(push.exitCode, push.all).not.toBe(0);
    expect(push.all).toContain('push refused');
    expect(push.all).toMatch(/^beforeafter$/m);
    // Nothing but localci's own colours and line clearing reaches git's stderr.
    expect(push.all.match(/\u001b(?!\[[0-9;]*[mK])/g) ?? []).toEqual([]);
    expect(await branchHead(remote)).toBeUndefined();
  });
});
