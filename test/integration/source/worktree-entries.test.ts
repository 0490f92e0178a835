import { chmodSync, lstatSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobIdOf } from '../../../src/source/blob-id.js';
import { worktreeEntries } from '../../../src/source/worktree-entries.js';
import { createGitRepo, git } from '../../helpers/git-repo.js';

describe('worktreeEntries', () => {
  it('keys committed files from the index and reads only edited and untracked ones', async () => {
    const dir = await createGitRepo({ 'a.txt': 'a\n', 'src/b.js': 'b\n', 'run.sh': 'echo\n', '.gitignore': 'ignored\n' }, { commit: true });
    const clean = await worktreeEntries(dir);
    expect(clean.dirty).toBe(false);
    expect(clean.entries.get('a.txt')).toEqual({ key: (await git(dir, 'rev-parse', 'HEAD:a.txt')).trim(), ino: lstatSync(path.join(dir, 'a.txt')).ino, target: undefined });

    writeFileSync(path.join(dir, 'a.txt'), 'edited\n');
    chmodSync(path.join(dir, 'run.sh'), 0o755);
    writeFileSync(path.join(dir, 'new.txt'), 'new\n');
    writeFileSync(path.join(dir, 'ignored'), '');
    symlinkSync('src/b.js', path.join(dir, 'link'));
    const edited = await worktreeEntries(dir);
    expect(edited.dirty).toBe(true);
    // Edited and new files: keyed by content like `git hash-object`, and never linked (ino 0).
    expect(edited.entries.get('a.txt')).toEqual({ key: blobIdOf('edited\n'), ino: 0, target: undefined });
    expect(edited.entries.get('new.txt')?.key).toBe((await git(dir, 'hash-object', 'new.txt')).trim());
    expect(edited.entries.get('run.sh')?.key).toBe(`${blobIdOf('echo\n')}:x`);
    expect(edited.entries.get('link')).toEqual({ key: `${blobIdOf('src/b.js')}:l`, ino: 0, target: 'src/b.js' });
    expect(edited.entries.has('ignored')).toBe(false);
    expect(edited.entries.get('src/b.js')?.ino).toBeGreaterThan(0);
  });

  it('calls a tree with only a staged change dirty, and one with a deleted file too', async () => {
    const dir = await createGitRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' }, { commit: true });
    writeFileSync(path.join(dir, 'a.txt'), 'staged\n');
    await git(dir, 'add', 'a.txt');
    expect((await worktreeEntries(dir)).dirty).toBe(true);
    await git(dir, 'commit', '-qm', 'staged');
    await git(dir, 'rm', '-q', '--cached', 'b.txt');
    await git(dir, 'commit', '-qm', 'untrack b');
    expect((await worktreeEntries(dir)).dirty).toBe(true); // b.txt is untracked now
  });
});
