/**
 * `ci cache ls | prune | clear | dir`: the job-result cache and the rest of the
 * project's state (state/project-state.ts), and the install layers. `prune` trims both to their
 * size cap and frees the snapshot storage no run uses; `clear` removes every
 * result and idle snapshot (the next run rebuilds one); `dir` says where it all is.
 */
import { DEFAULT_LAYER_BYTES, InstallLayers } from '../../cache/install-layers.js';
import { DEFAULT_CACHE_BYTES, ResultCache } from '../../cache/result-cache.js';
import { ExitCode } from '../../errors.js';
import { reapTempDirs } from '../../run/run-dirs.js';
import { snapshotTreesOf } from '../../source/source-tree.js';
import { removeGoneProjects } from '../../state/gone-projects.js';
import { describeUsage, stateUsage } from '../../state/state-usage.js';
import { projectState, STATE_FOLDERS, type StateKind } from '../../state/project-state.js';
import { formatDuration } from '../../util/duration.js';
import type { GlobalOptions } from '../global-options.js';
import { loadForCommand } from '../load.js';
import { stdoutColors } from '../terminal.js';

export type CacheAction = 'ls' | 'prune' | 'clear' | 'dir';

export async function cacheCommand(action: CacheAction, options: GlobalOptions): Promise<number> {
  const { pipeline } = await loadForCommand(options);
  if (action === 'dir') return printStateDir(pipeline.root, options.json === true);
  const cache = await ResultCache.open(pipeline.root);
  const layers = await InstallLayers.open(pipeline.root);
  const colors = stdoutColors();
  switch (action) {
    case 'ls': {
      const entries = await cache.list();
      await printLayers(layers, colors);
      const usage = `localci state of this project: ${describeUsage(await stateUsage(pipeline.root))}`;
      if (entries.length === 0) {
        process.stdout.write(`The job-result cache is empty.\n${colors.dim(usage)}\n`);
        return ExitCode.ok;
      }
      printStoredTable('JOB', 'KEY  ', entries.map((entry) => ({ ...entry, name: entry.job })), colors);
      const total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
      process.stdout.write(colors.dim(`${entries.length} result(s), ${megabytes(total)} of ${megabytes(DEFAULT_CACHE_BYTES)}; ${usage}`) + '\n');
      return ExitCode.ok;
    }
    case 'prune': {
      const removed = await cache.prune();
      const removedLayers = await layers.prune({ recentMs: 0 });
      // Idle snapshot folders are linked copies no run reads; the objects only they held go with them.
      const snapshots = await (await snapshotTreesOf(pipeline.root)).prune(0);
      const temp = await reapTempDirs(pipeline.root);
      const gone = await removeGoneProjects(projectState(pipeline.root).location.home);
      const bytes = megabytes(removed.reduce((sum, entry) => sum + entry.bytes, 0));
      const layerBytes = megabytes(removedLayers.reduce((sum, layer) => sum + layer.bytes, 0));
      process.stdout.write(`Removed ${removed.length} result(s) (${bytes}), ${removedLayers.length} install layer(s) (${layerBytes}), ${snapshots} idle workspace snapshot(s), ${temp} leftover temp folder(s)`);
      process.stdout.write(`${gone.length > 0 ? ` and the state of ${gone.length} project folder(s) that no longer exist (${gone.join(', ')})` : ''}.\n`);
      return ExitCode.ok;
    }
    case 'clear': {
      const results = await cache.clear();
      const installLayers = await layers.clear();
      const snapshots = await (await snapshotTreesOf(pipeline.root)).prune(0);
      process.stdout.write(`Removed ${results} result(s), ${installLayers} install layer(s) and ${snapshots} workspace snapshot(s).\n`);
      return ExitCode.ok;
    }
  }
}

/** Install layers, most recently used first, with their size against the cap. */
async function printLayers(layers: InstallLayers, colors: ReturnType<typeof stdoutColors>): Promise<void> {
  const listed = await layers.list();
  if (listed.length === 0) return;
  printStoredTable('IMAGE', 'LAYER', listed.map((layer) => ({ ...layer, name: layer.image })), colors);
  const total = listed.reduce((sum, layer) => sum + layer.bytes, 0);
  process.stdout.write(colors.dim(`${listed.length} install layer(s), ${megabytes(total)} of ${megabytes(DEFAULT_LAYER_BYTES)}`) + '\n\n');
}

interface StoredRow {
  name: string;
  key: string;
  bytes: number;
  durationMs: number;
  lastUsed: Date;
  runId: string;
}

/** One table for what the cache keeps (job results, install layers): the same columns after the name. */
function printStoredTable(nameHeading: string, keyHeading: string, rows: StoredRow[], colors: ReturnType<typeof stdoutColors>): void {
  const width = Math.max(nameHeading.length, ...rows.map((row) => row.name.length));
  process.stdout.write(colors.bold(`${nameHeading.padEnd(width)}  ${keyHeading}         SIZE       TOOK     LAST USED           FROM RUN`) + '\n');
  for (const row of rows) {
    const used = row.lastUsed.toISOString().slice(0, 19).replace('T', ' ');
    process.stdout.write(`${row.name.padEnd(width)}  ${row.key.slice(0, 12)}  ${megabytes(row.bytes).padStart(9)}  ${formatDuration(row.durationMs).padStart(7)}  ${used}  ${row.runId}\n`);
  }
}

/** The project's state folder, or with `--json` where each kind of state lives. */
function printStateDir(root: string, json: boolean): number {
  const state = projectState(root);
  if (!json) {
    process.stdout.write(`${state.dir}\n`);
    return ExitCode.ok;
  }
  const kinds = Object.fromEntries((Object.keys(STATE_FOLDERS) as StateKind[]).map((kind) => [kind, state.path(kind)]));
  process.stdout.write(JSON.stringify({ project: root, dir: state.dir, home: state.location.home, kind: state.location.kind, ...kinds }, null, 2) + '\n');
  return ExitCode.ok;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
