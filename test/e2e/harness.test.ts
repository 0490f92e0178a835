/**
 * The test harness itself: fixture images run, helpers clean up what they create. If this file
 * fails, every other e2e failure is suspect.
 */
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, createGitRepo, git } from '../helpers/git-repo.js';
import { startTmux } from '../helpers/tmux.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const BUSYBOX = 'localci-test/busybox:latest';
const NODE = 'localci-test/node:20';
// Containers this file starts by hand carry a run label, so the safety net can find them.
const RUN = `harness-${process.pid}`;

afterAll(async () => {
  await removeLocalciObjects({ run: RUN });
  await cleanupTempDirs();
});

async function dockerRun(image: string, ...command: string[]): Promise<string> {
  const { stdout } = await execa('docker', ['run', '--rm', '--network', 'none', '--label', `localci.run=${RUN}`, image, ...command]);
  return stdout;
}

describe('fixture images', () => {
  it('busybox runs a shell', async () => {
    expect(await dockerRun(BUSYBOX, 'sh', '-c', 'echo ok')).toBe('ok');
  });

  it('node runs node and npm', async () => {
    expect(await dockerRun(NODE, 'node', '-e', 'console.log(process.version)')).toBe(process.version);
    expect(await dockerRun(NODE, 'npm', '--version')).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('docker-state', () => {
  it('finds labelled containers by run and removes them', async () => {
    const { stdout: id } = await execa('docker', ['create', '--label', `localci.run=${RUN}`, BUSYBOX, 'true']);
    expect((await localciObjects({ run: RUN })).containers).toEqual([id]);
    // Not started by this file's CLI or in its directories: not "ours" without a filter.
    expect((await localciObjects()).containers).not.toContain(id);
    await removeLocalciObjects({ run: RUN });
    expect(await localciObjects({ run: RUN })).toEqual({ containers: [], networks: [], volumes: [] });
  });
});

describe('git-repo', () => {
  it('creates a committed repository with nested files and pushes to a bare remote', async () => {
    const repo = await createGitRepo({ 'a.txt': 'a\n', 'src/deep/b.txt': 'b\n' }, { commit: true });
    expect(await git(repo, 'branch', '--show-current')).toBe('main');
    expect((await git(repo, 'ls-files')).split('\n')).toEqual(['a.txt', 'src/deep/b.txt']);
    expect(await git(repo, 'status', '--porcelain')).toBe('');

    const remote = await addBareRemote(repo);
    await git(repo, 'push', '-q', 'origin', 'main');
    expect(await git(remote, 'rev-parse', 'main')).toBe(await git(repo, 'rev-parse', 'HEAD'));
  });

  it('leaves files untracked unless asked to commit', async () => {
    const repo = await createGitRepo({ 'a.txt': 'a\n' });
    expect(await git(repo, 'status', '--porcelain')).toBe('?? a.txt');
  });
});

describe('tmp-dir', () => {
  let made = '';
  it('makes a directory that is removed when the test ends', () => {
    made = makeTempDir('probe');
    expect(made).toMatch(/localci-test-probe-/);
    expect(existsSync(made)).toBe(true);
  });
  it('(the previous test’s directory is gone)', () => {
    expect(existsSync(made)).toBe(false);
  });
});

describe('tmux', () => {
  it('captures a command’s output in a real terminal', async () => {
    const term = await startTmux('echo hello; tty', { cwd: makeTempDir('tmux-cwd'), width: 60, height: 10 });
    const screen = await term.waitForText(/hello/, 5_000);
    expect(screen.split('\n')[0]).toBe('hello');
    expect(await term.waitForExit()).toBe(0);
    expect(await term.capture()).toMatch(/\/dev\/pts\//);
    await term.kill();
  });

  it('delivers Ctrl-C to the command, not to the terminal', async () => {
    const term = await startTmux('echo waiting; sleep 30', { cwd: makeTempDir('tmux-cwd') });
    await term.waitForText(/waiting/);
    await term.sendKeys('C-c');
    expect(await term.waitForExit()).toBe(130);
    await term.kill();
  });

  it('sends keys to an interactive program', async () => {
    const term = await startTmux('read -r line; echo "got:$line"', { cwd: makeTempDir('tmux-cwd') });
    await term.sendKeys('abc');
    await term.sendKeys('Enter');
    await term.waitForText(/got:abc/);
    await term.kill();
  });
});

describe('waitFor', () => {
  it('names what it waited for when it times out', async () => {
    await expect(waitFor(() => false, { timeoutMs: 100, message: 'never' })).rejects.toThrow(/waiting for never/);
  });
});
