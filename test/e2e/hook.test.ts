/**
 * The pre-push hook end to end: `ci hook install` with the built CLI in a real
 * repository, real `git push` to a local bare remote, real Docker running the
 * pipeline on exactly the pushed commit.
 */
import { chmodSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { branchHead, commitFiles, git, GIT_ENV, pushMain, writeFiles } from '../helpers/git-repo.js';
import { BROKEN, GOOD, install, project } from '../helpers/hook-project.js';
import { CLI_BIN } from '../helpers/repo-root.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';

afterEach(async () => {
  // Every test leaves the engine as it found it; the removal after the check is only a safety net.
  const left = await localciObjects();
  await removeLocalciObjects();
  await cleanupTempDirs();
  expect(left.containers).toEqual([]);
});

describe('ci hook: the push is refused when the pushed commit fails', () => {
  it('refuses a failing commit with the job and its log, then lets the fixed commit through', async () => {
    const { repo, remote } = await project();
    const first = await pushMain(repo);
    expect(first.exitCode, first.all).toBe(0);
    expect(first.all).toMatch(/localci: 2 jobs passed on [0-9a-f]{8} \(main\) in /);
    const good = await branchHead(remote);
    expect(good).toBe(await git(repo, 'rev-parse', 'HEAD'));

    await commitFiles(repo, { 'app.txt': BROKEN }, 'break it');
    const refused = await pushMain(repo);
    expect(refused.exitCode, refused.all).not.toBe(0);
    expect(refused.all).toContain('push refused');
    expect(refused.all).toMatch(/✗ test\s+failed \(exit 1\)/);
    expect(refused.all).toContain('app.txt is broken: broken');
    expect(refused.all).toMatch(/ci logs test --run \d{8}-\d{6}-[0-9a-f]{4}/);
    expect(refused.all).toContain('LOCALCI_SKIP=1');
    expect(refused.all).not.toContain('deploy must not run');
    expect(await branchHead(remote)).toBe(good);

    const fixed = await commitFiles(repo, { 'app.txt': GOOD }, 'fix it');
    const accepted = await pushMain(repo);
    expect(accepted.exitCode, accepted.all).toBe(0);
    expect(await branchHead(remote)).toBe(fixed);
  });

  it('checks the pushed commit, not the working tree, in both directions', async () => {
    const { repo, remote } = await project();
    // Good commit, broken uncommitted edit: the push carries only the good commit.
    writeFiles(repo, { 'app.txt': BROKEN });
    const dirtyButGood = await pushMain(repo);
    expect(dirtyButGood.exitCode, dirtyButGood.all).toBe(0);
    expect(await branchHead(remote)).toBe(await git(repo, 'rev-parse', 'HEAD'));

    // Broken commit, fixed only in the working tree: the push would carry the bug.
    const before = await branchHead(remote);
    await commitFiles(repo, { 'app.txt': BROKEN }, 'commit the bug');
    writeFiles(repo, { 'app.txt': GOOD });
    const cleanButBroken = await pushMain(repo);
    expect(cleanButBroken.exitCode, cleanButBroken.all).not.toBe(0);
    expect(cleanButBroken.all).toContain('app.txt is broken');
    expect(await branchHead(remote)).toBe(before);
  });
});

describe('ci hook install | uninstall | status', () => {
  it('chains an existing pre-push hook and restores it byte for byte', async () => {
    const { repo, remote } = await project({ install: false });
    const marker = path.join(makeTempDir('marker'), 'ran');
    const hook = path.join(repo, '.git', 'hooks', 'pre-push');
    const original = `#!/bin/sh\n# someone else's hook\nprintf '%s %s\\n' "$1" "$2" > '${marker}'\ncat >> '${marker}'\n`;
    writeFileSync(hook, original);
    chmodSync(hook, 0o750);

    expect(await install(repo)).toContain('runs first');
    // A second install refreshes the shim and does not chain the shim to itself.
    await install(repo);
    expect(readFileSync(`${hook}.localci-chained`, 'utf8')).toBe(original);

    const status = await runCli(['hook', 'status'], { cwd: repo });
    expect(status.exitCode, status.all).toBe(0);
    expect(status.stdout).toContain(hook);
    expect(status.stdout).toContain('pre-push.localci-chained (runs first)');
    expect(status.stdout).toContain(CLI_BIN);

    const pushed = await pushMain(repo);
    expect(pushed.exitCode, pushed.all).toBe(0);
    expect(pushed.all).toMatch(/2 jobs passed/);
    const head = await git(repo, 'rev-parse', 'HEAD');
    // Same arguments and the same ref lines on stdin as git gave the shim.
    expect(readFileSync(marker, 'utf8')).toBe(`origin ${remote}\nrefs/heads/main ${head} refs/heads/main ${'0'.repeat(40)}\n`);

    const uninstall = await runCli(['hook', 'uninstall'], { cwd: repo });
    expect(uninstall.exitCode, uninstall.all).toBe(0);
    expect(readFileSync(hook, 'utf8')).toBe(original);
    expect(statSync(hook).mode & 0o7777).toBe(0o750);
    expect(existsSync(`${hook}.localci-chained`)).toBe(false);
    const after = await runCli(['hook', 'status'], { cwd: repo });
    expect(after.exitCode, after.all).toBe(1);
  });

  it('stops the push when the chained hook fails, before running the pipeline', async () => {
    const { repo, remote } = await project({ install: false });
    const hook = path.join(repo, '.git', 'hooks', 'pre-push');
    writeFileSync(hook, '#!/bin/sh\necho "old hook says no" >&2\nexit 7\n', { mode: 0o755 });
    await install(repo);
    const pushed = await pushMain(repo);
    expect(pushed.exitCode, pushed.all).not.toBe(0);
    expect(pushed.all).toContain('old hook says no');
    expect(pushed.all).not.toContain('jobs passed');
    expect(await branchHead(remote)).toBeUndefined();
  });

  it('installs where core.hooksPath points (husky layout), creating the folder', async () => {
    const { repo, remote } = await project({ install: false });
    await git(repo, 'config', 'core.hooksPath', '.husky');
    await install(repo);
    expect(statSync(path.join(repo, '.husky', 'pre-push')).mode & 0o777).toBe(0o755);
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-push'))).toBe(false);
    const status = await runCli(['hook', 'status'], { cwd: repo });
    expect(status.stdout).toContain(path.join(repo, '.husky', 'pre-push'));

    await commitFiles(repo, { 'app.txt': BROKEN });
    const refused = await pushMain(repo);
    expect(refused.exitCode, refused.all).not.toBe(0);
    expect(refused.all).toContain('app.txt is broken');
    expect(await branchHead(remote)).toBeUndefined();
  });
});

describe('ci hook with husky 9 (core.hooksPath .husky/_, wrappers that run .husky/<hook name>)', () => {
  // A stand-in for husky's runner: like husky, it finds the user's hook from its own $0.
  const runner = '#!/usr/bin/env sh\nn=$(basename "$0")\ns=$(dirname "$(dirname "$0")")/$n\n[ -f "$s" ] || exit 0\nsh -e "$s" "$@"\n';
  const wrapper = '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n';

  it("still runs the user's .husky/pre-push, and survives husky rewriting its wrapper", async () => {
    const { repo, remote } = await project({ install: false });
    const marker = path.join(makeTempDir('marker'), 'ran');
    writeFiles(repo, { '.husky/_/h': runner, '.husky/_/pre-push': wrapper, '.husky/pre-push': `echo "$1" > '${marker}'\ncat >> '${marker}'\n` });
    chmodSync(path.join(repo, '.husky', '_', 'pre-push'), 0o755);
    await git(repo, 'config', 'core.hooksPath', '.husky/_');
    await install(repo);
    expect(readFileSync(path.join(repo, '.husky', '_', 'pre-push.localci-chained'), 'utf8')).toBe(wrapper);

    const pushed = await pushMain(repo);
    expect(pushed.exitCode, pushed.all).toBe(0);
    expect(pushed.all).toMatch(/2 jobs passed/);
    expect(readFileSync(marker, 'utf8')).toMatch(/^origin\nrefs\/heads\/main [0-9a-f]{40} refs\/heads\/main 0{40}\n$/);

    // `npm install` runs husky, which writes its wrapper over our shim; installing again just works.
    writeFileSync(path.join(repo, '.husky', '_', 'pre-push'), wrapper, { mode: 0o755 });
    await install(repo);
    const status = await runCli(['hook', 'status'], { cwd: repo });
    expect(status.exitCode, status.all).toBe(0);
    expect(readFileSync(path.join(repo, '.husky', '_', 'pre-push.localci-chained'), 'utf8')).toBe(wrapper);
  });
});

describe('ci hook: the shim finds the CLI without help from PATH', () => {
  it('runs under env -i PATH=/usr/bin:/bin', async () => {
    const { repo, remote } = await project();
    const result = await execa('env', ['-i', 'PATH=/usr/bin:/bin', `HOME=${os.homedir()}`, 'GIT_CONFIG_NOSYSTEM=1', `GIT_CONFIG_GLOBAL=${os.devNull}`, 'git', 'push', 'origin', 'main'], {
      cwd: repo,
      reject: false,
      all: true,
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/2 jobs passed/);
    expect(await branchHead(remote)).toBe(await git(repo, 'rev-parse', 'HEAD'));
  });

  it('runs with no node and no ci on PATH, through the paths recorded at install', async () => {
    const { repo } = await project();
    await commitFiles(repo, { 'app.txt': BROKEN });
    // Only what git and the shim itself need; node must come from the shim's record.
    const bin = makeTempDir('bin');
    for (const tool of ['git', 'dirname']) symlinkSync(`/usr/bin/${tool}`, path.join(bin, tool));
    const env = ['-i', `PATH=${bin}`, `HOME=${os.homedir()}`, 'GIT_CONFIG_NOSYSTEM=1', `GIT_CONFIG_GLOBAL=${os.devNull}`];
    const probe = await execa('env', [...env, '/bin/sh', '-c', 'command -v node || command -v ci || echo none'], { reject: false });
    expect(probe.stdout).toBe('none');
    const result = await execa('env', [...env, 'git', 'push', 'origin', 'main'], { cwd: repo, reject: false, all: true });
    expect(result.exitCode, result.all).not.toBe(0);
    expect(result.all).toContain('app.txt is broken');
  });
});

describe('ci hook: escape hatches', () => {
  it('LOCALCI_SKIP=1 lets a failing push through with a note', async () => {
    const { repo, remote } = await project();
    const broken = await commitFiles(repo, { 'app.txt': BROKEN });
    const result = await pushMain(repo, { LOCALCI_SKIP: '1' });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('LOCALCI_SKIP is set, pre-push checks skipped');
    expect(await branchHead(remote)).toBe(broken);
  });

  it('refuses when Docker is unreachable, unless onDockerMissing is warn', async () => {
    const deadSocket = `unix://${path.join(makeTempDir('docker'), 'dead.sock')}`;
    const refusing = await project();
    const refused = await pushMain(refusing.repo, { DOCKER_HOST: deadSocket });
    expect(refused.exitCode, refused.all).not.toBe(0);
    expect(refused.all).toMatch(/push refused: Cannot reach the Docker engine/);
    expect(refused.all).toContain('LOCALCI_SKIP=1');
    expect(refused.all).toContain('--no-verify');
    expect(await branchHead(refusing.remote)).toBeUndefined();

    const warning = await project({ prePush: { onDockerMissing: 'warn' } });
    const passed = await pushMain(warning.repo, { DOCKER_HOST: deadSocket });
    expect(passed.exitCode, passed.all).toBe(0);
    expect(passed.all).toMatch(/warning Cannot reach the Docker engine.*Push allowed without checks/);
    expect(await branchHead(warning.remote)).toBe(await git(warning.repo, 'rev-parse', 'HEAD'));
  });
});

describe('ci hook: which refs are checked', () => {
  it('lets a push of notes through unchecked, with a note, even when the branch is broken', async () => {
    const { repo, remote } = await project();
    await commitFiles(repo, { 'app.txt': BROKEN });
    await git(repo, 'notes', 'add', '-m', 'reviewed', 'HEAD');
    const notes = await execa('git', ['push', 'origin', 'refs/notes/commits'], { cwd: repo, env: { ...GIT_ENV, NO_COLOR: '1' }, reject: false, all: true });
    expect(notes.exitCode, notes.all).toBe(0);
    expect(notes.all).toContain('localci: refs/notes/commits not checked (only branches and tags are)');
    expect(notes.all).not.toMatch(/jobs? (passed|failed)|push refused/);
    expect(await git(remote, 'rev-parse', 'refs/notes/commits')).toBe(await git(repo, 'rev-parse', 'refs/notes/commits'));
  });

  it('skips branch deletions and tags, and checks a commit pushed to two branches once', async () => {
    const { repo, remote } = await project();
    await git(repo, 'branch', 'release');
    const both = await execa('git', ['push', 'origin', 'main', 'release'], { cwd: repo, env: { ...GIT_ENV, NO_COLOR: '1' }, reject: false, all: true });
    expect(both.exitCode, both.all).toBe(0);
    expect(both.all.match(/jobs passed/g)).toHaveLength(1);
    expect(both.all).toMatch(/\(main, release\)/);

    await commitFiles(repo, { 'app.txt': BROKEN });
    await git(repo, 'tag', 'v1');
    const tag = await execa('git', ['push', 'origin', 'v1', ':release'], { cwd: repo, env: { ...GIT_ENV, NO_COLOR: '1' }, reject: false, all: true });
    expect(tag.exitCode, tag.all).toBe(0);
    expect(tag.all).toContain('tag v1 not checked');
    expect(await git(remote, 'tag')).toBe('v1');
    expect(await git(remote, 'branch', '--list', 'release')).toBe('');
  });
});
