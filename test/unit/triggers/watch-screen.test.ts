import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { palette } from '../../../src/util/color.js';
import { WatchScreen } from '../../../src/triggers/watch/watch-screen.js';

/** A terminal that keeps only the last frame drawn (everything after the last cursor-home). */
class FakeTerminal {
  written = '';
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {}
  write(text: string) {
    this.written += text;
  }
  lastFrame(): string[] {
    const frame = this.written.slice(this.written.lastIndexOf('\u001b[H') + 3);
    // eslint-disable-next-line no-control-regex
    // close() ends the frame with a newline, which is not part of it.
    return frame.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\n$/, '').split('\n');
  }
}

const screens: WatchScreen[] = [];
afterEach(async () => {
  for (const screen of screens.splice(0)) await screen.close();
});

function makeScreen(columns = 60, rows = 20, colors = false) {
  const terminal = new FakeTerminal(columns, rows);
  const screen = new WatchScreen(terminal, palette(colors), 'demo');
  screens.push(screen);
  screen.selected(['build', 'unit']);
  return { terminal, screen };
}

describe('WatchScreen', () => {
  it('draws one row per job, the failing job’s last lines, the last change and the keys', async () => {
    const { terminal, screen } = makeScreen();
    screen.changed({ time: new Date(2026, 0, 1, 9, 5, 7).getTime(), files: ['src/a.ts'], jobs: ['unit'] });
    screen.runStarting({ number: 2, jobs: ['unit'], reused: ['build'] });
    screen.runEvent({ type: 'job-start', job: 'unit', time: Date.now(), attempt: 1, image: 'node:20' });
    for (let i = 1; i <= 15; i += 1) screen.runEvent({ type: 'log', job: 'unit', time: Date.now(), stream: 'stdout', line: `line ${i}\u001b[31m` });
    screen.runEvent({ type: 'job-end', time: Date.now(), result: { job: 'unit', status: 'failed', exitCode: 2, durationMs: 1500, attempts: 1 } });
    screen.runEvent({ type: 'run-end', time: Date.now(), status: 'failed', durationMs: 1600, results: [] });
    await screen.close();
    const frame = terminal.lastFrame();
    expect(frame.find((line) => line.includes('build'))).toMatch(/^ {2}○ build +not run yet$/);
    expect(frame.find((line) => line.includes('unit') && line.includes('✗'))).toMatch(/✗ unit +1\.5s +#2 +exit 2/);
    expect(frame).toContain('── unit: last 10 lines ──');
    expect(frame).toContain('  line 15');
    expect(frame).not.toContain('  line 5');
    expect(frame).toContain('last change 09:05:07  src/a.ts  → unit');
    expect(frame).toContain('run #2 (unit): failed in 1.6s');
    expect(frame.at(-1)).toBe('r re-run all · f re-run failed · l full logs · q quit');
  });

  it('shows a failure reason without the escape sequences a job put in it', async () => {
    const { terminal, screen } = makeScreen(100);
    screen.runStarting({ number: 1, jobs: ['unit'], reused: [] });
    const reason = 'artifact "out/": out/link\u001b]0;title\u0007\u001b]52;c;eA==\u0007 -> /etc is an absolute link';
    screen.runEvent({ type: 'job-end', time: Date.now(), result: { job: 'unit', status: 'failed', exitCode: 1, durationMs: 1500, attempts: 1, reason } });
    await screen.close();
    expect(terminal.written).not.toContain('\u001b]');
    expect(terminal.lastFrame().find((line) => line.includes('✗ unit'))).toMatch(/exit 1: artifact "out\/": out\/link -> \/etc/);
  });

  it('never draws a line wider or a frame taller than the terminal', async () => {
    // Colours on: cutting a line must not count escape sequences as characters.
    const { terminal, screen } = makeScreen(30, 12, true);
    screen.runStarting({ number: 1, jobs: ['build', 'unit'], reused: [] });
    for (let i = 0; i < 40; i += 1) screen.runEvent({ type: 'log', job: 'unit', time: Date.now(), stream: 'stdout', line: 'x'.repeat(100) });
    screen.runEvent({ type: 'job-end', time: Date.now(), result: { job: 'unit', status: 'failed', exitCode: 1, durationMs: 10, attempts: 1 } });
    await screen.close();
    const frame = terminal.lastFrame();
    expect(frame.length).toBeLessThanOrEqual(11);
    for (const line of frame) expect([...line].length).toBeLessThanOrEqual(30);
    // The keys stay on screen; the log tail gives way.
    expect(frame.at(-1)).toBe('r re-run all · f re-run failed');
  });

  it('fits lines by display columns: wide characters and emoji take two', async () => {
    const { terminal, screen } = makeScreen(31, 20, true);
    screen.selected(['build', '测试']);
    screen.changed({ time: Date.now(), files: ['src/页面/组件.ts'], jobs: ['测试'] });
    screen.runStarting({ number: 1, jobs: ['build', '测试'], reused: [] });
    for (const line of ['错误'.repeat(40), `a${'🎉'.repeat(40)}`, `é${'e\u0301'.repeat(60)}`]) {
      screen.runEvent({ type: 'log', job: '测试', time: Date.now(), stream: 'stdout', line });
    }
    screen.runEvent({ type: 'job-end', time: Date.now(), result: { job: 'build', status: 'passed', durationMs: 10, attempts: 1 } });
    screen.runEvent({ type: 'job-end', time: Date.now(), result: { job: '测试', status: 'failed', exitCode: 1, durationMs: 10, attempts: 1 } });
    await screen.close();
    const frame = terminal.lastFrame();
    for (const line of frame) expect(stringWidth(line), line).toBeLessThanOrEqual(31);
    // A cut line fills the width but for the half of a wide character that did not fit.
    expect(stringWidth(frame.find((line) => line.includes('错误'))!)).toBeGreaterThanOrEqual(30);
    expect(frame.find((line) => line.startsWith('  é'))).toBe(`  é${'e\u0301'.repeat(28)}`);
    // Columns after the job name line up whatever its characters.
    const rows = frame.filter((line) => / (build|测试) /.test(line));
    const timeColumns = rows.map((line) => stringWidth(line.slice(0, line.search(/\d/))));
    expect(timeColumns).toHaveLength(2);
    expect(timeColumns[0]).toBe(timeColumns[1]);
  });

  it('streams prefixed logs instead of the frame when full logs are on', async () => {
    const { terminal, screen } = makeScreen();
    screen.toggleLogs();
    terminal.written = '';
    screen.runStarting({ number: 1, jobs: ['build'], reused: [] });
    screen.runEvent({ type: 'run-start', runId: 'r1', time: Date.now(), jobs: ['build'], dirty: false });
    screen.runEvent({ type: 'log', job: 'build', time: Date.now(), stream: 'stdout', line: 'compiling' });
    expect(terminal.written).toContain('[build] compiling');
  });
});
