/**
 * However `ci watch` ends on a terminal, the terminal is given back as it was: the cursor
 * shown again and the line discipline out of raw mode (typed keys echo, Ctrl-C is a signal).
 * A forced exit (a second Ctrl-C while the first one's clean-up runs) skips every finally
 * block, so this is the case that shows whether the restore hangs on the process's exit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { CLI_BIN } from '../helpers/repo-root.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { startTmux } from '../helpers/tmux.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  // A forced exit may leave the run's container; the next run would reap it.
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const TTY_ENV = { CI: undefined, NO_COLOR: '1', GITHUB_ACTIONS: undefined };

it('a forced exit (second Ctrl-C) shows the cursor again and leaves raw mode', async () => {
  const config = JSON.stringify({ image: BUSYBOX, pull: 'never', jobs: { slow: { steps: ['echo slow-started', 'sleep 30'] } } });
  const repo = await createGitRepo({ 'ci.config.json': config }, { commit: true });
  const settings = path.join(makeTempDir('stty'), 'after-exit');
  // The terminal's settings as the shell finds them once the CLI has gone.
  const terminal = await startTmux(`${process.execPath} ${CLI_BIN} watch; stty -a > '${settings}'`, { cwd: repo, env: TTY_ENV });

  await terminal.waitForText(/\$ sleep 30/, 30_000);
  expect(await terminal.paneInfo('#{cursor_flag}')).toBe('0'); // the screen hides it while it draws
  await terminal.sendKeys('C-c');
  await terminal.sendKeys('C-c');
  await terminal.waitForText(/Forced exit/, 30_000);
  await terminal.waitForExit(30_000);

  expect(await terminal.paneInfo('#{cursor_flag}')).toBe('1');
  expect(await terminal.paneInfo('#{alternate_on}')).toBe('0');
  const stty = readFileSync(settings, 'utf8');
  expect(stty).toMatch(/(^|\s)icanon(\s|$)/);
  expect(stty).toMatch(/(^|\s)echo(\s|$)/);
  expect(stty).toMatch(/(^|\s)isig(\s|$)/);
});
