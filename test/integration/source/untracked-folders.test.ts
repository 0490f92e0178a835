import { lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { largeFolderWarning, largeUntrackedFolders } from '../../../src/source/untracked-folders.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: string[], bytes = 10): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'localci-untracked-'));
  made.push(dir);
  for (const name of files) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), Buffer.alloc(bytes));
  }
  return dir;
}

/** File sizes as the caller of largeUntrackedFolders knows them (from its own lstat). */
const sizeIn = (dir: string) => (name: string) => lstatSync(path.join(dir, name)).size;

const many = (folder: string, count: number) => Array.from({ length: count }, (_, index) => `${folder}/pkg${index % 7}/file${index}.js`);

describe('largeUntrackedFolders', () => {
  it('names the outermost folder with no tracked file in it, with its file count and size', () => {
    const untracked = [...many('node_modules', 30), ...many('src/generated', 12), 'src/new.ts', 'notes.txt'];
    const dir = project(untracked, 100);
    const found = largeUntrackedFolders(sizeIn(dir), untracked, ['src/index.ts', 'package.json'], 10);
    expect(found).toEqual([
      { folder: 'node_modules', files: 30, bytes: 3000 },
      { folder: 'src/generated', files: 12, bytes: 1200 },
    ]);
  });

  it('says nothing about folders below the threshold, or folders that hold tracked files', () => {
    const untracked = [...many('lib', 30), ...many('small', 3)];
    const dir = project(untracked);
    // `lib` holds a tracked file, so its untracked sub-folders (4-5 files each) are what counts.
    expect(largeUntrackedFolders(sizeIn(dir), untracked, ['lib/tracked.js'], 10)).toEqual([]);
    expect(largeUntrackedFolders(sizeIn(dir), untracked, ['lib/tracked.js'], 4).map((folder) => folder.folder).sort()).toEqual(['lib/pkg0', 'lib/pkg1', 'lib/pkg2', 'lib/pkg3', 'lib/pkg4', 'lib/pkg5', 'lib/pkg6']);
  });

  it('words the warning with the folder, its size and the fix', () => {
    expect(largeFolderWarning({ folder: 'node_modules', files: 12345, bytes: 180.3 * 1024 ** 2 })).toEqual({
      message: "node_modules/ is neither committed nor ignored by git: its 12,345 files (180.3 MB) go into every run's workspace.",
      hint: "Add `node_modules/` to .gitignore if jobs don't need it.",
    });
  });
});
