/**
 * The `github` context of a local run, filled honestly from the checkout:
 * repository owner and name from the `origin` remote, ref and sha from HEAD,
 * the event from `--event` (else `LOCALCI_GITHUB_EVENT`, default `push`), so guards such as
 * `if: github.event_name == 'push' && github.ref == 'refs/heads/main'` take the
 * branch the pushed workflow would take. A `pull_request` event is a pull request
 * from the checked-out (or pushed) branch into the default branch: `head_ref` and
 * `base_ref` name them, and since no pull request exists, its number is 0 and
 * `github.ref` is `refs/pull/0/merge`. The jobs still run the branch's own
 * commit, not a merge with the base.
 */
import path from 'node:path';
import type { GitFacts } from '../importer.js';
import type { Value } from './expression/values.js';
import { STATE_DIR } from './shell-library.js';

export const WORKSPACE = '/workspace';
export const EVENT_VARIABLE = 'LOCALCI_GITHUB_EVENT';

export interface RunFacts {
  event: string;
  github: Record<string, Value>;
  vars: Record<string, Value>;
}

/** The event a user asked for with `--event` or LOCALCI_GITHUB_EVENT, if any. */
export function chosenEvent(env: Readonly<Record<string, string | undefined>>, eventOption?: string): string | undefined {
  return eventOption?.trim() || env[EVENT_VARIABLE]?.trim() || undefined;
}

export function runFacts(git: GitFacts, root: string, env: Readonly<Record<string, string | undefined>>, eventOption?: string): RunFacts {
  const event = chosenEvent(env, eventOption) ?? 'push';
  const repository = repositoryOf(git.remoteUrl) ?? `local/${path.basename(root)}`;
  const [owner = 'local'] = repository.split('/');
  const pullRequest = event === 'pull_request' && !git.tag && git.branch !== undefined ? { head: git.branch, base: git.defaultBranch ?? '' } : undefined;
  const ref = pullRequest ? PULL_REQUEST_REF : git.tag ? `refs/tags/${git.tag}` : git.branch ? `refs/heads/${git.branch}` : '';
  const github: Record<string, Value> = {
    event_name: event,
    event: pullRequest ? pullRequestPayload(pullRequest, git.commit) : {},
    ref,
    ref_name: pullRequest ? PULL_REQUEST_REF.replace('refs/pull/', '') : (git.tag ?? git.branch ?? ''),
    ref_type: git.tag ? 'tag' : 'branch',
    sha: git.commit ?? '',
    repository,
    repository_owner: owner,
    actor: env.USER ?? 'local',
    triggering_actor: env.USER ?? 'local',
    workspace: WORKSPACE,
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    run_id: '0',
    run_number: '1',
    run_attempt: '1',
    head_ref: pullRequest?.head ?? '',
    base_ref: pullRequest?.base ?? '',
    action: '',
    default_branch: git.defaultBranch ?? '',
  };
  return { event, github, vars: configurationVariables(env) };
}

/** There is no pull request, so no number: 0, as `run_id` is. */
const PULL_REQUEST_REF = 'refs/pull/0/merge';

/** The parts of a pull_request event's payload that a local run can fill honestly. */
function pullRequestPayload(branches: { head: string; base: string }, sha: string | undefined): Value {
  const pullRequest = { number: 0, head: { ref: branches.head, sha: sha ?? '' }, base: { ref: branches.base } };
  return { action: 'synchronize', number: 0, pull_request: pullRequest };
}

/** `owner/name` of `git@github.com:owner/name.git`, `https://host/owner/name(.git)`, or a local path's last two parts. */
export function repositoryOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const match = /[:/]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** `vars.<NAME>` (the repository's configuration variables) from `LOCALCI_VAR_<NAME>` in the environment. */
export function configurationVariables(env: Readonly<Record<string, string | undefined>>): Record<string, Value> {
  const vars: Record<string, Value> = {};
  for (const [key, value] of Object.entries(env)) if (key.startsWith(VAR_PREFIX) && value !== undefined) vars[key.slice(VAR_PREFIX.length)] = value;
  return vars;
}

const VAR_PREFIX = 'LOCALCI_VAR_';

/** The variables a runner sets in every step, from the same facts. */
export function runnerVariables(facts: RunFacts, job: string): Record<string, string> {
  const text = (key: string) => String(facts.github[key] ?? '');
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: WORKSPACE,
    GITHUB_EVENT_NAME: facts.event,
    GITHUB_REF: text('ref'),
    GITHUB_REF_NAME: text('ref_name'),
    GITHUB_REF_TYPE: text('ref_type'),
    GITHUB_SHA: text('sha'),
    GITHUB_REPOSITORY: text('repository'),
    GITHUB_REPOSITORY_OWNER: text('repository_owner'),
    GITHUB_ACTOR: text('actor'),
    // A runner sets these two for pull requests only.
    ...(facts.event === 'pull_request' ? { GITHUB_HEAD_REF: text('head_ref'), GITHUB_BASE_REF: text('base_ref') } : {}),
    GITHUB_JOB: job,
    GITHUB_RUN_ID: '0',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: `${STATE_DIR}/tmp`,
  };
}
