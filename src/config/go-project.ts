/**
 * A Go project's install: its module cache, downloaded once per go.mod/go.sum into a folder of
 * the workspace that becomes the install layer (so an unchanged go.sum downloads nothing and
 * every job reads the same modules), while the build cache stays on a volume.
 * `./...` patterns skip folders whose name starts with a dot, so the cache is never built or tested.
 */
import { WORKSPACE_DIR } from '../source/snapshot.js';
import type { ProjectFiles } from './project-files.js';
import type { DependencyCacheConfig, InstallConfig } from './types.js';

export const GO_FILES = ['go.mod', 'go.sum'];
const MODULE_CACHE = '.gomodcache';

export interface GoProject {
  image: string;
  /** The go directive, when go.mod has one. */
  version?: string;
  env: Record<string, string>;
  install: InstallConfig;
  /** The build cache every job keeps on a volume. */
  jobCache: DependencyCacheConfig[];
}

export function goProject(files: ProjectFiles): GoProject {
  const version = goVersion(files.read('go.mod') ?? '');
  return {
    image: version === undefined ? 'golang:latest' : `golang:${version}`,
    ...(version === undefined ? {} : { version }),
    // Writable module files (-modcacherw): the layer store can remove them like any other file.
    env: { GOMODCACHE: `${WORKSPACE_DIR}/${MODULE_CACHE}`, GOFLAGS: '-modcacherw' },
    install: { steps: ['go mod download'], inputs: GO_FILES, paths: [MODULE_CACHE] },
    jobCache: [{ key: 'go-build', paths: ['~/.cache/go-build'] }],
  };
}

/** The `go 1.22` / `go 1.22.3` directive of a go.mod. */
export function goVersion(goMod: string): string | undefined {
  return /^go\s+(\d+\.\d+(?:\.\d+)?)\s*(?:\/\/.*)?$/m.exec(goMod)?.[1];
}
