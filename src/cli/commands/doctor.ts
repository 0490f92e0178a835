/** `ci doctor [--json]`: is this machine ready to run the pipeline? Exit 0 ready, 3 Docker unreachable, 1 otherwise. */
import { formatDoctor } from '../../doctor/format-doctor.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import type { GlobalOptions } from '../global-options.js';
import { commandCwd } from '../load.js';
import { stdoutColors } from '../terminal.js';

export async function doctorCommand(options: GlobalOptions): Promise<number> {
  const result = await runDoctor(commandCwd(options), options.config);
  if (options.json) process.stdout.write(JSON.stringify({ schema: 1, ...result }, null, 2) + '\n');
  else process.stdout.write(formatDoctor(result, stdoutColors()));
  return result.exitCode;
}
