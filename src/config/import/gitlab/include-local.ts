/**
 * `include: local` (and the paths of a fetched project's files): paths from a
 * root (the project, or the fetched project's files), with `*` and `**`
 * wildcards. A path leaving the root, or leading out of it through a link, is
 * refused; links are never followed while a wildcard walks the folders.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../../../errors.js';
import type { Warnings } from './warnings.js';

/** `ci/*.yml`, `/ci/**.yml`: paths from `root`, files only, in sorted order. */
export function localFiles(pattern: string, file: string, root: string, warnings: Warnings): string[] {
  const relative = pattern.replace(/^\/+/, '');
  const scan = picomatch.scan(relative);
  if (!scan.isGlob) {
    const target = path.resolve(root, relative);
    if (!inside(target, root)) throw includeError(file, `include ${pattern} is outside the project`);
    if (!existsSync(target)) throw includeError(file, `include ${pattern}: no such file in the project`, 'paths of local includes start at the project root');
    checkReal(target, pattern, file, root);
    return [target];
  }
  // GitLab's `**.yml` means every .yml below the folder.
  const matcher = picomatch(relative.replace(/(^|\/)\*\*(?=[^/])/g, '$1**/*'), { dot: true });
  const base = path.resolve(root, scan.base);
  if (!inside(base, root)) throw includeError(file, `include ${pattern} is outside the project`);
  const found = walk(base, root).filter((candidate) => matcher(candidate)).sort();
  if (found.length === 0) warnings.add(file, ['include'], `${pattern} matched no file`);
  return found.map((candidate) => path.join(root, candidate));
}

/** A file of `root` named by a path from it, or undefined when there is none; a path or link leading out is refused. */
export function fileInside(relative: string, root: string, what: string, file: string): string | undefined {
  const target = path.resolve(root, relative.replace(/^\/+/, ''));
  if (!inside(target, root)) throw includeError(file, `${what}: ${relative} is outside the files it names`);
  if (!existsSync(target) || !statSync(target).isFile()) return undefined;
  if (!inside(realpathSync(target), realpathSync(root))) throw includeError(file, `${what}: ${relative} leads out through a link`);
  return target;
}

/** Files below `dir` as root-relative paths; links are not followed and .git is skipped. */
function walk(dir: string, root: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, root));
    else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}

function checkReal(target: string, pattern: string, file: string, root: string): void {
  if (!inside(realpathSync(target), realpathSync(root))) throw includeError(file, `include ${pattern} leads outside the project through a link`);
  if (statSync(target).isDirectory()) throw includeError(file, `include ${pattern} is a folder`, 'name a file, or use a wildcard such as ci/*.yml');
}

export function inside(target: string, dir: string): boolean {
  const relative = path.relative(dir, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function includeError(file: string, message: string, hint?: string): ConfigError {
  return new ConfigError([{ file, path: 'include', message, ...(hint ? { hint } : {}) }]);
}
