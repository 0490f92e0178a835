/**
 * Masks a job's output lines, including lines the backend had to cut because
 * they were too long. A secret that straddles such a cut would be in neither
 * piece whole, so each piece that continues keeps back its last characters (one
 * fewer than the longest secret) and they go out in front of the next piece.
 * Pieces then shift by at most that much; a secret never ends up cut in two.
 */
import type { JobIO } from '../backend/backend.js';
import type { LogStream } from './events.js';
import type { SecretMasker } from './secrets.js';

export class MaskedLines {
  /** Raw text held back per stream from a piece that continues: never longer than the longest secret. */
  private readonly held = new Map<LogStream, string>();

  constructor(
    private masker: SecretMasker,
    private readonly out: JobIO['log'],
  ) {}

  /** Masks with `masker` from now on (it knows more values). */
  use(masker: SecretMasker): void {
    this.masker = masker;
  }

  log(stream: LogStream, line: string, continues = false): void {
    const text = (this.held.get(stream) ?? '') + line;
    this.held.delete(stream);
    if (!continues) return this.out(stream, this.masker.mask(text));
    // Any secret that starts before `cut` ends within `text`; cleanCut moves past one that spans it.
    const cut = this.masker.cleanCut(text, Math.max(0, text.length - (this.masker.longest - 1)));
    if (cut < text.length) this.held.set(stream, text.slice(cut));
    // A long secret may hold back a whole piece; an empty piece would show as a blank line.
    if (cut > 0) this.out(stream, this.masker.mask(text.slice(0, cut)), true);
  }

  /** Sends what is still held back: the output ended in the middle of a cut line. */
  flush(): void {
    for (const [stream, text] of this.held) this.out(stream, this.masker.mask(text));
    this.held.clear();
  }
}
