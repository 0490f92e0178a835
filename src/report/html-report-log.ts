/**
 * A job's log in the HTML report: step headers and marks highlighted, and the
 * output between `::group::<title>` and `::endgroup::` folded under its title,
 * as GitHub's log view folds it. A group the tail of the log starts inside of,
 * or one never closed, folds what there is; a stray `::endgroup::` is left out.
 */
import { groupMark } from './group-lines.js';
import { html } from './html-report-escape.js';

export function renderLog(lines: readonly string[]): string {
  const parts: string[] = [];
  let plain: string[] = [];
  let group: { title: string; lines: string[] } | undefined;
  const closeGroup = () => {
    if (group === undefined) return;
    parts.push(`<details class="fold"><summary>${html(group.title || 'group')}</summary><pre class="log">${group.lines.join('\n')}</pre></details>`);
    group = undefined;
  };
  const flushPlain = () => {
    if (plain.length > 0) parts.push(`<pre class="log">${plain.join('\n')}</pre>`);
    plain = [];
  };
  for (const line of lines) {
    const mark = groupMark(line);
    if (mark !== undefined && mark !== 'end') {
      closeGroup();
      flushPlain();
      group = { title: mark.title, lines: [] };
    } else if (mark === 'end') {
      closeGroup();
    } else {
      (group?.lines ?? plain).push(lineHtml(line));
    }
  }
  closeGroup();
  flushPlain();
  return parts.join('');
}

function lineHtml(line: string): string {
  if (line.startsWith('$ ')) return `<span class="step">${html(line)}</span>`;
  if (line.startsWith('--- ')) return `<span class="mark">${html(line)}</span>`;
  const level = /^(error|warning|notice): /.exec(line)?.[1];
  return level === undefined ? html(line) : `<span class="${level}">${html(line)}</span>`;
}
