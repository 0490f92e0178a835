/** Runs an importer on a target: reads the git facts once and hands over the command's settings. */
import type { ImportResult } from './importer.js';
import type { ImportTarget } from './find-import.js';
import { readGitFacts } from './git-facts.js';

export interface ImportSettings {
  env: Readonly<Record<string, string | undefined>>;
  includeDir?: string;
  workflow?: string;
  event?: string;
}

export async function runImport(target: ImportTarget, settings: ImportSettings): Promise<ImportResult> {
  const [git, importer] = await Promise.all([readGitFacts(target.root), target.entry.importer()]);
  return importer.load({
    files: target.files,
    context: {
      root: target.root,
      git,
      env: settings.env,
      ...(settings.includeDir === undefined ? {} : { includeDir: settings.includeDir }),
      ...(settings.workflow === undefined ? {} : { workflow: settings.workflow }),
      ...(settings.event === undefined ? {} : { event: settings.event }),
    },
  });
}
