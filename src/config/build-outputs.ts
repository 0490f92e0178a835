/**
 * What an inferred `build` job produces, so the jobs that need it receive the
 * output as artifacts (each job starts from a fresh copy of the sources): the
 * folder the build tool writes (tsc's `outDir`, `dist` for vite, tsup, rollup…,
 * `.next` for Next.js), plus well-known output folders that the package points
 * into (`main`, `exports`, `files`…) or that `.gitignore` names.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import type { ProjectFiles } from './project-files.js';

const OUTPUT_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'types', '.next', '.output', 'storybook-static']);

/** Tools whose default output folder is known, matched as a word of the build script. */
const TOOL_OUTPUTS: Array<[RegExp, string]> = [
  [/\bnext build\b/, '.next'],
  [/\bnuxt build\b|\bnuxi build\b/, '.output'],
  [/\bsvelte-kit build\b/, '.svelte-kit'],
  [/\b(vite|tsup|unbuild|rollup|parcel build|microbundle|astro build|webpack|rspack|rslib)\b/, 'dist'],
];

/** Files the detection may read, for ProjectFiles.open. */
export const BUILD_OUTPUT_FILES = ['.gitignore', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.*.json'];

export function guessBuildOutputs(files: ProjectFiles, pkg: Record<string, unknown>, buildScript = ''): string[] {
  const dirs = new Set<string>(toolOutputs(files, buildScript));
  const referenced = [pkg['main'], pkg['module'], pkg['types'], pkg['typings'], pkg['bin'], pkg['exports'], pkg['files']].flatMap(strings);
  for (const entry of [...referenced, ...gitignored(files)]) {
    const first = topFolder(entry);
    if (OUTPUT_DIRS.has(first)) dirs.add(first);
  }
  return [...dirs].map((dir) => `${dir}/`);
}

/** The folder the build script's tool writes, when the script says which tool. */
function toolOutputs(files: ProjectFiles, script: string): string[] {
  const outputs: string[] = [];
  const flag = /--(?:out-?dir|outDir|dist-dir)[=\s]+["']?([\w./-]+)/.exec(script)?.[1] ?? /\s-d\s+["']?([\w./-]+)/.exec(script)?.[1];
  if (flag !== undefined) outputs.push(topFolder(flag));
  if (/\btsc\b/.test(script) && !/--noEmit\b/.test(script)) {
    const project = /\btsc\b[^&|;]*?(?:-p|--project)\s+["']?([\w./-]+)/.exec(script)?.[1] ?? (files.has('tsconfig.build.json') && /tsconfig\.build/.test(script) ? 'tsconfig.build.json' : 'tsconfig.json');
    const outDir = tsconfigOutDir(files, project.endsWith('.json') ? project : `${project.replace(/\/$/, '')}/tsconfig.json`);
    if (outDir !== undefined) outputs.push(topFolder(outDir));
  }
  for (const [pattern, dir] of TOOL_OUTPUTS) if (pattern.test(script)) outputs.push(dir);
  return outputs.filter((dir) => dir !== '' && dir !== '.' && dir !== '..');
}

/** `compilerOptions.outDir` of a tsconfig, following `extends` to a relative file once or twice. */
function tsconfigOutDir(files: ProjectFiles, name: string, depth = 0): string | undefined {
  const text = files.read(name.replace(/^\.\//, ''));
  if (text === undefined) return undefined;
  const config = parseJsonc(text, [], { allowTrailingComma: true }) as { compilerOptions?: { outDir?: unknown }; extends?: unknown } | undefined;
  const outDir = config?.compilerOptions?.outDir;
  if (typeof outDir === 'string') return outDir;
  if (typeof config?.extends === 'string' && config.extends.startsWith('.') && depth < 2) return tsconfigOutDir(files, config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`, depth + 1);
  return undefined;
}

function topFolder(entry: string): string {
  return entry.replace(/^\.?\//, '').replace(/\/+$/, '').split('/')[0] ?? '';
}

/** Every string inside a package.json value (strings, arrays, nested `exports` maps). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Only top-level, non-negated entries: `dist`, `/dist/`. */
function gitignored(files: ProjectFiles): string[] {
  return (files.read('.gitignore') ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!') && !line.replace(/^\//, '').replace(/\/$/, '').includes('/'));
}
