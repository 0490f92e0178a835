/** How this process talks to the terminal: colours per stream and the output mode. */
import { colorEnabled, palette, type Palette } from '../util/color.js';

export type OutputMode = 'tty' | 'plain' | 'json';

export function stdoutColors(): Palette {
  return palette(colorEnabled(process.stdout));
}

export function stderrColors(): Palette {
  return palette(colorEnabled(process.stderr));
}

/** CI=true (any value but "false"/"0") means a log, not a person, reads the output. */
export function isCiEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export function outputMode(options: { json?: boolean; plain?: boolean }): OutputMode {
  if (options.json) return 'json';
  if (options.plain || !process.stdout.isTTY || isCiEnvironment()) return 'plain';
  return 'tty';
}
