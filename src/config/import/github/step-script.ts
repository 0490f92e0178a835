/**
 * The sh text one translated `run:` step becomes: the shared library (env
 * files, PATH), the step's env, its `if:` test, `cd` into its working
 * directory, the script written to a file with its expressions substituted,
 * then run with the step's shell the way a runner runs it. The step's outcome
 * and conclusion are recorded for `steps.<id>.outcome`; with
 * `continue-on-error` a failure is reported and the job goes on.
 */
import { JOB_SKIPPED } from '../../../model/job-skip-marker.js';
import { RUN_STEP_CONTAINER } from '../../../model/step-container.js';
import { LIBRARY_VARIABLE, shellQuote } from './shell-library.js';
import { WORKSPACE } from './github-context.js';

/** Every step starts by defining the helpers the job's environment carries (one copy per job, not per step). */
const LOAD_LIBRARY = `eval "$${LIBRARY_VARIABLE}"`;

export interface ShellCommand {
  /** Command line with `{0}` where the script file goes. */
  command: string;
  /** Extension of the script file (some interpreters care). */
  extension: string;
}

/** GitHub's shell keywords on Linux runners; anything else with `{0}` is a custom command. */
const SHELLS: Record<string, ShellCommand> = {
  bash: { command: 'bash --noprofile --norc -eo pipefail {0}', extension: '.sh' },
  sh: { command: 'sh -e {0}', extension: '.sh' },
  python: { command: 'python {0}', extension: '.py' },
  pwsh: { command: "pwsh -command \". '{0}'\"", extension: '.ps1' },
  powershell: { command: "pwsh -command \". '{0}'\"", extension: '.ps1' },
};

/** No `shell:` at all: bash without pipefail when the image has bash, else sh (as a runner does). */
const DEFAULT_SHELL: ShellCommand = { command: 'if command -v bash >/dev/null 2>&1; then bash -e {0}; else sh -e {0}; fi', extension: '.sh' };

export function shellCommand(shell: string | undefined): ShellCommand | undefined {
  if (shell === undefined) return DEFAULT_SHELL;
  const known = SHELLS[shell.trim()];
  if (known !== undefined) return known;
  return shell.includes('{0}') ? { command: shell, extension: '' } : undefined;
}

export interface StepScriptSpec {
  index: number;
  /** sh words of the step's env values, by name. */
  env: Array<[string, string]>;
  /** A sh test from the step's `if:`. */
  guard?: string;
  guardText?: string;
  /** A sh test from the job's `if:` (the parts only the run knows): false skips the whole job. */
  jobGuard?: string;
  jobGuardText?: string;
  /** sh word of the working directory (relative to the workspace, or absolute). */
  workingDirectory?: string;
  /** sh word of the script text. */
  script: string;
  shell: ShellCommand;
  continueOnError: boolean;
  /** A Docker action: instead of the script, the step's container runs (model/step-container.ts). */
  container?: ContainerRequest;
}

/** What the step's container gets, as sh words the job's container expands when the step starts. */
export interface ContainerRequest {
  /** Variables passed on by name when they are set: the job's, the step's, the runner's (those of `$GITHUB_ENV` always are). */
  names: string[];
  /** Variables with a value of their own, such as `INPUT_<NAME>`: name and sh word. */
  entries: Array<[string, string]>;
  /** sh words of the arguments; absent: the image's CMD. */
  args?: string[];
  /** sh word of the executable replacing the image's ENTRYPOINT. */
  entrypoint?: string;
}

