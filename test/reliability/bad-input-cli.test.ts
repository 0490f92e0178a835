/**
 * Bad input at the front door: command lines a person could type by mistake, and every
 * malformed config of the corpus (test/fixtures/bad-configs) given to `ci run --json`. Each is
 * exit 2 with one clear sentence that names the flag, or the file and the key path, and a hint;
 * never a stack trace (without --debug), never a half-written JSON stream, and nothing starts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { expectNoStackTrace, expectUsageError, STACK_FRAME } from '../helpers/cli-output.js';
import { createBusyboxProject, type Jobs } from '../helpers/busybox-project.js';
import { limitConcurrency } from '../helpers/pool.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';

const BAD_CONFIGS = path.join(REPO_ROOT, 'test', 'fixtures', 'bad-configs');
const expectations = JSON.parse(readFileSync(path.join(BAD_CONFIGS, 'expectations.json'), 'utf8')) as Record<string, string[]>;
/** The CLI calls are quick but many: four at a time keeps two cores busy. */
const AT_ONCE = 4;

/** A deploy job and an environment, so deploy and environment misuse can be tried too. */
const JOBS: Jobs = { build: { steps: ['echo built'] }, ship: { needs: ['build'], environment: 'staging', steps: ['echo shipped'] } };
const ENVIRONMENTS = { environments: { staging: { build: { dockerfile: 'Dockerfile' }, run: { ports: [8080] } } } };

/** Where a command line runs: a committed git repository, or a folder outside git. */
type Where = 'repo' | 'plain';
const projects = {} as Record<Where, string>;
let misuseResults: Array<Promise<CliResult>> = [];
let corpusResults: Array<Promise<CliResult>> = [];

// Every command line of both tables starts here, a few at once; each test awaits and checks its own.
beforeAll(async () => {
  projects.repo = await createBusyboxProject(JOBS, { config: ENVIRONMENTS });
  projects.plain = await createBusyboxProject(JOBS, { config: ENVIRONMENTS, kind: 'plain' });
  const atOnce = limitConcurrency(AT_ONCE);
  misuseResults = MISUSES.map(([args, , where = 'repo']) => atOnce(() => runCli(args, { cwd: projects[where], outlivesTest: true })));
  corpusResults = CORPUS.map(([file]) => atOnce(() => runCli(['run', '--json', '--config', file], { cwd: BAD_CONFIGS, outlivesTest: true })));
});
afterAll(async () => {
  // A call no test awaited (the file stopped early) still ends before its project folder goes.
  await Promise.allSettled([...misuseResults, ...corpusResults]);
  await cleanupTempDirs();
});

// [command line, what the first line must mention, where it runs (default: repo)]
const MISUSES: Array<[string[], string, Where?]> = [
  // Commands and options that do not exist.
  [['bogus'], "unknown command 'bogus'"],
  [['--bogus'], "unknown option '--bogus'"],
  [['list', '--bogus'], "unknown option '--bogus'"],
  [['list', 'extra'], "too many arguments for 'list'"],
  [['config', '--json'], "unknown option '--json'"],
  // Values that are not what the option takes.
  [['run', '--concurrency', '0'], "'-j, --concurrency <n>' argument '0' is invalid"],
  [['run', '--concurrency', 'abc'], "'-j, --concurrency <n>' argument 'abc' is invalid"],
  [['run', '-j', '1.5'], "argument '1.5' is invalid"],
  [['run', '-j', '-1'], "argument '-1' is invalid"],
  [['run', '--concurrency='], "argument '' is invalid"],
  [['watch', '-j', '0'], "'-j, --concurrency <n>' argument '0' is invalid"],
  [['history', '-n', '0'], "'-n, --limit <n>' argument '0' is invalid"],
  [['history', '--limit', 'x'], "'-n, --limit <n>' argument 'x' is invalid"],
  [['env', 'logs', 'staging', '--tail', 'all'], "'-n, --tail <n>' argument 'all' is invalid"],
  [['deploy', '--health-timeout', 'soon'], '--health-timeout "soon" is not a duration'],
  // Options missing their value.
  [['run', '--commit'], "'--commit <ref>' argument missing"],
  [['run', '--junit'], "'--junit <file>' argument missing"],
  [['run', '-c'], "'-c, --config <file>' argument missing"],
  [['logs', '--run'], "'--run <id>' argument missing"],
  // Options that contradict each other or need something they did not get.
  [['run', '--json', '--plain'], "option '--json' cannot be used with option '--plain'"],
  [['run', '--only'], '--only needs the names of the jobs to run'],
  [['watch', '--only'], '--only needs the names of the jobs to run'],
  [['run', 'ship'], 'Job "ship" deploys to the "staging" environment'],
  // Names and refs that do not exist.
  [['run', 'biuld'], 'Unknown job "biuld"'],
  [['run', 'nosuch', '--only'], 'Unknown job "nosuch"'],
  [['watch', 'nosuch'], 'Unknown job "nosuch"'],
  [['run', '--commit', 'nosuch'], '--commit nosuch does not name a commit'],
  [['run', '--since', 'nosuch'], '--since nosuch does not name a commit'],
  [['bisect', 'nosuch', 'HEAD'], 'The good commit "nosuch" is not a commit'],
  [['bisect', 'HEAD', 'HEAD'], 'No commits between HEAD and HEAD'],
  [['deploy', 'production'], 'No environment named "production"'],
  [['env', 'down', 'production'], 'No environment named "production"'],
  [['logs', '--run', 'nosuch'], 'No runs recorded here yet'],
  [['show', 'nosuch'], 'No runs recorded here yet'],
  // Files and folders that are not there.
  [['--config', 'missing.ts', 'list'], 'Config file not found: missing.ts'],
  [['--config', '.', 'list'], '--config needs a file, but . is a directory'],
  [['--config', 'ci.config.toml', 'list'], 'ci.config.toml'],
  [['--cwd', 'no/such/dir', 'list'], '--cwd no/such/dir: no such directory'],
  [['init'], 'ci.config.json already defines the pipeline'],
  // Subcommands used wrong.
  [['hook'], '`ci hook` needs a subcommand: install, uninstall, status'],
  [['hook', 'instal'], "unknown command 'instal' for `ci hook` (did you mean install?)"],
  [['hook', 'install', 'extra'], "too many arguments for 'install'"],
  [['hook', 'install', '--force'], "unknown option '--force'"],
  [['cache'], '`ci cache` needs a subcommand: ls, prune, clear'],
  [['cache', 'purge'], "unknown command 'purge' for `ci cache`"],
  [['cache', 'ls', 'extra'], "too many arguments for 'ls'"],
  [['env'], '`ci env` needs a subcommand: ls, logs, down'],
  [['env', 'logs'], "missing required argument 'env'"],
  [['images', 'bogus'], 'Unknown images action "bogus"'],
  [['images', 'prune', 'extra'], "too many arguments for 'images'"],
  [['bisect'], "missing required argument 'good'"],
  [['bisect', 'HEAD'], "missing required argument 'bad'"],
  // Commands that need git, outside git.
  [['hook', 'install'], 'is not inside a git repository', 'plain'],
  [['hook', 'status'], 'is not inside a git repository', 'plain'],
  [['bisect', 'HEAD~1', 'HEAD'], 'not in a git repository', 'plain'],
  [['run', '--commit', 'HEAD'], '--commit needs a git repository', 'plain'],
  [['run', '--since', 'HEAD'], '--since needs a git repository', 'plain'],
];

