import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { worktreeEntries } from '../../../src/source/worktree-entries.js';
import { parseWorktreeStatus } from '../../../src/source/worktree-status.js';
import { createGitRepo, git } from '../../helpers/git-repo.js';

const record = (...parts: string[]) => parts.join('\0');

describe('parseWorktreeStatus', () => {
  it('reads HEAD, branch, edits, staged changes and untracked files below the project folder', () => {
    const output = record(
      '# branch.oid 94a415a6f5c252bd455b564ca902a48735652e46',
      '# branch.head main',
      '1 .M N... 100644 100644 100644 7898192 7898192 pkg/a file.txt',
      '1 M. N... 100644 100644 100644 7898192 1234567 other/staged.txt',
      '? pkg/new.txt',
      '? top.txt',
      '',
    );
    const status = parseWorktreeStatus(output, 'pkg');
    expect(status.head).toEqual({ sha: '94a415a6f5c252bd455b564ca902a48735652e46', branch: 'main' });
    expect([...status.changed]).toEqual(['a file.txt']);
    // A staged change anywhere in the listing counts: git was asked about this folder only.
    expect(status.staged).toBe(true);
    expect(status.untracked).toEqual(['new.txt']);
  });

  it('treats a repository without commits as staged, a detached HEAD as no branch, a conflict as changed', () => {
    expect(parseWorktreeStatus(record('# branch.oid (initial)', '# branch.head main', ''), '')).toMatchObject({ head: { branch: 'main' }, staged: true });
    const detached = parseWorktreeStatus(record('# branch.oid abc', '# branch.head (detached)', 'u UU N... 100644 100644 100644 100644 a b c x.txt', ''), '');
    expect(detached.head).toEqual({ sha: 'abc' });
    expect(detached.changed.has('x.txt')).toBe(true);
  });
});

describe('worktreeEntries of a project in a subfolder', () => {
  it('names files from the project folder and reports its HEAD', async () => {
    const repo = await createGitRepo({ 'pkg/a.txt': 'a\n', 'b.txt': 'b\n' }, { commit: true });
    const project = path.join(repo, 'pkg');
    writeFileSync(path.join(project, 'a.txt'), 'edited\n');
    mkdirSync(path.join(project, 'new'));
    writeFileSync(path.join(project, 'new', 'c.txt'), 'c\n');
    writeFileSync(path.join(repo, 'outside.txt'), 'o\n');
    const listing = await worktreeEntries(project);
    expect([...listing.entries.keys()].sort()).toEqual(['a.txt', 'new/c.txt']);
    expect(listing.dirty).toBe(true);
    expect(listing.head.sha).toBe((await git(repo, 'rev-parse', 'HEAD')).trim());
  });
});
