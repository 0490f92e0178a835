/**
 * Content-addressed copies of files that cannot be hard-linked from the
 * working tree (edited or untracked files, files of another commit). Snapshot
 * folders hard-link these objects, so each content is written once however
 * many snapshots hold it, and an object no snapshot links (link count 1) is
 * garbage.
 */
import { copyFile, chmod, mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { existsSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { blobIdOfFile } from '../blob-id.js';
import { blobOfKey, entryKey, isExecutableKey } from '../file-entry.js';

let tempCounter = 0;

export class ContentStore {
  constructor(readonly dir: string) {}

  pathOf(key: string): string {
    const blob = blobOfKey(key);
    return path.join(this.dir, blob.slice(0, 2), `${blob.slice(2)}${isExecutableKey(key) ? '.x' : ''}`);
  }

  has(key: string): boolean {
    return existsSync(this.pathOf(key));
  }

  /**
   * Copies a file in under the key it was seen with; returns the key of what was
   * really copied (the file may have been edited since it was keyed).
   */
  async putFile(source: string, key: string): Promise<string> {
    const temp = await this.tempPath();
    await copyFile(source, temp);
    const info = await stat(temp);
    const blob = await blobIdOfFile(temp, info.size);
    const actual = entryKey(blob, isExecutableKey(key) ? 'exec' : 'file');
    return this.commit(temp, actual);
  }

  async putContent(content: Buffer, key: string): Promise<void> {
    const temp = await this.tempPath();
    await writeFile(temp, content);
    await this.commit(temp, key);
  }

  /** Removes objects no snapshot links any more, and temp files of dead writers. */
  async collectGarbage(isTempLive: (name: string) => boolean): Promise<number> {
    let removed = 0;
    for (const shard of await readdir(this.dir).catch(() => [] as string[])) {
      const shardDir = path.join(this.dir, shard);
      if (shard === 'tmp') {
        for (const name of await readdir(shardDir).catch(() => [] as string[])) if (!isTempLive(name)) await rm(path.join(shardDir, name), { force: true });
        continue;
      }
      for (const name of await readdir(shardDir).catch(() => [] as string[])) {
        const file = path.join(shardDir, name);
        const info = await stat(file).catch(() => undefined);
        if (info?.nlink === 1) {
          await unlink(file).catch(() => undefined);
          removed += 1;
        }
      }
    }
    return removed;
  }

  /** Removes these objects where no snapshot links them any more (link count 1). */
  dropUnlinked(keys: readonly string[]): void {
    for (const key of keys) {
      const file = this.pathOf(key);
      try {
        if (statSync(file).nlink === 1) unlinkSync(file);
      } catch {
        // Already gone.
      }
    }
  }

  /** Rename is atomic: an object exists whole or not at all, even if this process dies mid-copy. */
  private async commit(temp: string, key: string): Promise<string> {
    const target = this.pathOf(key);
    await chmod(temp, isExecutableKey(key) ? 0o755 : 0o644);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temp, target);
    return key;
  }

  private async tempPath(): Promise<string> {
    const dir = path.join(this.dir, 'tmp');
    await mkdir(dir, { recursive: true });
    return path.join(dir, `${process.pid}-${(tempCounter += 1)}`);
  }
}
