/**
 * The commander program: declares commands and options only. Each action
 * lazy-loads its command module so `ci --version` and `ci --help` stay fast.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { closest, distance } from 'fastest-levenshtein';
import { BACKEND_NAMES } from '../config/types.js';
import { UsageError } from '../errors.js';
import { packageFile } from '../util/package-root.js';
import type { GlobalOptions } from './global-options.js';
import { stderrColors } from './terminal.js';

export interface ProgramState {
  exitCode: number;
}

const VERSION = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;

export function createProgram(): { program: Command; state: ProgramState } {
  const state: ProgramState = { exitCode: 0 };
  const program = new Command('ci')
    .description('Run your CI pipeline locally, in the same Docker images CI and production use.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--cwd <dir>', 'run as if started in <dir>')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--from <format[:file]>', 'import a CI file instead: gitlab[:file] or github[:workflow-file] (default without ci.config: the one found); package.json: the jobs of its scripts')
    .option('--workflow <name>', 'with several workflow files, read only this one (file name, with or without .yml)')
    .option('--event <name>', 'GitHub Actions: the event a local run behaves as (default push; pull_request, workflow_dispatch, …)')
    .option('--include-dir <dir>', 'a local copy of the remote files a CI file includes')
    .option('--debug', 'show stack traces and internal details')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => {
        const colors = stderrColors();
        const message = text.replace(/^error: /, '').trim().replace(/\s*\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)');
        write(`${colors.red('error')} ${message}\n${colors.dim('hint')}  Run \`ci --help\` for usage.\n`);
      },
    });

  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();
  const setExit = (code: number) => {
    state.exitCode = code;
  };

  withRunOverrides(program
    .command('run'))
    .description('run the pipeline (or the named jobs and what they need) in Docker')
    .argument('[jobs...]', 'jobs to run; default: every job except deploys and manual jobs')
    .option('--only', 'run only the named jobs, not the jobs they need')
    .option('--deploy', 'include jobs that deploy to an environment')
    .option('--commit <ref>', 'run exactly this commit instead of the working tree')
    .addOption(new Option('-j, --concurrency <n>', "jobs run at once (default: the pool's slots, else CPU count)").argParser(positiveInteger))
    .option('--fail-fast', 'cancel running jobs as soon as one fails')
    .option('--no-cache', 'run every job even when an identical one passed before')
    .option('--since <ref>', 'base for `rules.changes` (default: the upstream branch)')
    .addOption(backendOption())
    .option('--plain', 'line-prefixed logs instead of the live task tree')
    .addOption(new Option('--json', 'NDJSON events on stdout, for machines (docs/json-events.md)').conflicts('plain'))
    .option('--junit <file>', 'also write the results as JUnit XML to <file>')
    .option('--report <file>', 'also write a self-contained HTML report (timeline, logs) to <file>')
    .option('--ui', 'watch the run live in the browser (prints the page\'s address; cancel from the page)')
    .addOption(new Option('--port <n>', 'with --ui: listen on this port (default: a free one)').argParser(positiveInteger))
    .option('--open', 'with --ui: open the page in the default browser')
    .action(async (jobs: string[], _options, command: Command) => {
      const { runCommand } = await import('./commands/run.js');
      setExit(await runCommand(jobs, globals(command)));
    });

  const cache = program.command('cache').description("inspect and trim the job-result cache and the project's other state");
  for (const [name, description] of [
    ['ls', 'list cached job results, most recently used first'],
    ['prune', 'trim results to the size cap; free snapshot storage no run uses and the state of project folders that are gone'],
    ['clear', 'remove every cached result and idle workspace snapshot'],
    ['dir', "print the project's state folder (runs, logs, artifacts, snapshots, caches); --json: where each kind lives"],
  ] as const) {
    const sub = cache
      .command(name)
      .description(description)
      .action(async (_options, command: Command) => {
        const { cacheCommand } = await import('./commands/cache.js');
        setExit(await cacheCommand(name, globals(command)));
      });
    if (name === 'dir') sub.option('--json', 'print every location as JSON');
  }

  withRunOverrides(program
    .command('watch'))
    .description('run the jobs, then re-run the ones whose inputs change on every save (never deploys)')
    .argument('[jobs...]', 'jobs to watch; default: every job except deploys and manual jobs')
    .option('--only', 'run only the named jobs, not the jobs they need')
    .addOption(new Option('-j, --concurrency <n>', "jobs run at once (default: the pool's slots, else CPU count)").argParser(positiveInteger))
    .option('--plain', 'line-prefixed logs instead of the redrawn screen and keys')
    .option('--no-cache', 'run every affected job even when an identical one passed before')
    .addOption(backendOption())
    .option('--ui', 'show the runs live in the browser too (prints the page\'s address)')
    .addOption(new Option('--port <n>', 'with --ui: listen on this port (default: a free one)').argParser(positiveInteger))
    .option('--open', 'with --ui: open the page in the default browser')
    .action(async (jobs: string[], _options, command: Command) => {
      const { watchCommand } = await import('./commands/watch.js');
      setExit(await watchCommand(jobs, globals(command)));
    });

  withRunOverrides(program
    .command('list'))
    .alias('ls')
    .description('list the jobs in run order with their image and needs')
    .option('--json', 'print the jobs as JSON')
    .option('--strict', 'exit 2 when an imported CI file has keys localci ignores or approximates')
    .action(async (_options, command: Command) => {
      const { listCommand } = await import('./commands/list.js');
      setExit(await listCommand(globals(command)));
    });

  program
    .command('images')
    .description('list the images the pipeline uses (names and Dockerfile builds); `prune` removes stale builds')
    .argument('[action]', 'prune: remove built images no build spec in the config resolves to any more')
    .option('--json', 'print the images as JSON')
    .action(async (action: string | undefined, _options, command: Command) => {
      const { imagesCommand } = await import('./commands/images.js');
      setExit(await imagesCommand(action, globals(command)));
    });

  program
    .command('export')
    .description('write a CI file that runs the same jobs: a GitHub Actions workflow or a .gitlab-ci.yml')
    .argument('<format>', 'github or gitlab')
    .option('-o, --output <file>', 'where to write it (default .github/workflows/localci.yml, .gitlab-ci.yml); - prints it')
    .option('--check', 'write nothing; exit 1 when the file is missing or out of date')
    .action(async (format: string, _options, command: Command) => {
      const { exportCommand } = await import('./commands/export.js');
      setExit(await exportCommand(format, globals(command)));
    });

  withRunOverrides(program
    .command('config'))
    .description('print the resolved pipeline config as JSON')
    .action(async (_options, command: Command) => {
      const { configCommand } = await import('./commands/config.js');
      setExit(await configCommand(globals(command)));
    });

  program
    .command('ui')
    .description('the run history and live runs in the browser: a local page on 127.0.0.1, with a secret token in its URL')
    .addOption(new Option('--port <n>', 'listen on this port (default: a free one)').argParser(positiveInteger))
    .option('--open', 'open the page in the default browser')
    .action(async (_options, command: Command) => {
      const { uiCommand } = await import('./commands/ui.js');
      setExit(await uiCommand(globals(command)));
    });

  program
    .command('history')
    .description('the recorded runs, newest first: commit, branch, trigger, result, duration')
    .option('--job <name>', "show this job's result in each run that had it")
    .addOption(new Option('-n, --limit <n>', 'show at most <n> runs (default 20)').argParser(positiveInteger))
    .option('--json', 'print the runs as JSON')
    .action(async (_options, command: Command) => {
      const { historyCommand } = await import('./commands/history.js');
      setExit(await historyCommand(globals(command)));
    });

  program
    .command('logs')
    .description("print a run's job logs (default: the newest run; without a job: every job, prefixed)")
    .argument('[job]', 'the job whose log to print (a matrix base name prints each expansion)')
    .option('--run <id>', 'the run (id, unique prefix or the last 4 characters); see `ci history`')
    .option('--commit <sha>', 'the newest run of this commit')
    .option('-f, --follow', 'keep printing while the run is still going')
    .action(async (job: string | undefined, _options, command: Command) => {
      const { logsCommand } = await import('./commands/logs.js');
      setExit(await logsCommand(job, globals(command)));
    });

  program
    .command('show')
    .description("a run's summary: source, config, and each job's status, duration, exit code and image")
    .argument('[run]', 'run id, unique prefix or last 4 characters (default: the newest run)')
    .option('--json', 'print the run as JSON')
    .action(async (run: string | undefined, _options, command: Command) => {
      const { showCommand } = await import('./commands/show.js');
      setExit(await showCommand(run, globals(command)));
    });

  program
    .command('report')
    .description("write a run's self-contained HTML report (timeline, critical path, logs)")
    .argument('[run]', 'run id, unique prefix or last 4 characters (default: the newest run)')
    .option('-o, --output <file>', "where to write the HTML (default: report.html in the run's folder)")
    .option('--junit <file>', 'write the run as JUnit XML to <file> as well')
    .action(async (run: string | undefined, _options, command: Command) => {
      const { reportCommand } = await import('./commands/report.js');
      setExit(await reportCommand(run, globals(command)));
    });

  program
    .command('bisect')
    .description('find the first commit where a job fails, by running it on commits between <good> and <bad>')
    .argument('<good>', 'a commit where the job passes')
    .argument('<bad>', 'a later commit where it fails')
    .argument('[job]', 'the job to check (with what it needs); default: every job `ci run` runs')
    .addOption(backendOption())
    .action(async (good: string, bad: string, job: string | undefined, _options, command: Command) => {
      const { bisectCommand } = await import('./commands/bisect.js');
      setExit(await bisectCommand(good, bad, job, globals(command)));
    });

  program
    .command('doctor')
    .description('check Docker, images, the hook, the config, disk space and the network set-up jobs get')
    .option('--json', 'print the checks as JSON')
    .action(async (_options, command: Command) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      setExit(await doctorCommand(globals(command)));
    });

  program
    .command('init')
    .description('write a commented ci.config.ts for this project (Node, Python, Go; a Dockerfile adds a staging environment)')
    .option('-f, --force', 'replace an existing config')
    .option('--hook', 'also install the pre-push hook')
    .action(async (_options, command: Command) => {
      const { initCommand } = await import('./commands/init.js');
      setExit(await initCommand(globals(command)));
    });

  program
    .command('deploy')
    .description('build the Dockerfile, run it as the environment on 127.0.0.1, check health and smoke steps, then replace the running one')
    .argument('[env]', 'environment to deploy; default: the only one, or staging')
    .option('--commit <ref>', 'deploy exactly this commit instead of the working tree')
    .option('--health-timeout <duration>', "how long to wait for the new container to be healthy (seconds or '2m'; default 60s)")
    .action(async (env: string | undefined, _options, command: Command) => {
      const { deployCommand } = await import('./commands/deploy.js');
      setExit(await deployCommand(env, globals(command)));
    });

  const env = program.command('env').description('environments `ci deploy` left running');
  env
    .command('ls')
    .alias('list')
    .description('each deployed environment: image, commit, health and URL')
    .option('--json', 'print the environments as JSON')
    .action(async (_options, command: Command) => {
      const { envListCommand } = await import('./commands/env.js');
      setExit(await envListCommand(globals(command)));
    });
  env
    .command('logs')
    .description("print an environment's container logs")
    .argument('<env>', 'the environment')
    .option('-f, --follow', 'keep printing new lines')
    .addOption(new Option('-n, --tail <n>', 'only the last <n> lines').argParser(positiveInteger))
    .action(async (name: string, _options, command: Command) => {
      const { envLogsCommand } = await import('./commands/env.js');
      setExit(await envLogsCommand(name, globals(command)));
    });
  env
    .command('down')
    .description("remove an environment's container and network (default: every deployed environment); images are kept")
    .argument('[env]', 'the environment')
    .action(async (name: string | undefined, _options, command: Command) => {
      const { envDownCommand } = await import('./commands/env.js');
      setExit(await envDownCommand(name, globals(command)));
    });

  const hook = program.command('hook').description('the git pre-push hook: every push runs the pipeline on the pushed commits first');
  hook
    .command('install')
    .description('install the pre-push hook (an existing hook is kept and runs first)')
    .action(async (_options, command: Command) => {
      const { hookInstallCommand } = await import('./commands/hook.js');
      setExit(await hookInstallCommand(globals(command)));
    });
  hook
    .command('uninstall')
    .description('remove the pre-push hook and put back the one it replaced')
    .action(async (_options, command: Command) => {
      const { hookUninstallCommand } = await import('./commands/hook.js');
      setExit(await hookUninstallCommand(globals(command)));
    });
  hook
    .command('status')
    .description('show whether the hook is installed, where, and which CLI it runs (exit 1 when not installed)')
    .action(async (_options, command: Command) => {
      const { hookStatusCommand } = await import('./commands/hook.js');
      setExit(await hookStatusCommand(globals(command)));
    });
  hook
    .command('run', { hidden: true })
    .description('called by the installed hook with git pre-push arguments and ref lines on stdin')
    .option('--remote <name>', 'name of the remote pushed to')
    .option('--url <url>', 'URL of the remote pushed to')
    .action(async (_options, command: Command) => {
      const { hookRunCommand } = await import('./commands/hook.js');
      setExit(await hookRunCommand(globals(command)));
    });

  for (const parent of [cache, env, hook]) requireSubcommand(parent);
  return { program, state };
}

/**
 * `ci hook` alone would print a page of help to stderr; like every other usage error it is
 * one sentence and a hint instead. The parent takes the would-be subcommand as an argument, so
 * `ci hook instal` is still an unknown command (with a suggestion), not "too many arguments".
 */
