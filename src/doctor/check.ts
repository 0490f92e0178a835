/**
 * One line of `ci doctor`: ✓ fine, ! worth knowing (never fails the doctor),
 * ✗ something a run or push needs is broken. Every line that is not ✓ says
 * how to fix it.
 */
export type CheckLevel = 'ok' | 'warn' | 'fail';

export interface Check {
  /** Short topic shown in the first column: docker, image, hook, config, disk, trust, proxy. */
  area: string;
  level: CheckLevel;
  message: string;
  fix?: string;
}

export const ok = (area: string, message: string): Check => ({ area, level: 'ok', message });
export const warn = (area: string, message: string, fix?: string): Check => ({ area, level: 'warn', message, ...(fix ? { fix } : {}) });
export const fail = (area: string, message: string, fix?: string): Check => ({ area, level: 'fail', message, ...(fix ? { fix } : {}) });
