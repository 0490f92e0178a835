/**
 * Install layers in the project's `layers/` (state/project-state.ts): one folder
 * per install key, holding `layer.json` and `tree/`, the folders the install
 * filled as they sit in /workspace. A layer is written under a temp name and
 * renamed into place only once complete, and only a folder whose `layer.json`
 * reads back is a layer: a crash or a full disk never leaves one that looks
 * valid. Least recently used layers go first when the layers pass their size
 * cap; a layer used in the last hour stays (a watch session or a parallel run
 * may be mounting it).
 */
import { mkdir, readdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectState } from '../state/project-state.js';
import { removeTree } from '../state/safe-remove.js';
import { folderBytes } from './folder-bytes.js';

export interface LayerInfo {
  key: string;
  /** The image the install ran in (as named, and its id). */
  image: string;
  imageId: string;
  runId: string;
  createdAt: string;
  durationMs: number;
  bytes: number;
}

export interface LayerListing extends LayerInfo {
  lastUsed: Date;
}

export const DEFAULT_LAYER_BYTES = 4 * 1024 ** 3;
const INFO_FILE = 'layer.json';
const TREE = 'tree';
const TEMP_SUFFIX = '.tmp';
const RECENT_MS = 60 * 60 * 1000;

export class InstallLayers {
  private constructor(readonly dir: string) {}

  static async open(root: string): Promise<InstallLayers> {
    return new InstallLayers(await projectState(root).folder('layers'));
  }

  /** The folder that mirrors /workspace, for a complete layer; a use counts for LRU. */
  async lookup(key: string): Promise<string | undefined> {
    const folder = path.join(this.dir, key);
    if ((await readInfo(folder)) === undefined) {
      // A folder without a readable layer.json is no layer (made by hand, or damaged): out of the way.
      await this.remove(folder).catch(() => undefined);
      return undefined;
    }
    const now = new Date();
    await utimes(path.join(folder, INFO_FILE), now, now).catch(() => undefined);
    return path.join(folder, TREE);
  }

  /** A fresh temp folder to install into; `tree` is what the install's paths are copied to. */
  async begin(key: string, runId: string): Promise<{ temp: string; tree: string }> {
    const temp = path.join(this.dir, `${key}.${runId}${TEMP_SUFFIX}`);
    await this.remove(temp);
    await mkdir(path.join(temp, TREE), { recursive: true });
    return { temp, tree: path.join(temp, TREE) };
  }

  /** Makes a finished temp folder the layer of its key and returns the layer's tree. */
  async commit(temp: string, info: Omit<LayerInfo, 'bytes'>): Promise<string> {
    const bytes = await folderBytes(path.join(temp, TREE));
    await writeFile(path.join(temp, INFO_FILE), JSON.stringify({ ...info, bytes }, null, 2) + '\n');
    const folder = path.join(this.dir, info.key);
    // Another run may have made the same layer meanwhile: theirs is as good as ours.
    await rename(temp, folder).catch(() => this.remove(temp));
    return path.join(folder, TREE);
  }

  /** Drops a temp folder of an install that did not finish. */
  discard(temp: string): Promise<void> {
    return this.remove(temp);
  }

  async list(): Promise<LayerListing[]> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => !name.endsWith(TEMP_SUFFIX));
    const listings = await Promise.all(
      names.map(async (name) => {
        const folder = path.join(this.dir, name);
        const info = await readInfo(folder);
        if (info === undefined) return undefined;
        const used = await stat(path.join(folder, INFO_FILE));
        return { ...info, lastUsed: used.mtime };
      }),
    );
    return listings.filter((listing): listing is LayerListing => listing !== undefined).sort((a, b) => b.lastUsed.getTime() - a.lastUsed.getTime());
  }

  /**
   * Removes least recently used layers until the layers fit `maxBytes`, never those in `keep`
   * and never one used in the last hour unless `now` says so. Returns what was removed.
   */
  async prune(options: { maxBytes?: number; keep?: ReadonlySet<string>; recentMs?: number } = {}): Promise<LayerListing[]> {
    const { maxBytes = DEFAULT_LAYER_BYTES, keep = new Set<string>(), recentMs = RECENT_MS } = options;
    const layers = await this.list();
    let total = layers.reduce((sum, layer) => sum + layer.bytes, 0);
    const removed: LayerListing[] = [];
    for (const layer of [...layers].reverse()) {
      if (total <= maxBytes) break;
      if (keep.has(layer.key) || Date.now() - layer.lastUsed.getTime() < recentMs) continue;
      await this.remove(path.join(this.dir, layer.key));
      total -= layer.bytes;
      removed.push(layer);
    }
    return removed;
  }

  /** Removes every layer and leftover temp folder. */
  async clear(): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.map((name) => this.remove(path.join(this.dir, name))));
    return names.filter((name) => !name.endsWith(TEMP_SUFFIX)).length;
  }

  private remove(folder: string): Promise<void> {
    return removeTree(folder, this.dir);
  }
}

async function readInfo(folder: string): Promise<LayerInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(path.join(folder, INFO_FILE), 'utf8')) as LayerInfo;
    if (typeof info.key !== 'string' || typeof info.bytes !== 'number') return undefined;
    if (!(await stat(path.join(folder, TREE))).isDirectory()) return undefined;
    return info;
  } catch {
    return undefined;
  }
}
