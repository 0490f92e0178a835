/**
 * Small tmpfs mounts (needs root) for tests of a full disk: a folder of the project is made
 * `size` bytes big, so a run that writes more hits ENOSPC exactly as on a full disk. A mount
 * must go before the temp dir holding it is removed, and afterEach hooks run before
 * onTestFinished ones: a file that removes temp dirs in afterEach calls unmountAllTmpfs()
 * there first. A mount is also undone when its test ends, pass or fail, in any case.
 */
import { mkdirSync } from 'node:fs';
import { execa, execaSync } from 'execa';
import { onTestFinished } from 'vitest';

const mounted = new Set<string>();

// Last resort for a worker that ends without running hooks: a lazy unmount cannot fail on a busy mount.
process.once('exit', () => {
  for (const dir of mounted) execaSync('umount', ['-l', dir], { reject: false });
});

/** Mounts an empty tmpfs of `size` (`1m`, `512k`) on `dir`, creating the folder first. */
export async function mountTmpfs(dir: string, size: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await execa('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounted.add(dir);
  onTestFinished(() => unmountTmpfs(dir));
}

export async function unmountAllTmpfs(): Promise<void> {
  await Promise.all([...mounted].map(unmountTmpfs));
}

export async function unmountTmpfs(dir: string): Promise<void> {
  if (!mounted.delete(dir)) return;
  // -l: a CLI still being killed may hold a file open; the mount goes once it lets go.
  await execa('umount', ['-l', dir]);
}
