/**
 * Cobertura XML (coverage.py/pytest-cov, istanbul's `cobertura` reporter, gcovr, JaCoCo
 * converters): per `<class filename>` its `<lines><line number hits branch condition-coverage>`.
 * Only a class's own lines count: its `<methods>` list the same lines again.
 */
import { fileCoverage, mergeFiles } from './coverage-files.js';
import type { CoverageReport, FileCoverage } from './test-report.js';
import { readXml } from './xml-events.js';

export function parseCobertura(source: string): CoverageReport {
  const files: FileCoverage[] = [];
  let current: { file: string; lines: { covered: number; total: number }; branches: { covered: number; total: number } } | undefined;
  let inMethods = 0;
  let sawRoot = false;
  readXml(source, {
    open(name, attributes) {
      if (name === 'coverage') sawRoot = true;
      else if (name === 'class') current = { file: attributes.filename ?? attributes.name ?? '', lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } };
      else if (name === 'methods') inMethods += 1;
      else if (name === 'line' && current && inMethods === 0) {
        current.lines.total += 1;
        if (Number(attributes.hits ?? 0) > 0) current.lines.covered += 1;
        const conditions = /\((\d+)\/(\d+)\)/.exec(attributes['condition-coverage'] ?? '');
        if (attributes.branch === 'true' && conditions) {
          current.branches.covered += Number(conditions[1]);
          current.branches.total += Number(conditions[2]);
        }
      }
    },
    close(name) {
      if (name === 'methods') inMethods -= 1;
      else if (name === 'class' && current) {
        files.push(fileCoverage(current.file, current.lines, current.branches.total > 0 ? current.branches : undefined));
        current = undefined;
      }
    },
  });
  if (!sawRoot) throw new Error('no <coverage> element: not a Cobertura file');
  return mergeFiles(files);
}
