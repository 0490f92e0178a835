/** The markdown table `npm run bench` prints (and the README's Performance section copies). */
import type { BenchRow, Unit } from './row.js';

export function formatTable(rows: readonly BenchRow[]): string {
  const header = '| measurement | runs | localci | compared with | ratio | goal | |\n|---|---|---|---|---|---|---|';
  return `${header}\n${rows.map(formatRow).join('\n')}\n`;
}

function formatRow(row: BenchRow): string {
  const versus = row.versus ? `${row.versus.label}: ${formatValue(row.versus.value, row.unit)}` : '';
  const verdict = row.ok === undefined ? '' : row.ok ? 'ok' : 'MISSED';
  return `| ${row.name} | ${row.runs} | ${formatValue(row.value, row.unit)} | ${versus} | ${formatRatio(row.ratio)} | ${row.goal ?? ''} | ${verdict} |`;
}

function formatValue(value: number, unit: Unit): string {
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  // Seconds past 10 s: the last milliseconds of a 40 s run are noise.
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** Below 1 the other way round reads better: "0.25× (4.0× faster)". */
function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return '';
  return ratio < 1 ? `${ratio.toFixed(2)}× (${(1 / ratio).toFixed(1)}× faster)` : `${ratio.toFixed(2)}×`;
}
