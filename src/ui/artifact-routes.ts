/**
 * `GET /api/artifacts?run=ID`: each job's artifact files of one of the project's runs;
 * `GET /api/artifact?run=ID&job=NAME&path=P`: one of them, as a download. The run must be one the
 * project's run store lists and the job one of that run's, so a request names nothing but files
 * below a job's artifact folder (artifact-files.ts). A file is always an attachment of an opaque
 * type, never shown inline: an HTML file a job left cannot run as a page of this server.
 */
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { listRuns, type StoredRun } from '../history/run-store.js';
import { listArtifacts, openArtifact } from './artifact-files.js';

export const ARTIFACT_PATHS = new Set(['/api/artifacts', '/api/artifact']);

type Send = (status: number, type: string, body: string) => void;

export async function serveArtifacts(root: string, url: URL, response: ServerResponse, headers: Record<string, string>, send: Send): Promise<void> {
  const notFound = (error: string) => send(404, 'application/json', JSON.stringify({ error }));
  const run = await findRun(root, url.searchParams.get('run'));
  if (!run) return notFound('no such run in this project');
  if (url.pathname === '/api/artifacts') {
    const jobs = await Promise.all(jobsOf(run).map(async (job) => ({ job, ...(await listArtifacts(run.dir, job)) })));
    return send(200, 'application/json', JSON.stringify(jobs.filter((entry) => entry.files.length > 0)));
  }
  const job = url.searchParams.get('job');
  if (job === null || !jobsOf(run).includes(job)) return notFound('no such job in this run');
  const opened = await openArtifact(run.dir, job, url.searchParams.get('path') ?? '');
  if (!opened.ok) return notFound(opened.reason);
  response.writeHead(200, {
    ...headers,
    'content-type': 'application/octet-stream',
    'content-length': String(opened.bytes),
    'content-disposition': attachment(opened.name),
    // Should a browser render it anyway, it would be a sandboxed document without scripts.
    'content-security-policy': "sandbox; default-src 'none'",
  });
  await pipeline(opened.handle.createReadStream(), response);
}

async function findRun(root: string, id: string | null): Promise<StoredRun | undefined> {
  if (id === null) return undefined;
  return (await listRuns(root)).find((run) => run.id === id);
}

function jobsOf(run: StoredRun): string[] {
  return [...new Set([...(run.record.plan?.map((entry) => entry.job) ?? []), ...run.record.jobs.map((result) => result.job)])];
}

/** `attachment` with the file's name: a plain ASCII fallback and the exact name (RFC 6266). */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
