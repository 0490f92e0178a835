/**
 * The source tree of watch's next run, kept current from the saves chokidar
 * reports instead of listing and stat-ing the whole tree with git before every
 * run: on a large repository that is most of a save's cost. A full read is
 * taken whenever the reported paths may not tell everything: the first run, a
 * reloaded config, a changed .gitignore, paths watch does not report
 * (`watch.ignore`), and a run asked for with `r`.
 */
import path from 'node:path';
import type { SourceTree } from '../../source/source-tree.js';
import { currentEntry, updateTree } from '../../source/update-tree.js';
import { isEditorTempFile } from './watch-filter.js';

export class WatchSource {
  private last?: SourceTree;
  private changed = new Set<string>();

  constructor(private trusted: boolean) {}

  /** Every batch of saves, whether or not it makes a job run: the next snapshot must hold it. */
  saw(files: readonly string[]): void {
    for (const file of files) this.changed.add(file);
    if (files.some((file) => path.posix.basename(file) === '.gitignore')) this.forget();
  }

  /** The next run reads the tree in full. */
  forget(): void {
    this.last = undefined;
    this.changed.clear();
  }

  /** Whether reported saves can be trusted to tell every change (false with `watch.ignore`). */
  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    if (!trusted) this.forget();
  }

  /** The tree for the next run, or undefined when it must be read in full. */
  async next(): Promise<SourceTree | undefined> {
    if (!this.last || !this.trusted) return undefined;
    // Editor temp files are never reported: any that a full read took in may be gone now.
    const temps = this.last.files.filter((file) => isEditorTempFile(path.posix.basename(file)));
    const changed = [...this.changed, ...temps];
    this.changed.clear();
    this.last = await updateTree(this.last, changed);
    return this.last;
  }

  /**
   * The files whose content differs from what the last run saw; all of them when that is not
   * known. A save that restores the same bytes, or an event that only touched metadata (a
   * snapshot's hard link changes a file's link count), starts nothing.
   */
  async differing(files: readonly string[]): Promise<string[]> {
    const last = this.last;
    if (!last || !this.trusted) return [...files];
    const keys = await Promise.all(files.map(async (file) => (await currentEntry(path.join(last.dir, file)))?.key));
    return files.filter((file, index) => keys[index] !== last.entries.get(file)?.key);
  }

  /** The tree a run really used (read in full, or brought up to date). */
  used(tree: SourceTree | undefined): void {
    if (tree?.kind === 'worktree') this.last = tree;
  }
}
