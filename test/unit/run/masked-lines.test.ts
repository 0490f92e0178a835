import { describe, expect, it } from 'vitest';
import type { JobIO } from '../../../src/backend/backend.js';
import { maskedExecution } from '../../../src/run/masked-job.js';
import { MaskedLines } from '../../../src/run/masked-lines.js';
import { MASK, SecretMasker } from '../../../src/run/secrets.js';

const TOKEN = 'tok-4f9a-leaky';

interface Piece {
  stream: string;
  line: string;
  continues: boolean;
}

function recorder(): { pieces: Piece[]; log: JobIO['log'] } {
  const pieces: Piece[] = [];
  return { pieces, log: (stream, line, continues = false) => pieces.push({ stream, line, continues }) };
}

/** Feeds `text` as the pieces of one cut line, cut at `cuts`, and returns what went out. */
function throughCuts(masker: SecretMasker, text: string, cuts: number[]): Piece[] {
  const { pieces, log } = recorder();
  const lines = new MaskedLines(masker, log);
  const ends = [...cuts, text.length];
  ends.forEach((end, index) => lines.log('stdout', text.slice(index === 0 ? 0 : ends[index - 1], end), index < ends.length - 1));
  lines.flush();
  return pieces;
}

describe('MaskedLines', () => {
  it('masks a secret wherever the cut of a long line falls in it', () => {
    const masker = new SecretMasker([TOKEN, 'another-secret-value']);
    const text = `${'x'.repeat(30)}${TOKEN}${'y'.repeat(30)}`;
    for (let cut = 1; cut < text.length; cut++) {
      const pieces = throughCuts(masker, text, [cut]);
      expect(pieces.map((piece) => piece.line).join(''), `cut at ${cut}`).toBe(masker.mask(text));
      expect(pieces.at(-1)?.continues).toBe(false);
      expect(pieces.every((piece) => piece.line !== '')).toBe(true);
    }
  });

  it('carries a tail across several cuts and never holds back more than the longest secret', () => {
    const masker = new SecretMasker([TOKEN]);
    const text = `${'x'.repeat(20)}${TOKEN}${'y'.repeat(20)}`;
    const pieces = throughCuts(masker, text, [16, 25, 30, 45]);
    expect(pieces.map((piece) => piece.line).join('')).toBe(`${'x'.repeat(20)}${MASK}${'y'.repeat(20)}`);
    // Each piece went out as soon as it could: at most (longest - 1) characters were held back.
    expect(pieces[0]?.line).toBe('x'.repeat(16 - (TOKEN.length - 1)));
  });

  it('sends nothing for a piece a longer secret holds back whole, then masks it', () => {
    const masker = new SecretMasker([TOKEN]);
    expect(throughCuts(masker, TOKEN, [3, 6, 9]).map((piece) => piece.line)).toEqual([MASK]);
  });

  it('keeps the streams apart and sends what is held when the output ends in a cut line', () => {
    const masker = new SecretMasker([TOKEN]);
    const { pieces, log } = recorder();
    const lines = new MaskedLines(masker, log);
    lines.log('stdout', `out ${TOKEN.slice(0, 5)}`, true);
    lines.log('stderr', `err ${TOKEN}`, false);
    lines.log('stdout', TOKEN.slice(5), true);
    lines.flush();
    expect(pieces.filter((piece) => piece.stream === 'stderr').map((piece) => piece.line)).toEqual([`err ${MASK}`]);
    expect(pieces.filter((piece) => piece.stream === 'stdout').map((piece) => piece.line).join('')).toBe(`out ${MASK}`);
  });
});

describe('maskedExecution', () => {
  it('flushes a held tail when the job ends, whether it returns or throws', async () => {
    const masker = new SecretMasker([TOKEN]);
    for (const outcome of ['returns', 'throws'] as const) {
      const { pieces, log } = recorder();
      const io: JobIO = { log, stepStarted: () => undefined, warn: () => undefined };
      const execute = maskedExecution(masker, async (_job, jobIO) => {
        jobIO.log('stdout', `last ${TOKEN.slice(0, 4)}`, true);
        jobIO.log('stdout', TOKEN.slice(4), true);
        if (outcome === 'throws') throw new Error(`engine gone after ${TOKEN}`);
        return { exitCode: 0 };
      });
      const ended = execute({} as never, io, new AbortController().signal, 1);
      if (outcome === 'throws') await expect(ended).rejects.toThrow(`engine gone after ${MASK}`);
      else await ended;
      expect(pieces.map((piece) => piece.line).join(''), outcome).toBe(`last ${MASK}`);
    }
  });
});
