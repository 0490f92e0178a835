/**
 * Which package manager a project uses, told by the lock file git gives the
 * jobs, and how it installs exactly what the lock file says (a CI install, never
 * one that rewrites the lock): the steps, the files whose content decides what
 * gets installed, the folders the install fills, and the package manager's own
 * download cache, kept on a volume between installs. yarn and pnpm come through
 * corepack, which ships with the official Node images.
 */
import type { ProjectFiles } from './project-files.js';
import type { DependencyCacheConfig } from './types.js';

export interface InstallPlan {
  steps: string[];
  /** Files whose content decides what the install produces. */
  inputs: string[];
  /** Folders (relative to the project) the install fills. */
  paths: string[];
  cache: DependencyCacheConfig[];
  /** Caches a job's `run` line needs too (corepack's copy of yarn or pnpm, not fetched again per job). */
  runCache: DependencyCacheConfig[];
  env: Record<string, string>;
}

export interface PackageManager {
  name: 'npm' | 'yarn' | 'pnpm' | 'bun';
  /** The lock file that decided, if any. */
  lockFile?: string;
  /** One line for findings: `pnpm (pnpm-lock.yaml)`, `yarn berry (yarn.lock)`. */
  description: string;
  /** Whether `run x` also runs the `prex` and `postx` scripts (npm, yarn 1 and bun do; pnpm and yarn 2+ do not). */
  runsHooks: boolean;
  install: InstallPlan;
  /**
   * Steps a job runs before its script: `corepack enable` puts `pnpm` / `yarn` on the PATH, since
   * scripts call them by name (`"test": "pnpm lint && vitest"`), as CI's own setup makes possible.
   */
  jobSetup: string[];
  run(script: string): string;
}

/** Every file detection may read, for ProjectFiles.open. */
export const PACKAGE_MANAGER_FILES = [
  'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'yarn.lock', '.yarnrc.yml', '.yarnrc', 'bun.lock', 'bun.lockb',
  'package-lock.json', 'npm-shrinkwrap.json', '.npmrc', '.yarn/cache/**',
];

const COREPACK_CACHE: DependencyCacheConfig = { key: 'corepack', paths: ['~/.cache/node/corepack'] };
const COREPACK_ENV = { COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };

/**
 * `manifests`: the package.json files of the project and its workspace packages (root first);
 * `workspaceDirs`: the workspace packages' folders, whose own node_modules an install may fill.
 */