function requireSubcommand(parent: Command): void {
  const names = parent
    .createHelp()
    .visibleCommands(parent)
    .map((command) => command.name())
    .filter((name) => name !== 'help');
  const usage = `ci ${parent.name()}`;
  parent
    .usage('[options] [command]')
    .argument('[command]')
    .action((given: string | undefined) => {
      const hint = `Run \`${usage} --help\` for what each does.`;
      if (given === undefined) throw new UsageError(`\`${usage}\` needs a subcommand: ${names.join(', ')}.`, hint);
      const suggestion = closest(given, names);
      const guess = distance(given, suggestion) <= 2 ? ` (did you mean ${suggestion}?)` : '';
      throw new UsageError(`unknown command '${given}' for \`${usage}\`${guess}; it has ${names.join(', ')}.`, hint);
    });
}

/** `--backend`, on every command that runs jobs. */
function backendOption(): Option {
  return new Option('--backend <name>', `where jobs run: ${BACKEND_NAMES.join(', ')} (default: config \`backend\`, LOCALCI_BACKEND, then docker)`);
}

/** `--image` and `--env`: what a run's jobs get, declared once for every command that loads a pipeline to run or show it. */
function withRunOverrides(command: Command): Command {
  return command
    .option('--image <image>', "use this image instead of the pipeline's default one (also LOCALCI_IMAGE)")
    .option('-e, --env <KEY=VALUE>', 'set a variable for every job of this run (repeatable; --env KEY passes on its value here)', (value: string, previous: string[] = []) => [...previous, value]);
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}".`);
  }
  return parsed;
}