export function stepScript(spec: StepScriptSpec): string {
  const { index } = spec;
  const file = `"$_g/step-${index}${spec.shell.extension}"`;
  const record = (outcome: string, conclusion: string) => `echo ${outcome} > "$_g/outcome-${index}"; echo ${conclusion} > "$_g/conclusion-${index}"`;
  const lines = [LOAD_LIBRARY];
  for (const [name, value] of spec.env) lines.push(`export ${name}=${value}`);
  lines.push(`export GITHUB_OUTPUT="$_g/out-${index}" GITHUB_STEP_SUMMARY="$_g/summary-${index}.md"; : > "$GITHUB_OUTPUT"; : > "$GITHUB_STEP_SUMMARY"`);
  if (spec.jobGuard !== undefined) {
    lines.push(`if ! { ${spec.jobGuard}; }; then echo ${shellQuote(`${JOB_SKIPPED}if: ${spec.jobGuardText ?? ''} is false`)}; ${record('skipped', 'skipped')}; exit 0; fi`);
  }
  if (spec.guard !== undefined) {
    lines.push(`if ! { ${spec.guard}; }; then echo ${shellQuote(`skipped: if: ${spec.guardText ?? ''} is false`)}; ${record('skipped', 'skipped')}; exit 0; fi`);
  }
  lines.push(`cd ${WORKSPACE}${spec.workingDirectory === undefined ? '' : ` && cd ${spec.workingDirectory}`}`);
  if (spec.container === undefined) {
    lines.push(`printf '%s' ${spec.script} > ${file}`);
    lines.push(`_gc=0; { ${spec.shell.command.replaceAll('{0}', file)}; } || _gc=$?`);
  } else {
    lines.push(...containerLines(spec.container, index));
  }
  lines.push('_gsummary "$GITHUB_STEP_SUMMARY"');
  if (spec.continueOnError) {
    lines.push(`if [ "$_gc" -eq 0 ]; then ${record('success', 'success')}; else ${record('failure', 'success')}; echo "continue-on-error: the step failed (exit $_gc); the job goes on"; fi`);
  } else {
    lines.push(`if [ "$_gc" -eq 0 ]; then ${record('success', 'success')}; else ${record('failure', 'failure')}; fi`, 'exit "$_gc"');
  }
  return lines.join('\n');
}

/**
 * Writes the container's request (its variables, arguments and entrypoint, each entry ended by a
 * NUL byte) and runs the container; the request, which may hold secrets, is removed at once.
 */
function containerLines(request: ContainerRequest, index: number): string[] {
  const names = [...new Set(request.names)].filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
  const entry = (name: string, word: string) => `printf '%s=%s\\0' ${name} ${word}`;
  const lines = [
    `_gr="$_g/container-${index}"; rm -rf "$_gr"; mkdir -p "$_gr"`,
    // $GITHUB_ENV's variables, unless named below (those are exported with their final value).
    `_gcenv() { case ${shellQuote(` ${names.join(' ')} `)} in *" $1 "*) ;; *) ${entry('"$1"', '"$2"')} ;; esac; }`,
    '{',
    '  _gparse "$GITHUB_ENV" _gcenv',
    ...names.map((name) => `  [ -z "\${${name}+x}" ] || ${entry(name, `"$${name}"`)}`),
    ...request.entries.map(([name, word]) => `  ${entry(shellQuote(name), word)}`),
    '} > "$_gr/env"',
  ];
  if (request.args !== undefined && request.args.length > 0) lines.push(`printf '%s\\0' ${request.args.join(' ')} > "$_gr/args"`);
  if (request.entrypoint !== undefined) lines.push(`printf '%s' ${request.entrypoint} > "$_gr/entrypoint"`);
  lines.push(`_gc=0; ${RUN_STEP_CONTAINER} "$_gr" || _gc=$?; rm -rf "$_gr"`);
  return lines;
}

/** The step that writes outputs (a job's, into the workspace; a composite action's, into its step's file) as `name<<DELIMITER` entries. */
export function outputsScript(file: string, outputs: Array<[string, string]>): string {
  const delimiter = 'LOCALCI_OUTPUT_END';
  const target = file.startsWith('/') ? file : `${WORKSPACE}/${file}`;
  const lines = [LOAD_LIBRARY, `mkdir -p ${shellQuote(target.split('/').slice(0, -1).join('/'))}`, `{`];
  for (const [name, value] of outputs) lines.push(`  printf '%s<<%s\\n%s\\n%s\\n' ${shellQuote(name)} ${delimiter} ${value} ${delimiter}`);
  lines.push(`} > ${shellQuote(target)}`);
  return lines.join('\n');
}
