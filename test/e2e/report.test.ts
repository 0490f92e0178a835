/**
 * Machine and human output of one run, checked by real consumers: the NDJSON
 * stream line by line against docs/json-events.md, the JUnit file by a strict XML
 * parser, the HTML report rendered by headless Chromium into a screenshot.
 */
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, screenshot } from '../helpers/chromium.js';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { decodePng, distinctColours } from '../helpers/png.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { findAll, parseXml } from '../helpers/xml.js';
import { recordedRunIds, runDirOf } from '../helpers/local-state.js';
import { BUSYBOX } from './sample-pipeline.js';

const CONFIG = {
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    compile: { steps: ['echo "compiling <main.c> & friends"', 'sleep 1', 'printf "\\033[32mgreen\\033[0m done\\n"'] },
    'unit-tests': { needs: ['compile'], steps: ['for i in $(seq 1 80); do echo "test $i ok"; done', 'echo "expected 2 == 3" >&2; exit 5'] },
    'lint-check': { needs: ['compile'], steps: ['sleep 2', 'echo lint clean'] },
    publish: { needs: ['unit-tests', 'lint-check'], steps: ['echo never'] },
  },
};

let repo: string;
let out: string;
let result: Awaited<ReturnType<typeof runCli>>;
let chromium: string;

beforeAll(async () => {
  chromium = await ensureChromium();
  repo = await createGitRepo({ 'ci.config.json': JSON.stringify(CONFIG) }, { commit: true });
  out = makeTempDir('report-out');
  result = await runCli(['run', '--json', '--junit', path.join(out, 'results.xml'), '--report', 'report/run.html'], { cwd: repo });
}, 300_000);

afterAll(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const JOB_STATUSES = ['passed', 'cached', 'failed', 'allowed-failure', 'skipped', 'cancelled', 'timed-out'];

/** The documented shape of each event type (docs/json-events.md): field → type. */
const FIELDS: Record<string, Record<string, string>> = {
  'run-start': { runId: 'string', time: 'number', jobs: 'object', dirty: 'boolean' },
  image: { image: 'string', time: 'number', state: 'string' },
  'job-start': { job: 'string', time: 'number', attempt: 'number', image: 'string' },
  'step-start': { job: 'string', time: 'number', index: 'number', name: 'string' },
  log: { job: 'string', time: 'number', stream: 'string', line: 'string' },
  'job-end': { time: 'number', result: 'object' },
  'run-end': { time: 'number', status: 'string', durationMs: 'number', results: 'object' },
};

describe('ci run --json', () => {
  it('prints one documented event per line, and nothing else', () => {
    expect(result.exitCode, result.stderr).toBe(1);
    // (execa drops the final newline.)
    const lines = result.stdout.split('\n');
    const events = lines.map((line, index) => {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line);
      } catch {
        throw new Error(`line ${index + 1} is not JSON: ${line}`);
      }
      expect(event.schema, line).toBe(1);
      const fields = FIELDS[event.type as string];
      expect(fields, `unknown event type in ${line}`).toBeDefined();
      for (const [field, type] of Object.entries(fields!)) expect(typeof event[field], `${field} in ${line}`).toBe(type);
      if (event.type === 'job-end') expect(JOB_STATUSES).toContain((event.result as { status: string }).status);
      if (event.type === 'log') expect(['stdout', 'stderr', 'system']).toContain(event.stream);
      return event;
    });
    expect(events[0]!.type).toBe('run-start');
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
    expect(events.filter((event) => event.type === 'job-end')).toHaveLength(4);
    const unitLogs = events.filter((event) => event.type === 'log' && event.job === 'unit-tests').map((event) => event.line);
    expect(unitLogs).toEqual([...Array.from({ length: 80 }, (_, i) => `test ${i + 1} ok`), 'expected 2 == 3']);
  });
});

describe('ci run --junit', () => {
  it('writes JUnit XML a strict parser accepts, with one case per job', () => {
    const root = parseXml(readFileSync(path.join(out, 'results.xml'), 'utf8'));
    const [suite] = findAll(root, 'testsuite');
    expect(suite!.attributes).toMatchObject({ tests: '4', failures: '1', errors: '0', skipped: '1' });
    const cases = Object.fromEntries(findAll(suite!, 'testcase').map((entry) => [entry.attributes.name, entry]));
    expect(Object.keys(cases)).toEqual(['compile', 'unit-tests', 'lint-check', 'publish']);
    const compileLog = findAll(cases.compile!, 'system-out')[0]!.text.split('\n');
    expect(compileLog).toEqual(expect.arrayContaining(['$ echo "compiling <main.c> & friends"', 'compiling <main.c> & friends', 'green done']));
    const failure = findAll(cases['unit-tests']!, 'failure')[0]!;
    expect(failure.attributes).toMatchObject({ type: 'exit 5' });
    const failureLines = failure.text.split('\n');
    expect(failureLines).toHaveLength(50);
    expect(failureLines.at(-1)).toBe('expected 2 == 3');
    expect(findAll(cases.publish!, 'skipped')[0]!.attributes.message).toContain('needs "unit-tests"');
    expect(Number(cases['lint-check']!.attributes.time)).toBeGreaterThan(1.5);
  });
});

describe('ci run --report and ci report', () => {
  it('writes one self-contained page that renders in Chromium', async () => {
    const file = path.join(repo, 'report', 'run.html');
    const page = readFileSync(file, 'utf8');
    for (const job of Object.keys(CONFIG.jobs)) expect(page).toContain(job);
    expect(page).toContain('compiling &lt;main.c&gt; &amp; friends');
    expect(page).toContain('critical path: compile → lint-check');
    expect(page).not.toMatch(/<script|<link|src=|href=|url\(/i);

    const png = path.join(out, 'report.png');
    await screenshot(chromium, file, png, makeTempDir('chromium-profile'));
    // LOCALCI_KEEP_SCREENSHOT=<file> keeps the picture for a person to look at.
    if (process.env.LOCALCI_KEEP_SCREENSHOT) copyFileSync(png, process.env.LOCALCI_KEEP_SCREENSHOT);
    expect(statSync(png).size).toBeGreaterThan(10_000);
    const image = decodePng(readFileSync(png));
    expect([image.width, image.height]).toEqual([1200, 900]);
    // Not blank: text, bars and badges make many colours.
    expect(distinctColours(image)).toBeGreaterThan(50);
  }, 120_000);

  it('makes the same report later from the stored run', async () => {
    const later = await runCli(['report', '-o', path.join(out, 'again.html'), '--junit', path.join(out, 'again.xml')], { cwd: repo });
    expect(later.exitCode, later.all).toBe(0);
    const strip = (html: string) => html.replace(/<footer>.*<\/footer>/, '');
    expect(strip(readFileSync(path.join(out, 'again.html'), 'utf8'))).toBe(strip(readFileSync(path.join(repo, 'report', 'run.html'), 'utf8')));
    expect(readFileSync(path.join(out, 'again.xml'), 'utf8')).toBe(readFileSync(path.join(out, 'results.xml'), 'utf8'));
    const byDefault = await runCli(['report'], { cwd: repo });
    expect(byDefault.stdout.trim()).toBe(path.join(runDirOf(repo, recordedRunIds(repo).at(-1)!), 'report.html'));
    expect(statSync(byDefault.stdout.trim()).size).toBeGreaterThan(1000);
  });
});
