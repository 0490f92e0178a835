/**
 * The image map: rules `pattern=image` that rewrite image references (and
 * runs-on labels) before anything is pulled, for offline machines, company
 * mirrors and CI labels that are not images. Patterns are globs over the
 * reference as written (`*` matches any text, `/` and `:` included; `?` one
 * character); a `*` in the image is filled with what the pattern's `*` at the
 * same position matched, so `node:*=mirror.local/node:*` keeps the tag. The
 * first matching rule wins and its result is final (no second lookup).
 */
import { checkImageName } from '../image-ref.js';

export interface ImageRule {
  pattern: string;
  image: string;
  /** Where the rule is written, for `ci images` and messages: `LOCALCI_IMAGES`, a file and key. */
  origin: string;
}

export interface MappedImage {
  image: string;
  rule: ImageRule;
}

export class ImageMap {
  private readonly compiled: Array<{ rule: ImageRule; regex: RegExp }>;

  constructor(readonly rules: readonly ImageRule[]) {
    this.compiled = rules.map((rule) => ({ rule, regex: globRegex(rule.pattern) }));
  }

  /** The rewritten reference, or undefined when no rule matches. */
  resolve(reference: string): MappedImage | undefined {
    for (const { rule, regex } of this.compiled) {
      const match = regex.exec(reference);
      if (!match) continue;
      const captures = match.slice(1);
      let index = 0;
      const image = rule.image.replace(/\*/g, () => captures[index++] ?? '');
      return { image, rule };
    }
    return undefined;
  }
}

/** A rule's image must still be an image name once its `*` are filled. */
export function checkRuleImage(image: string): { message: string; hint?: string } | undefined {
  const result = checkImageName(image.replace(/\*/g, 'x'));
  return result.ok ? undefined : { message: result.message, ...(result.hint ? { hint: result.hint } : {}) };
}

function globRegex(pattern: string): RegExp {
  const body = [...pattern].map((char) => (char === '*' ? '(.*?)' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}
