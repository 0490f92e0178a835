/** `ci env ls | logs | down`: the environments `ci deploy` left running. */
import { connectEngine } from '../../backend/docker/connect.js';
import { projectId } from '../../model/project-id.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { Pipeline } from '../../model/pipeline.js';
import type { GlobalOptions } from '../global-options.js';
import { loadForCommand } from '../load.js';
import { stdoutColors } from '../terminal.js';
import { chooseEnvironment } from './deploy.js';

export interface EnvLogsOptions extends GlobalOptions {
  follow?: boolean;
  tail?: number;
}

async function open(options: GlobalOptions) {
  const { pipeline } = await loadForCommand(options);
  const engine = await connectEngine();
  return { pipeline, projectId: projectId(pipeline), docker: engine.docker };
}

export async function envListCommand(options: GlobalOptions): Promise<number> {
  const { pipeline, projectId, docker } = await open(options);
  const { listEnvironments } = await import('../../deploy/environments.js');
  const envs = await listEnvironments(docker, projectId);
  if (options.json) {
    process.stdout.write(JSON.stringify(envs, null, 2) + '\n');
    return ExitCode.ok;
  }
  if (envs.length === 0) {
    process.stdout.write(`No environment of ${pipeline.projectName} is deployed. Run \`ci deploy\`.\n`);
    return ExitCode.ok;
  }
  const colors = stdoutColors();
  const rows = envs.map((env) => [
    env.env,
    env.info?.image ?? '?',
    env.info?.commit ? env.info.commit.slice(0, 8) + (env.info.dirty ? '+' : '') : '—',
    env.health,
    env.url ?? env.info?.internalUrl ?? '—',
  ]);
  const header = ['ENV', 'IMAGE', 'COMMIT', 'HEALTH', 'URL'];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  const format = (row: string[]) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!))).join('  ');
  const paint = (health: string, text: string) => (health === 'healthy' ? colors.green(text) : colors.red(text));
  process.stdout.write(
    [colors.bold(format(header)), ...rows.map((row) => format(row).replace(` ${row[3]!} `, ` ${paint(row[3]!, row[3]!)} `))].join('\n') + '\n',
  );
  return ExitCode.ok;
}

export async function envLogsCommand(envArgument: string, options: EnvLogsOptions): Promise<number> {
  const { pipeline, projectId, docker } = await open(options);
  const env = knownEnvironment(pipeline, envArgument);
  const { servingContainer } = await import('../../deploy/environments.js');
  const container = await servingContainer(docker, projectId, env);
  if (!container) throw new UsageError(`${env} is not deployed.`, `Run \`ci deploy ${env}\` first.`);
  const tail = options.tail === undefined ? {} : { tail: options.tail };
  if (options.follow) {
    const stream = await container.logs({ stdout: true, stderr: true, follow: true, ...tail });
    docker.modem.demuxStream(stream, process.stdout, process.stderr);
    await new Promise((resolve) => stream.on('end', resolve));
  } else {
    const buffer = await container.logs({ stdout: true, stderr: true, follow: false, ...tail });
    const { PassThrough } = await import('node:stream');
    const source = new PassThrough();
    docker.modem.demuxStream(source, process.stdout, process.stderr);
    source.end(buffer);
    await new Promise((resolve) => source.on('end', resolve));
  }
  return ExitCode.ok;
}

export async function envDownCommand(envArgument: string | undefined, options: GlobalOptions): Promise<number> {
  const { pipeline, projectId, docker } = await open(options);
  const { environmentsPresent, removeEnvironment } = await import('../../deploy/environments.js');
  const present = await environmentsPresent(docker, projectId);
  const targets = envArgument === undefined ? present : [knownEnvironment(pipeline, envArgument, present)];
  if (targets.length === 0) {
    process.stdout.write(`No environment of ${pipeline.projectName} is deployed; nothing to do.\n`);
    return ExitCode.ok;
  }
  const colors = stdoutColors();
  for (const env of targets) {
    const removed = await removeEnvironment(docker, projectId, env);
    process.stdout.write(`${colors.green('✓')} ${env} down: ${removed.containers} container${removed.containers === 1 ? '' : 's'}${removed.network ? ' and its network' : ''} removed (images kept)\n`);
  }
  return ExitCode.ok;
}

/** An environment of the config, or one still deployed from an older config. */
function knownEnvironment(pipeline: Pipeline, name: string, present: string[] = []): string {
  if (name in pipeline.environments || present.includes(name)) return name;
  return chooseEnvironment(pipeline, name);
}
