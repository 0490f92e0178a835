/**
 * `ci hook install` writes the project's sub-folder and the `--config` path into the shim. Paths
 * holding what JavaScript's string replacement reads as patterns (`$&`, `` $` ``, `$'`, `$$`) and
 * what a shell would expand (`$HOME`, backticks, quotes) must land literally: the status shows them
 * as they are, and a real push runs the pipeline from that folder with that config.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, branchHead, createGitRepo, git, pushMain } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { busyboxConfig } from '../helpers/busybox-project.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const SUB_FOLDER = "web $& $` $' $$ $HOME `id` it's";
const CONFIG = "conf $& $'/ci $`.json";

describe('ci hook install with hostile paths', () => {
  it('records a sub-folder and --config path holding replacement patterns and shell syntax literally, and the push runs them', async () => {
    // The workspace is the repository; the config is found only through the recorded --config path.
    const config = busyboxConfig({ check: { steps: ['test -f */marker.txt'] } });
    const repo = await createGitRepo({ [`${SUB_FOLDER}/${CONFIG}`]: config, [`${SUB_FOLDER}/marker.txt`]: 'here\n' }, { commit: true });
    const remote = await addBareRemote(repo);
    const cwd = path.join(repo, SUB_FOLDER);
    mkdirSync(cwd, { recursive: true });

    const installed = await runCli(['hook', 'install', '--config', CONFIG], { cwd });
    expect(installed.exitCode, installed.all).toBe(0);
    const status = await runCli(['hook', 'status'], { cwd });
    expect(status.stdout).toContain(`  project  ${SUB_FOLDER}, config ${CONFIG} (relative to the worktree root)`);

    const push = await pushMain(repo);
    expect(push.exitCode, push.all).toBe(0);
    expect(push.all).toMatch(/localci: 1 job passed on [0-9a-f]{8} \(main\)/);
    expect(await branchHead(remote)).toBe(await git(repo, 'rev-parse', 'HEAD'));
  });
});
