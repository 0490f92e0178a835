/**
 * The report's Gantt chart: one row per job, its bar placed at its real start
 * and length on the run's time axis, so parallel jobs show as overlapping bars
 * and waiting shows as gaps. Bars on the critical path are outlined. Plain
 * positioned boxes and CSS gradients: no script, no canvas, prints as it shows.
 */
import type { JobStatus } from '../run/events.js';
import { formatDuration } from '../util/duration.js';
import { html } from './html-report-escape.js';

export interface TimelineRow {
  job: string;
  status: JobStatus | 'unfinished';
  /** Epoch ms; absent for jobs that did not run. */
  start?: number;
  end?: number;
  critical: boolean;
  note?: string;
}

export interface TimelineInput {
  runStart: number;
  runEnd: number;
  rows: readonly TimelineRow[];
}

const TICK_STEPS_S = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
const MAX_TICKS = 10;

export function renderTimeline({ runStart, runEnd, rows }: TimelineInput): string {
  const span = Math.max(runEnd - runStart, 1);
  const percent = (ms: number) => `${Math.min(100, Math.max(0, (ms / span) * 100)).toFixed(3)}%`;
  const stepMs = tickStep(span);
  const starts = rows.map((row) => row.start).filter((start): start is number => start !== undefined);
  const setupMs = starts.length > 0 ? Math.min(...starts) - runStart : 0;
  const grid = `background-size: ${((stepMs / span) * 100).toFixed(4)}% 100%`;
  const setup = setupMs > 0 ? `<div class="setup" style="width:${percent(setupMs)}" title="setup before the first job: ${html(formatDuration(setupMs))} (source snapshot, images, containers)"></div>` : '';
  const ticks: string[] = [];
  for (let at = 0; at <= span; at += stepMs) ticks.push(`<span class="tick" style="left:${percent(at)}">${html(formatDuration(at))}</span>`);
  const lines = rows.map((row) => {
    const duration = row.start !== undefined && row.end !== undefined ? row.end - row.start : undefined;
    const label = `<div class="label"><span class="name" title="${html(row.job)}">${html(row.job)}</span><span class="dur">${duration === undefined ? '' : html(formatDuration(duration))}</span></div>`;
    const bar =
      row.start !== undefined && row.end !== undefined
        ? `<div class="bar ${row.status}${row.critical ? ' critical' : ''}" style="left:${percent(row.start - runStart)};width:max(3px, ${percent(row.end - row.start)})" title="${html(`${row.job}: ${row.status}, ${formatDuration(duration ?? 0)}, from +${formatDuration(row.start - runStart)}${row.critical ? ' (critical path)' : ''}`)}"></div>`
        : `<span class="nobar">${html(row.note ?? row.status)}</span>`;
    return `<div class="row${row.critical ? ' on-path' : ''}">${label}<div class="track" style="${grid}">${setup}${bar}</div></div>`;
  });
  return [
    '<div class="gantt">',
    `<div class="row axis"><div class="label"></div><div class="track">${ticks.join('')}</div></div>`,
    ...lines,
    '</div>',
  ].join('\n');
}

function tickStep(spanMs: number): number {
  const step = TICK_STEPS_S.find((seconds) => spanMs / (seconds * 1000) <= MAX_TICKS) ?? Math.ceil(spanMs / MAX_TICKS / 3_600_000) * 3600;
  return step * 1000;
}
