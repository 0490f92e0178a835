/**
 * The steps a JavaScript action (`runs.using: node20`…) becomes: its `main`
 * where the action is used, its `pre` before the job's steps and its `post`
 * after them (in reverse order of the actions, as a runner runs them). `pre-if`
 * and `post-if` default to `always()`, and their status functions read the
 * job's status; a `post` runs only when the action's main step ran.
 */
import type { Raw } from './parse.js';
import { inputVariable, type NodeAction } from './local-actions.js';
import { shellQuote, STATE_DIR } from './shell-library.js';

export interface NodeActionSteps {
  main: Raw;
  pre?: Raw;
  post?: Raw;
}

/** File indexes of pre and post steps, apart from every index a main or composite step can have. */
export const PRE_INDEX_BASE = 1_000_000_000;
export const POST_INDEX_BASE = 2_000_000_000;

/**
 * `values`: each input with its template; `raw`: the `uses:` step; `mainIndex`: its file index
 * (its outcome file says whether it ran); `inContainer`: where the action's files are in the job.
 */
export function nodeActionSteps(action: NodeAction, uses: string, values: ReadonlyArray<readonly [string, string]>, raw: Raw, mainIndex: number, inContainer: (relative: string) => string): NodeActionSteps {
  const { with: _with, uses: _uses, ...rest } = raw;
  // Input variables keep the runner's names (`INPUT_NODE-VERSION`), which sh cannot export, so `env` passes them.
  const env: Raw = { ...(isRecord(raw.env) ? raw.env : {}) };
  const pairs = values.map(([name, value], position) => {
    env[`LOCALCI_INPUT_${position}`] = value;
    return shellQuote(`${inputVariable(name)}=`) + `"$LOCALCI_INPUT_${position}"`;
  });
  const run = (script: string) => `exec env ${pairs.join(' ')} node ${shellQuote(inContainer(`${action.dir}/${script}`))}`.replace(/ {2}/g, ' ');
  // What a pre or post step keeps of the step: its variables, time limit and continue-on-error.
  const { id: _id, name: _name, if: _if, ...kept } = rest;
  const mainRan = `[ "$(cat ${shellQuote(`${STATE_DIR}/outcome-${mainIndex}`)} 2>/dev/null || echo skipped)" != skipped ] || { echo ${shellQuote(`skipped: the main step of ${uses} did not run`)}; exit 0; }`;
  return {
    main: { name: `Run ${uses}`, ...rest, env, shell: 'sh', run: run(action.main) },
    ...(action.pre === undefined ? {} : { pre: { ...kept, name: `Pre Run ${uses}`, if: action.preIf ?? 'always()', env, shell: 'sh', run: run(action.pre) } }),
    ...(action.post === undefined ? {} : { post: { ...kept, name: `Post Run ${uses}`, if: action.postIf ?? 'always()', env, shell: 'sh', run: `${mainRan}\n${run(action.post)}` } }),
  };
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
