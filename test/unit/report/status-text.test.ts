import { describe, expect, it } from 'vitest';
import type { JobResult } from '../../../src/run/events.js';
import { describeResult } from '../../../src/report/status-text.js';
import { formatSummary } from '../../../src/report/summary.js';
import { asWritten, jobTextFor } from '../../../src/report/terminal-text.js';
import { palette } from '../../../src/util/color.js';

const plain = palette(false);
// A job chose the name of the link the reason quotes: a title, a clipboard write, a screen clear.
const reason = 'artifact "out/": out/link\u001b]0;title\u0007\u001b]52;c;eA==\u0007\u001b[2J -> /etc is an absolute link';
const failed: JobResult = { job: 'build', status: 'failed', exitCode: 1, durationMs: 1200, attempts: 1, reason };

describe('describeResult', () => {
  it('shows the reason through the job text gate it is given', () => {
    expect(describeResult(failed, jobTextFor(true, plain))).toBe('failed (exit 1) in 1.2s: artifact "out/": out/link -> /etc is an absolute link');
    expect(describeResult(failed, asWritten)).toContain(reason);
  });
});

describe('formatSummary', () => {
  it('has no escape sequence of a reason when a terminal shows it', () => {
    const text = formatSummary([failed], 'failed', 1500, plain, jobTextFor(true, plain));
    expect(text).toContain('out/link -> /etc');
    expect(text).not.toContain('\u001b');
  });

  it('says ERROR, not FAILED, for a run that could not go on (its jobs cancelled, not failing)', () => {
    const cancelled: JobResult = { job: 'unit', status: 'cancelled', reason: 'the run stopped on an error', durationMs: 0, attempts: 0 };
    expect(formatSummary([cancelled], 'error', 900, plain, asWritten)).toMatch(/^ERROR 1 cancelled in /m);
    expect(formatSummary([failed], 'failed', 900, plain, asWritten)).toMatch(/^FAILED 1 failed in /m);
  });
});
