/**
 * A job's `steps:` → localci steps. `run:` steps become the scripts of
 * step-script.ts; `uses:` steps change the job (image, caches, artifacts) or
 * are skipped with a warning. Step ids are known to later steps only, as on GitHub.
 */
import type { KeyPath } from '../../key-path.js';
import type { DependencyCacheConfig, ImageSpec, StepSpec } from '../../types.js';
import { DOCKER_IMAGE_PREFIX, dockerActionPlan, dockerImagePlan, type DockerStepPlan } from './docker-actions.js';
import { actionName, mapsOntoLocalci, translateAction, type PackageManagerName } from './actions.js';
import { installCommand, type InstallStep } from './install-step.js';
import { translateCondition, type When } from './conditions.js';
import { evaluate, type EvaluationScope } from './expression/evaluate.js';
import { hasExpression, interpolate, splitTemplate } from './expression/template.js';
import { fromPlain, toText, type Value } from './expression/values.js';
import { isRaw, type Raw } from './parse.js';
import type { Findings } from './report.js';
import { isStatic, runtimeWord, type RuntimeScope } from './runtime-values.js';
import path from 'node:path';
import { WORKSPACE } from './github-context.js';
import { inputVariable, isLocalAction, readLocalAction } from './local-actions.js';
import { STATE_DIR } from './shell-library.js';
import { outputsScript, shellCommand, stepScript, type ContainerRequest } from './step-script.js';
import { remoteSource, type ActionSource } from './remote-actions.js';
import { nodeActionSteps, POST_INDEX_BASE, PRE_INDEX_BASE } from './node-action-steps.js';
import { parseRemoteRef } from './remote-ref.js';

/** A localci step as the config takes it; `when` is how a status function in `if:` reads. */
export type TranslatedStep = Exclude<StepSpec, string> & { when?: Exclude<When, 'never' | 'on-success'> };

export interface StepsResult {
  steps: TranslatedStep[];
  image?: string;
  /** The setup action that chose `image`. */
  imageFrom?: string;
  caches: DependencyCacheConfig[];
  artifacts: string[];
  artifactsExclude: string[];
  /** From an upload-artifact step with `if: always()` or `failure()`. */
  artifactsWhen?: 'always' | 'on-failure';
  /** Artifact names of download-artifact steps; null: every artifact. */
  downloads: Array<string | null>;
  /** Host folders of fetched actions the steps run (read-only layers of the job). */
  actionLayers: string[];
  /** `pre` scripts of JavaScript actions, run before the job's steps in this order. */
  preSteps: TranslatedStep[];
  /** `post` scripts of JavaScript actions, run after the job's steps in the reverse of this order. */
  postSteps: TranslatedStep[];
  /** setup-node's `cache:`, whose install step may become the install layer. */
  packageManager?: PackageManagerName;
  installStep?: InstallStep;
}

export interface StepsInput {
  file: string;
  path: KeyPath;
  steps: unknown;
  runtime: RuntimeScope;
  /** `defaults.run` of the job, else of the workflow. */
  defaults: { shell?: string; workingDirectory?: string };
  /** env entries every step exports first (job env that reads secrets). */
  jobEnv: Array<[string, string]>;
  /** Names of the job's other variables (the containers of Docker actions get them too). */
  envNames?: string[];
  /** A sh test from the job's own `if:`, checked by every step. */
  jobGuard?: { test: string; text: string };
  findings: Findings;
  readFile: (relative: string) => string | undefined;
  /** The project root (paths of local actions are relative to it). */
  root: string;
  /** The command's environment: where the actions cache is, `LOCALCI_ACTIONS`. */
  commandEnv: Readonly<Record<string, string | undefined>>;
  /** Added to step indexes, so the steps of a composite action get files of their own. */
  indexBase?: number;
}

export function translateSteps(input: StepsInput): StepsResult {
  const { file, findings } = input;
  const result: StepsResult = { steps: [], caches: [], artifacts: [], artifactsExclude: [], downloads: [], actionLayers: [], preSteps: [], postSteps: [] };
  if (!Array.isArray(input.steps)) {
    findings.fail(file, [...input.path], 'expected a list of steps');
    return result;
  }
  const stepIds = new Map<string, number>();
  input.steps.forEach((raw: unknown, index) => {
    const at = [...input.path, index];
    if (!isRaw(raw)) return findings.fail(file, at, 'expected a step mapping with `run` or `uses`');
    const runtime: RuntimeScope = {
      ...input.runtime,
      stepIds: new Map(stepIds),
      unsupported: (source, why) => findings.warn(file, [...at, 'if' in raw && String(raw.if).includes(source) ? 'if' : 'run'], `approximated: \`${source}\`: ${why}`),
    };
    findings.guard(file, at, () => translateStep(raw, index, at, runtime, input, result));
    if (typeof raw.id === 'string') stepIds.set(raw.id, (input.indexBase ?? 0) + index);
  });
  return result;
}

