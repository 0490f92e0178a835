/**
 * Content digests of source files, for job cache keys. Hashing every file on
 * every run would make an unchanged re-run cost the size of the repository, so
 * digests are remembered by (size, mtime, inode) in the project state's `memo/` and a file
 * is read again only when one of those changed.
 */
import { createHash } from 'node:crypto';
import { readFile, readlink, lstat, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eachLimited } from '../util/each-limited.js';

/** Files read at once: enough to keep the disk busy, far below any open-files limit. */
const PARALLEL_READS = 64;

type Remembered = Record<string, [size: number, mtimeMs: number, ino: number, digest: string]>;

export interface DigestOptions {
  /** Where remembered digests live; omit for one-off trees such as an unpacked commit. */
  memoFile?: string;
}

/** Digest of each file (a symlink digests its target path, like git). */
export async function digestFiles(dir: string, files: readonly string[], options: DigestOptions = {}): Promise<Map<string, string>> {
  const memo = options.memoFile ? await readMemo(options.memoFile) : {};
  const next: Remembered = {};
  const digests = new Map<string, string>();
  let changed = false;
  await eachLimited(files, PARALLEL_READS, async (file) => {
    const full = path.join(dir, file);
    const info = await lstat(full);
    const known = memo[file];
    let digest: string;
    if (known && known[0] === info.size && known[1] === info.mtimeMs && known[2] === info.ino) digest = known[3];
    else {
      digest = sha256(info.isSymbolicLink() ? `link:${await readlink(full)}` : await readFile(full));
      changed = true;
    }
    // The mode matters too: a script that lost its exec bit behaves differently.
    digests.set(file, `${digest}:${info.mode & 0o111 ? 'x' : '-'}`);
    next[file] = [info.size, info.mtimeMs, info.ino, digest];
  });
  // Rewriting an unchanged memo would cost as much as the rest on a large tree.
  if (options.memoFile && (changed || Object.keys(memo).length !== files.length)) await writeMemo(options.memoFile, next);
  return digests;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function readMemo(file: string): Promise<Remembered> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Remembered;
  } catch {
    return {};
  }
}

/** Atomic, so two runs at once never leave a torn file (the later one simply wins). */
async function writeMemo(file: string, memo: Remembered): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(memo));
  await rename(temp, file);
}
