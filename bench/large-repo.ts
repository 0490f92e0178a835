/**
 * Git repositories of many small files for the large-tree cases. Writing 50,000
 * files and committing them takes a while, so each shape is made once per machine
 * in the bench cache folder (keyed by its parameters) and every bench run works on
 * a fresh clone of it, removed with the other temp projects.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCacheDir } from './cache-dir.js';
import { commitAll, git, tempDir } from './project.js';

export interface TreeShape {
  files: number;
  bytesPerFile: number;
}

/** Bump when what `generate` writes changes, so cached repositories are made again. */
const GENERATOR_VERSION = 2;
const FILES_PER_DIR = 100;

/** A fresh clone of the cached repository of this shape, and the files it holds. */
export function cloneLargeRepo(shape: TreeShape): { dir: string; files: string[] } {
  const source = cachedRepo(shape);
  const dir = path.join(tempDir(), 'repo');
  git(os.tmpdir(), 'clone', '-q', source, dir);
  return { dir, files: fileNames(shape) };
}

/** Appends a line to `count` of the files: the "few files changed" before a warm run. */
export function changeFiles(dir: string, files: readonly string[], count: number, round: number): void {
  for (let i = 0; i < count; i += 1) {
    const name = files[(round * count + i) * 997 % files.length]!;
    appendFileSync(path.join(dir, name), `changed in round ${round}\n`);
  }
}

function cachedRepo(shape: TreeShape): string {
  const repos = path.join(benchCacheDir(), 'repos');
  const prefix = `tree-${shape.files}x${shape.bytesPerFile}-v`;
  const dir = path.join(repos, `${prefix}${GENERATOR_VERSION}`);
  if (existsSync(dir)) return dir;
  process.stderr.write(`bench: generating a repository of ${shape.files} files (once; cached for later runs)…\n`);
  // Older generations of this shape, and halves of interrupted ones, would only take up space.
  mkdirSync(repos, { recursive: true });
  for (const name of readdirSync(repos)) if (name.startsWith(prefix)) rmSync(path.join(repos, name), { recursive: true, force: true });
  // Made beside its final place and renamed when complete: an interrupted run leaves no half repo.
  const partial = `${dir}.partial-${process.pid}`;
  mkdirSync(partial, { recursive: true });
  git(partial, 'init', '-q', '-b', 'main');
  // No automatic gc in the background after the commit: it would race the explicit one below.
  git(partial, 'config', 'gc.auto', '0');
  const names = fileNames(shape);
  let dirMade = '';
  names.forEach((name, index) => {
    const parent = path.dirname(path.join(partial, name));
    if (parent !== dirMade) mkdirSync((dirMade = parent), { recursive: true });
    writeFileSync(path.join(partial, name), content(index, shape.bytesPerFile));
  });
  commitAll(partial, `${shape.files} generated files`);
  // Packed, as a clone from a server is: gitlab-ci-local copies `.git` into every job, and
  // 50,000 loose objects there would be a cost no real checkout has.
  git(partial, 'gc', '-q');
  renameSync(partial, dir);
  return dir;
}

/** `tree/012/3/file-12345.txt`: 100 files per folder, like a source tree, not one huge folder. */
function fileNames(shape: TreeShape): string[] {
  return Array.from({ length: shape.files }, (_, index) => {
    const group = Math.floor(index / (FILES_PER_DIR * 10));
    const sub = Math.floor(index / FILES_PER_DIR) % 10;
    return `tree/${String(group).padStart(3, '0')}/${sub}/file-${index}.txt`;
  });
}

/** Distinct per file (so git stores each as its own blob), exactly `bytes` long. */
function content(index: number, bytes: number): string {
  const line = `file ${index}: the quick brown fox jumps over the lazy dog\n`;
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}
