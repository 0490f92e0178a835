/**
 * Files deleted while a run reads the tree or makes its snapshot are left out of that run,
 * never a failed run: the save that deleted them starts the next run anyway. Covers a tracked
 * file (hard-linked into the snapshot), an edited and an untracked file (copied through the
 * store), and a folder turned into a file (ENOTDIR).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSourceTree } from '../../../src/source/source-tree.js';
import { prepareWorkspace } from '../../../src/source/workspace.js';
import { createGitRepo, GIT_ENV } from '../../helpers/git-repo.js';
import { makeTempDir, useTempDirs } from '../../helpers/tmp-dir.js';

useTempDirs();
const saved = { ...process.env };
beforeAll(() => Object.assign(process.env, GIT_ENV));
afterAll(() => {
  for (const key of Object.keys(GIT_ENV)) if (saved[key] === undefined) delete process.env[key];
});

it('leaves out of the snapshot the files deleted after the tree was read', async () => {
  const dir = await createGitRepo({ 'kept.txt': 'kept\n', 'tracked.txt': 'tracked\n', 'edited.txt': 'old\n', 'folder/inner.txt': 'inner\n' }, { commit: true });
  writeFileSync(path.join(dir, 'edited.txt'), 'new\n');
  writeFileSync(path.join(dir, 'untracked.txt'), 'untracked\n');
  const tree = await readSourceTree({ root: dir, isGit: true });
  expect(tree.files).toContain('untracked.txt');
  for (const name of ['tracked.txt', 'edited.txt', 'untracked.txt']) rmSync(path.join(dir, name));
  rmSync(path.join(dir, 'folder'), { recursive: true });
  writeFileSync(path.join(dir, 'folder'), 'now a file\n');

  const prepared = await prepareWorkspace(tree, { root: dir, runId: 'vanish', extras: [], scratchDir: makeTempDir('scratch') });
  try {
    const folder = prepared.workspace.folder!;
    expect(readFileSync(path.join(folder, 'kept.txt'), 'utf8')).toBe('kept\n');
    for (const name of ['tracked.txt', 'edited.txt', 'untracked.txt', 'folder/inner.txt']) expect(existsSync(path.join(folder, name)), name).toBe(false);
    expect(tree.files).toEqual(['kept.txt']);
    expect(prepared.workspace.fileCount).toBe(tree.files.length);
  } finally {
    await prepared.release();
  }
});
