/** GitLab CI in the importer registry: `.gitlab-ci.yml` at a folder's top; the importer loads on use. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ImporterEntry } from '../importer.js';

export const GITLAB_FILE = '.gitlab-ci.yml';

export const gitlabEntry: ImporterEntry = {
  format: 'gitlab',
  label: 'GitLab CI',
  detect: (dir) => (existsSync(path.join(dir, GITLAB_FILE)) ? [GITLAB_FILE] : []),
  importer: async () => (await import('./importer.js')).gitlabImporter,
};
