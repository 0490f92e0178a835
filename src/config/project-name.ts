/**
 * The short project name used in Docker labels and image tags: the
 * package.json `name` without its scope, else the root folder's name,
 * reduced to what Docker accepts everywhere (`[a-z0-9_.-]`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function projectName(root: string): string {
  return sanitizeProjectName(packageName(root) ?? path.basename(root));
}

export function sanitizeProjectName(name: string): string {
  const clean = name
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return clean === '' ? 'project' : clean;
}

function packageName(root: string): string | undefined {
  const file = path.join(root, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    // Without a byte-order mark, as loadJson reads the same file.
    const name = (JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { name?: unknown }).name;
    return typeof name === 'string' && name.trim() !== '' ? name : undefined;
  } catch {
    // A broken package.json is reported where it matters (as the config); here the folder name will do.
    return undefined;
  }
}
