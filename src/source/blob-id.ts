/**
 * Content ids in git's own format (`git hash-object`): a file the index says
 * is unchanged already has its id, so only edited and new files are ever read,
 * and a snapshot of a commit shares content with a snapshot of the worktree.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Files above this size are streamed rather than read whole. */
const WHOLE_READ_LIMIT = 32 * 1024 * 1024;

export function blobIdOf(content: Buffer | string): string {
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
}

export async function blobIdOfFile(file: string, size: number): Promise<string> {
  if (size <= WHOLE_READ_LIMIT) return blobIdOf(await readFile(file));
  const hash = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