const STEP_KEYS = new Set(['id', 'name', 'if', 'run', 'uses', 'with', 'env', 'shell', 'working-directory', 'continue-on-error', 'timeout-minutes']);

/** A Docker step's image and what its container gets. */
interface StepContainerPart {
  image: ImageSpec;
  request: ContainerRequest;
}

function translateStep(raw: Raw, index: number, at: KeyPath, runtime: RuntimeScope, input: StepsInput, result: StepsResult, container?: StepContainerPart): void {
  const { file, findings } = input;
  for (const key of Object.keys(raw)) if (!STEP_KEYS.has(key)) findings.warn(file, [...at, key], 'ignored: not a step key localci knows');
  const condition = translateCondition(raw.if as string | boolean | undefined, runtime);
  if (condition.when === 'never') return;
  // Names and action inputs may read step outputs or secrets; those read as empty here (only run scripts get them).
  // hashFiles() becomes localci's own cache-key placeholder, computed by each run from the files it sees.
  const scope = lenientScope(runtime);
  if (typeof raw.uses === 'string' && raw.uses.startsWith(DOCKER_IMAGE_PREFIX)) return runDockerStep(raw, raw.uses, dockerImagePlan(raw.uses, givenInputs(raw)), index, at, runtime, input, result);
  if (typeof raw.uses === 'string' && isLocalAction(raw.uses)) return runAction(raw, raw.uses, { spec: raw.uses, readFile: input.readFile, hostRoot: input.root, containerRoot: WORKSPACE }, index, at, runtime, input, result);
  const remote = typeof raw.uses === 'string' && !mapsOntoLocalci(raw.uses) ? parseRemoteRef(raw.uses) : undefined;
  if (remote !== undefined) {
    const source = remoteSource(String(raw.uses), remote, at, { file: input.file, findings: input.findings, env: input.commandEnv });
    if (source !== undefined) runAction(raw, String(raw.uses), source, index, at, runtime, input, result);
    return;
  }
  if (typeof raw.uses === 'string') {
    const withValues = isRaw(raw.with) ? Object.fromEntries(Object.entries(raw.with).map(([key, value]) => [key, typeof value === 'string' ? interpolate(value, scope) : fromPlain(value)])) : {};
    const effect = translateAction({ uses: raw.uses, with: withValues as Record<string, Value>, readFile: input.readFile });
    if (effect.artifacts !== undefined && condition.guard === undefined && condition.when !== 'on-success') result.artifactsWhen = condition.when;
    else if (condition.guard !== undefined || condition.when !== 'on-success') findings.warn(file, [...at, 'if'], `approximated: ${actionName(raw.uses)} is applied to the whole job; its condition is ignored`);
    if (effect.warning !== undefined) findings.warn(file, [...at, 'uses'], effect.warning);
    if (effect.image !== undefined) chooseImage(result, { image: effect.image, from: actionName(raw.uses) }, (message) => findings.warn(file, [...at, 'uses'], message));
    if (effect.cache !== undefined) result.caches.push(effect.cache);
    if (effect.artifacts !== undefined) result.artifacts.push(...effect.artifacts);
    if (effect.artifactsExclude !== undefined) result.artifactsExclude.push(...effect.artifactsExclude);
    if (effect.download !== undefined) result.downloads.push(effect.download);
    if (effect.packageManager !== undefined) result.packageManager = effect.packageManager;
    if (effect.run !== undefined) {
      const { uses: _uses, with: _with, ...rest } = raw;
      translateStep({ name: `Run ${raw.uses}`, ...rest, shell: 'sh', run: effect.run }, index, at, runtime, input, result);
    }
    return;
  }
  if (typeof raw.run !== 'string') return findings.fail(file, at, 'expected `run` (a script) or `uses` (an action)');
  const shellName = (raw.shell as string | undefined) ?? input.defaults.shell;
  const shell = shellCommand(shellName);
  if (shell === undefined) return findings.fail(file, [...at, 'shell'], `unknown shell ${JSON.stringify(shellName)}`, 'use bash, sh, python, or a command with {0} where the script file goes');
  if (shellName === 'pwsh' || shellName === 'powershell') findings.warn(file, [...at, 'shell'], 'approximated: runs with pwsh, which the image must have');
  const env = isRaw(raw.env) ? Object.entries(raw.env).map(([name, value]): [string, string] => [name, runtimeWord(typeof value === 'string' ? value : toText(fromPlain(value)), runtime)]) : [];
  const directory = (raw['working-directory'] as string | undefined) ?? input.defaults.workingDirectory;
  const continueOnError = raw['continue-on-error'] === undefined ? false : staticBoolean(raw['continue-on-error'], runtime);
  const script = stepScript({
    index: (input.indexBase ?? 0) + index,
    env: [...input.jobEnv, ...env],
    ...(input.jobGuard === undefined ? {} : { jobGuard: input.jobGuard.test, jobGuardText: shownText(input.jobGuard.text, scope) }),
    ...(condition.guard === undefined ? {} : { guard: condition.guard, guardText: shownText(String(raw.if), scope) }),
    ...(directory === undefined ? {} : { workingDirectory: runtimeWord(directory, runtime) }),
    script: runtimeWord(raw.run, runtime),
    shell,
    continueOnError,
    ...(container === undefined ? {} : { container: container.request }),
  });
  const name = typeof raw.name === 'string' ? interpolate(raw.name, scope) : firstLine(shownText(raw.run, scope));
  const step: TranslatedStep = { name, run: script, ...(container === undefined ? {} : { container: { image: container.image } }) };
  const minutes = raw['timeout-minutes'];
  if (minutes !== undefined) step.timeout = `${Number(typeof minutes === 'string' ? interpolate(minutes, scope) : minutes)}m`;
  if (condition.when !== 'on-success') step.when = condition.when;
  result.steps.push(step);
  const install = result.installStep === undefined ? installCommand(raw, result.packageManager, input.defaults.workingDirectory) : undefined;
  if (install !== undefined) result.installStep = { manager: result.packageManager!, index: result.steps.length - 1, command: install, file, path: at };
}

