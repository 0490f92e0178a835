/** Workflow files of a folder: `.github/workflows/*.yml|yaml`, sorted. Cheap, runs on every command. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const WORKFLOWS_DIR = '.github/workflows';

export function detectWorkflows(dir: string): string[] {
  try {
    return readdirSync(path.join(dir, WORKFLOWS_DIR), { withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
      .map((entry) => `${WORKFLOWS_DIR}/${entry.name}`)
      .sort();
  } catch {
    return [];
  }
}
