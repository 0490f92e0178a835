/**
 * Debian packages that some tests need, installed on first use. Another test
 * (or a machine's own updater) may hold dpkg's lock: apt waits for it instead
 * of failing at once. The package index is refreshed only when it is too old
 * to find the package.
 */
import { execa } from 'execa';

const ENV = { DEBIAN_FRONTEND: 'noninteractive' };
const WAIT_FOR_LOCK = ['-o', 'DPkg::Lock::Timeout=300'];

export async function aptInstall(packageName: string): Promise<void> {
  const install = ['install', '-y', '-qq', ...WAIT_FOR_LOCK, packageName];
  const first = await execa('apt-get', install, { env: ENV, reject: false });
  if (first.exitCode === 0) return;
  await execa('apt-get', ['update', '-qq', ...WAIT_FOR_LOCK], { env: ENV });
  await execa('apt-get', install, { env: ENV });
}