export function detectPackageManager(files: ProjectFiles, pkg: Record<string, unknown> = {}, workspaceDirs: readonly string[] = []): PackageManager {
  const declared = typeof pkg['packageManager'] === 'string' ? pkg['packageManager'].split('@')[0] : undefined;
  const manifests = ['package.json', ...workspaceDirs.map((dir) => `${dir}/package.json`)];
  const modules = ['node_modules', ...workspaceDirs.map((dir) => `${dir}/node_modules`)];
  const present = (names: string[]) => names.filter((name) => files.has(name));

  if (files.has('pnpm-lock.yaml') || (declared === 'pnpm' && !files.has('package-lock.json'))) {
    const store = '~/.local/share/pnpm/store';
    return {
      name: 'pnpm',
      runsHooks: false,
      ...lock(files, 'pnpm-lock.yaml'),
      description: described('pnpm', files, 'pnpm-lock.yaml'),
      // An explicit store: pnpm would otherwise put one in the workspace when its default store is on another filesystem (the cache volume).
      install: {
        steps: ['corepack enable', `pnpm install --frozen-lockfile --store-dir ${store}`],
        inputs: [...present(['pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc']), ...manifests],
        paths: modules,
        cache: [{ key: 'pnpm-store', paths: [store] }, COREPACK_CACHE],
        runCache: [COREPACK_CACHE],
        env: { ...COREPACK_ENV },
      },
      jobSetup: ['corepack enable'],
      run: (script) => `pnpm run ${script}`,
    };
  }
  if (files.has('yarn.lock') || declared === 'yarn') {
    const berry = isBerry(files, pkg);
    if (berry) {
      // Plug'n'Play leaves its loader and unplugged packages beside the lock; a node_modules linker fills node_modules.
      const pnp = ['.pnp.cjs', '.pnp.loader.mjs', '.yarn/unplugged', '.yarn/install-state.gz'];
      const localCache = files.known().some((name) => name.startsWith('.yarn/cache/')) ? [] : ['.yarn/cache'];
      return {
        name: 'yarn',
        runsHooks: false,
        ...lock(files, 'yarn.lock'),
        description: described('yarn berry', files, 'yarn.lock'),
        install: {
          steps: ['corepack enable', 'yarn install --immutable'],
          inputs: [...present(['yarn.lock', '.yarnrc.yml']), ...manifests],
          paths: [...modules, ...pnp, ...localCache],
          cache: [{ key: 'yarn-berry', paths: ['~/.yarn/berry'] }, COREPACK_CACHE],
          runCache: [COREPACK_CACHE],
          env: { ...COREPACK_ENV },
        },
        jobSetup: ['corepack enable'],
        run: (script) => `yarn run ${script}`,
      };
    }
    return {
      name: 'yarn',
      runsHooks: true,
      ...lock(files, 'yarn.lock'),
      description: described('yarn', files, 'yarn.lock'),
      install: {
        steps: ['corepack enable', 'yarn install --frozen-lockfile'],
        inputs: [...present(['yarn.lock', '.yarnrc', '.npmrc']), ...manifests],
        paths: modules,
        // As root, yarn 1 would cache under /usr/local/share; one known place is what the volume needs.
        cache: [{ key: 'yarn', paths: ['~/.cache/yarn'] }, COREPACK_CACHE],
        runCache: [COREPACK_CACHE],
        env: { ...COREPACK_ENV, YARN_CACHE_FOLDER: '/root/.cache/yarn' },
      },
      jobSetup: ['corepack enable'],
      run: (script) => `yarn run ${script}`,
    };
  }
  const bunLock = files.first(['bun.lock', 'bun.lockb']);
  if (bunLock !== undefined || declared === 'bun') {
    return {
      name: 'bun',
      runsHooks: true,
      ...lock(files, bunLock),
      description: described('bun', files, bunLock),
      install: { steps: ['bun install --frozen-lockfile'], inputs: [...present(['bun.lock', 'bun.lockb', '.npmrc']), ...manifests], paths: modules, cache: [{ key: 'bun', paths: ['~/.bun/install/cache'] }], runCache: [], env: {} },
      jobSetup: [],
      run: (script) => `bun run ${script}`,
    };
  }
  const npmLock = files.first(['package-lock.json', 'npm-shrinkwrap.json']);
  return {
    name: 'npm',
    runsHooks: true,
    ...lock(files, npmLock),
    description: described('npm', files, npmLock),
    // Without a lock file `npm ci` refuses to run; a plain install is the only option.
    install: {
      steps: [npmLock === undefined ? 'npm install' : 'npm ci'],
      inputs: [...present(['package-lock.json', 'npm-shrinkwrap.json', '.npmrc']), ...manifests],
      paths: modules,
      cache: [{ key: 'npm', paths: ['~/.npm'] }],
      runCache: [],
      env: {},
    },
    jobSetup: [],
    run: (script) => `npm run ${script}`,
  };
}

/** Yarn 2+ (berry): said by `packageManager`, by a `.yarnrc.yml`, or by the lock file's `__metadata`. */
function isBerry(files: ProjectFiles, pkg: Record<string, unknown>): boolean {
  const declared = typeof pkg['packageManager'] === 'string' ? /^yarn@(\d+)/.exec(pkg['packageManager'])?.[1] : undefined;
  if (declared !== undefined) return Number(declared) >= 2;
  if (files.has('.yarnrc.yml')) return true;
  return /^__metadata:/m.test(files.read('yarn.lock') ?? '');
}

function lock(files: ProjectFiles, name: string | undefined): { lockFile?: string } {
  return name !== undefined && files.has(name) ? { lockFile: name } : {};
}

function described(manager: string, files: ProjectFiles, lockFile: string | undefined): string {
  return lockFile !== undefined && files.has(lockFile) ? `${manager} (${lockFile})` : `${manager} (no lock file)`;
}
