/**
 * The last lines of a job's log file, read from the end so a job that printed
 * gigabytes costs no more than one that printed twenty lines.
 */
import { open } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;
const MAX_BYTES = 1024 * 1024;

export async function readLastLines(file: string, count: number): Promise<string[]> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return [];
  try {
    const { size } = await handle.stat();
    let start = size;
    let bytes = Buffer.alloc(0);
    // Enough newlines for `count` whole lines (plus the one before the first), or the whole file.
    // Bytes are joined before decoding so a character split between chunks stays whole.
    while (start > 0 && size - start < MAX_BYTES && countNewlines(bytes) <= count) {
      const length = Math.min(CHUNK_BYTES, start);
      start -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, start);
      bytes = Buffer.concat([chunk, bytes]);
    }
    const lines = bytes.toString('utf8').replace(/\n$/, '').split('\n');
    // The first line may be cut in the middle unless the file was read from its start.
    if (start > 0) lines.shift();
    return lines.slice(-count);
  } finally {
    await handle.close();
  }
}

function countNewlines(bytes: Buffer): number {
  let newlines = 0;
  for (let index = bytes.indexOf(10); index !== -1; index = bytes.indexOf(10, index + 1)) newlines += 1;
  return newlines;
}
