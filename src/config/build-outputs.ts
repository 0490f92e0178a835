/**
 * A guess at what an inferred `build` job produces, so the jobs that need
 * it receive the output as artifacts (each job starts from a fresh copy of
 * the sources). Only well-known output folder names count, found where the
 * package points into them (`main`, `exports`, `files`…) or in `.gitignore`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const OUTPUT_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'types', '.next', '.output', 'storybook-static']);

export function guessBuildOutputs(root: string, pkg: Record<string, unknown>): string[] {
  const referenced = [pkg['main'], pkg['module'], pkg['types'], pkg['typings'], pkg['bin'], pkg['exports'], pkg['files']].flatMap(strings);
  const ignored = readGitignore(root);
  const dirs = new Set<string>();
  for (const entry of [...referenced, ...ignored]) {
    const first = entry.replace(/^\.?\//, '').replace(/\/+$/, '').split('/')[0] ?? '';
    if (OUTPUT_DIRS.has(first)) dirs.add(first);
  }
  return [...dirs].map((dir) => `${dir}/`);
}

/** Every string inside a package.json value (strings, arrays, nested `exports` maps). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function readGitignore(root: string): string[] {
  const file = path.join(root, '.gitignore');
  if (!existsSync(file)) return [];
  // Only top-level, non-negated entries: `dist`, `/dist/`.
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!') && !line.replace(/^\//, '').replace(/\/$/, '').includes('/'));
}
