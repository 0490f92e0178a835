import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../../src/report/summary.js';
import { asWritten, jobTextFor } from '../../../src/report/terminal-text.js';
import { coverageText, failedTestLines } from '../../../src/report/test-results-text.js';
import type { JobResult } from '../../../src/run/events.js';
import { palette } from '../../../src/util/color.js';

const plain = palette(false);
const failures = Array.from({ length: 7 }, (_, index) => ({ suite: 'calc', name: `case ${index}`, message: `expected ${index}\ngot ${index + 1}` }));
const unit: JobResult = {
  job: 'unit',
  status: 'failed',
  exitCode: 1,
  durationMs: 1200,
  attempts: 1,
  tests: { total: 12, passed: 4, failed: 7, skipped: 1, failures },
  coverage: { lines: { covered: 5, total: 6 }, branches: { covered: 1, total: 3 } },
};

describe('test results in text', () => {
  it('the run summary adds counts and coverage to the job row and lists the first failed cases', () => {
    const text = formatSummary([unit], 'failed', 1500, plain, asWritten);
    expect(text).toContain('✗ unit  failed (exit 1) in 1.2s · 12 tests, 7 failed, 1 skipped · coverage lines 83.3%, branches 33.3%');
    expect(text).toMatch(/\n\s+✗ calc › case 0\n\s+expected 0\n\s+got 1\n/);
    expect(text).toContain('case 4');
    expect(text).not.toContain('case 5');
    expect(text).toContain('… and 2 more failed tests');
  });

  it('a test name or message cannot drive the terminal: it goes through the job text gate', () => {
    const hostile: JobResult = { ...unit, tests: { total: 1, passed: 0, failed: 1, skipped: 0, failures: [{ suite: 's', name: 'x\u001b]0;owned\u0007\u001b[2J', message: '\u001b[31mred\u001b[0m \u001bc' }] } };
    const lines = failedTestLines(hostile, plain, jobTextFor(true, plain)).join('\n');
    expect(lines).toContain('s › x');
    expect(lines).toContain('red');
    expect(lines).not.toContain('\u001b');
  });

  it('the suite is left out when the name already starts with it (jest-junit)', () => {
    const jest: JobResult = { ...unit, tests: { total: 1, passed: 0, failed: 1, skipped: 0, failures: [{ suite: 'calc', name: 'calc adds', message: '' }] } };
    expect(failedTestLines(jest, plain, asWritten)).toEqual(['    ✗ calc adds']);
  });

  it('coverage without branches, and none at all', () => {
    expect(coverageText({ lines: { covered: 1, total: 3 } })).toBe('lines 33.3%');
    expect(coverageText({ lines: { covered: 0, total: 0 } })).toBeUndefined();
  });
});
