/**
 * The GitLab CI importer: parse (parse.ts) → expand (include.ts, extends.ts,
 * reference.ts) → translate (translate.ts) into the PipelineConfig every
 * localci front door shares.
 */
import type { Importer, ImportRequest, ImportResult } from '../importer.js';
import { resolveExtends, type KeyOwners } from './extends.js';
import { resolveIncludes } from './include.js';
import { resolveReferences } from './reference.js';
import { translate } from './translate.js';
import { Warnings } from './warnings.js';

export const gitlabImporter: Importer = {
  async load(request: ImportRequest): Promise<ImportResult> {
    const [main] = request.files;
    if (main === undefined) throw new Error('the GitLab importer needs a file');
    const warnings = new Warnings();
    const { context } = request;
    const included = resolveIncludes(main, { root: context.root, warnings, ...(context.includeDir === undefined ? {} : { includeDir: context.includeDir }) });
    const fileOf = (key: string) => included.origin.get(key) ?? main;
    const owners: KeyOwners = new Map();
    const extended = resolveExtends(included.document, fileOf, owners);
    const document = resolveReferences(extended, fileOf);
    const config = translate({ document, fileOf, owners, context, warnings });
    return { config, warnings: warnings.list, files: included.files };
  },
};
