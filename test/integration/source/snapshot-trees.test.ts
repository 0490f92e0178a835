import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileEntries } from '../../../src/source/file-entry.js';
import { SnapshotTrees } from '../../../src/source/store/snapshot-trees.js';
import { worktreeEntries } from '../../../src/source/worktree-entries.js';
import { createGitRepo } from '../../helpers/git-repo.js';
import { makeTempDir } from '../../helpers/tmp-dir.js';

/** Copies edited files into the store, as a run does. */
function sourcesFor(dir: string, trees: SnapshotTrees) {
  return {
    worktree: dir,
    provide: async (missing: ReadonlyMap<string, { key: string }>) => {
      for (const [name, entry] of missing) entry.key = await trees.store.putFile(path.join(dir, name), entry.key);
    },
  };
}

function filesIn(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(root, path.join(entry.parentPath, entry.name))] = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

async function setUp(files: Record<string, string>) {
  const dir = await createGitRepo(files, { commit: true });
  const trees = new SnapshotTrees(path.join(makeTempDir('store'), 'workspace'));
  const entries = async (): Promise<FileEntries> => (await worktreeEntries(dir)).entries;
  return { dir, trees, entries, sources: sourcesFor(dir, trees) };
}

describe('SnapshotTrees', () => {
  it('builds a folder that links committed files and copies edited ones, then changes only what differs', async () => {
    const { dir, trees, entries, sources } = await setUp({ 'a.txt': 'a', 'keep/b.txt': 'b', 'gone/c.txt': 'c' });
    writeFileSync(path.join(dir, 'a.txt'), 'edited');
    const first = await trees.acquire(await entries(), sources, 'run1');
    expect(first.summary).toMatch(/built: 3 added/);
    expect(filesIn(first.dir)).toEqual({ 'a.txt': 'edited', 'keep/b.txt': 'b', 'gone/c.txt': 'c' });
    expect(lstatSync(path.join(first.dir, 'keep/b.txt')).ino).toBe(lstatSync(path.join(dir, 'keep/b.txt')).ino);
    expect(lstatSync(path.join(first.dir, 'a.txt')).ino).not.toBe(lstatSync(path.join(dir, 'a.txt')).ino);
    await first.release();

    rmSync(path.join(dir, 'gone'), { recursive: true });
    mkdirSync(path.join(dir, 'new'));
    writeFileSync(path.join(dir, 'new/d.txt'), 'd');
    const second = await trees.acquire(await entries(), sources, 'run2');
    expect(second.id).toBe(first.id);
    expect(second.summary).toMatch(/updated: 1 added, 1 removed of 3 files/);
    expect(filesIn(second.dir)).toEqual({ 'a.txt': 'edited', 'keep/b.txt': 'b', 'new/d.txt': 'd' });
    expect(existsSync(path.join(second.dir, 'gone'))).toBe(false);
    await second.release();
  });

  it('never changes a folder a run still reads: an overlapping run gets its own, an identical one shares it', async () => {
    const { dir, trees, entries, sources } = await setUp({ 'a.txt': 'a' });
    const reading = await trees.acquire(await entries(), sources, 'run1');
    const same = await trees.acquire(await entries(), sources, 'run2');
    expect(same.id).toBe(reading.id);
    // Saved the way git and most editors save: a new file renamed over the old one.
    writeFileSync(path.join(dir, 'a.tmp'), 'changed');
    renameSync(path.join(dir, 'a.tmp'), path.join(dir, 'a.txt'));
    const other = await trees.acquire(await entries(), sources, 'run3');
    expect(other.id).not.toBe(reading.id);
    expect(readFileSync(path.join(reading.dir, 'a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(path.join(other.dir, 'a.txt'), 'utf8')).toBe('changed');
    await Promise.all([reading.release(), same.release(), other.release()]);
  });

  it('never uses a folder whose update was cut short, and prunes it with unlinked objects', async () => {
    const { dir, trees, entries, sources } = await setUp({ 'a.txt': 'a' });
    writeFileSync(path.join(dir, 'a.txt'), 'edited');
    const lease = await trees.acquire(await entries(), sources, 'run1');
    await lease.release();
    // As a crash mid-update leaves it: no fingerprint, a lock held by a dead process.
    const treeDir = path.dirname(lease.dir);
    rmSync(path.join(treeDir, 'fingerprint'));
    writeFileSync(path.join(treeDir, 'lock'), '999999999');
    const next = await trees.acquire(await entries(), sources, 'run2');
    expect(next.id).not.toBe(lease.id);
    await next.release();
    expect(existsSync(treeDir)).toBe(false);
  });

  it('keeps two idle folders and collects objects no folder links any more', async () => {
    const { dir, trees, entries, sources } = await setUp({ 'a.txt': 'a' });
    const leases = [];
    for (const content of ['one', 'two', 'three']) {
      writeFileSync(path.join(dir, 'a.txt'), content);
      leases.push(await trees.acquire(await entries(), sources, `run-${content}`));
    }
    for (const lease of leases) await lease.release();
    const kept = readdirSync(path.join(trees.base, 'trees')).filter((name) => !name.startsWith('.'));
    expect(kept).toHaveLength(2);
    const objects = readdirSync(path.join(trees.base, 'objects'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(objects).toHaveLength(2);
  });
});

describe('the content store', () => {
  it('drops an edited file\'s old copy as soon as no snapshot links it', async () => {
    const { dir, trees, entries, sources } = await setUp({ 'a.txt': 'a' });
    const objectCount = () => readdirSync(path.join(trees.base, 'objects'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
    for (const content of ['one', 'two', 'three']) {
      writeFileSync(path.join(dir, 'a.txt'), content);
      const lease = await trees.acquire(await entries(), sources, `run-${content}`);
      await lease.release();
      expect(objectCount()).toBe(1);
    }
  });
});
