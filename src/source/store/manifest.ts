/**
 * What a snapshot folder holds, path by path, so the next snapshot can be made
 * by changing only what differs. A signature is the entry's key plus, for a
 * file hard-linked from the working tree, its inode: a linked file that the
 * user replaced (new inode) no longer shares content with the snapshot.
 */
import { createHash } from 'node:crypto';
import type { FileEntries, FileEntry } from '../file-entry.js';

export interface Manifest {
  /** Path → signature, sorted by path. */
  entries: Map<string, string>;
  fingerprint: string;
}

export function signatureOf(entry: FileEntry): string {
  return entry.ino > 0 ? `${entry.key}@${entry.ino}` : entry.key;
}

export function manifestFrom(signatures: Iterable<[string, string]>): Manifest {
  const entries = new Map([...signatures].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const hash = createHash('sha256');
  for (const [name, signature] of entries) hash.update(`${name}\0${signature}\0`);
  return { entries, fingerprint: hash.digest('hex') };
}

export function manifestOf(files: FileEntries): Manifest {
  return manifestFrom([...files].map(([name, entry]) => [name, signatureOf(entry)]));
}

export function serializeManifest(manifest: Manifest): string {
  return JSON.stringify([...manifest.entries]);
}

export function parseManifest(text: string): Manifest {
  return manifestFrom(JSON.parse(text) as Array<[string, string]>);
}

export interface ManifestDiff {
  /** Paths to delete from the folder (gone, or about to be replaced). */
  remove: string[];
  /** Paths to create. */
  add: string[];
}

export function diffManifests(from: Manifest, to: Manifest): ManifestDiff {
  const remove: string[] = [];
  const add: string[] = [];
  for (const [name, signature] of from.entries) if (to.entries.get(name) !== signature) remove.push(name);
  for (const [name, signature] of to.entries) if (from.entries.get(name) !== signature) add.push(name);
  return { remove, add };
}

export const EMPTY_MANIFEST: Manifest = manifestFrom([]);
