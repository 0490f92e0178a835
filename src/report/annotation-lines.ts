/**
 * The annotations a job printed (`::error`, `::warning`, `::notice`), as lines
 * under its row in the run summary and `ci show`: level, place, title, message.
 * They are job text, so they go through the caller's terminal gate; a message
 * of several lines shows its first.
 */
import type { Annotation, JobResult } from '../run/events.js';
import { describeAnnotation } from '../run/workflow-commands.js';
import type { Palette } from '../util/color.js';
import type { JobText } from './terminal-text.js';

export function annotationLines(results: readonly JobResult[], colors: Palette, jobText: JobText): string[] {
  const withAnnotations = results.filter((result) => (result.annotations?.length ?? 0) > 0);
  if (withAnnotations.length === 0) return [];
  const lines = ['', colors.bold('Annotations')];
  for (const result of withAnnotations) {
    for (const annotation of result.annotations!) {
      const text = jobText(describeAnnotation({ ...annotation, message: annotation.message.split('\n')[0]! }));
      lines.push(`  ${levelText(annotation, colors)} ${result.job}: ${text}`);
    }
  }
  return lines;
}

function levelText(annotation: Annotation, colors: Palette): string {
  const word = annotation.level.padEnd(7);
  return annotation.level === 'error' ? colors.red(word) : annotation.level === 'warning' ? colors.yellow(word) : colors.cyan(word);
}