/** A JavaScript action runs as a step; a composite action's steps are translated in its place. */
function runAction(raw: Raw, uses: string, source: ActionSource, index: number, at: KeyPath, runtime: RuntimeScope, input: StepsInput, result: StepsResult): void {
  const action = readLocalAction(source.spec, source.readFile);
  const inContainer = (relative: string) => path.posix.join(source.containerRoot, relative);
  const given = isRaw(raw.with) ? raw.with : {};
  if (action.kind === 'unsupported') return input.findings.warn(input.file, [...at, 'uses'], `skipped: ${source.layer === undefined ? '' : `${uses}: `}${action.why}`);
  if (source.layer !== undefined && !result.actionLayers.includes(source.layer)) result.actionLayers.push(source.layer);
  const values = Object.entries(action.inputs).map(([name, fallback]) => [name, textOf(given[name] ?? fallback)] as const);
  if (action.kind === 'docker') {
    if (action.notRun.length > 0) input.findings.warn(input.file, [...at, 'uses'], `approximated: ${action.notRun.join(', ')} of ${uses} ${action.notRun.length === 1 ? 'is' : 'are'} not run`);
    if (source.layer !== undefined && !action.image.startsWith(DOCKER_IMAGE_PREFIX)) {
      return input.findings.warn(input.file, [...at, 'uses'], `skipped: ${uses} builds its image from a Dockerfile, which localci does for actions of the repository only (docker:// images run)`);
    }
    return runDockerStep(raw, uses, dockerActionPlan(action, givenInputs(raw)), index, at, runtime, input, result);
  }
  if (action.kind === 'node') {
    const base = input.indexBase ?? 0;
    const steps = nodeActionSteps(action, uses, values, raw, base + index, inContainer);
    if (steps.pre !== undefined) translateStep(steps.pre, index, at, runtime, { ...input, indexBase: PRE_INDEX_BASE + base }, { ...result, steps: result.preSteps });
    if (steps.post !== undefined) translateStep(steps.post, index, at, runtime, { ...input, indexBase: POST_INDEX_BASE + base }, { ...result, steps: result.postSteps });
    return translateStep(steps.main, index, at, runtime, input, result);
  }
  for (const [name, value] of values) if (hasExpression(value) && !splitTemplate(value).every((part) => part.kind === 'text' || isStatic(part.node))) {
    input.findings.warn(input.file, [...at, 'with', name], 'approximated: composite action inputs are read when the workflow is read; values from steps or secrets are empty');
  }
  if (raw.if !== undefined) input.findings.warn(input.file, [...at, 'if'], 'approximated: the condition of a composite action is not applied to its steps');
  const scope = lenientScope(runtime);
  const inputs = Object.fromEntries(values.map(([name, value]) => [name, interpolate(value, scope)]));
  const github = { ...(runtime.scope.contexts.github as Record<string, Value>), action_path: inContainer(action.dir) };
  const base = (input.indexBase ?? 0) + index;
  const inner = translateSteps({
    ...input,
    file: path.join(source.hostRoot, action.file),
    path: ['runs', 'steps'],
    steps: action.steps,
    indexBase: (base + 1) * 1000,
    runtime: { ...runtime, scope: { ...runtime.scope, contexts: { ...runtime.scope.contexts, inputs, github } } },
  });
  result.steps.push(...inner.steps);
  result.caches.push(...inner.caches);
  result.artifacts.push(...inner.artifacts);
  result.actionLayers.push(...inner.actionLayers);
  result.preSteps.push(...inner.preSteps);
  result.postSteps.push(...inner.postSteps);
  if (inner.image !== undefined) chooseImage(result, { image: inner.image, from: inner.imageFrom ?? uses }, (message) => input.findings.warn(input.file, [...at, 'uses'], message));
  const outputs = Object.entries(action.outputs);
  if (outputs.length > 0) {
    const innerIds = new Map(action.steps.flatMap((step, position) => (isRaw(step) && typeof step.id === 'string' ? [[step.id, (base + 1) * 1000 + position] as const] : [])));
    const innerRuntime = { ...runtime, stepIds: innerIds, scope: { ...runtime.scope, contexts: { ...runtime.scope.contexts, inputs, github } } };
    const words = outputs.map(([name, value]): [string, string] => [name, runtimeWord(value, innerRuntime)]);
    result.steps.push({ name: `${uses} outputs`, run: outputsScript(`${STATE_DIR}/out-${base}`, words) });
  }
}

