/**
 * Dependency caches (`cache: [{ key, paths }]`): the rendered key names a
 * volume per path that outlives the run, so `~/.npm` or `.venv` survive from one
 * run to the next and between jobs that share the key. Keys may contain
 * `{{ hashFiles("package-lock.json", "**\/yarn.lock") }}`, replaced by a digest of
 * the matching files of the run's source, so a lock-file change starts afresh.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from '../model/pipeline.js';
import { WORKSPACE_DIR } from '../source/snapshot.js';
import type { SourceTree } from '../source/source-tree.js';
import { globMatcher } from '../util/glob-matcher.js';

export interface CacheMount {
  /** The rendered key, e.g. `npm-3f2a…`. */
  key: string;
  /** Absolute path in the container. */
  target: string;
}

const HASH_FILES = /\{\{\s*hashFiles\(([^)]*)\)\s*\}\}/g;

export async function cacheMounts(job: Job, tree: SourceTree): Promise<CacheMount[]> {
  const mounts: CacheMount[] = [];
  for (const cache of job.cache) {
    const key = await renderKey(cache.key, tree);
    for (const target of cache.paths) mounts.push({ key, target: containerPath(target) });
  }
  return mounts;
}

export async function renderKey(template: string, tree: Pick<SourceTree, 'dir' | 'files'>): Promise<string> {
  let rendered = template;
  for (const match of template.matchAll(HASH_FILES)) {
    const patterns = [...match[1]!.matchAll(/["']([^"']+)["']/g)].map((quoted) => quoted[1]!);
    rendered = rendered.replace(match[0], await hashFiles(tree, patterns));
  }
  return rendered;
}

async function hashFiles(tree: Pick<SourceTree, 'dir' | 'files'>, patterns: string[]): Promise<string> {
  const matches = globMatcher(patterns);
  const hash = createHash('sha256');
  for (const file of tree.files.filter(matches).sort()) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(tree.dir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** `~/x` is the home of root (the user CI images run as); relative paths are in the workspace. */
function containerPath(target: string): string {
  if (target === '~' || target.startsWith('~/')) return path.posix.join('/root', target.slice(1));
  return path.posix.isAbsolute(target) ? target : path.posix.join(WORKSPACE_DIR, target);
}
