/**
 * Reads files of a fetched repository without following a link: a hostile
 * action could ship `action.yml -> /home/me/.ssh/id_rsa`. Every part of the
 * path from the tree down must be a real folder, and the file a regular file.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function treeReader(tree: string): (relative: string) => string | undefined {
  return (relative) => {
    const clean = path.posix.normalize(relative.replace(/^\.\/+/, ''));
    if (clean.startsWith('..') || path.posix.isAbsolute(clean)) return undefined;
    let current = tree;
    const parts = clean.split('/').filter((part) => part !== '' && part !== '.');
    for (const [index, part] of parts.entries()) {
      current = path.join(current, part);
      const info = lstatSync(current, { throwIfNoEntry: false });
      const last = index === parts.length - 1;
      if (info === undefined || info.isSymbolicLink() || (last ? !info.isFile() : !info.isDirectory())) return undefined;
    }
    return parts.length === 0 ? undefined : readFileSync(current, 'utf8');
  };
}
