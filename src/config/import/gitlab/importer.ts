/**
 * The GitLab CI importer: parse (parse.ts) → expand (include.ts, extends.ts,
 * reference.ts) → translate (translate.ts) into the PipelineConfig every
 * localci front door shares.
 */
import type { Importer, ImportRequest, ImportResult } from '../importer.js';
import { resolveExtends, type KeyOwners } from './extends.js';
import { resolveIncludes } from './include.js';
import { resolveReferences } from './reference.js';
import { isJobName, translate } from './translate.js';
import { Warnings } from './warnings.js';

export const gitlabImporter: Importer = {
  async load(request: ImportRequest): Promise<ImportResult> {
    const [main] = request.files;
    if (main === undefined) throw new Error('the GitLab importer needs a file');
    const warnings = new Warnings();
    const { context } = request;
    const included = await resolveIncludes(main, { root: context.root, git: context.git, env: context.env, warnings, ...(context.includeDir === undefined ? {} : { includeDir: context.includeDir }) });
    const fileOf = (key: string) => included.origin.get(key) ?? main;
    const owners: KeyOwners = new Map();
    // With includes not read, what only they define makes the jobs using it unavailable, not the file invalid.
    const unread = { missing: included.missing, unavailable: new Map<string, string>() };
    const extended = resolveExtends(included.document, fileOf, owners, unread);
    const document = resolveReferences(extended, fileOf, unread);
    const config = translate({ document, fileOf, owners, context, warnings, unavailable: unread.unavailable, missingIncludes: included.missing });
    const unavailable = [...unread.unavailable].filter(([name]) => isJobName(name)).map(([name, reason]) => ({ name, reason }));
    return { config, warnings: warnings.list, files: included.files, ...(unavailable.length > 0 ? { unavailable } : {}) };
  },
};
