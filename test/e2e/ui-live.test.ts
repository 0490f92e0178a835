/**
 * `ci run --ui` in real headless Chromium (Debian's, installed when missing): the page, fed by
 * the server-sent events, shows a job running and then passed, a failed test case read from a
 * JUnit file, the job's coverage and the run's graph while another job still runs; the page's cancel stops the
 * run and leaves no container, and the page keeps the ended run in its history; `ci ui` on its own then shows
 * the run in the per-job trends, offers its artifacts as downloads and re-runs its failed job in a `ci run` of
 * its own, which the page follows live. Chromium is driven over the DevTools protocol (the page keeps its
 * event stream open, so it never finishes loading); screenshots go to a temp folder.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPage } from '../helpers/browser-page.js';
import { ensureChromium } from '../helpers/chromium.js';
import { startCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { holdProject } from '../helpers/hold-project.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX } from './sample-pipeline.js';

const JUNIT = '<testsuite name="calc"><testcase name="adds"/><testcase name="divides"><failure message="expected 2 got 3"/></testcase></testsuite>';
// Markup and terminal control in job output: shown as text, never run or obeyed.
const HOSTILE = '<img src=x onerror=alert(1)><b>bold</b>\\033]0;title\\007\\033[2J';
// An artifact that would run as a page if it were served inline.
const PAGE = '<script>document.title = 1</script>';
const LCOV = 'SF:/workspace/src/calc.js\\nDA:1,1\\nDA:2,0\\nend_of_record\\n';

const CONFIG = {
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    slow: {
      steps: ['sleep 4', 'printf "\\033[32mslow done\\033[0m\\n"', `printf '${HOSTILE}\\n'`, `mkdir -p out && echo '${PAGE}' > out/page.html`],
      artifacts: ['out/'],
    },
    tests: {
      needs: ['slow'],
      steps: [`mkdir -p reports coverage && echo '${JUNIT}' > reports/unit.xml && printf '${LCOV}' > coverage/lcov.info`, 'exit 1'],
      reports: { junit: ['reports/*.xml'], coverage: 'coverage/lcov.info' },
    },
    hold: { needs: ['slow'], steps: ['sleep 300'] },
  },
};

let chromium: string;
let artefacts: string;

beforeAll(async () => {
  chromium = await ensureChromium();
  artefacts = makeTempDir('ui-screenshots');
}, 300_000);

afterAll(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const stateIs = (job: string, state: string) => `document.querySelector('[data-job="${job}"]')?.firstChild?.textContent === '${state}'`;
const stateOf = (dom: string, job: string) => new RegExp(`data-job="${job}"[^>]*>([\\w-]+)`).exec(dom)?.[1];

describe('ci run --ui in a browser', () => {
  it('shows the live run, a failed JUnit case and coverage, and cancels the run from the page', async () => {
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(CONFIG) }, { commit: true });
    // slow stays running (paused) until the page has shown it so, however slow the machine.
    const hold = await holdProject(repo);
    const child = startCli(['run', '--ui', '--plain'], { cwd: repo });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor(() => /\[slow\]\s+▶ started/.test(out), { timeoutMs: 60_000, message: 'slow to start' });
    const url = /localci ui: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)![1]!;

    const page = await BrowserPage.open(chromium, url, path.join(artefacts, 'profile'));
    await page.waitFor(stateIs('slow', 'running'), 'the page to show slow running');
    await page.screenshot(path.join(artefacts, 'running.png'));
    await hold.release();

    await page.waitFor(`${stateIs('slow', 'passed')} && ${stateIs('tests', 'failed')} && ${stateIs('hold', 'running')}`, 'slow passed, tests failed, hold running', 60_000);
    await page.waitFor(`document.body.textContent.includes('coverage 50.0%')`, 'the coverage of tests');
    await page.screenshot(path.join(artefacts, 'failed-test.png'));
    const later = await page.html();
    expect(stateOf(later, 'slow')).toBe('passed');
    expect(later).toContain('✗ calc › divides: expected 2 got 3');
    // ANSI colours became a class, the escape codes are gone.
    expect(later).toMatch(/<span class="fg-green">slow done<\/span>/);
    // Job text stays text: no element from it, control sequences dropped; steps folded, each one a fold.
    expect(await page.evaluate(`document.querySelectorAll('.log-body img, .log-body b').length`)).toBe(0);
    const slowLog = await page.evaluate<string>(`[...document.querySelector('.log-body').querySelectorAll('.line')].map((line) => line.textContent).join('\\n')`);
    expect(slowLog).toContain('<img src=x onerror=alert(1)><b>bold</b>');
    expect(slowLog).not.toMatch(/\u001b|\u0007|title/);
    const folds = await page.evaluate<string[]>(`[...document.querySelectorAll('.log-body')][0].querySelectorAll('details.step').length + ' ' + [...document.querySelectorAll('.log-body')][1].querySelector('details.step:last-of-type').open`);
    expect(folds).toBe('4 true');
    // The run's graph: tests and hold each need slow, every box in its job's state.
    const boxes = await page.evaluate<string[]>(`[...document.querySelectorAll('.dag .node')].map((node) => node.getAttribute('data-dag-job') + ': ' + node.getAttribute('class'))`);
    expect(boxes).toEqual(['slow: node passed', 'tests: node failed', 'hold: node running']);
    expect(await page.evaluate(`document.querySelectorAll('.dag .edge').length`)).toBe(2);

    // The page's own cancel button stops the run; the page, whose server went with the run, still shows it ended in the history.
    const runId = await page.evaluate<string>(`document.querySelector('#live h2').textContent.split(' ')[1]`);
    await page.evaluate(`document.getElementById('cancel').click()`);
    const result = await child.catch((error: { exitCode?: number }) => error);
    expect(result.exitCode, out).toBe(130);
    expect((await localciObjects({ projectDir: repo })).containers).toEqual([]);
    await page.waitFor(`[...document.querySelectorAll('#history tr')].some((row) => row.textContent.includes('${runId}') && row.textContent.includes('interrupted'))`, 'the ended run in the history');
    // `ci ui` on its own shows the ended run in the per-job trends: a bar per run, coloured by the result.
    const ui = startCli(['ui'], { cwd: repo });
    let uiOut = '';
    ui.stdout?.on('data', (chunk: Buffer) => (uiOut += chunk.toString()));
    ui.stderr?.on('data', (chunk: Buffer) => (uiOut += chunk.toString()));
    await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.test(uiOut), { message: 'ci ui to print its address' });
    const history = await BrowserPage.open(chromium, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(uiOut)![0], path.join(artefacts, 'profile-history'));
    await history.waitFor(`document.querySelector('[data-trend-job="tests"] .bar.failed') && document.querySelector('[data-trend-job="slow"] .bar.passed')`, 'the trends of the ended run');
    expect(await history.evaluate(`document.querySelector('.trends').textContent`)).toContain('50.0%');
    await history.screenshot(path.join(artefacts, 'history.png'));

    // The run's artifacts: listed, and downloaded as an attachment, never as a page.
    await history.evaluate(`document.querySelector('[data-artifacts-run="${runId}"]').open = true`);
    await history.waitFor(`document.querySelector('[data-artifact="slow/out/page.html"]')`, 'the artifact link');
    const download = await history.evaluate<string[]>(
      `fetch(document.querySelector('[data-artifact="slow/out/page.html"]').href).then(async (answer) => [answer.headers.get('content-disposition'), answer.headers.get('content-type'), (await answer.text()).trim()])`,
    );
    expect(download).toEqual(['attachment; filename="page.html"; filename*=UTF-8\'\'page.html', 'application/octet-stream', PAGE]);

    // Re-run the failed jobs from the page: `ci ui` starts a `ci run` of its own, which the page follows live
    // like any other process's run (slow's pass is cached, tests fails again).
    await history.evaluate(`document.querySelector('[data-rerun-failed="${runId}"]').click()`);
    await history.waitFor(`document.querySelector('#live h2') && !document.querySelector('#live h2').textContent.includes('${runId}') && ${stateIs('tests', 'failed')}`, 'the re-run live, tests failed again', 60_000);
    expect(await history.evaluate(`document.querySelector('[data-job="slow"]').firstChild.textContent`)).toBe('cached');
    await history.screenshot(path.join(artefacts, 'rerun.png'));
    await history.waitFor(`document.querySelector('#live h2').textContent.endsWith('failed')`, 'the re-run to end');
    await waitFor(async () => (await localciObjects({ projectDir: repo })).containers.length === 0, { message: "the re-run's containers to go" });
  });
});
