/**
 * Actions that do their work with GitHub's (or another hosted) service: a
 * local run has nothing for them to talk to, so each such step is skipped
 * with one warning that says why. Prefixes cover an action's sub-actions
 * (`github/codeql-action/init`).
 */
const NEEDS_SERVICE: Array<[prefix: string, why: string]> = [
  ['codecov/codecov-action', 'uploads coverage to codecov.io; a local run reports nowhere (the coverage files stay in the workspace)'],
  ['coverallsapp/github-action', 'uploads coverage to coveralls.io; a local run reports nowhere'],
  ['tj-actions/changed-files', "lists the files of the push or pull request GitHub sends; a local run has no such event (localci's `rules.changes` compares with the upstream branch)"],
  ['dorny/paths-filter', 'reads the files of the push or pull request GitHub sends; a local run has no such event'],
  ['simenb/github-actions-cpu-cores', "reports the runner's CPU count; use `nproc` in a run step"],
  ['actions/github-script', "calls the GitHub API with the workflow's token"],
  ['github/codeql-action', 'runs code scanning that reports to GitHub'],
  ['actions/dependency-review-action', 'compares dependencies through the GitHub API'],
  ['actions/labeler', 'labels pull requests through the GitHub API'],
  ['actions/stale', 'marks issues and pull requests through the GitHub API'],
  ['actions/upload-pages-artifact', 'publishes to GitHub Pages'],
  ['actions/deploy-pages', 'publishes to GitHub Pages'],
  ['softprops/action-gh-release', 'creates a GitHub release'],
  ['peter-evans/create-pull-request', 'opens a pull request on GitHub'],
  ['changesets/action', 'opens release pull requests and publishes through GitHub'],
  ['actions/attest-build-provenance', 'signs attestations with GitHub'],
];

/** Why the action cannot do its job locally, or undefined when it is not one of these. */
export function serviceReason(name: string): string | undefined {
  return NEEDS_SERVICE.find(([prefix]) => name === prefix || name.startsWith(`${prefix}/`))?.[1];
}
