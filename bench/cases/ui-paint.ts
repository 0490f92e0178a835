/**
 * `ci ui` first paint: a project with a full history (50 runs, the retention cap, each of a
 * 4-job pipeline with tests, coverage and cache keys: 200 jobs; then of a 200-job pipeline), the
 * page loaded in headless Chromium again and again in one browser. Measured from the start of
 * the navigation: the first contentful paint, and the moment the history table and per-job trends
 * stand on the page (a performance mark the page sets).
 */
import path from 'node:path';
import { execa } from 'execa';
import { BrowserPage } from '../../test/helpers/browser-page.js';
import { ensureChromium } from '../../test/helpers/chromium.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import type { JobResult } from '../../src/run/events.js';
import { writeRunRecord, type RunRecord } from '../../src/run/run-record.js';
import { projectState } from '../../src/state/project-state.js';
import { median } from '../measure.js';
import { makeProject, tempDir } from '../project.js';
import type { BenchRow } from '../row.js';

const RUNS = 50;
const GOAL_MS = 300;

export async function uiPaintBench(cli: string, samples = 10): Promise<BenchRow[]> {
  const chromium = await ensureChromium();
  const rows: BenchRow[] = [];
  for (const jobs of [4, 200]) {
    const project = makeProject({ 'README.md': 'bench\n' });
    await writeHistory(project, jobs);
    const { fcp, shown, answered } = await measurePaint(cli, chromium, project, samples);
    const label = `${RUNS} runs × ${jobs} jobs`;
    rows.push(
      { name: `\`ci ui\` first contentful paint, history of ${label}`, value: fcp, unit: 'ms', runs: samples },
      { name: `\`ci ui\` history and trends shown, history of ${label}`, value: shown, unit: 'ms', runs: samples, goal: `< ${GOAL_MS} ms`, ok: shown < GOAL_MS },
      { name: '  … of which the history answer (`/api/runs`) received', value: answered, unit: 'ms', runs: samples },
    );
  }
  return rows;
}

async function writeHistory(root: string, jobCount: number): Promise<void> {
  const state = projectState(root);
  const names = Array.from({ length: jobCount }, (_, index) => `job-${String(index).padStart(3, '0')}`);
  for (let run = 0; run < RUNS; run += 1) {
    const runId = `20260101-${String(100000 + run)}-${String(run).padStart(4, '0')}`;
    const startedAt = Date.UTC(2026, 0, 1, 10, run);
    const jobs: JobResult[] = names.map((job, index) => ({
      job,
      // Every seventh job fails now and then, on the same key as its passes: flaky.
      status: index % 7 === 0 && run % 3 === 0 ? 'failed' : 'passed',
      durationMs: 1000 + ((run * 37 + index * 11) % 5000),
      attempts: 1,
      startedAt,
      tests: { total: 40, passed: 40, failed: 0, skipped: 0, failures: [] },
      coverage: { lines: { covered: 800 + run, total: 1000 } },
    }));
    const record: RunRecord = {
      schema: 1, runId, trigger: 'run', pid: 1, status: jobs.some((job) => job.status === 'failed') ? 'failed' : 'passed',
      startedAt: new Date(startedAt).toISOString(), finishedAt: new Date(startedAt + 30_000).toISOString(),
      commit: `${String(run).padStart(8, '0')}${'a'.repeat(32)}`, branch: 'main', dirty: false,
      plan: names.map((job) => ({ job, needs: [], image: 'busybox' })),
      jobKeys: Object.fromEntries(names.map((job) => [job, `key-${job}`])),
      jobs,
      coverage: { lines: { covered: (800 + run) * jobCount, total: 1000 * jobCount } },
    };
    await writeRunRecord(await state.folder('runs', runId), record);
  }
}

async function measurePaint(cli: string, chromium: string, project: string, samples: number): Promise<{ fcp: number; shown: number; answered: number }> {
  const ui = execa(process.execPath, [cli, 'ui'], { cwd: project, reject: false, env: { NO_COLOR: '1' } });
  let printed = '';
  ui.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const address = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/;
  let page: BrowserPage | undefined;
  try {
    await waitFor(() => address.test(printed), { timeoutMs: 30_000, message: 'ci ui to print its address' });
    const url = address.exec(printed)![0];
    page = await BrowserPage.open(chromium, url, path.join(tempDir(), 'profile'));
    const fcps: number[] = [];
    const shown: number[] = [];
    const answered: number[] = [];
    // The first load warms the browser and the server up; it is not counted.
    for (let sample = -1; sample < samples; sample += 1) {
      if (sample >= 0) await page.navigate(`${url}&sample=${sample}`);
      await page.waitFor(`location.search.includes('sample=${sample}') || ${sample} < 0`, 'the page to load');
      await page.waitFor(`performance.getEntriesByName('localci:history-shown').length > 0 && performance.getEntriesByName('first-contentful-paint').length > 0`, 'the history to show', 30_000);
      const [fcp, mark, answer] = await page.evaluate<[number, number, number]>(
        `[performance.getEntriesByName('first-contentful-paint')[0].startTime, performance.getEntriesByName('localci:history-shown')[0].startTime, performance.getEntriesByType('resource').find((entry) => entry.name.includes('/api/runs')).responseEnd]`,
      );
      if (sample >= 0) {
        fcps.push(fcp);
        shown.push(mark);
        answered.push(answer);
      }
    }
    return { fcp: median(fcps), shown: median(shown), answered: median(answered) };
  } finally {
    await page?.close();
    ui.kill('SIGINT');
    await ui;
  }
}
