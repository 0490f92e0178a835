/**
 * Throwaway images built from a Dockerfile given as text, for tests of odd images (an
 * entrypoint that exits at once, no shell). Built with the docker CLI from stdin, without a
 * context or a registry, and removed again by the test file that made them.
 */
import { execa } from 'execa';

const built = new Set<string>();

export async function buildImage(tag: string, dockerfile: string): Promise<string> {
  await execa('docker', ['build', '-q', '-t', tag, '-'], { input: dockerfile });
  built.add(tag);
  return tag;
}

/** Imports a root filesystem holding just the given files (no shell, no libc). */
export async function importImage(tag: string, tarball: Buffer): Promise<string> {
  await execa('docker', ['import', '-', tag], { input: tarball });
  built.add(tag);
  return tag;
}

/** Removes every image this file built (for afterAll). */
export async function removeBuiltImages(): Promise<void> {
  if (built.size === 0) return;
  await execa('docker', ['image', 'rm', '-f', ...built], { reject: false });
  built.clear();
}

/** A tag no other test file or run uses: images are shared by everything on the engine. */
export function uniqueTag(name: string): string {
  return `localci-test/${name}:${process.pid}-${Date.now().toString(36)}`;
}
