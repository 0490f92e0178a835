/** Collects what translation finds: warnings (the pipeline differs from the file) and issues (it cannot be read). */
import type { ConfigIssue } from '../../../errors.js';
import { formatKeyPath, type KeyPath } from '../../key-path.js';
import type { ImportWarning } from '../importer.js';

export class Findings {
  readonly warnings: ImportWarning[] = [];
  readonly issues: ConfigIssue[] = [];
  private readonly seen = new Set<string>();

  /** Said once, however many matrix legs run into it. */
  warn(file: string, path: KeyPath, message: string): void {
    const key = JSON.stringify([file, path, message]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.warnings.push({ file, path, message });
  }

  fail(file: string, path: KeyPath, message: string, hint?: string): void {
    this.issues.push({ file, path: formatKeyPath(path), message, ...(hint === undefined ? {} : { hint }) });
  }

  /** Runs `work`; an expression or matrix error becomes an issue at `path`. */
  guard<T>(file: string, path: KeyPath, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof Error) || !['ExpressionError', 'ExpressionSyntaxError', 'MatrixError'].includes(error.name)) throw error;
      const key = (error as Error & { key?: string[] }).key ?? [];
      this.fail(file, [...path, ...key], error.message);
      return undefined;
    }
  }
}
