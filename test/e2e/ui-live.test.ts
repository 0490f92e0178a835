/**
 * `ci run --ui` in real headless Chromium (Debian's, installed when missing): the page, fed by
 * the server-sent events, shows a job running and then passed, a failed test case read from a
 * JUnit file and the job's coverage while another job still runs; the page's cancel stops the
 * run and leaves no container. Chromium renders the live page with its scripts (--dump-dom after
 * a bounded virtual time) and screenshots it into a temp folder kept with the test's artefacts.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium } from '../helpers/chromium.js';
import { startCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX } from './sample-pipeline.js';

const JUNIT = '<testsuite name="calc"><testcase name="adds"/><testcase name="divides"><failure message="expected 2 got 3"/></testcase></testsuite>';
const LCOV = 'SF:/workspace/src/calc.js\\nDA:1,1\\nDA:2,0\\nend_of_record\\n';

const CONFIG = {
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    slow: { steps: ['sleep 4', 'printf "\\033[32mslow done\\033[0m\\n"'] },
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

/** The page after its scripts ran (and the event stream delivered) for a bounded virtual time. */
async function renderedPage(url: string, name: string): Promise<string> {
  const profile = path.join(artefacts, `profile-${name}`);
  mkdirSync(profile, { recursive: true });
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${profile}`, '--window-size=1200,900', '--virtual-time-budget=3000'];
  await execa(chromium, [...flags, `--screenshot=${path.join(artefacts, `${name}.png`)}`, url], { timeout: 60_000, stdin: 'ignore' });
  const { stdout } = await execa(chromium, [...flags, '--dump-dom', url], { timeout: 60_000, stdin: 'ignore' });
  return stdout;
}

const stateOf = (dom: string, job: string) => new RegExp(`data-job="${job}"[^>]*>([\\w-]+)`).exec(dom)?.[1];

describe('ci run --ui in a browser', () => {
  it('shows the live run, a failed JUnit case and coverage, and cancels the run from the page', async () => {
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(CONFIG) }, { commit: true });
    const child = startCli(['run', '--ui', '--plain'], { cwd: repo });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor(() => /\[slow\]\s+▶ started/.test(out), { timeoutMs: 60_000, message: 'slow to start' });
    const url = /localci ui: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)![1]!;

    const early = await renderedPage(url, 'running');
    expect(stateOf(early, 'slow')).toBe('running');

    await waitFor(() => /\[tests\]\s+✗/.test(out) && /\[hold\]\s+▶ started/.test(out), { timeoutMs: 60_000, message: 'tests to fail while hold runs' });
    const later = await renderedPage(url, 'failed-test');
    expect(stateOf(later, 'slow')).toBe('passed');
    expect(stateOf(later, 'tests')).toBe('failed');
    expect(stateOf(later, 'hold')).toBe('running');
    expect(later).toContain('✗ calc › divides: expected 2 got 3');
    expect(later).toContain('coverage 50.0%');
    // ANSI colours became a class, the escape codes are gone.
    expect(later).toMatch(/<span class="fg-green">slow done<\/span>/);

    // The page's cancel button calls the API; the request is the one it sends.
    const token = new URL(url).searchParams.get('token')!;
    const cancel = await fetch(new URL('/api/cancel', url), { method: 'POST', headers: { 'x-localci-token': token } });
    expect(cancel.status).toBe(202);
    const result = await child.catch((error: { exitCode?: number }) => error);
    expect(result.exitCode, out).toBe(130);
    expect((await localciObjects({ projectDir: repo })).containers).toEqual([]);
  });
});
