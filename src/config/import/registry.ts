/**
 * The formats localci can import, in the order discovery prefers them when a
 * project has more than one. Each entry detects its files cheaply and loads its
 * importer only when used; nothing outside this file names an implementation.
 */
import type { ImportFormat, ImporterEntry } from './importer.js';

export const IMPORTERS: readonly ImporterEntry[] = [];

export function importerFor(format: string, importers: readonly ImporterEntry[] = IMPORTERS): ImporterEntry | undefined {
  return importers.find((entry) => entry.format === (format as ImportFormat));
}
