/**
 * lcov tracefiles (`lcov.info`: c8, v8 and istanbul reporters, node:test, genhtml input): one
 * record per source file from `SF:` to `end_of_record`. A record's `LF`/`LH` (`BRF`/`BRH`)
 * totals win; without them the `DA` (`BRDA`) lines are counted.
 */
import { fileCoverage, mergeFiles } from './coverage-files.js';
import type { CoverageReport, FileCoverage } from './test-report.js';

interface FileRecord {
  file: string;
  lines: Map<number, boolean>;
  branches: { covered: number; total: number };
  totals: Partial<Record<'LF' | 'LH' | 'BRF' | 'BRH', number>>;
}

export function parseLcov(source: string): CoverageReport {
  const files: FileCoverage[] = [];
  let record: FileRecord | undefined;
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    const key = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1);
    if (key === 'SF') record = { file: value, lines: new Map(), branches: { covered: 0, total: 0 }, totals: {} };
    else if (key === 'end_of_record' && record) {
      files.push(finish(record));
      record = undefined;
    } else if (record && key === 'DA') {
      const [number, hits] = value.split(',');
      const lineNumber = Number(number);
      // A line listed twice (two functions on one line) counts once, covered if either run it.
      record.lines.set(lineNumber, record.lines.get(lineNumber) === true || Number(hits) > 0);
    } else if (record && key === 'BRDA') {
      const taken = value.split(',')[3];
      record.branches.total += 1;
      if (taken !== undefined && taken !== '-' && Number(taken) > 0) record.branches.covered += 1;
    } else if (record && (key === 'LF' || key === 'LH' || key === 'BRF' || key === 'BRH')) {
      const number = Number(value);
      if (Number.isFinite(number)) record.totals[key] = number;
    }
  }
  return mergeFiles(files);
}

function finish(record: FileRecord): FileCoverage {
  const { totals } = record;
  const covered = [...record.lines.values()].filter(Boolean).length;
  const lines = { total: totals.LF ?? record.lines.size, covered: totals.LH ?? covered };
  const branches = { total: totals.BRF ?? record.branches.total, covered: totals.BRH ?? record.branches.covered };
  return fileCoverage(record.file, lines, branches.total > 0 ? branches : undefined);
}