const CORPUS = Object.entries(expectations);

describe('command lines used wrong: exit 2, one sentence naming the flag, a hint', () => {
  it('covers at least 40 mistakes', () => {
    expect(MISUSES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(MISUSES.map((misuse, index) => [misuse[0], misuse[1], index] as const))('ci %j', async (_args, mentions, index) => {
    expectUsageError(await misuseResults[index]!, mentions);
  });
});

describe('the malformed config corpus through `ci run --json`', () => {
  it.each(CORPUS.map(([file, expected], index) => [file, expected, index] as const))('%s', async (file, expected, index) => {
    const result = await corpusResults[index]!;
    expect(result.exitCode, result.all).toBe(2);
    // No run started, so not one event: a consumer never sees half a stream.
    expect(result.stdout).toBe('');
    expectNoStackTrace(result);
    for (const text of expected) expect(result.stderr).toContain(text);
    // One line per problem, each naming the file first.
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error /);
    for (const line of lines) expect(line.replace(/^error /, '')).toMatch(new RegExp(`^${escapeRegExp(file)}: `));
  });

  it('prints the stack trace of a config error with --debug only', async () => {
    const result = await runCli(['run', '--json', '--debug', '--config', 'throws-at-load.ts'], { cwd: BAD_CONFIGS });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(STACK_FRAME);
  });
});

describe('input that looks wrong but is fine', () => {
  it('reads JSON, YAML and package.json that start with a byte-order mark', async () => {
    const dir = makeTempDir('bom');
    const BOM = '\uFEFF';
    const config = { image: 'node:20', jobs: { test: { steps: ['npm test'] } } };
    writeFileSync(path.join(dir, 'ci.config.json'), BOM + JSON.stringify(config));
    writeFileSync(path.join(dir, 'ci.config.yaml'), `${BOM}image: node:20\njobs:\n  test:\n    steps: [npm test]\n`);
    writeFileSync(path.join(dir, 'package.json'), BOM + JSON.stringify({ name: 'with-bom', ci: config }));
    for (const file of ['ci.config.json', 'ci.config.yaml', 'package.json']) {
      const result = await runCli(['list', '--json', '--config', file], { cwd: dir });
      expect(result.exitCode, result.all).toBe(0);
      expect(JSON.parse(result.stdout).jobs.map((job: { name: string }) => job.name)).toEqual(['test']);
    }
  });

  it('is not thrown off by a broken package.json when the config is elsewhere', async () => {
    const dir = makeTempDir('broken-package');
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "half-written", ');
    writeFileSync(path.join(dir, 'ci.config.json'), JSON.stringify({ image: 'node:20', jobs: { test: { steps: ['npm test'] } } }));
    const result = await runCli(['list', '--config', 'ci.config.json'], { cwd: dir });
    expect(result.exitCode, result.all).toBe(0);
    // Without a config of its own, the broken package.json is the config, and a plain syntax error.
    const alone = await runCli(['list', '--config', 'package.json'], { cwd: dir });
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toMatch(/^error package\.json: syntax error at 1:\d+: /);
    expectNoStackTrace(alone);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
