/**
 * Test reports of a real job: node:test in the node:20 fixture image writes JUnit and lcov,
 * localci copies them out of the container after the job failed, names the failed case in the
 * summary, `ci show` and the --json stream, keeps coverage in run.json, and `ci history` shows
 * the coverage of the next run with its change.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { commitFiles, createGitRepo } from '../helpers/git-repo.js';
import { recordedRunIds, runDirOf } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';

const NODE = 'localci-test/node:20';

const CALC = `function add(a, b) { return a + b; }
function sign(n) {
  if (n < 0) return -1;
  if (n === 0) return 0;
  return 1;
}
module.exports = { add, sign };
`;
const failingTests = `import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import calc from '../src/calc.cjs';
describe('calc', () => {
  it('adds', () => assert.equal(calc.add(1, 2), 3));
  it('adds negatives', () => assert.equal(calc.add(-1, -2), -4, 'sum of -1 and -2'));
});
`;
const passingTests = `import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import calc from '../src/calc.cjs';
describe('calc', () => {
  it('adds', () => assert.equal(calc.add(1, 2), 3));
  it('signs', () => [-5, 0, 5].forEach((n) => assert.equal(calc.sign(n), Math.sign(n))));
});
`;

const CONFIG = {
  image: NODE,
  pull: 'never',
  jobs: {
    unit: {
      steps: [
        'mkdir -p reports coverage && node --test --experimental-test-coverage --test-reporter=junit --test-reporter-destination=reports/unit.xml --test-reporter=lcov --test-reporter-destination=coverage/lcov.info test/',
      ],
      reports: { junit: ['reports/*.xml'], coverage: 'coverage/lcov.info' },
    },
  },
};

let repo: string;

beforeAll(async () => {
  repo = await createGitRepo({ 'ci.config.json': JSON.stringify(CONFIG), 'src/calc.cjs': CALC, 'test/calc.test.mjs': failingTests }, { commit: true });
}, 60_000);

afterAll(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

describe('reports of a real test runner', () => {
  it('a failed run names the failed case everywhere; the next run shows coverage and its change in ci history', async () => {
    const failed = await runCli(['run'], { cwd: repo });
    expect(failed.exitCode, failed.all).toBe(1);
    expect(failed.stdout).toMatch(/✗ unit .*failed \(exit 1\).* · 2 tests, 1 failed · coverage lines \d+\.\d%/);
    expect(failed.stdout).toMatch(/✗ calc › adds negatives\n\s+sum of -1 and -2/);

    const [runId] = recordedRunIds(repo);
    const record = JSON.parse(readFileSync(path.join(runDirOf(repo, runId!), 'run.json'), 'utf8'));
    expect(record.jobs[0].tests).toMatchObject({ total: 2, failed: 1, failures: [{ suite: 'calc', name: 'adds negatives' }] });
    expect(record.coverage.lines.total).toBeGreaterThan(0);
    const failedCoverage = record.coverage.lines.covered / record.coverage.lines.total;

    const shown = await runCli(['show', runId!], { cwd: repo });
    expect(shown.stdout).toMatch(/TESTS\n\s+unit\s+2 tests, 1 failed\s+coverage lines/);
    expect(shown.stdout).toContain('✗ calc › adds negatives');

    const json = await runCli(['run', '--json', '--no-cache'], { cwd: repo });
    const events = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const failure = events.find((event) => event.type === 'test-failure');
    expect(failure).toMatchObject({ job: 'unit', suite: 'calc', name: 'adds negatives' });
    expect(failure.message).toContain('sum of -1 and -2');

    await commitFiles(repo, { 'test/calc.test.mjs': passingTests }, 'cover sign');
    const passed = await runCli(['run'], { cwd: repo });
    expect(passed.exitCode, passed.all).toBe(0);
    const newest = JSON.parse(readFileSync(path.join(runDirOf(repo, recordedRunIds(repo).at(-1)!), 'run.json'), 'utf8'));
    expect(newest.coverage.lines.covered / newest.coverage.lines.total).toBeGreaterThan(failedCoverage);

    const history = await runCli(['history'], { cwd: repo });
    const [header, latest] = history.stdout.split('\n');
    expect(header).toContain('COVERAGE');
    expect(latest).toMatch(/\d+\.\d% \(\+\d+\.\d\)/);
  });
});
