/** Collects ImportWarnings: one per key localci ignores or approximates, with the file it is written in. */
import type { KeyPath } from '../../key-path.js';
import type { ImportWarning } from '../importer.js';

export class Warnings {
  readonly list: ImportWarning[] = [];
  private readonly seen = new Set<string>();

  add(file: string, path: KeyPath, message: string): void {
    const id = `${file}\0${path.join('\0')}\0${message}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.list.push({ file, path, message });
  }
}
