/** The job log cap: head as it comes, a bounded tail at the end, the cut said in between. */
import { describe, expect, it } from 'vitest';
import { CappedLog } from '../../../src/report/capped-log.js';
import type { SyncFileWriter } from '../../../src/util/sync-file-writer.js';

function memoryFile(): { writer: SyncFileWriter; text: () => string } {
  const chunks: string[] = [];
  const writer = { write: (text: string) => chunks.push(text), flush: () => undefined } as unknown as SyncFileWriter;
  return { writer, text: () => chunks.join('') };
}

describe('CappedLog', () => {
  it('writes everything when the log stays under the cap', () => {
    const file = memoryFile();
    const log = new CappedLog(file.writer, 16 * 1024);
    for (let i = 0; i < 10; i++) log.writeLine(`line ${i}`);
    log.finish();
    expect(file.text()).toBe(Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join(''));
  });

  it('keeps head and tail within the cap and counts the lines and bytes cut', () => {
    const file = memoryFile();
    const cap = 16 * 1024;
    const log = new CappedLog(file.writer, cap);
    const total = 5000;
    for (let i = 0; i < total; i++) log.writeLine(`line ${String(i).padStart(5, '0')} é`);
    log.finish();
    const text = file.text();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(cap);
    expect(text.startsWith('line 00000 é\n')).toBe(true);
    expect(text.endsWith(`line ${String(total - 1).padStart(5, '0')} é\n`)).toBe(true);
    const cut = /\[(\d+) lines \((\d+(?:\.\d)? KB)\) cut here: the log is capped at 16 KB \(logs\.maxSize\)\]/.exec(text);
    expect(cut).not.toBeNull();
    const kept = text.split('\n').filter((line) => line.startsWith('line ')).length;
    expect(kept + Number(cut![1])).toBe(total);
    // Kept lines are consecutive on both sides of the cut.
    const numbers = text.split('\n').filter((line) => line.startsWith('line ')).map((line) => Number(line.slice(5, 10)));
    const gap = numbers.findIndex((n, i) => i > 0 && n !== numbers[i - 1]! + 1);
    expect(numbers[gap]! - numbers[gap - 1]! - 1).toBe(Number(cut![1]));
  });

  it('drops a single line longer than the tail room rather than overflowing', () => {
    const file = memoryFile();
    const cap = 16 * 1024;
    const log = new CappedLog(file.writer, cap);
    log.writeLine('x'.repeat(9000));
    log.writeLine('y'.repeat(20_000));
    log.writeLine('last');
    log.finish();
    expect(Buffer.byteLength(file.text())).toBeLessThanOrEqual(cap);
    expect(file.text()).toMatch(/\[2 lines \(28 KB\) cut here/);
    expect(file.text().endsWith('last\n')).toBe(true);
  });
});

describe('CappedLog finished twice', () => {
  it('adds nothing the second time (job end, then the run closing)', () => {
    const file = memoryFile();
    const log = new CappedLog(file.writer, 16 * 1024);
    for (let i = 0; i < 2000; i++) log.writeLine(`line ${i}`);
    log.finish();
    const once = file.text();
    log.finish();
    expect(file.text()).toBe(once);
  });
});
