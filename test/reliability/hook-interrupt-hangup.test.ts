/**
 * A push from a terminal: Ctrl-C stops the hook's run, and the window is closed straight after
 * (SIGHUP to the whole foreground group, the terminal gone for every later write). The
 * clean-up under way still finishes: no container, network or volume of the project is left
 * for the next run to reap. (A SIGHUP once forced the exit like a second Ctrl-C, and the
 * stopped job's container stayed.)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, expect, it } from 'vitest';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { GIT_ENV, git } from '../helpers/git-repo.js';
import { project } from '../helpers/hook-project.js';
import { isProjectOf } from '../helpers/ownership.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { startTmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX } from '../e2e/sample-pipeline.js';

let repo: string | undefined;

/** The project labels of running containers: the job's step has started. */
async function runningProjects(): Promise<string[]> {
  const { stdout } = await execa('docker', ['ps', '--filter', 'status=running', '--filter', 'label=localci.run', '--format', '{{.Label "localci.project"}}']);
  return stdout.split('\n');
}

afterEach(async () => {
  if (repo) await removeLocalciObjects({ projectDir: repo });
  await cleanupTempDirs();
});

it('Ctrl-C then a closed terminal during the hook leaves nothing behind', async () => {
  ({ repo } = await project());
  const config = { image: BUSYBOX, pull: 'never', jobs: { slow: { steps: ['echo slow-running; sleep 3600'] } } };
  writeFileSync(path.join(repo, 'ci.config.json'), JSON.stringify(config));
  await git(repo, 'commit', '-qam', 'a slow check');
  const terminal = await startTmux('git push origin main', { cwd: repo, env: { ...GIT_ENV } });
  const dir = repo;
  await waitFor(async () => (await runningProjects()).some((label) => isProjectOf(dir, label)), { timeoutMs: 60_000, message: "the hook's job to run" });
  await terminal.sendKeys('C-c');
  await terminal.kill();
  await waitFor(async () => (await localciObjects({ projectDir: dir })).containers.length === 0, { timeoutMs: 60_000, message: 'the clean-up to remove the job container' });
  expect(await localciObjects({ projectDir: dir })).toEqual({ containers: [], networks: [], volumes: [] });
});
