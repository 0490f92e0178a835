/**
 * A `uses: owner/repo[/path]@ref` step that localci does not map onto its own
 * parts: the repository is fetched into the actions cache (action-cache.ts)
 * and the action runs like a local one, its files a read-only layer of the
 * job's workspace. A fetch that fails skips the step with one warning naming it
 * and the fix; with `LOCALCI_ACTIONS=strict` it stops the command (exit 3).
 */
import path from 'node:path';
import { EnvironmentError } from '../../../errors.js';
import { formatKeyPath, type KeyPath } from '../../key-path.js';
import { actionsSettings, fetchRemote } from './action-cache.js';
import type { Findings } from './report.js';
import type { RemoteRef } from './remote-ref.js';
import { treeReader } from './tree-reader.js';

/** Where an action's files are: read on the host while translating, seen by the job at `containerRoot`. */
export interface ActionSource {
  /** `./path` of the action inside its root. */
  spec: string;
  readFile: (relative: string) => string | undefined;
  /** Host folder of the root, for messages naming the action's file. */
  hostRoot: string;
  containerRoot: string;
  /** A fetched repository's layer, mounted into the job. */
  layer?: string;
}

interface FetchSite {
  file: string;
  findings: Findings;
  env: Readonly<Record<string, string | undefined>>;
}

export function remoteSource(uses: string, ref: RemoteRef, at: KeyPath, site: FetchSite): ActionSource | undefined {
  const fetched = fetchRemoteFor(uses, ref, at, site);
  if (fetched === undefined) return undefined;
  return { spec: `./${ref.path}`, readFile: treeReader(fetched.tree), hostRoot: fetched.tree, containerRoot: fetched.containerDir, layer: fetched.layer };
}

/** The fetched repository, or undefined after a warning (or an EnvironmentError when strict). */
export function fetchRemoteFor(uses: string, ref: RemoteRef, at: KeyPath, site: FetchSite) {
  const outcome = fetchRemote(ref, site.env);
  if ('error' in outcome) {
    const why = `${uses} could not be fetched: ${outcome.error}`;
    const hint = `check the name and ref, and that git can fetch https://github.com/${ref.owner}/${ref.repo}`;
    if (actionsSettings(site.env).strict) throw new EnvironmentError(`${path.relative(process.cwd(), site.file) || site.file} ${formatKeyPath([...at, 'uses'])}: ${why}.`, `${hint[0]!.toUpperCase()}${hint.slice(1)} (LOCALCI_ACTIONS=strict).`);
    site.findings.warn(site.file, [...at, 'uses'], `skipped: ${why}; ${hint}`);
    return undefined;
  }
  if (outcome.stale !== undefined) site.findings.warn(site.file, [...at, 'uses'], `approximated: ${uses}: ${outcome.stale}`);
  return outcome;
}
