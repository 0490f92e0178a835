/**
 * Durations and memory sizes as written in configs, turned into the numbers
 * the runner uses. Parsers return undefined for bad input so the schema can
 * word the error; normalize only ever sees values the schema accepted.
 */

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type DurationUnit = keyof typeof UNIT_MS;
const UNIT_ORDER: DurationUnit[] = ['h', 'm', 's', 'ms'];

/**
 * `90` (seconds), `'90s'`, `'10m'`, `'1h30m'`, `'500ms'` → milliseconds.
 * Units must come largest first and at most once, so `'30m1h'` is a typo, not 90 minutes.
 */
export function parseDuration(spec: number | string): number | undefined {
  if (typeof spec === 'number') return Number.isFinite(spec) && spec > 0 ? Math.round(spec * 1000) : undefined;
  const text = spec.trim();
  if (text === '') return undefined;
  // A bare number in a string is seconds, like the number form.
  if (/^\d+(\.\d+)?$/.test(text)) return parseDuration(Number(text));
  const token = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
  let total = 0;
  let lastUnit = -1;
  let index = 0;
  while (index < text.length) {
    token.lastIndex = index;
    const match = token.exec(text);
    if (!match) return undefined;
    const unit = UNIT_ORDER.indexOf(match[2] as DurationUnit);
    if (unit <= lastUnit) return undefined;
    lastUnit = unit;
    total += Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
    index = token.lastIndex;
  }
  return total > 0 ? Math.round(total) : undefined;
}

const MEMORY_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** The smallest job log cap: room for a head and a tail of a few hundred lines. */
export const MIN_LOG_BYTES = 16 * 1024;

/** Docker refuses limits below 6 MiB; saying so here beats a daemon error mid-run. */
export const MIN_MEMORY_BYTES = 6 * 1024 ** 2;

/** `'512m'`, `'2g'`, `'1.5G'`, `'512MiB'`, `'256mb'` → bytes (binary units, like Docker). */
export function parseMemory(spec: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg])(?:i?b)?$/i.exec(spec.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * MEMORY_UNITS[match[2]!.toLowerCase()]!);
}
