/**
 * A job that calls a reusable workflow of the same repository
 * (`uses: ./.github/workflows/build.yml`) or of another one
 * (`owner/repo/.github/workflows/build.yml@ref`, fetched like remote actions) becomes the called workflow's jobs,
 * named `caller / job`, with the caller's `with:` as `inputs` and its `needs`
 * on the called jobs that need nothing else. A matrix of calls calls it once per
 * leg (`caller (a) / job`). The called workflow's `outputs` reach later jobs as
 * `needs.<caller>.outputs.<name>`. Secrets are read by the names the called
 * workflow uses (as with `secrets: inherit`).
 */
import path from 'node:path';
import type { KeyPath } from '../../key-path.js';
import type { JobConfig } from '../../types.js';
import { evaluateValue } from './expression/template.js';
import type { Value } from './expression/values.js';
import { isRaw, readWorkflow, type Raw, type Workflow } from './parse.js';
import { fetchRemoteFor } from './remote-actions.js';
import { parseRemoteRef } from './remote-ref.js';
import { treeReader } from './tree-reader.js';
import { jobLegs, type WorkflowScope } from './translate-job.js';
import { legName } from './matrix.js';
import { OUTPUTS_FOLDER } from './runtime-values.js';

/** GitHub allows ten levels of called workflows (four before 2025); deeper is a loop or a mistake. */
export const MAX_CALL_DEPTH = 10;

export type TranslateCalled = (workflow: Workflow, inputs: Record<string, Value>, depth: number, outputsPrefix: string) => Record<string, JobConfig>;

/** A call's jobs (of every leg of a matrix of calls) and the called workflow's `outputs`. */
export interface WorkflowCallResult {
  jobs: Record<string, JobConfig>;
  /** Read by later jobs as `needs.<caller>.outputs.<name>`; a matrix of calls gives its last leg's, as some leg's would be on GitHub. */
  outputs: CalledOutputs;
}

export interface CalledOutputs {
  /** `on.workflow_call.outputs.<name>.value`: templates that read `jobs.<job>.outputs.<name>`. */
  values: Record<string, string>;
  /** The outputs file of one of the called workflow's jobs. */
  file: (job: string) => string;
}

/** The called workflow's file (for messages) and text: of this repository, or fetched from another one. */
function calledWorkflow(uses: string, at: KeyPath, scope: WorkflowScope): { file: string; text: string | undefined } | undefined {
  if (uses.startsWith('./')) return { file: path.join(scope.root, uses), text: scope.readFile(uses) };
  const remote = parseRemoteRef(uses);
  if (remote === undefined || !/^\.github\/workflows\/[^/]+\.ya?ml$/.test(remote.path)) {
    scope.findings.warn(scope.file, [...at, 'uses'], `skipped: ${uses} is not a workflow of this repository (./.github/workflows/x.yml) or of another one (owner/repo/.github/workflows/x.yml@ref)`);
    return undefined;
  }
  const fetched = fetchRemoteFor(uses, remote, at, { file: scope.file, findings: scope.findings, env: scope.commandEnv });
  return fetched === undefined ? undefined : { file: path.join(fetched.tree, remote.path), text: treeReader(fetched.tree)(remote.path) };
}

export function callWorkflow(id: string, raw: Raw, scope: WorkflowScope, depth: number, translate: TranslateCalled): WorkflowCallResult | undefined {
  const { file, findings } = scope;
  const at: KeyPath = ['jobs', id];
  const uses = String(raw.uses);
  if (depth >= MAX_CALL_DEPTH) {
    findings.fail(file, [...at, 'uses'], `workflows call each other more than ${MAX_CALL_DEPTH} levels deep`, 'look for a workflow that calls itself');
    return undefined;
  }
  const source = calledWorkflow(uses, at, scope);
  if (source === undefined) return undefined;
  const read = readWorkflow(source.file, source.text ?? '');
  if (!('data' in read)) {
    if (source.text === undefined) findings.fail(file, [...at, 'uses'], `no workflow ${uses}`);
    else findings.issues.push(read);
    return undefined;
  }
  if (raw.secrets !== undefined && raw.secrets !== 'inherit') findings.warn(file, [...at, 'secrets'], 'approximated: the called workflow reads secrets from the environment by its own names, as with `secrets: inherit`');
  const legs = jobLegs(id, raw, scope);
  const jobs: Record<string, JobConfig> = {};
  let outputsPrefix = '';
  legs.forEach((leg, index) => {
    // Each leg of a matrix of calls is a call of its own, with its `with:` read in its matrix: `caller (a, b) / job`.
    const contexts = { github: scope.facts.github, inputs: scope.inputs, vars: scope.facts.vars, needs: {}, secrets: {}, matrix: leg ?? {} };
    const inputs: Record<string, Value> = {};
    for (const [name, value] of Object.entries(isRaw(raw.with) ? raw.with : {})) {
      const evaluated = findings.guard(file, [...at, 'with', name], () => evaluateValue(value, { contexts }));
      if (evaluated !== undefined) inputs[name] = evaluated;
    }
    outputsPrefix = `${scope.outputsPrefix}${id}.${leg === undefined ? '' : `${index}.`}`;
    const prefix = `${leg === undefined ? id : legName(id, leg)} / `;
    for (const [name, job] of Object.entries(translate(read, inputs, depth + 1, outputsPrefix))) {
      jobs[prefix + name] = job.needs === undefined ? job : { ...job, needs: job.needs.map((need) => prefix + need) };
    }
  });
  const prefix = outputsPrefix;
  return { jobs, outputs: { values: outputValues(read.data.on), file: (job) => `${OUTPUTS_FOLDER}/${prefix}${job}` } };
}

function outputValues(on: unknown): Record<string, string> {
  const call = isRaw(on) && isRaw(on.workflow_call) ? on.workflow_call : undefined;
  if (call === undefined || !isRaw(call.outputs)) return {};
  return Object.fromEntries(Object.entries(call.outputs).map(([name, spec]) => [name, isRaw(spec) ? String(spec.value ?? '') : '']));
}
