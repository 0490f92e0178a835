/**
 * Keys of files that had to be read (edited or untracked files, or a plain
 * folder), remembered by (size, mtime, inode) so an unchanged file is read once.
 */
import type { Stats } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isRacy } from './racy-stat.js';

type Remembered = Record<string, [size: number, mtimeMs: number, ino: number, blob: string]>;

export class KeyMemo {
  private readonly next: Remembered = {};
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly known: Remembered,
  ) {}

  static async open(file: string | undefined): Promise<KeyMemo> {
    const known = file ? ((await readFile(file, 'utf8').then(JSON.parse, () => ({}))) as Remembered) : {};
    return new KeyMemo(file, known);
  }

  lookup(name: string, stat: Stats): string | undefined {
    const known = this.known[name];
    if (!known || known[0] !== stat.size || known[1] !== stat.mtimeMs || known[2] !== stat.ino) return undefined;
    this.next[name] = known;
    return known[3];
  }

  remember(name: string, stat: Stats, blob: string): void {
    // A save in the same clock tick could keep size and mtime: read it again next time.
    if (isRacy(stat)) return;
    this.next[name] = [stat.size, stat.mtimeMs, stat.ino, blob];
    this.changed = true;
  }

  /** Atomic, so two runs at once never leave a torn file (the later one wins); unchanged memos are not rewritten. */
  async save(): Promise<void> {
    if (!this.file || (!this.changed && Object.keys(this.next).length === Object.keys(this.known).length)) return;
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(this.next));
    await rename(temp, this.file);
  }
}