/**
 * A job runs in one image, where a runner could have several setup actions install their tools
 * side by side: setup-node's image wins (Node images carry python3 too), else the first choice.
 */
function chooseImage(result: StepsResult, choice: { image: string; from: string }, warn: (message: string) => void): void {
  if (result.image === undefined || result.image === choice.image) {
    result.image = choice.image;
    result.imageFrom ??= choice.from;
    return;
  }
  const replaces = choice.from === 'actions/setup-node' && result.imageFrom !== 'actions/setup-node';
  const [kept, dropped] = replaces ? [choice, { image: result.image, from: result.imageFrom ?? 'an earlier step' }] : [{ image: result.image, from: result.imageFrom ?? 'an earlier step' }, choice];
  warn(`approximated: the job runs in one image, ${kept.image} (${kept.from}); ${dropped.image} of ${dropped.from} is not used, so ${kept.image} must have that tool`);
  result.image = kept.image;
  result.imageFrom = kept.from;
}

/** A Docker step: its inputs reach the container through variables the step's script expands when it starts. */
function runDockerStep(raw: Raw, uses: string, plan: DockerStepPlan, index: number, at: KeyPath, runtime: RuntimeScope, input: StepsInput, result: StepsResult): void {
  // A runner starts the container in the workspace whatever the step's working-directory.
  const { with: _with, uses: _uses, 'working-directory': _directory, ...rest } = raw;
  const env: Raw = { ...plan.env, ...(isRaw(raw.env) ? raw.env : {}) };
  const names = [...(input.envNames ?? []), ...input.jobEnv.map(([name]) => name), ...Object.keys(env), 'GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'];
  const entries = plan.inputs.map(([name, value], position): [string, string] => {
    env[`LOCALCI_INPUT_${position}`] = value;
    return [inputVariable(name), `"$LOCALCI_INPUT_${position}"`];
  });
  const word = (text: string) => runtimeWord(text, runtime);
  const request: ContainerRequest = { names, entries, ...(plan.args === undefined ? {} : { args: plan.args.map(word) }), ...(plan.entrypoint === undefined ? {} : { entrypoint: word(plan.entrypoint) }) };
  translateStep({ name: `Run ${uses}`, ...rest, env, shell: 'sh', run: 'true' }, index, at, runtime, input, result, { image: plan.image, request });
}

function givenInputs(raw: Raw): Record<string, string> {
  return isRaw(raw.with) ? Object.fromEntries(Object.entries(raw.with).map(([name, value]) => [name, textOf(value)])) : {};
}

function lenientScope(runtime: RuntimeScope): EvaluationScope {
  return {
    ...runtime.scope,
    contexts: { steps: {}, needs: {}, secrets: {}, env: {}, job: {}, ...runtime.scope.contexts },
    hashFiles: (patterns) => `{{ hashFiles(${patterns.map((pattern) => JSON.stringify(pattern)).join(', ')}) }}`,
  };
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : toText(fromPlain(value));
}

function staticBoolean(value: unknown, runtime: RuntimeScope): boolean {
  if (typeof value === 'boolean') return value;
  const text = interpolate(String(value), runtime.scope).trim().toLowerCase();
  return text === 'true';
}

/** Text for names and messages: expressions known now replaced by their value, the others shown as `{expression}`. */
function shownText(text: string, scope: EvaluationScope): string {
  if (!hasExpression(text)) return text;
  return splitTemplate(text).map((segment) => (segment.kind === 'text' ? segment.text : isStatic(segment.node) ? toText(evaluate(segment.node, scope)) : `{${segment.source}}`)).join('');
}

function firstLine(script: string): string {
  const line = script.split('\n').map((text) => text.trim()).find((text) => text !== '') ?? 'run';
  return line.length <= 60 ? line : `${line.slice(0, 59)}…`;
}
