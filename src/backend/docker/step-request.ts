/**
 * Reads a container step's request folder (model/step-container.ts) out of the
 * job's running container through the API. The folder must lie in the shared
 * state folder; what it holds is capped, since the job writes it.
 */
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { SHARED_STATE_DIR } from '../../model/step-container.js';
import type { ArchiveSource } from './artifacts.js';

export interface StepRequest {
  /** `NAME=value` entries. */
  env: string[];
  args?: string[];
  entrypoint?: string;
}

/** More than any real set of variables and arguments; a job cannot make the host hold more. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/** The folder as an absolute path inside the shared state folder, or undefined when it is not one. */
export function requestFolder(folder: string): string | undefined {
  const normalized = path.posix.normalize(folder);
  return normalized.startsWith(`${SHARED_STATE_DIR}/`) ? normalized.replace(/\/+$/, '') : undefined;
}

export async function readStepRequest(source: ArchiveSource, folder: string): Promise<StepRequest> {
  const files = new Map<string, Buffer>();
  let total = 0;
  const reader = extract();
  const feeding = pipeline(await source.getArchive({ path: folder }), reader);
  // Stopping early (too large) closes the stream under the pipeline: the error thrown below says why.
  feeding.catch(() => undefined);
  for await (const entry of reader) {
    // The archive's first entry is the folder itself; its files come as `<folder name>/<file>`.
    const name = entry.header.name.split('/').filter(Boolean).slice(1).join('/');
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_REQUEST_BYTES) throw new Error(`the step's request in ${folder} is larger than ${MAX_REQUEST_BYTES} bytes`);
      chunks.push(chunk);
    }
    if (entry.header.type === 'file' && ['env', 'args', 'entrypoint'].includes(name)) files.set(name, Buffer.concat(chunks));
  }
  await feeding;
  const env = nulList(files.get('env')).filter((entry) => /^[^=]+=/.test(entry));
  const args = files.get('args');
  const entrypoint = files.get('entrypoint')?.toString('utf8');
  return { env, ...(args === undefined ? {} : { args: nulList(args) }), ...(entrypoint ? { entrypoint } : {}) };
}

/** Entries each ended by a NUL byte (a missing last NUL is forgiven). */
function nulList(content: Buffer | undefined): string[] {
  if (content === undefined || content.length === 0) return [];
  const entries = content.toString('utf8').split('\0');
  if (entries.at(-1) === '') entries.pop();
  return entries;
}
