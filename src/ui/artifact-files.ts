/**
 * A run's job artifacts as the page offers them: the files under each job's artifact folder
 * (model/job-files.ts), and one file opened for download. A job's artifacts are the job's own
 * output, so they are hostile input: a path from the request is only ever a path below that
 * folder (no `..`, nothing absolute), every folder on the way must be a real folder and the file
 * a regular file (a link is neither listed nor followed, even one a job left as the last part),
 * and the file is opened without following a link and checked again once open.
 */
import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { jobArtifactsDir } from '../model/job-files.js';

export interface ArtifactFile {
  /** Below the job's artifact folder, `/`-separated, as it was in /workspace. */
  path: string;
  bytes: number;
}

/** Files listed per job at most: a job that left a huge tree still lists fast. */
const MAX_LISTED = 500;

export async function listArtifacts(runDir: string, job: string): Promise<{ files: ArtifactFile[]; more: boolean }> {
  const base = jobArtifactsDir(runDir, job);
  if (!(await realFolders(runDir, base))) return { files: [], more: false };
  const files: ArtifactFile[] = [];
  const folders = [''];
  while (folders.length > 0) {
    const relative = folders.shift()!;
    const entries: Dirent[] = await readdir(path.join(base, relative), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) folders.push(child);
      else if (entry.isFile()) {
        if (files.length === MAX_LISTED) return { files, more: true };
        files.push({ path: child, bytes: (await lstat(path.join(base, child))).size });
      }
    }
  }
  return { files, more: false };
}

export type OpenedArtifact = { ok: true; handle: FileHandle; bytes: number; name: string } | { ok: false; reason: string };

export async function openArtifact(runDir: string, job: string, requested: string): Promise<OpenedArtifact> {
  const parts = requested.split('/');
  if (requested === '' || requested.includes('\0') || requested.includes('\\') || parts.some((part) => part === '' || part === '.' || part === '..')) {
    return { ok: false, reason: 'not a path below the artifacts' };
  }
  const base = jobArtifactsDir(runDir, job);
  const file = path.join(base, ...parts);
  if (!(await realFolders(runDir, path.dirname(file)))) return { ok: false, reason: 'no such artifact' };
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: a link in the last part is refused by the system itself, whatever was checked.
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return { ok: false, reason: 'no such artifact' };
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    return { ok: false, reason: 'no such artifact' };
  }
  return { ok: true, handle, bytes: info.size, name: parts.at(-1)! };
}

/** Whether every folder from `from` (the run's folder, which localci made) down to `to` is a real folder. */
async function realFolders(from: string, to: string): Promise<boolean> {
  const relative = path.relative(from, to);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  let current = from;
  for (const part of ['', ...relative.split(path.sep).filter(Boolean)]) {
    current = part === '' ? current : path.join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isDirectory()) return false;
  }
  return true;
}
