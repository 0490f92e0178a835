/**
 * localci keeps its state (runs, logs, artifacts, temp files) in `.localci/`
 * at the project root. A `.gitignore` of `*` inside it keeps git, and so every
 * snapshot, from ever seeing it, without touching the user's own .gitignore.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const STATE_DIR_NAME = '.localci';

export async function ensureStateDir(root: string, ...subdirs: string[]): Promise<string> {
  const base = path.join(root, STATE_DIR_NAME);
  await mkdir(base, { recursive: true });
  await writeFile(path.join(base, '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
  if (subdirs.length === 0) return base;
  const target = path.join(base, ...subdirs);
  await mkdir(target, { recursive: true });
  return target;
}
