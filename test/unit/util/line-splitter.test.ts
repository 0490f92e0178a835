import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/util/line-splitter.js';

function split(chunks: Array<string | Buffer>, max?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), max);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('joins lines split across chunks and strips CRLF', () => {
    expect(split(['first li', 'ne\r\nsecond\n', 'third'])).toEqual(['first line', 'second', 'third']);
  });

  it('keeps multi-byte characters split across chunk boundaries intact', () => {
    const bytes = Buffer.from('grüße ✓\n');
    expect(split([bytes.subarray(0, 3), bytes.subarray(3, 10), bytes.subarray(10)])).toEqual(['grüße ✓']);
  });

  it('cuts an endless line into bounded pieces instead of growing without limit', () => {
    const lines = split(['x'.repeat(25), 'y'.repeat(5), '\n'], 10);
    expect(lines).toEqual(['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxxyyyyy']);
  });

  it('says which pieces of a cut line are followed by more of the same line', () => {
    const pieces: Array<[string, boolean]> = [];
    const splitter = new LineSplitter((line, continues) => pieces.push([line, continues]), 4);
    splitter.push('abcdefghij\nshort\nabcdef');
    splitter.push('gh');
    splitter.end();
    expect(pieces).toEqual([
      ['abcd', true],
      ['efgh', true],
      ['ij', false],
      ['shor', true],
      ['t', false],
      ['abcd', true],
      ['efgh', false],
    ]);
  });

  it('keeps empty lines', () => {
    expect(split(['a\n\nb\n'])).toEqual(['a', '', 'b']);
  });
});
