/**
 * File times come from a coarse clock (a few milliseconds per tick): two saves of the
 * same size within one tick leave size, mtime and inode alike. A stat taken while the
 * file's mtime is that recent cannot vouch for its content (git calls such entries
 * "racy"); the margin also covers events delivered late on a busy machine.
 */
import type { Stats } from 'node:fs';

const RACY_MS = 2000;

export function isRacy(stat: Pick<Stats, 'mtimeMs'>, now = Date.now()): boolean {
  return now - stat.mtimeMs < RACY_MS;
}
