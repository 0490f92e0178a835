import { describe, expect, it } from 'vitest';
import { MarkerFilter, stepCommand } from '../../../src/backend/docker/step-script.js';

describe('stepCommand', () => {
  it('passes steps as arguments, never interpolated into the script', () => {
    const command = stepCommand([{ run: 'echo "$HOME" \'quoted\'' }, { run: 'exit 3' }]);
    expect(command.cmd).toEqual(['echo "$HOME" \'quoted\'', 'exit 3']);
    expect(command.entrypoint.slice(0, 2)).toEqual(['sh', '-c']);
    expect(command.entrypoint.at(-1)).toBe(command.marker);
  });

  it('uses a fresh marker each time so step output cannot forge one', () => {
    expect(stepCommand([]).marker).not.toBe(stepCommand([]).marker);
  });
});

describe('MarkerFilter', () => {
  it('turns marker lines into step events and drops the blank line before them', () => {
    const lines: string[] = [];
    const steps: number[] = [];
    const filter = new MarkerFilter('::m::', (line) => lines.push(line), (index) => steps.push(index));
    for (const line of ['', '::m:: step 0', 'hello', '', '::m:: step 1', 'no newline', '::m:: step 2', 'keep', '', 'blank kept']) {
      filter.line(line);
    }
    filter.flush();
    expect(steps).toEqual([0, 1, 2]);
    expect(lines).toEqual(['hello', 'no newline', 'keep', '', 'blank kept']);
  });
});
