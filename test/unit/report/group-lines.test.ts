/** `::group::` lines: a header in a live run's output, folded in the HTML report, kept as printed in logs. */
import { describe, expect, it } from 'vitest';
import { liveLine } from '../../../src/report/group-lines.js';
import { renderLog } from '../../../src/report/html-report-log.js';
import { PlainReporter } from '../../../src/report/plain-reporter.js';
import { palette } from '../../../src/util/color.js';

describe('group lines', () => {
  it('show a group start as a header line and leave its end out of a live run', () => {
    expect(liveLine('::group::Install deps')).toBe('▸ Install deps');
    expect(liveLine('  ::group::')).toBe('▸ group');
    expect(liveLine('::endgroup::')).toBeUndefined();
    expect(liveLine('say ::group:: inline')).toBe('say ::group:: inline');

    let written = '';
    const reporter = new PlainReporter({ write: (text: string) => (written += text) }, palette(false));
    for (const line of ['::group::Install deps', 'inside', '::endgroup::', 'after']) reporter.onEvent({ type: 'log', job: 'test', time: 0, stream: 'stdout', line });
    expect(written.split('\n').filter(Boolean).map((line) => line.replace(/^\[test\]\s+/, ''))).toEqual(['▸ Install deps', 'inside', 'after']);
  });

  it('fold the lines between them in the HTML report', () => {
    expect(renderLog(['before', '::group::Install deps', 'inside', '::endgroup::'])).toBe('<pre class="log">before</pre><details class="fold"><summary>Install deps</summary><pre class="log">inside</pre></details>');
  });
});
