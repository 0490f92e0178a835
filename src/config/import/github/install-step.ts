/**
 * The step of a job that installs its dependencies, as real workflows write it right
 * after `actions/setup-node` with `cache:` (`npm ci`, `pnpm install --frozen-lockfile`,
 * `yarn install --immutable`). Only a plain step qualifies: one command of the package
 * manager setup-node caches for, with no condition, variables, folder or shell of its own,
 * so that running localci's install layer in its place changes nothing but when it runs.
 */
import type { KeyPath } from '../../key-path.js';
import type { PackageManagerName } from './actions.js';
import type { Raw } from './parse.js';

export interface InstallStep {
  manager: PackageManagerName;
  /** The step's position among the job's translated steps. */
  index: number;
  command: string;
  file: string;
  path: KeyPath;
}

const INSTALL_COMMANDS: Record<PackageManagerName, RegExp> = {
  npm: /^npm (ci|install|i)$/,
  pnpm: /^pnpm (install|i)$/,
  yarn: /^yarn( install)?$/,
};
/** Flags that ask for exactly the lock file's install, as the install layer does anyway. */
const LOCKED_FLAGS = new Set(['--frozen-lockfile', '--immutable', '--prefer-offline', '--no-audit', '--no-fund', '--silent', '--loglevel=error']);
const OWN_KEYS = ['if', 'env', 'working-directory', 'shell', 'continue-on-error', 'timeout-minutes'];

/** The install command a step runs, when the step is a plain install of `manager`. */
export function installCommand(raw: Raw, manager: PackageManagerName | undefined, defaultDirectory: string | undefined): string | undefined {
  if (manager === undefined || typeof raw.run !== 'string' || defaultDirectory !== undefined) return undefined;
  if (OWN_KEYS.some((key) => raw[key] !== undefined)) return undefined;
  const command = raw.run.trim();
  const words = command.split(/\s+/);
  const base = words.filter((word) => !word.startsWith('-')).join(' ');
  const flags = words.filter((word) => word.startsWith('-'));
  return INSTALL_COMMANDS[manager].test(base) && flags.every((flag) => LOCKED_FLAGS.has(flag)) ? command : undefined;
}
