/**
 * Per-file coverage as every format's parser hands it over: files named relative to the job's
 * workspace (runners write absolute container paths), the same file listed twice merged, and
 * the totals summed from the files.
 */
import { WORKSPACE_DIR } from '../source/snapshot.js';
import { addCounts, type CoverageCount, type CoverageReport, type FileCoverage } from './test-report.js';

export function fileCoverage(file: string, lines: CoverageCount, branches?: CoverageCount): FileCoverage {
  return { file: workspaceRelative(file), lines, ...(branches ? { branches } : {}) };
}

/** The report of a list of files; the same file seen twice has its counts added. */
export function mergeFiles(files: readonly FileCoverage[]): CoverageReport {
  const byFile = new Map<string, FileCoverage>();
  for (const file of files) {
    const seen = byFile.get(file.file);
    if (!seen) byFile.set(file.file, file);
    else {
      const branches = addCounts(seen.branches, file.branches);
      byFile.set(file.file, { file: file.file, lines: addCounts(seen.lines, file.lines)!, ...(branches ? { branches } : {}) });
    }
  }
  const merged = [...byFile.values()];
  let lines: CoverageCount = { covered: 0, total: 0 };
  let branches: CoverageCount | undefined;
  for (const file of merged) {
    lines = addCounts(lines, file.lines)!;
    branches = addCounts(branches, file.branches);
  }
  return { lines, ...(branches ? { branches } : {}), files: merged };
}

function workspaceRelative(file: string): string {
  const prefix = `${WORKSPACE_DIR}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
