/** The stable id of a project checkout: its name plus a hash of its path, so two clones never share objects. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Pipeline } from './pipeline.js';

export function projectId(pipeline: Pick<Pipeline, 'projectName' | 'root'>): string {
  return `${pipeline.projectName}-${createHash('sha256').update(path.resolve(pipeline.root)).digest('hex').slice(0, 8)}`;
}
