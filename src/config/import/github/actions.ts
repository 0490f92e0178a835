/**
 * What a `uses:` step means locally. The actions nearly every workflow uses
 * map onto localci's own parts: `actions/checkout` is the workspace itself,
 * `actions/setup-node` (setup-python, setup-go) chooses the job's image,
 * `cache:` of setup-node and `actions/cache` become dependency caches,
 * `upload-artifact` becomes the job's artifacts (which reach every job that
 * needs it, so `download-artifact` has nothing left to do). Any other action
 * is fetched and run (remote-actions.ts). A ref may be a tag or a commit SHA.
 */
import { imageTagOfVersionFile } from '../../node-image.js';
import { releasedMajors, supportedLts } from '../../node-releases.js';
import type { DependencyCacheConfig } from '../../types.js';
import { toText, type Value } from './expression/values.js';
import { serviceReason } from './service-actions.js';
import { isSetupTool, setupPnpm, setupTool } from './setup-tools.js';
import { shellQuote } from './shell-library.js';

export interface ActionEffect {
  /** The job's image, chosen by a setup action. */
  image?: string;
  cache?: DependencyCacheConfig;
  artifacts?: string[];
  /** `!pattern` lines of upload-artifact's `path`. */
  artifactsExclude?: string[];
  /** download-artifact: the artifact's name, or null for every artifact. */
  download?: string | null;
  /** A command that stands in for the action, run as a step in its place. */
  run?: string;
  /** Shown as a warning at the step. */
  warning?: string;
  /** setup-node's `cache:`: the package manager whose install step may become the install layer. */
  packageManager?: PackageManagerName;
}

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn';

export interface ActionInput {
  /** `actions/setup-node@v4` or `actions/setup-node@<sha>`. */
  uses: string;
  /** `with:` values, expressions already evaluated. */
  with: Record<string, Value>;
  /** Reads a project file (`node-version-file`); undefined when missing. */
  readFile: (relative: string) => string | undefined;
}

/** setup-node's `cache:` as a dependency cache; the install layer replaces it in jobs whose install step it takes over. */
export const PACKAGE_MANAGER_CACHES: Record<string, DependencyCacheConfig> = {
  npm: { key: 'npm-{{ hashFiles("**/package-lock.json") }}', paths: ['~/.npm'] },
  pnpm: { key: 'pnpm-{{ hashFiles("**/pnpm-lock.yaml") }}', paths: ['~/.local/share/pnpm/store'] },
  yarn: { key: 'yarn-{{ hashFiles("**/yarn.lock") }}', paths: ['~/.cache/yarn', '~/.yarn/berry/cache'] },
};

const IGNORED_CHECKOUT_INPUTS = new Set(['fetch-depth', 'persist-credentials', 'clean', 'show-progress', 'token', 'ssh-key', 'fetch-tags', 'filter', 'sparse-checkout-cone-mode', 'set-safe-directory']);

/** Actions localci does itself (or knows cannot run locally): never fetched. */
const MAPPED_ACTIONS = new Set([
  'actions/checkout', 'actions/setup-node', 'actions/setup-python', 'actions/setup-go', 'actions/cache', 'actions/cache/restore', 'actions/cache/save',
  'actions/upload-artifact', 'actions/download-artifact', 'pnpm/action-setup', 'oven-sh/setup-bun', 'denoland/setup-deno', 'nick-fields/retry', 'nick-invision/retry',
]);

export function mapsOntoLocalci(uses: string): boolean {
  const name = actionName(uses);
  return MAPPED_ACTIONS.has(name) || serviceReason(name) !== undefined;
}

export function actionName(uses: string): string {
  return uses.split('@')[0]!.toLowerCase();
}

