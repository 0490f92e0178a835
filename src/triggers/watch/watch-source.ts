/**
 * The source tree of watch's next run, kept current from the saves chokidar
 * reports instead of listing and stat-ing the whole tree with git before every
 * run: on a large repository that is most of a save's cost. A full read, the
 * way `ci run` reads, is taken whenever the reported paths may not tell
 * everything: the first run, a reloaded config, a changed .gitignore, paths
 * watch does not report (`watch.ignore`), a run asked for with `r`, and any
 * change git made behind the saves (a commit, a checkout, a stash, `git add`:
 * HEAD, the branch or the index differ from the last read).
 */
import path from 'node:path';
import { isDirty, namesMatch, readIndexState } from '../../source/index-state.js';
import type { SourceTree } from '../../source/source-tree.js';
import { currentEntry, updateTree } from '../../source/update-tree.js';
import { isEditorTempFile } from './watch-filter.js';

export class WatchSource {
  private last?: SourceTree;
  /** The git state (index-state.ts) `last` was read with. */
  private stamp?: string;
  /** The git state seen when the next run was asked for: the full read that follows is at least this new. */
  private nextStamp?: string;
  /** Saves taken since `last`, with the key each had then: a late second event of the same save starts nothing. */
  private changed = new Map<string, string | undefined>();
  /** The tree being brought up to date: saves are compared with its result, never with the one before. */
  private updating: Promise<unknown> = Promise.resolve();
  /** Counts `forget` calls: an update that a forget overtook must not bring its tree back. */
  private generation = 0;

  constructor(
    private readonly root: string,
    private readonly isGit: boolean,
    private trusted: boolean,
  ) {}

  /**
   * A batch of reported saves: the files whose content differs from what the last run saw,
   * which the next tree will hold. Every save goes through here, so none can be lost.
   */
  async take(files: readonly string[], unsure = false): Promise<string[]> {
    await this.updating;
    if (unsure) this.forget();
    const differing = await this.differing(files);
    for (const { file, key } of differing) this.changed.set(file, key);
    if (differing.some(({ file }) => path.posix.basename(file) === '.gitignore')) this.forget();
    return differing.map(({ file }) => file);
  }

  /** The next run reads the tree in full. */
  forget(): void {
    this.generation += 1;
    this.last = undefined;
    this.nextStamp = undefined;
    this.changed.clear();
  }

  /** Whether reported saves can be trusted to tell every change (false with `watch.ignore`). */
  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    if (!trusted) this.forget();
  }

  /** The tree for the next run, or undefined when it must be read in full. */
  async next(): Promise<SourceTree | undefined> {
    const update = this.update();
    this.updating = update.catch(() => undefined);
    return update;
  }

  private async update(): Promise<SourceTree | undefined> {
    const last = this.last;
    const generation = this.generation;
    const index = this.isGit ? await readIndexState(this.root).catch(() => undefined) : undefined;
    if (!last || !this.trusted || last.kind !== 'worktree' || !index || index.stamp !== this.stamp || generation !== this.generation) {
      this.forget();
      this.nextStamp = index?.stamp;
      return undefined;
    }
    // Editor temp files are never reported: any that a full read took in may be gone now.
    const temps = last.files.filter((file) => isEditorTempFile(path.posix.basename(file)));
    const changed = [...this.changed.keys(), ...temps];
    this.changed.clear();
    const tree = await updateTree(last, changed);
    tree.dirty = isDirty(tree.entries, index);
    // A file the events never told of (a folder restored as a whole, a path chokidar lost track
    // of): the names git lists disagree, and the tree is read in full.
    if (generation !== this.generation || !namesMatch(last.dir, tree.entries, index)) {
      this.forget();
      this.nextStamp = index.stamp;
      return undefined;
    }
    this.last = tree;
    return tree;
  }

  /**
   * The files whose content differs from what the last run saw; all of them when that is not
   * known. A save that restores the same bytes, or an event that only touched metadata (a
   * snapshot's hard link changes a file's link count), starts nothing.
   */
  private async differing(files: readonly string[]): Promise<Array<{ file: string; key?: string }>> {
    await this.updating;
    // Without a tree to compare with, only a second event of a save already taken is known.
    const last = this.trusted ? this.last : undefined;
    const paths = last ? withFilesBelow(files, last) : [...files];
    const keys = await Promise.all(paths.map(async (file) => (await currentEntry(path.join(this.root, file)))?.key));
    const differs = (file: string, key: string | undefined) => {
      if (this.changed.has(file)) return this.changed.get(file) !== key;
      return !last || last.entries.get(file)?.key !== key;
    };
    return paths.flatMap((file, index) => (differs(file, keys[index]) ? [{ file, key: keys[index] }] : []));
  }

  /** The tree a run really used (read in full, or brought up to date). */
  used(tree: SourceTree | undefined): void {
    if (tree?.kind !== 'worktree' || tree === this.last) return;
    this.last = tree;
    this.stamp = this.nextStamp;
  }
}

/**
 * The reported paths and the files the tree holds below any of them: a folder removed, or
 * replaced by a file, takes its files with it, and a removed link or a folder the events of
 * which came too late may never be reported one by one.
 */
function withFilesBelow(paths: readonly string[], tree: SourceTree): string[] {
  const reported = new Set(paths);
  const below: string[] = [];
  for (const name of tree.files) {
    if (reported.has(name)) continue;
    for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) {
      if (reported.has(name.slice(0, slash))) {
        below.push(name);
        break;
      }
    }
  }
  return [...paths, ...below];
}
