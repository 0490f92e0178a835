/**
 * Workspaces whose size is the problem: a 1 GB file that git ignores must be neither read nor
 * sent. (A tree of 50,000 files git doesn't track is in test/e2e/large-workspace.test.ts,
 * on that file's 50,000-file tree.)
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { jobLines } from '../e2e/sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const NOTHING = { containers: [], networks: [], volumes: [] };
const GIB = 1024 ** 3;

/** A file of `size` bytes that takes no disk space (sparse), made in an instant. */
function sparseFile(file: string, size: number): void {
  const fd = openSync(file, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
}

describe('large workspaces', () => {
  it('neither sends nor reads a 1 GB file that git ignores', async () => {
    const repo = await createBusyboxProject(
      { look: { steps: ['ls -A', 'test ! -e disk.img && test ! -e pipe.img && echo "no disk image here"'] } },
      {
        kind: 'worktree',
        files: { '.gitignore': '*.img\n', 'src/app.js': 'app\n' },
        populate: (dir) => {
          sparseFile(path.join(dir, 'disk.img'), GIB);
          // An ignored named pipe beside it: opening it to read waits for a writer that never
          // comes, so a run that reads ignored files hangs here instead of finishing.
          execFileSync('mkfifo', [path.join(dir, 'pipe.img')]);
        },
      },
    );
    // With the job-result cache on: its keys hash the tree too, and must skip the ignored files.
    const result = await runCli(['run'], { cwd: repo });
    expect(result.timedOut, result.all).toBe(false);
    expect(result.exitCode, result.all).toBe(0);
    expect(jobLines(result.stdout, 'look')).toContain('no disk image here');
    expect(await localciObjects()).toEqual(NOTHING);
  });
});
