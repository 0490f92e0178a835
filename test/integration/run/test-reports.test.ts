/**
 * Test reports through the run layer on the fake backend: read after a job passes or fails,
 * counted in its result, each failed case an event, masked like the rest of the job's text,
 * coverage per job and in total in run.json, and a warning when a declared report is missing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job, Pipeline } from '../../../src/model/pipeline.js';
import { buildPlan } from '../../../src/plan/plan.js';
import type { RunEvent } from '../../../src/run/events.js';
import { runPipeline } from '../../../src/run/run-pipeline.js';
import { FakeProvider } from '../../helpers/fake-backend.js';
import { createGitRepo } from '../../helpers/git-repo.js';
import { cleanupTempDirs } from '../../helpers/tmp-dir.js';
import { makeJob, makePipeline } from '../../unit/job-factory.js';

afterAll(cleanupTempDirs);

const steps = (...lines: string[]) => lines.map((run) => ({ name: run.split(' ')[0]!, run }));
const junit = (cases: string) => `write reports/unit.xml <testsuite name="calc">${cases}</testsuite>`;
const lcov = 'write coverage/lcov.info SF:/workspace/src/a.js\\nDA:1,1\\nDA:2,1\\nDA:3,0\\nDA:4,0\\nBRDA:1,0,0,1\\nBRDA:1,0,1,0\\nend_of_record';

async function run(jobs: Job[], env: Record<string, string> = {}) {
  const root = await createGitRepo({ 'README.md': 'hello' }, { commit: true });
  const pipeline: Pipeline = { ...makePipeline(jobs), root, source: { kind: 'file', file: path.join(root, 'ci.config.json') } };
  const events: RunEvent[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const plan = buildPlan(pipeline, { names: [], only: false, deploy: false });
    const outcome = await runPipeline({ pipeline, plan, provider: new FakeProvider(), trigger: 'run', isGit: true, concurrency: 2, failFast: false, signal: new AbortController().signal }, (event) => events.push(event));
    const record = JSON.parse(readFileSync(path.join(outcome.runDir, 'run.json'), 'utf8'));
    return { outcome, events, record };
  } finally {
    process.env = saved;
  }
}

describe('test reports in a run', () => {
  it('reads JUnit and coverage after a failed job, says each failed case as an event, and keeps coverage per job and in total', async () => {
    const reports = { junit: ['reports/unit.xml'], coverage: 'coverage/lcov.info' };
    const { outcome, events, record } = await run([
      makeJob('unit', {
        reports,
        steps: steps(junit('<testcase name="adds"/><testcase name="divides"><failure message="expected 2&#10;got 3"/></testcase>'), lcov, 'exit 1'),
      }),
    ]);
    const [result] = outcome.results;
    expect(result).toMatchObject({ status: 'failed', tests: { total: 2, passed: 1, failed: 1, skipped: 0 }, coverage: { lines: { covered: 2, total: 4 }, branches: { covered: 1, total: 2 } } });
    const failures = events.filter((event) => event.type === 'test-failure');
    expect(failures).toEqual([expect.objectContaining({ job: 'unit', suite: 'calc', name: 'divides', message: 'expected 2\ngot 3' })]);
    // Said before the job's end, so a live view shows the case with the job.
    expect(events.indexOf(failures[0]!)).toBeLessThan(events.findIndex((event) => event.type === 'job-end'));
    expect(record.jobs[0].tests.failures[0].name).toBe('divides');
    expect(record.coverage).toEqual({ lines: { covered: 2, total: 4 }, branches: { covered: 1, total: 2 } });
    // The per-file numbers stay beside the copied files for later comparisons.
    const kept = JSON.parse(readFileSync(path.join(outcome.runDir, 'reports', 'unit', 'coverage.json'), 'utf8'));
    expect(kept.files).toEqual([{ file: 'src/a.js', lines: { covered: 2, total: 4 }, branches: { covered: 1, total: 2 } }]);
  });

  it('masks secrets in test names and messages like in the log', async () => {
    const job = makeJob('unit', { reports: { junit: ['reports/unit.xml'] }, secrets: ['API_TOKEN'], steps: steps(junit('<testcase name="uses s3cr3t-value"><failure message="bad token s3cr3t-value"/></testcase>')) });
    const { outcome, events } = await run([job], { API_TOKEN: 's3cr3t-value' });
    const text = JSON.stringify([outcome.results, events]);
    expect(text).not.toContain('s3cr3t-value');
    expect(outcome.results[0]!.tests!.failures[0]).toMatchObject({ name: 'uses ••••', message: 'bad token ••••' });
  });

  it('a passed job whose declared reports are missing or broken warns and still passes', async () => {
    const { outcome, events } = await run([
      makeJob('unit', { reports: { junit: ['reports/unit.xml'], coverage: 'coverage/lcov.info' }, steps: steps('write coverage/lcov.info hello') }),
    ]);
    expect(outcome.results[0]).toMatchObject({ status: 'passed' });
    expect(outcome.results[0]!.tests).toBeUndefined();
    const warnings = events.flatMap((event) => (event.type === 'warning' ? [event.message] : []));
    expect(warnings).toEqual([expect.stringMatching(/no JUnit file matched "reports\/unit.xml"/), expect.stringMatching(/the coverage file "coverage\/lcov.info" could not be read/)]);
  });
});
