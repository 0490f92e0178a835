/**
 * Which package manager a project uses, told by its lock file, and the
 * commands that install exactly what the lock file says (a CI install, not
 * one that rewrites the lock). yarn and pnpm come through corepack, which
 * ships with the official Node images, so no extra install step is needed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface PackageManager {
  name: 'npm' | 'yarn' | 'pnpm' | 'bun';
  /** The lock file that decided, if any. */
  lockFile?: string;
  install: string;
  run(script: string): string;
}

export function detectPackageManager(root: string): PackageManager {
  const has = (file: string) => existsSync(path.join(root, file));
  if (has('pnpm-lock.yaml')) {
    return { name: 'pnpm', lockFile: 'pnpm-lock.yaml', install: 'corepack enable && pnpm install --frozen-lockfile', run: (s) => `pnpm run ${s}` };
  }
  if (has('yarn.lock')) {
    // Yarn 2+ (berry) renamed --frozen-lockfile to --immutable; .yarnrc.yml only exists there.
    const flag = has('.yarnrc.yml') ? '--immutable' : '--frozen-lockfile';
    return { name: 'yarn', lockFile: 'yarn.lock', install: `corepack enable && yarn install ${flag}`, run: (s) => `yarn ${s}` };
  }
  for (const lockFile of ['bun.lock', 'bun.lockb']) {
    if (has(lockFile)) return { name: 'bun', lockFile, install: 'bun install --frozen-lockfile', run: (s) => `bun run ${s}` };
  }
  for (const lockFile of ['package-lock.json', 'npm-shrinkwrap.json']) {
    if (has(lockFile)) return { name: 'npm', lockFile, install: 'npm ci', run: (s) => `npm run ${s}` };
  }
  // Without a lock file `npm ci` refuses to run; a plain install is the only option.
  return { name: 'npm', install: 'npm install', run: (s) => `npm run ${s}` };
}
