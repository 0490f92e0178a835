/**
 * The pre-push hook on disk: install, uninstall and inspect the shim in the
 * hooks folder git really uses (`core.hooksPath`, husky, worktrees), never
 * clobbering a hook someone else wrote: it is moved aside, chained, and put back
 * byte for byte (a rename keeps content, mode and even symlinks as they were).
 */
import { chmod, lstat, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../errors.js';
import { gitMaybe } from '../../source/git.js';
import { packageFile } from '../../util/package-root.js';

/** The line that tells our shim apart from anyone else's hook. */
export const SHIM_MARKER = '# localci-managed-hook: pre-push';
export const CHAINED_SUFFIX = '.localci-chained';

const TEMPLATE = packageFile('templates/pre-push.sh');

export interface HookLocation {
  hooksDir: string;
  hookPath: string;
  chainedPath: string;
}

/** What the shim records so it can run without PATH. */
export interface ShimSettings {
  nodeBin: string;
  ciJs: string;
  /** Project folder relative to the worktree root (`.` for the root itself). */
  projectDir: string;
  /** `--config` given at install, relative to the project folder; empty for none. */
  configFile: string;
}

export interface InstallResult extends HookLocation {
  /** The shim was already there and was only refreshed. */
  refreshed: boolean;
  /** A previous hook was moved aside to be chained. */
  movedPrevious: boolean;
  settings: ShimSettings;
}

export interface UninstallResult extends HookLocation {
  removed: boolean;
  restoredPrevious: boolean;
  /** A pre-push hook exists that localci did not write; it was left alone. */
  foreignHook: boolean;
}

export interface HookStatus extends HookLocation {
  state: 'installed' | 'absent' | 'foreign';
  settings?: ShimSettings;
  chainsPrevious: boolean;
  executable: boolean;
  /** Which recorded paths still exist (a deleted nvm node, a moved checkout). */
  nodeExists: boolean;
  cliExists: boolean;
}

/** The CLI this process runs from, as the shim should call it. */
export function currentCli(): { nodeBin: string; ciJs: string } {
  return { nodeBin: process.execPath, ciJs: fileURLToPath(packageFile('bin/ci.js')) };
}

export async function locateHook(cwd: string): Promise<HookLocation> {
  const hooks = await gitMaybe(cwd, ['rev-parse', '--git-path', 'hooks']);
  if (hooks === undefined) throw new UsageError(`${cwd} is not inside a git repository.`, 'Run `ci hook` in the repository whose pushes should be checked.');
  // git prints the path relative to where it was asked.
  const hooksDir = path.resolve(cwd, hooks);
  const hookPath = path.join(hooksDir, 'pre-push');
  return { hooksDir, hookPath, chainedPath: hookPath + CHAINED_SUFFIX };
}

export async function installHook(cwd: string, cli: { nodeBin: string; ciJs: string }, configFile?: string): Promise<InstallResult> {
  const location = await locateHook(cwd);
  const prefix = (await gitMaybe(cwd, ['rev-parse', '--show-prefix'])) ?? '';
  const settings: ShimSettings = {
    ...cli,
    projectDir: prefix.replace(/\/$/, '') || '.',
    configFile: configFile ? path.relative(cwd, path.resolve(cwd, configFile)) : '',
  };
  await mkdir(location.hooksDir, { recursive: true });
  const existing = await readHook(location.hookPath);
  let movedPrevious = false;
  if (existing !== undefined && !existing.includes(SHIM_MARKER)) movedPrevious = await moveAside(location, existing);
  const shim = renderShim(await readFile(TEMPLATE, 'utf8'), settings);
  // Written beside the hook and renamed over it, so git never runs half a file.
  const temp = `${location.hookPath}.localci-${process.pid}.tmp`;
  await writeFile(temp, shim, { mode: 0o755 });
  await chmod(temp, 0o755);
  await rename(temp, location.hookPath);
  return { ...location, refreshed: existing !== undefined && !movedPrevious, movedPrevious, settings };
}

/** Moves someone else's hook to the chained name; false when it only duplicated the one chained already. */
async function moveAside(location: HookLocation, existing: string): Promise<boolean> {
  const chained = await readHook(location.chainedPath);
  // A tool that rewrites its hooks (husky on every install) may put back the very hook we chain.
  if (chained === existing) {
    await rm(location.hookPath);
    return false;
  }
  if (chained !== undefined) {
    throw new UsageError(
      `${location.hookPath} is not localci's, and ${path.basename(location.chainedPath)} already holds a previous hook.`,
      'Merge or remove one of the two hooks, then run `ci hook install` again.',
    );
  }
  await rename(location.hookPath, location.chainedPath);
  return true;
}

export async function uninstallHook(cwd: string): Promise<UninstallResult> {
  const location = await locateHook(cwd);
  const existing = await readHook(location.hookPath);
  const ours = existing?.includes(SHIM_MARKER) ?? false;
  const result: UninstallResult = { ...location, removed: false, restoredPrevious: false, foreignHook: existing !== undefined && !ours };
  if (result.foreignHook) return result;
  if (ours) {
    await rm(location.hookPath, { force: true });
    result.removed = true;
  }
  if (await exists(location.chainedPath)) {
    await rename(location.chainedPath, location.hookPath);
    result.restoredPrevious = true;
  }
  return result;
}

export async function hookStatus(cwd: string): Promise<HookStatus> {
  const location = await locateHook(cwd);
  const content = await readHook(location.hookPath);
  const chainsPrevious = await exists(location.chainedPath);
  const base = { ...location, chainsPrevious, executable: false, nodeExists: false, cliExists: false };
  if (content === undefined) return { ...base, state: 'absent' };
  if (!content.includes(SHIM_MARKER)) return { ...base, state: 'foreign' };
  const settings = parseShim(content);
  const mode = (await stat(location.hookPath)).mode;
  return {
    ...base,
    state: 'installed',
    settings,
    executable: (mode & 0o111) !== 0,
    nodeExists: await exists(settings.nodeBin),
    cliExists: await exists(settings.ciJs),
  };
}

const PLACEHOLDERS: Record<keyof ShimSettings, string> = {
  nodeBin: '@NODE_BIN@',
  ciJs: '@CI_JS@',
  projectDir: '@PROJECT_DIR@',
  configFile: '@CONFIG_FILE@',
};
const VARIABLES: Record<keyof ShimSettings, string> = { nodeBin: 'node_bin', ciJs: 'ci_js', projectDir: 'project_dir', configFile: 'config_file' };

export function renderShim(template: string, settings: ShimSettings): string {
  let text = template;
  // A function, not a string: `$&`, `$\`` and `$'` in a path must not be read as replacement patterns.
  for (const key of Object.keys(PLACEHOLDERS) as Array<keyof ShimSettings>) text = text.replaceAll(PLACEHOLDERS[key], () => shellQuote(settings[key]));
  return text;
}

/** Reads back the values `renderShim` wrote. */
export function parseShim(text: string): ShimSettings {
  const value = (key: keyof ShimSettings) => {
    // A quoted value may span lines (a newline in a path): quoted runs and escaped quotes, to the end of a line.
    const match = new RegExp(`^${VARIABLES[key]}=((?:'[^']*'|\\\\')*)$`, 'm').exec(text);
    return match?.[1] ? shellUnquote(match[1]) : '';
  };
  return { nodeBin: value('nodeBin'), ciJs: value('ciJs'), projectDir: value('projectDir'), configFile: value('configFile') };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function shellUnquote(quoted: string): string {
  return quoted.replace(/'([^']*)'|\\'/g, (_escaped, inner: string | undefined) => inner ?? "'");
}

/** The hook's text, or undefined when there is none. A dangling link reads as empty. */
async function readHook(file: string): Promise<string | undefined> {
  if (!(await exists(file))) return undefined;
  return readFile(file, 'utf8').catch(() => '');
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}
