/**
 * Actions kept in the repository (`uses: ./.github/actions/setup`): their
 * `action.yml` says how they run. JavaScript actions (`node12` … `node24`) run
 * their `main` with node, their inputs in `INPUT_<NAME>` variables as a runner
 * passes them; composite actions are their steps, inlined into the job; Docker actions run
 * their image in a container of the step's own (docker-actions.ts).
 */
import path from 'node:path';
import { parse } from 'yaml';
import { isRaw, type Raw } from './parse.js';

export type LocalAction =
  | NodeAction
  | { kind: 'composite'; dir: string; file: string; steps: unknown[]; inputs: Record<string, unknown>; outputs: Record<string, string> }
  | DockerAction
  | { kind: 'unsupported'; why: string };

/** `runs.using: node20`…: `main`, and the `pre` / `post` scripts with their conditions. */
export interface NodeAction {
  kind: 'node';
  dir: string;
  main: string;
  inputs: Record<string, unknown>;
  pre?: string;
  post?: string;
  preIf?: string;
  postIf?: string;
}

/** `runs.using: docker`: an image (`Dockerfile`, a path to one in the action's folder, or `docker://name`) run with the step's inputs. */
export interface DockerAction {
  kind: 'docker';
  dir: string;
  image: string;
  inputs: Record<string, unknown>;
  /** `runs.args`, templates that may read `inputs`. */
  args: string[];
  entrypoint?: string;
  /** `runs.env`, templates that may read `inputs`. */
  env: Record<string, string>;
  /** Keys of `runs` localci does not run (`pre-entrypoint`, `post-entrypoint`). */
  notRun: string[];
}

export function isLocalAction(uses: string): boolean {
  return uses.startsWith('./');
}

export function readLocalAction(uses: string, readFile: (relative: string) => string | undefined): LocalAction {
  const dir = path.posix.normalize(uses.replace(/\/+$/, ''));
  if (dir.startsWith('..') || path.posix.isAbsolute(dir)) return { kind: 'unsupported', why: `${uses} points outside the repository` };
  const name = ['action.yml', 'action.yaml'].find((candidate) => readFile(`${dir}/${candidate}`) !== undefined);
  if (name === undefined) return { kind: 'unsupported', why: `no action.yml in ${dir}` };
  let data: unknown;
  try {
    data = parse(readFile(`${dir}/${name}`)!);
  } catch (error) {
    return { kind: 'unsupported', why: `${dir}/${name} is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  const runs = isRaw(data) && isRaw(data.runs) ? data.runs : undefined;
  if (runs === undefined) return { kind: 'unsupported', why: `${dir}/${name} has no \`runs\`` };
  const inputs = defaultsOf(isRaw(data) ? data.inputs : undefined);
  const using = String(runs.using ?? '');
  if (/^node\d+$/.test(using) && typeof runs.main === 'string') {
    const scripts = Object.fromEntries((['pre', 'post', 'pre-if', 'post-if'] as const).flatMap((key) => (typeof runs[key] === 'string' || typeof runs[key] === 'boolean' ? [[key.replace('-if', 'If'), String(runs[key])]] : [])));
    return { kind: 'node', dir, main: runs.main, inputs, ...scripts };
  }
  if (using === 'composite' && Array.isArray(runs.steps)) {
    const outputs = isRaw((data as Raw).outputs) ? Object.fromEntries(Object.entries((data as Raw).outputs as Raw).map(([key, spec]) => [key, isRaw(spec) ? String(spec.value ?? '') : ''])) : {};
    return { kind: 'composite', dir, file: `${dir}/${name}`, steps: runs.steps, inputs, outputs };
  }
  if (using === 'docker' && typeof runs.image === 'string' && runs.image.trim() !== '') return dockerAction(dir, runs, inputs);
  return { kind: 'unsupported', why: `${using || 'this kind of'} action${using === 'docker' ? ' has no `runs.image`' : ' is not supported'}` };
}

function dockerAction(dir: string, runs: Raw, inputs: Record<string, unknown>): DockerAction {
  const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
  return {
    kind: 'docker',
    dir,
    image: String(runs.image).trim(),
    inputs,
    args: Array.isArray(runs.args) ? runs.args.map(text) : [],
    ...(typeof runs.entrypoint === 'string' && runs.entrypoint !== '' ? { entrypoint: runs.entrypoint } : {}),
    env: isRaw(runs.env) ? Object.fromEntries(Object.entries(runs.env).map(([name, value]) => [name, text(value)])) : {},
    notRun: ['pre-entrypoint', 'post-entrypoint', 'pre-if', 'post-if'].filter((key) => runs[key] !== undefined),
  };
}

function defaultsOf(inputs: unknown): Record<string, unknown> {
  if (!isRaw(inputs)) return {};
  return Object.fromEntries(Object.entries(inputs).map(([name, spec]) => [name, isRaw(spec) ? (spec.default ?? '') : '']));
}

/** `INPUT_NODE-VERSION` → as the runner names it: upper case, spaces to underscores. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
