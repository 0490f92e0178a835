/**
 * Links chokidar's folder listing cannot resolve must not stop watch: a link whose target runs
 * through a file (ENOTDIR) once ended the listing of its folder, so that folder was never
 * watched, the scan never finished and every later save went unseen.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ChangeSource } from '../../../src/triggers/watch/change-source.js';
import { createGitRepo } from '../../helpers/git-repo.js';
import { useTempDirs } from '../../helpers/tmp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

useTempDirs();

it('reports saves next to a link through a file and a looping link', async () => {
  const dir = await createGitRepo({ a: 'one\n', 'src/b': 'two\n' });
  symlinkSync('a/x', path.join(dir, 'through-file'));
  symlinkSync('loop', path.join(dir, 'loop'));
  symlinkSync('../a/x', path.join(dir, 'src', 'through-file'));
  const batches: string[][] = [];
  const changes = await ChangeSource.start({
    root: dir,
    isGit: true,
    debounceMs: 20,
    ignore: [],
    onBatch: async (files) => void batches.push(files),
    onError: (error) => {
      throw error;
    },
  });
  try {
    writeFileSync(path.join(dir, 'a'), 'saved\n');
    writeFileSync(path.join(dir, 'src', 'b'), 'saved\n');
    await waitFor(() => ['a', 'src/b'].every((file) => batches.flat().includes(file)), { message: 'both saves reported' });
    expect(batches.flat()).not.toContain('through-file');
  } finally {
    await changes.close();
  }
});
