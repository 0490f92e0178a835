/**
 * The artifacts a watch session reuses, held by the session itself. Runs are
 * pruned as new ones start (history/retention.ts keeps the newest 50), and a
 * long session can reuse `build`'s artifacts across far more runs than that,
 * so pointing into an old run's folder would one day point at nothing.
 *
 * Files are hard-linked, not copied: a finished run's artifacts are never
 * written again, so sharing their inodes is safe and costs no disk. The folder
 * (the project state's `watch/<pid>/`) goes when the session ends; one left by a session
 * that died is removed by the next session.
 */
import { copyFile, link, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';
import { projectState } from '../../state/project-state.js';
import { removeTree } from '../../state/safe-remove.js';
import { processAlive } from '../../util/process-alive.js';

export class KeptArtifacts {
  private readonly folders = new Map<string, string>();
  private count = 0;

  private constructor(private readonly base: string) {}

  static async create(root: string): Promise<KeptArtifacts> {
    const state = projectState(root);
    const parent = await state.folder('watch');
    for (const name of await readdir(parent)) {
      const pid = Number(name);
      if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) await state.remove('watch', name);
    }
    await state.remove('watch', String(process.pid));
    return new KeptArtifacts(await state.folder('watch', String(process.pid)));
  }

  /** Takes over a job's artifact folder from a run; returns the folder to reuse from now on. */
  async keep(job: string, runFolder: string): Promise<string> {
    const folder = path.join(this.base, String(++this.count));
    await linkTree(runFolder, folder);
    await this.forget(job);
    this.folders.set(job, folder);
    return folder;
  }

  async forget(job: string): Promise<void> {
    const folder = this.folders.get(job);
    this.folders.delete(job);
    if (folder) await removeTree(folder, this.base);
  }

  async dispose(): Promise<void> {
    this.folders.clear();
    await removeTree(this.base, path.dirname(this.base));
  }
}

/** Recreates `from` at `to` with hard links (a copy across file systems); nothing when `from` is missing. */
async function linkTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return;
  await mkdir(to, { recursive: true });
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else await link(source, target).catch(() => copyFile(source, target));
  }
}
