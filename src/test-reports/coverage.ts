/**
 * A coverage file in any format localci reads, told apart by its content rather than its name
 * (`coverage.xml` is Cobertura for pytest-cov, `lcov.info` may be named anything): JSON is an
 * istanbul summary, XML with a `<coverage>` root is Cobertura, `SF:` records are lcov.
 */
import { parseCobertura } from './cobertura.js';
import { parseIstanbulSummary } from './istanbul-summary.js';
import { parseLcov } from './lcov.js';
import type { CoverageReport } from './test-report.js';

export type CoverageFormat = 'lcov' | 'istanbul-summary' | 'cobertura';

export function detectCoverageFormat(source: string): CoverageFormat | undefined {
  const start = source.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) return 'istanbul-summary';
  if (start.startsWith('<') && /<coverage[\s>]/.test(start.slice(0, 4096))) return 'cobertura';
  if (/^(TN|SF):/m.test(start.slice(0, 4096))) return 'lcov';
  return undefined;
}

export function parseCoverage(source: string): CoverageReport {
  const format = detectCoverageFormat(source);
  switch (format) {
    case 'istanbul-summary':
      return parseIstanbulSummary(source);
    case 'cobertura':
      return parseCobertura(source);
    case 'lcov':
      return parseLcov(source);
    default:
      throw new Error('neither lcov, an istanbul coverage-summary.json nor Cobertura XML');
  }
}
