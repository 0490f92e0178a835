/**
 * Images built from the project's own Dockerfile, tagged by content:
 * `localci-build/<project>:<hash of Dockerfile, target, args, context files>`.
 * An existing tag is reused without a build, so an unchanged project decides in
 * milliseconds (context digests are memoised like the job cache's). Jobs that
 * share a spec share one build: the promise is kept per tag (single flight),
 * and every job replays the build's output into its own log.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { digestFiles, sha256 } from '../../cache/file-digests.js';
import type { BuildSpec } from '../../model/image-ref.js';
import type { SourceTree } from '../../source/source-tree.js';
import { projectState } from '../../state/project-state.js';
import { buildContext, BuildInputError, OUTSIDE_DOCKERFILE, packContext, type BuildContext } from './build-context.js';
import { NO_BUILD_NETWORK, trustEntries, withTrustLines, type BuildNetwork } from './build-network.js';
import { LABEL } from './labels.js';
import { inspectId } from './images.js';

export const BUILD_REPOSITORY = 'localci-build';

export type BuildOutcome =
  | { ok: true; tag: string; id: string; reused: boolean }
  /** `cause` is kept so the backend can tell a lost engine (exit 3) from a failed build. */
  | { ok: false; message: string; cause?: unknown };

export interface ImageBuild {
  /** The image id when the tag already existed (no build), else undefined; known within milliseconds. */
  reusedId: Promise<string | undefined>;
  /** Replays the output so far, then follows it; resolves when the build ends. Never rejects. */
  follow(onLine: (line: string) => void): Promise<BuildOutcome>;
}

/**
 * The content tag a spec resolves to for this source tree. The host's CA bundles change what is
 * built (build-network.ts), so they are part of the tag; proxies are not, as in Docker's own cache.
 */
export async function buildTag(tree: SourceTree, spec: BuildSpec, projectId: string, network: BuildNetwork = NO_BUILD_NETWORK): Promise<{ tag: string; context: BuildContext }> {
  const context = withHostTrust(await buildContext(tree, spec), network);
  // A memo file per context folder, apart from the job cache's, so neither overwrites the other's entries.
  const memoFile = tree.kind === 'commit' ? undefined : path.join(await projectState(tree.dir).folder('memo'), `build-digests-${sha256(spec.context).slice(0, 8)}.json`);
  const digests = await digestFiles(context.dir, context.files, { memoFile });
  const args = Object.entries(spec.args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = sha256(
    JSON.stringify({
      dockerfile: [context.dockerfile, sha256(context.dockerfileContent)],
      target: spec.target ?? null,
      args,
      files: context.files.map((file) => [file, digests.get(file)]),
    }),
  );
  return { tag: `${BUILD_REPOSITORY}/${repositoryName(projectId)}:${hash.slice(0, 32)}`, context };
}

function withHostTrust(context: BuildContext, network: BuildNetwork): BuildContext {
  if (network.trust.files.length === 0) return context;
  const dockerfileContent = Buffer.from(withTrustLines(context.dockerfileContent.toString('utf8'), network.trust));
  return { ...context, dockerfile: OUTSIDE_DOCKERFILE, dockerfileContent, extraEntries: trustEntries(network.trust) };
}

/** Docker repository names are lower case letters, digits and separators. */
function repositoryName(projectId: string): string {
  return projectId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'project';
}

export class ImageBuilds {
  private readonly byTag = new Map<string, ImageBuild>();

  constructor(
    private readonly docker: Docker,
    private readonly projectId: string,
    private readonly network: BuildNetwork = NO_BUILD_NETWORK,
  ) {}

  /** Resolves the tag, reuses or starts the build; problems become a failed outcome, never a rejection. */
  async start(tree: SourceTree, spec: BuildSpec): Promise<ImageBuild> {
    let resolved: Awaited<ReturnType<typeof buildTag>>;
    try {
      resolved = await buildTag(tree, spec, this.projectId, this.network);
    } catch (error) {
      const outcome: BuildOutcome = { ok: false, message: message(error), cause: error };
      return { reusedId: Promise.resolve(undefined), follow: async () => outcome };
    }
    const { tag, context } = resolved;
    let build = this.byTag.get(tag);
    if (!build) {
      build = this.create(tag, context, spec);
      this.byTag.set(tag, build);
    }
    return build;
  }

  private create(tag: string, context: BuildContext, spec: BuildSpec): ImageBuild {
    const log = new LineLog();
    const existingId = inspectId(this.docker, tag);
    const outcome = (async (): Promise<BuildOutcome> => {
      try {
        const existing = await existingId;
        if (existing !== undefined) {
          log.push(`reusing image ${tag}: already built from ${spec.dockerfile}${spec.target ? ` (target ${spec.target})` : ''}, no build needed`);
          return { ok: true, tag, id: existing, reused: true };
        }
        log.push(`building image ${tag} from ${spec.dockerfile}${spec.target ? ` (target ${spec.target})` : ''}`);
        const labels = { [LABEL.build]: '1', [LABEL.project]: this.projectId };
        const buildargs = { ...this.network.proxyArgs, ...spec.args };
        const network = this.network.extraHosts.length > 0 ? { extrahosts: this.network.extraHosts.join(',') } : {};
        await runBuild(this.docker, context, { t: tag, dockerfile: context.dockerfile, buildargs, labels, ...network, ...(spec.target ? { target: spec.target } : {}) }, (line) => log.push(line));
        const id = await inspectId(this.docker, tag);
        if (id === undefined) return { ok: false, message: `the build finished but image ${tag} cannot be found` };
        log.push(`built image ${tag} (${id.slice(7, 19)})`);
        return { ok: true, tag, id, reused: false };
      } catch (error) {
        return { ok: false, message: message(error), cause: error };
      }
    })();
    return { reusedId: existingId.catch(() => undefined), follow: (onLine) => log.follow(onLine, outcome) };
  }
}

/** Output lines kept for jobs that join later, and pushed live to those already following. */
class LineLog {
  private readonly lines: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();

  push(line: string): void {
    this.lines.push(line);
    for (const listener of this.listeners) listener(line);
  }

  async follow(onLine: (line: string) => void, outcome: Promise<BuildOutcome>): Promise<BuildOutcome> {
    for (const line of this.lines) onLine(line);
    this.listeners.add(onLine);
    try {
      return await outcome;
    } finally {
      this.listeners.delete(onLine);
    }
  }
}

/** Builder bookkeeping that says nothing about the image. */
const NOISE = /^( ---> Running in |Removing intermediate container )/;

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Classic builder through the API (no BuildKit session); its `error` event is the failure message. */
async function runBuild(docker: Docker, context: BuildContext, options: Record<string, unknown>, onLine: (line: string) => void): Promise<void> {
  const stream = await docker.buildImage(packContext(context), { ...options, rm: true, forcerm: true });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: BuildEvent[]) => {
        const failed = output?.find((event) => event.error);
        if (error) reject(error);
        else if (failed) reject(new BuildInputError(failed.errorDetail?.message ?? failed.error));
        else resolve();
      },
      (event: BuildEvent) => {
        for (const line of (event.stream ?? '').split('\n')) if (line.trim() !== '' && !NOISE.test(line)) onLine(line.trimEnd());
      },
    );
  });
}


/** The builder's own words, without dockerode's `(HTTP code 500) server error - ` preamble. */
function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^\(HTTP code \d+\) [\w ]+ - /, '').trim();
}
