/** Runs an importer on a target: reads the git facts once and hands over the command's settings. */
import type { GitFacts, ImportResult, RefFacts } from './importer.js';
import type { ImportTarget } from './find-import.js';
import { changesReader } from './changed-files.js';
import { readGitFacts } from './git-facts.js';

export interface ImportSettings {
  env: Readonly<Record<string, string | undefined>>;
  includeDir?: string;
  workflow?: string;
  event?: string;
  ref?: RefFacts;
  userImage?: (reference: string) => string | undefined;
}

export async function runImport(target: ImportTarget, settings: ImportSettings): Promise<ImportResult> {
  const [checkout, importer] = await Promise.all([readGitFacts(target.root), target.entry.importer()]);
  return importer.load({
    files: target.files,
    context: {
      root: target.root,
      git: settings.ref === undefined ? checkout : withRef(checkout, settings.ref),
      env: settings.env,
      changes: changesReader(target.root, checkout, settings.ref),
      ...(settings.includeDir === undefined ? {} : { includeDir: settings.includeDir }),
      ...(settings.workflow === undefined ? {} : { workflow: settings.workflow }),
      ...(settings.event === undefined ? {} : { event: settings.event }),
      ...(settings.userImage === undefined ? {} : { userImage: settings.userImage }),
    },
  });
}

/** A branch push has no tag and a tag push no branch, whatever the checkout has. */
function withRef(checkout: GitFacts, ref: RefFacts): GitFacts {
  const { branch: _branch, tag: _tag, ...shared } = checkout;
  const { before: _before, ...facts } = ref;
  return { ...shared, ...facts };
}
