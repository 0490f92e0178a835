/**
 * Content-addressed copies of files that cannot be hard-linked from the
 * working tree (edited or untracked files, files of another commit). Snapshot
 * folders hard-link these objects, so each content is written once however
 * many snapshots hold it, and an object no snapshot links (link count 1) is
 * garbage.
 */
import { copyFile, chmod, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { closeSync, existsSync, fchmodSync, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { blobIdOf, blobIdOfFile } from '../blob-id.js';
import { blobOfKey, entryKey, isExecutableKey } from '../file-entry.js';

let tempCounter = 0;

/**
 * Files up to this size are read once into memory, hashed from there and written out with
 * synchronous calls (an untracked folder of 50,000 small files: a few syscalls each, no thread
 * pool round trips); larger ones are copied by the kernel and hashed as a stream.
 */
const IN_MEMORY_LIMIT = 8 * 1024 * 1024;

export class ContentStore {
  /** Folders (shards, tmp) known to exist: one mkdir per folder and process, not one per object. */
  private readonly madeDirs = new Set<string>();

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
    const content = readUpTo(source, IN_MEMORY_LIMIT);
    const kind = isExecutableKey(key) ? 'exec' : 'file';
    if (content !== undefined) {
      // Keyed by what was read, which is exactly what is written: an edit since keying cannot mislabel the object.
      const actual = entryKey(blobIdOf(content), kind);
      if (!this.has(actual)) this.writeObject(content, actual);
      return actual;
    }
    const temp = this.tempPath();
    await copyFile(source, temp);
    const info = await stat(temp);
    const actual = entryKey(await blobIdOfFile(temp, info.size), kind);
    await chmod(temp, modeOf(actual));
    this.ensureDir(path.dirname(this.pathOf(actual)));
    await rename(temp, this.pathOf(actual));
    return actual;
  }

  async putContent(content: Buffer, key: string): Promise<void> {
    this.writeObject(content, key);
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

  /**
   * Written to a temp file and renamed into place: an object exists whole or not at all, even if
   * this process dies mid-write. The mode is set on the open file, whatever the umask.
   */
  private writeObject(content: Buffer, key: string): void {
    const temp = this.tempPath();
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeFileSync(fd, content);
      fchmodSync(fd, modeOf(key));
    } finally {
      closeSync(fd);
    }
    const target = this.pathOf(key);
    this.ensureDir(path.dirname(target));
    renameSync(temp, target);
  }

  private tempPath(): string {
    const dir = path.join(this.dir, 'tmp');
    this.ensureDir(dir);
    return path.join(dir, `${process.pid}-${(tempCounter += 1)}`);
  }

  private ensureDir(dir: string): void {
    if (this.madeDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.madeDirs.add(dir);
  }
}

function modeOf(key: string): number {
  return isExecutableKey(key) ? 0o755 : 0o644;
}

/** The whole file when it is at most `limit` bytes (one open, fstat, read, close), else undefined. */
function readUpTo(file: string, limit: number): Buffer | undefined {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > limit) return undefined;
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const got = readSync(fd, buffer, read, size - read, read);
      if (got === 0) break; // Truncated meanwhile: what was there is what is stored, under its own key.
      read += got;
    }
    return read === size ? buffer : buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
