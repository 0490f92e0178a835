/**
 * GitHub Actions workflows through the pre-push hook, with a real bare remote: a feature branch
 * whose checks live only in `pull_request` workflows is checked as its pull request would be.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, branchHead, commitFiles, createGitRepo, git, pushRefspec } from '../helpers/git-repo.js';
import { install } from '../helpers/hook-project.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

/** Checks on pull requests and on main; the second workflow makes this a project of several. */
const CHECKS = `
on:
  push:
    branches: [main]
  pull_request:
    types: [opened, synchronize]
jobs:
  check:
    runs-on: ubuntu-latest
    container: ${BUSYBOX}
    steps:
      - shell: sh
        run: |
          echo "event=\${{ github.event_name }} head=\${{ github.head_ref }} base=\${{ github.base_ref }} ref=$GITHUB_REF"
          grep -qx good app.txt
`;
const DEPLOY = `
on:
  push:
    branches: [main]
jobs:
  ship:
    runs-on: ubuntu-latest
    container: ${BUSYBOX}
    steps:
      - run: exit 1
`;

describe('GitHub workflows in the pre-push hook', () => {
  it('checks a pushed feature branch with the workflows its pull request into main would run', async () => {
    const repo = await createGitRepo({ '.github/workflows/checks.yml': CHECKS, '.github/workflows/deploy.yml': DEPLOY, 'app.txt': 'good\n' }, { commit: true });
    const remote = await addBareRemote(repo);
    await git(repo, 'push', '-q', 'origin', 'main');
    await install(repo);
    await git(repo, 'checkout', '-q', '-b', 'feature');
    await commitFiles(repo, { 'app.txt': 'broken\n' });

    const listed = await runCli(['list'], { cwd: repo });
    expect(listed.exitCode, listed.all).toBe(0);
    expect(listed.stdout).toMatch(/^check\s/m);
    expect(listed.stderr).toContain('note No workflow runs on a push to feature: running the workflows a pull request from feature into main triggers (pull_request event).');

    const pushed = await pushRefspec(repo, 'feature');
    expect(pushed.exitCode, pushed.all).not.toBe(0);
    expect(pushed.all).toContain('localci: note No workflow runs on a push to feature: running the workflows a pull request from feature into main');
    expect(pushed.all).toMatch(/push refused.*1 of 1 job failed/);
    expect(pushed.all).toContain('event=pull_request head=feature base=main ref=refs/pull/0/merge');
    expect(await branchHead(remote, 'feature')).toBeUndefined();
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
