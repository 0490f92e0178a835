/** Job output drawn on a terminal keeps its text and colours, never its terminal commands. */
import { describe, expect, it } from 'vitest';
import { terminalText } from '../../../src/report/terminal-text.js';

const ESC = '\u001b';

describe('terminalText', () => {
  it('leaves ordinary text, unicode and wide characters alone', () => {
    expect(terminalText('npm test → 12 passed, café, 日本')).toBe('npm test → 12 passed, café, 日本');
  });

  it.each([
    ['clear screen and home', `${ESC}[2J${ESC}[H`],
    ['window title ended by BEL', `${ESC}]0;pwned\u0007`],
    ['window title ended by ST', `${ESC}]2;pwned${ESC}\\`],
    ['clipboard write', `${ESC}]52;c;cHduZWQ=\u0007`],
    ['full reset', `${ESC}c`],
    ['alternate screen', `${ESC}[?1049h`],
    ['cursor report request', `${ESC}[6n`],
    ['device control string', `${ESC}Pq#0;2;0;0;0${ESC}\\`],
    ['one-byte CSI', '\u009b2J'],
    ['bell, backspace, NUL', '\u0007\b\u0000'],
  ])('removes %s', (_name, sequence) => {
    expect(terminalText(`before${sequence}after`)).toBe(sequence === '\u009b2J' ? 'before2Jafter' : 'beforeafter');
  });

  it('drops an unterminated string sequence to the end of the line', () => {
    expect(terminalText(`ok${ESC}]0;title that never ends`)).toBe('ok');
  });

  it('keeps colours, closed at the end of the line, unless colour is off', () => {
    expect(terminalText(`${ESC}[31mred${ESC}[0m and ${ESC}[1;32mbold green`)).toBe(`${ESC}[31mred${ESC}[0m and ${ESC}[1;32mbold green${ESC}[0m`);
    expect(terminalText(`${ESC}[31mred${ESC}[0m`, { colour: false })).toBe('red');
  });

  it('shows the last state of a line a progress bar rewrote, and tabs as spaces', () => {
    expect(terminalText('10%\r55%\r100%\r')).toBe('100%');
    expect(terminalText('a\tb')).toBe('a  b');
  });
});
