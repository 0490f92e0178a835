/**
 * Which package.json scripts become jobs, the way a user would lay them out:
 * `build`, `lint`, `typecheck`, `test` as they exist, none repeating what another
 * already runs (a `test` of `npm run lint && vitest` makes the lint job
 * redundant), and `test` after `build` only when the tests use what it builds.
 * Pure: the caller reads package.json.
 */

/** What `npm init` writes; running it would only ever fail. */
export const NPM_DEFAULT_TEST = 'echo "Error: no test specified" && exit 1';

/** Job names and the scripts that can stand for each, first match wins. */
const JOB_SCRIPTS: Array<[string, string[]]> = [
  ['build', ['build']],
  ['lint', ['lint']],
  ['typecheck', ['typecheck', 'type-check', 'check-types']],
  ['test', ['test']],
];

/** Test runners that load the sources themselves (TypeScript included), so no build is needed first. */
const SOURCE_RUNNERS = /\b(vitest|jest|bun test|tsx|ts-node|tsm|ts-mocha|esbuild-register|@swc\/register|playwright test)\b/;

export interface ScriptJob {
  name: string;
  script: string;
}

export interface ScriptJobs {
  jobs: ScriptJob[];
  /** Jobs left out because another job's script already runs them. */
  covered: Array<{ job: string; by: string }>;
  /** True when `test` should wait for `build` and get its outputs. */
  testNeedsBuild: boolean;
}

export function scriptJobs(scripts: Record<string, string>, options: { hooks: boolean; outputs: readonly string[] }): ScriptJobs {
  const candidates: ScriptJob[] = [];
  for (const [name, aliases] of JOB_SCRIPTS) {
    const script = aliases.find((alias) => scripts[alias] !== undefined && !(alias === 'test' && scripts[alias]!.trim() === NPM_DEFAULT_TEST));
    if (script !== undefined) candidates.push({ name, script });
  }
  const text = (script: string) => expanded(scripts, script, options.hooks);
  const covered: ScriptJobs['covered'] = [];
  const kept = candidates.filter((job) => {
    const by = candidates.find((other) => other !== job && !covered.some((entry) => entry.job === other.name) && runs(text(other.script), job.script, scripts[job.script]!));
    if (by !== undefined) covered.push({ job: job.name, by: by.name });
    return by === undefined;
  });
  const test = kept.find((job) => job.name === 'test');
  const build = kept.find((job) => job.name === 'build');
  const testNeedsBuild = test !== undefined && build !== undefined && options.outputs.length > 0 && usesBuild(text(test.script), options.outputs);
  return { jobs: kept, covered, testNeedsBuild };
}

/** The script's command with the scripts it calls (and npm's pre/post hooks) spliced in. */
function expanded(scripts: Record<string, string>, name: string, hooks: boolean, seen = new Set<string>()): string {
  if (seen.has(name) || scripts[name] === undefined) return '';
  seen.add(name);
  const own = [hooks ? scripts[`pre${name}`] : undefined, scripts[name], hooks ? scripts[`post${name}`] : undefined].filter((part): part is string => part !== undefined).join(' && ');
  const called = calledScripts(own, Object.keys(scripts)).map((script) => expanded(scripts, script, hooks, seen));
  return [own, ...called].filter((part) => part !== '').join(' && ');
}

/** Script names a command runs: `npm run x`, `pnpm x`, `yarn x`, `bun run x`, `npm test`, `run-s x y`, `npm-run-all x:*`. */
export function calledScripts(command: string, names: readonly string[]): string[] {
  const found = new Set<string>();
  for (const match of command.matchAll(/\b(?:npm run(?:-script)?|pnpm(?: run)?|yarn(?: run)?|bun run)\s+([\w:.@/-]+)/g)) found.add(match[1]!);
  for (const match of command.matchAll(/\b(?:npm|pnpm|yarn|bun) (test|t)\b/g)) found.add(match[1] === 't' ? 'test' : 'test');
  for (const match of command.matchAll(/\b(?:run-s|run-p|npm-run-all)((?:\s+(?:-[\w-]+|[\w:.*@/-]+))+)/g)) {
    for (const word of match[1]!.trim().split(/\s+/).filter((part) => !part.startsWith('-'))) {
      if (!word.includes('*')) found.add(word);
      else {
        const pattern = new RegExp(`^${word.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*?/g, '.*')}$`);
        for (const name of names) if (pattern.test(name)) found.add(name);
      }
    }
  }
  return [...found].filter((name) => names.includes(name));
}

/** Whether a command runs the script `name`, by name or by repeating its command word for word. */
function runs(command: string, name: string, script: string): boolean {
  if (calledScripts(command, [name]).length > 0) return true;
  const own = script.trim();
  // A one-word command (`jest`) is too common to tell repetition from coincidence.
  return /\s/.test(own) && command.includes(own);
}

function usesBuild(testCommand: string, outputs: readonly string[]): boolean {
  const mentionsOutput = outputs.some((dir) => new RegExp(`(^|[\\s'"=/])${escapeRegExp(dir.replace(/\/$/, ''))}(/|\\b)`).test(testCommand));
  return mentionsOutput || !SOURCE_RUNNERS.test(testCommand);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
