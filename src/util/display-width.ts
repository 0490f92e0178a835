/**
 * Text measured in terminal columns rather than code points: a CJK character
 * or an emoji takes two columns, a combining accent none, a colour code none.
 * A frame drawn with code-point counts wraps as soon as a file name, job name
 * or log line holds such characters.
 */
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';

export { stringWidth as displayWidth };

/** `text` cut to at most `columns` columns, colours closed; a wide character that would straddle the edge is left out. */
export function fitColumns(text: string, columns: number): string {
  if (stringWidth(text) <= columns) return text;
  const cut = sliceAnsi(text, 0, columns);
  return stringWidth(cut) <= columns ? cut : sliceAnsi(text, 0, columns - 1);
}

/** `text` padded with spaces at the end to `columns` columns. */
export function padColumns(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - stringWidth(text)));
}
