/**
 * The project's own test runners, run on the host the way a developer runs them: vitest (this
 * checkout's own), jest (installed once from the npm registry into a cache folder outside any
 * project, like the fixture images) and `node --test`. Each answers with the test files and
 * test names it found, so a test can check that localci changed nothing they see.
 */
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from './repo-root.js';

const JEST_VERSION = '30';
/** Outside every project and every test's temp folders; kept between runs as the fixture images are. */
const JEST_HOME = path.join(os.homedir(), '.cache', 'localci-test', `jest-${JEST_VERSION}`);
const JEST_BIN = path.join(JEST_HOME, 'node_modules', 'jest', 'bin', 'jest.js');

/** Installs jest into its cache folder unless it is there; one install at a time on the machine. */
export async function ensureJest(): Promise<void> {
  if (existsSync(JEST_BIN)) return;
  mkdirSync(JEST_HOME, { recursive: true });
  const install = `test -f ${JSON.stringify(JEST_BIN)} || npm install --no-audit --no-fund --no-save --prefix ${JSON.stringify(JEST_HOME)} jest@${JEST_VERSION}`;
  await execa('flock', [path.join(JEST_HOME, '..', `jest-${JEST_VERSION}.lock`), 'sh', '-c', install], { stdio: 'inherit', timeout: 280_000 });
}

/** What one runner saw: the test files it ran (relative) and the tests, sorted. */
export interface SeenTests {
  files: string[];
  tests: string[];
}

export type HostRunner = 'vitest' | 'jest' | 'node:test';
export const HOST_RUNNERS: readonly HostRunner[] = ['vitest', 'jest', 'node:test'];

/** The files a project needs so that each runner finds its own tests (and only those). */
export function hostRunnerFiles(): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'host-runners-project', version: '1.0.0', private: true }),
    'vitest.config.mjs': "export default { test: { globals: true, include: ['**/*.vitest.js'] } };\n",
    'jest.config.cjs': "module.exports = { testMatch: ['**/*.jest.cjs'] };\n",
    'math/add.vitest.js': "test('adds with vitest', () => { expect(1 + 1).toBe(2); });\n",
    'math/sub/sub.vitest.js': "test('subtracts with vitest', () => { expect(2 - 1).toBe(1); });\n",
    'math/add.jest.cjs': "test('adds with jest', () => { expect(1 + 1).toBe(2); });\n",
    'math/mul.jest.cjs': "test('multiplies with jest', () => { expect(2 * 2).toBe(4); });\n",
    'math/add.test.mjs': "import test from 'node:test';\nimport assert from 'node:assert';\ntest('adds with node:test', () => assert.equal(1 + 1, 2));\n",
    'test/div.mjs': "import test from 'node:test';\nimport assert from 'node:assert';\ntest('divides with node:test', () => assert.equal(4 / 2, 2));\n",
  };
}

export async function seenBy(runner: HostRunner, dir: string): Promise<SeenTests> {
  switch (runner) {
    case 'vitest':
      return fromJestLikeJson(dir, await run(dir, process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, '--reporter=json']));
    case 'jest':
      return fromJestLikeJson(dir, await run(dir, process.execPath, [JEST_BIN, '--ci', '--json']));
    case 'node:test':
      return fromTap(await run(dir, process.execPath, ['--test', '--test-reporter=tap']));
  }
}

async function run(dir: string, command: string, args: string[]): Promise<string> {
  // The runner's own CI detection and colours stay out of what is compared.
  const result = await execa(command, args, { cwd: dir, env: { CI: 'true', NO_COLOR: '1', FORCE_COLOR: undefined }, reject: false, timeout: 100_000, all: true });
  if (result.exitCode !== 0) throw new Error(`${path.basename(args[0] ?? command)} failed in ${dir} (exit ${result.exitCode}):\n${result.all}`);
  return result.stdout;
}

/** vitest's json reporter speaks jest's format. */
function fromJestLikeJson(dir: string, stdout: string): SeenTests {
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { testResults: Array<{ name: string; assertionResults: Array<{ fullName?: string; title: string }> }> };
  return {
    files: report.testResults.map((file) => path.relative(dir, file.name)).sort(),
    tests: report.testResults.flatMap((file) => file.assertionResults.map((test) => `${path.relative(dir, file.name)}: ${test.title}`)).sort(),
  };
}

/** node's tap output names each test (`ok 1 - adds with node:test`), not its file. */
function fromTap(stdout: string): SeenTests {
  const tests = [...stdout.matchAll(/^ok \d+ - (.+)$/gm)].map((match) => match[1]!).sort();
  return { files: [], tests };
}
