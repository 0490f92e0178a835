/**
 * Report files are XML written by test runners in the job, so they are read as untrusted
 * text: saxes is a strict, streaming parser that builds no tree and expands no entity it does
 * not know (no entity bombs, no external files). Parsers see elements as they open and close.
 */
import { SaxesParser } from 'saxes';

export interface XmlHandlers {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close?(name: string): void;
  /** Text and CDATA directly inside the element that is open. */
  text?(text: string): void;
}

export class ReportFormatError extends Error {}

export function readXml(source: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser();
  let failure: string | undefined;
  parser.on('error', (error) => {
    failure ??= error.message;
  });
  parser.on('opentag', (tag) => handlers.open(localName(tag.name), tag.attributes as Record<string, string>));
  parser.on('closetag', (tag) => handlers.close?.(localName(tag.name)));
  parser.on('text', (text) => handlers.text?.(text));
  parser.on('cdata', (text) => handlers.text?.(text));
  parser.write(source).close();
  if (failure !== undefined) throw new ReportFormatError(`not well-formed XML: ${failure}`);
}

/** `ns:testcase` and `testcase` are the same element to a report reader. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** A numeric attribute, or undefined when absent or not a number. */
export function numberAttribute(attributes: Readonly<Record<string, string>>, name: string): number | undefined {
  const value = attributes[name];
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
