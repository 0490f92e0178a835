/**
 * The GitHub Actions importer: which workflow files to read (all found, the
 * one `--workflow` names, or the one named after `github:`), then translate.
 * `images` documents how runner labels become images; the user's image map
 * is tried first, so `LOCALCI_IMAGES='ubuntu-*=my/runner:22.04'` wins.
 */
import path from 'node:path';
import { UsageError } from '../../../errors.js';
import type { Importer, ImportRequest, ImportResult } from '../importer.js';
import { applyInstallLayer } from './install-layer.js';
import { translateWorkflows } from './translate.js';

/** Runner labels → images: Debian-based Node images carry git, bash, curl and python3 like a runner does. */
export const RUNNER_IMAGES: Record<string, string> = {
  'ubuntu-*': 'node:20',
  'self-hosted': 'node:20',
  linux: 'node:20',
};

export const githubImporter: Importer = {
  async load(request: ImportRequest): Promise<ImportResult> {
    const { files, context } = request;
    const files_ = context.workflow === undefined ? files : [pickWorkflow(files, context.workflow)];
    const choice = context.workflow !== undefined ? 'named' : files.length === 1 ? 'only' : 'found';
    const { config, warnings, unavailable, notes } = translateWorkflows(files_, context, choice);
    const layer = await applyInstallLayer(config.jobs, context.root, warnings);
    if (layer !== undefined) {
      config.install = layer.install;
      if (Object.keys(layer.env).length > 0) config.env = { ...layer.env, ...config.env };
    }
    return { config, warnings, files: files_, images: { rules: RUNNER_IMAGES, origin: 'GitHub runs-on defaults' }, ...(unavailable.length > 0 ? { unavailable } : {}), ...(notes === undefined ? {} : { notes }) };
  },
};

function pickWorkflow(files: string[], wanted: string): string {
  const base = (file: string) => path.basename(file).replace(/\.ya?ml$/, '');
  const found = files.find((file) => path.basename(file) === wanted || base(file) === wanted);
  if (found === undefined) throw new UsageError(`--workflow ${wanted}: no such workflow.`, `Found: ${files.map((file) => path.basename(file)).join(', ') || 'none'}.`);
  return found;
}
