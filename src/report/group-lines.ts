/**
 * `::group::<title>` and `::endgroup::` lines of a job's output (workflow commands,
 * run/workflow-commands.ts): logs and records keep them as printed, the HTML report folds
 * the lines between them, and a live run shows the start as a header line and leaves out the end.
 */
const GROUP = /^\s*::group::(.*)$/i;
const END_GROUP = /^\s*::endgroup::\s*$/i;

export type GroupMark = { title: string } | 'end';

/** The group a line opens or closes, or undefined for any other line. */
export function groupMark(line: string): GroupMark | undefined {
  const start = GROUP.exec(line);
  if (start !== null) return { title: start[1]!.trim() };
  return END_GROUP.test(line) ? 'end' : undefined;
}

/** A line as a live run shows it: `▸ title` for a group's start, undefined (not shown) for its end. */
export function liveLine(line: string): string | undefined {
  const mark = groupMark(line);
  if (mark === undefined) return line;
  return mark === 'end' ? undefined : `▸ ${mark.title || 'group'}`;
}