export function translateAction(input: ActionInput): ActionEffect {
  const name = actionName(input.uses);
  const text = (key: string) => (input.with[key] === undefined || input.with[key] === null ? undefined : toText(input.with[key]!).trim());
  switch (name) {
    case 'actions/checkout': {
      const unusual = Object.keys(input.with).filter((key) => !IGNORED_CHECKOUT_INPUTS.has(key));
      return unusual.length === 0 ? {} : { warning: `approximated: the workspace is the checkout; ${unusual.join(', ')} ${unusual.length === 1 ? 'is' : 'are'} ignored` };
    }
    case 'actions/setup-node':
      return setupNode(input, text);
    case 'actions/cache':
    case 'actions/cache/restore':
    case 'actions/cache/save': {
      const key = text('key');
      const paths = (text('path') ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('!'));
      if (!key || paths.length === 0) return { warning: 'ignored: a cache needs `key` and `path`' };
      return { cache: { key, paths } };
    }
    case 'actions/upload-artifact': {
      const lines = (text('path') ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
      const paths = lines.filter((line) => !line.startsWith('!'));
      const exclude = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1));
      if (paths.length === 0) return { warning: 'ignored: upload-artifact without `path`' };
      return exclude.length === 0 ? { artifacts: paths } : { artifacts: paths, artifactsExclude: exclude };
    }
    case 'actions/download-artifact': {
      const download = text('name') ?? null;
      // upload-artifact stores paths below their common folder; a `path` puts them back there, as localci always does.
      return text('path') && download === null ? { download, warning: 'approximated: artifacts of needed jobs are already in the workspace at their own paths; `path` is ignored' } : { download };
    }
    case 'pnpm/action-setup':
      return setupPnpm(text);
    case 'nick-fields/retry':
    case 'nick-invision/retry':
      return retryCommand(text);
    default: {
      if (isSetupTool(name)) return setupTool(name, text);
      const why = serviceReason(name);
      if (why !== undefined) return { warning: `skipped: ${input.uses} ${why}` };
      return { warning: `skipped: the action ${input.uses} does not run locally (localci runs \`run:\` steps and the actions docs/github-actions.md lists)` };
    }
  }
}

function setupNode(input: ActionInput, text: (key: string) => string | undefined): ActionEffect {
  const cacheName = text('cache');
  const cache = cacheName ? PACKAGE_MANAGER_CACHES[cacheName] : undefined;
  const extra: ActionEffect = cache ? { cache, packageManager: cacheName as PackageManagerName } : cacheName ? { warning: `ignored: cache: ${cacheName} is not npm, pnpm or yarn` } : {};
  const version = text('node-version');
  const versionFile = text('node-version-file');
  const content = version ?? (versionFile ? input.readFile(versionFile) : undefined);
  if (content === undefined) {
    const why = versionFile ? `${versionFile} cannot be read` : 'no node-version';
    return { ...extra, warning: `approximated: ${why}; the job runs in its runs-on image's Node` };
  }
  const tag = imageTagOfVersionFile(content.replace(/\.x$/i, '').replace(/^latest$|^current$/i, 'node'));
  if (tag === undefined) return { ...extra, warning: `approximated: node-version ${JSON.stringify(content)} is not understood; the job runs in its runs-on image's Node` };
  return { ...extra, image: `node:${majorOfTag(tag)}` };
}

/**
 * `lts` and `current` become the major they stand for today, so every leg runs in `node:<major>`
 * (the image map's documented form) and the leg's image says which Node it tests.
 */
function majorOfTag(tag: string): string {
  const today = new Date();
  if (tag === 'lts') return String(supportedLts(today)[0] ?? tag);
  if (tag === 'current') return String(releasedMajors(today)[0]?.major ?? tag);
  return tag;
}

/** nick-fields/retry: its `command` in a loop of `max_attempts`, `retry_wait_seconds` apart. */
function retryCommand(text: (key: string) => string | undefined): ActionEffect {
  const command = text('command');
  if (!command) return { warning: 'ignored: retry without `command`' };
  const attempts = Math.max(1, Number.parseInt(text('max_attempts') ?? '1', 10) || 1);
  const wait = Math.max(0, Number.parseInt(text('retry_wait_seconds') ?? '10', 10) || 0);
  const shell = text('shell') === 'bash' ? 'bash -e' : 'sh -e';
  const run = `_n=1; until ${shell} -c ${shellQuote(command)}; do [ "$_n" -lt ${attempts} ] || exit 1; _n=$((_n + 1)); echo "retry: attempt $_n of ${attempts} in ${wait}s"; sleep ${wait}; done`;
  const ignored = ['timeout_minutes', 'timeout_seconds'].filter((key) => text(key) !== undefined);
  return ignored.length === 0 ? { run } : { run, warning: `approximated: ${ignored.join(', ')} ignored (the step's timeout-minutes applies)` };
}
