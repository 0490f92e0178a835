/**
 * Prepares a run's workspace from its source tree: a snapshot folder for an
 * engine that can mount this machine's paths, else a tar (snapshot.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileEntry } from './file-entry.js';
import { packTree, writeSnapshot, type ExtraFile, type SourceSnapshot } from './snapshot.js';
import type { SourceTree } from './source-tree.js';
import { snapshotTreesOf } from './source-tree.js';
import { isGone } from './worktree-entries.js';
import { periodicYield } from '../util/periodic-yield.js';
import type { TreeLease } from './store/snapshot-trees.js';

export interface WorkspaceOptions {
  root: string;
  runId: string;
  extras: readonly ExtraFile[];
  /** A folder that lives as long as the run. */
  scratchDir: string;
  /** Why the folder can't be mounted, if it can't (a remote engine, an earlier failed mount…). */
  notMountable?: string;
}

export interface PreparedWorkspace {
  workspace: SourceSnapshot;
  /** Gives the snapshot folder back once no container uses it any more. */
  release(): Promise<void>;
}

export async function prepareWorkspace(tree: SourceTree, options: WorkspaceOptions): Promise<PreparedWorkspace> {
  if (options.notMountable !== undefined) {
    const workspace = await writeSnapshot(tree, options.extras, path.join(options.scratchDir, 'workspace.tar'), options.notMountable);
    return { workspace, release: async () => undefined };
  }
  // A commit's tree already is a snapshot folder; a working tree is snapshotted now.
  let lease: TreeLease | undefined = tree.lease;
  let summary = tree.lease?.summary ?? '';
  if (!lease) {
    const trees = await snapshotTreesOf(options.root);
    lease = await trees.acquire(tree.entries, { worktree: tree.dir, provide: copyFromWorktree(tree.dir, trees.store) }, options.runId);
    summary = lease.summary;
    // Files deleted while the snapshot was made are left out of it (and of this run's tree).
    if (tree.files.length !== tree.entries.size) tree.files = tree.files.filter((name) => tree.entries.has(name));
  }
  const folder = lease.dir;
  const extraMounts = await writeExtras(options.extras, path.join(options.scratchDir, 'extras'));
  const { kind, commit, branch, dirty } = tree;
  const workspace: SourceSnapshot = {
    kind,
    commit,
    branch,
    dirty,
    fileCount: tree.files.length,
    folder,
    extraMounts,
    openTar: (layers) => packTree(folder, tree.files, options.extras, layers),
    tarTakesLayers: true,
    summary: `workspace: ${summary}; each job mounts its own overlay of it`,
  };
  return { workspace, release: tree.lease ? async () => undefined : () => lease.release() };
}

/** Edited and untracked files are copied, never linked: they are the ones being changed right now. Resolves with the names gone meanwhile. */
function copyFromWorktree(dir: string, store: { putFile(source: string, key: string): Promise<string> }) {
  return async (missing: ReadonlyMap<string, FileEntry>): Promise<string[]> => {
    const gone: string[] = [];
    // One at a time: small files go in with synchronous calls (content-store.ts), where 16 in flight only queued on the thread pool.
    const breathe = periodicYield();
    for (const [name, entry] of missing) {
      try {
        entry.key = await store.putFile(path.join(dir, name), entry.key);
      } catch (error) {
        if (!isGone(error)) throw error;
        gone.push(name);
      }
      await breathe();
    }
    return gone;
  };
}

async function writeExtras(extras: readonly ExtraFile[], dir: string): Promise<Array<{ source: string; target: string }>> {
  if (extras.length === 0) return [];
  await mkdir(dir, { recursive: true });
  return Promise.all(
    extras.map(async (extra, index) => {
      const source = path.join(dir, String(index));
      await writeFile(source, extra.content, { mode: extra.mode });
      return { source, target: extra.path };
    }),
  );
}
