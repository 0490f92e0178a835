/**
 * The formats localci can import, in the order discovery prefers them when a
 * project has more than one. Each entry detects its files cheaply and loads its
 * importer only when used; nothing outside this file names an implementation.
 */
import { detectWorkflows } from './github/detect.js';
import { gitlabEntry } from './gitlab/entry.js';
import type { ImportFormat, ImporterEntry } from './importer.js';

export const IMPORTERS: readonly ImporterEntry[] = [
  {
    format: 'github',
    label: 'GitHub Actions',
    detect: detectWorkflows,
    importer: async () => (await import('./github/github-importer.js')).githubImporter,
  },
  gitlabEntry,
];

export function importerFor(format: string, importers: readonly ImporterEntry[] = IMPORTERS): ImporterEntry | undefined {
  return importers.find((entry) => entry.format === (format as ImportFormat));
}
