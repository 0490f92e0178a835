/**
 * Where the bench keeps what outlives one run (gitlab-ci-local, its helper image's
 * build folder, generated repositories): outside the repository, reused by later runs.
 * setup-gitlab-ci-local.sh receives it in LOCALCI_BENCH_CACHE_DIR.
 */
import os from 'node:os';
import path from 'node:path';

export function benchCacheDir(): string {
  return process.env.LOCALCI_BENCH_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'localci-bench');
}
