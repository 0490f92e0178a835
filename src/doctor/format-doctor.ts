/** `ci doctor`'s output: one aligned line per check, its fix below, a verdict at the end. */
import type { Palette } from '../util/color.js';
import type { Check } from './check.js';
import type { DoctorResult } from './run-doctor.js';

export function formatDoctor({ checks, exitCode }: DoctorResult, colors: Palette): string {
  const width = Math.max(...checks.map((check) => check.area.length));
  const symbol = (check: Check) => (check.level === 'ok' ? colors.green('✓') : check.level === 'warn' ? colors.yellow('!') : colors.red('✗'));
  const lines = checks.flatMap((check) => {
    const line = `${symbol(check)} ${check.area.padEnd(width)}  ${check.message}`;
    return check.fix && check.level !== 'ok' ? [line, colors.dim(`  ${' '.repeat(width)}  fix: ${check.fix}`)] : [line];
  });
  const failed = checks.filter((check) => check.level === 'fail').length;
  const warned = checks.filter((check) => check.level === 'warn').length;
  const advice = warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : '';
  const verdict =
    exitCode === 0
      ? colors.green(`All essential checks passed${advice}.`)
      : colors.red(`${failed} check${failed === 1 ? '' : 's'} failed${advice}${exitCode === 3 ? ': Docker is unreachable' : ''}.`);
  return [...lines, '', verdict].join('\n') + '\n';
}
