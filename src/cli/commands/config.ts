/** `ci config`: the resolved pipeline (defaults filled in, stages and matrix expanded) as JSON. */
import { ExitCode } from '../../errors.js';
import type { GlobalOptions } from '../global-options.js';
import { loadForCommand } from '../load.js';

export async function configCommand(options: GlobalOptions): Promise<number> {
  const { pipeline } = await loadForCommand(options, true);
  process.stdout.write(JSON.stringify(pipeline, null, 2) + '\n');
  return ExitCode.ok;
}
