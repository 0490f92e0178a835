/**
 * The pipeline of each pushed branch or tag. An imported CI file's rules depend on the branch
 * (`workflow: rules`, `rules: if: $CI_COMMIT_BRANCH == …`, `on: push: branches`), and CI decides
 * them for the ref being pushed, not for whatever is checked out: pushing `HEAD:main` from a
 * feature branch runs main's pipeline. Each ref name is loaded once. A ref whose rules start no
 * pipeline gets the reason instead, so the push goes through unchecked, as CI would run nothing.
 */
import { NoPipelineError } from '../../errors.js';
import type { RefFacts } from '../../config/import/importer.js';
import type { Pipeline } from '../../model/pipeline.js';
import { isZeroSha, shortRef, type PushedRef } from './refs.js';

export type PipelineOrNone = { pipeline: Pipeline } | { none: NoPipelineError };

export class PipelinesByRef {
  private readonly loaded = new Map<string, Promise<PipelineOrNone>>();

  constructor(private readonly load: (ref: RefFacts) => Promise<Pipeline>) {}

  for(ref: PushedRef): Promise<PipelineOrNone> {
    const key = ref.remoteRef;
    let found = this.loaded.get(key);
    if (found === undefined) {
      found = this.load(refFacts(ref)).then(
        (pipeline): PipelineOrNone => ({ pipeline }),
        (error: unknown): PipelineOrNone => {
          if (error instanceof NoPipelineError) return { none: error };
          throw error;
        },
      );
      this.loaded.set(key, found);
    }
    return found;
  }
}

export function refFacts(ref: PushedRef): RefFacts {
  const name = shortRef(ref.remoteRef);
  // A tag's sha may name a tag object rather than the commit, so only a branch says its commit.
  if (ref.remoteRef.startsWith('refs/tags/')) return { tag: name };
  return { branch: name, commit: ref.localSha, ...(isZeroSha(ref.remoteSha) ? {} : { before: ref.remoteSha }) };
}
