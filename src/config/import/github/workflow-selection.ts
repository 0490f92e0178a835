/**
 * Which workflows a local run reads, and as which event. A local run behaves
 * as a push of the branch (or tag): found workflows that the push does not
 * trigger are left out with a warning. A workflow named with `--workflow` runs
 * whatever its triggers, and so does a project's only workflow when nothing
 * else applies.
 *
 * A feature branch often has its checks only in `pull_request` workflows
 * (`push` limited to `main`). When the user chose no event and the push of a
 * branch other than the default one triggers nothing, the run is what a pull
 * request from that branch into the default branch would start: the
 * `pull_request` workflows, their branch filters checked against the base.
 * Without that, the pre-push hook would let such a push through unchecked.
 */
import type { ImportContext, ImportWarning } from '../importer.js';
import { pullRequestFilter, pushFilter, type FilterDecision } from './event-filters.js';
import { chosenEvent, runFacts, type RunFacts } from './github-context.js';
import type { Workflow } from './parse.js';
import { isRaw } from './parse.js';

export interface Selection {
  running: Workflow[];
  facts: RunFacts;
  /** Warnings about workflows left out or filters approximated, for the event the run uses. */
  warnings: ImportWarning[];
  /** One line saying the run is a pull request rather than the push, when it is. */
  note?: string;
  /** The default branch a pull request was tried into, when the push triggered nothing and none did either. */
  triedPullRequestInto?: string;
}

/** `named`: the user named the workflow (`--workflow`); `only`: the project has just one. */
export function selectWorkflows(workflows: Workflow[], context: ImportContext, choice: 'named' | 'only' | 'found'): Selection {
  const facts = runFacts(context.git, context.root, context.env, context.event);
  if (choice === 'named') return { running: workflows, facts, warnings: [] };
  const asEvent = triggered(workflows, facts, context);
  if (asEvent.running.length > 0) return asEvent;
  const base = pullRequestBase(context);
  if (base !== undefined) {
    const pullRequestFacts = runFacts(context.git, context.root, context.env, 'pull_request');
    const asPullRequest = triggered(workflows, pullRequestFacts, context);
    const branch = context.git.branch!;
    const note = `No workflow runs on a push to ${branch}: running the workflows a pull request from ${branch} into ${base} triggers (pull_request event).`;
    if (asPullRequest.running.length > 0) return { ...asPullRequest, note };
    if (choice === 'found') return { ...asEvent, triedPullRequestInto: base };
  }
  return choice === 'only' ? { running: workflows, facts, warnings: [] } : asEvent;
}

/** Branch pushes that may stand for a pull request: no event chosen, a branch that is not the default one. */
function pullRequestBase(context: ImportContext): string | undefined {
  const { git } = context;
  if (chosenEvent(context.env, context.event) !== undefined || git.tag !== undefined || git.branch === undefined) return undefined;
  return git.defaultBranch !== undefined && git.defaultBranch !== git.branch ? git.defaultBranch : undefined;
}

function triggered(workflows: Workflow[], facts: RunFacts, context: ImportContext): Selection {
  const warnings: ImportWarning[] = [];
  const running = workflows.filter((workflow) => {
    const runs = triggers(workflow.data.on).includes(facts.event);
    if (!runs) {
      warnings.push({ file: workflow.file, path: ['on'], message: `skipped: not triggered by ${facts.event} (run with --event, or name the workflow with --workflow)` });
      return false;
    }
    const filter = eventFilter(workflow.data.on, facts.event, context);
    if (filter === undefined) return true;
    const at = ['on', facts.event];
    if (filter.approximated !== undefined) warnings.push({ file: workflow.file, path: at, message: filter.approximated });
    if (!filter.runs) warnings.push({ file: workflow.file, path: at, message: `skipped: ${filter.why} (name the workflow with --workflow to run it)` });
    return filter.runs;
  });
  return { running, facts, warnings };
}

function eventFilter(on: unknown, event: string, context: ImportContext): FilterDecision | undefined {
  if (event === 'push') return pushFilter(on, context.git, context.changes && (() => context.changes!('push')));
  // A pull request from a tag does not exist; a tag run as pull_request has no base to filter on.
  if (event === 'pull_request') return pullRequestFilter(on, context.git.tag === undefined ? context.git.defaultBranch : undefined, context.changes && (() => context.changes!('pull_request')));
  return undefined;
}

/** Event names of `on:` (a name, a list, or a mapping). */
export function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return isRaw(on) ? Object.keys(on) : [];
}
