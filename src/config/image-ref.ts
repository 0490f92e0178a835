/**
 * The Docker image reference grammar (distribution/reference), checked
 * before any Docker call so a typo is a config error naming the key, not an
 * engine error mid-run:
 *
 *   [registry[:port]/]path[:tag][@sha256:<64 hex>]
 *
 * The path is lowercase components separated by `/`; the registry is told
 * apart from the first path component by containing `.` or `:` or being
 * `localhost`, as Docker does.
 */

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 255;

export interface ImageRefParts {
  registry?: string;
  path: string;
  tag?: string;
  digest?: string;
}

export type ImageCheck = { ok: true; parts: ImageRefParts } | { ok: false; message: string; hint?: string };

export function checkImageName(reference: string): ImageCheck {
  const shown = `\`${reference}\``;
  if (reference.trim() === '') return { ok: false, message: 'image name is empty' };
  if (/\s/.test(reference)) return { ok: false, message: `${shown} contains whitespace`, hint: 'an image name is one word such as `node:20`' };
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      return { ok: false, message: `${shown} has an invalid digest`, hint: 'a digest is `@sha256:` followed by 64 lowercase hex characters' };
    }
  }
  // The tag is after the last colon, unless that colon belongs to `registry:port/…`.
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return {
        ok: false,
        message: `${shown} has an invalid tag \`${tag}\``,
        hint: 'a tag is up to 128 letters, digits, `_`, `.` or `-`, not starting with `.` or `-`',
      };
    }
  }
  const components = rest.split('/');
  let registry: string | undefined;
  const first = components[0]!;
  if (components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = components.shift();
    if (!DOMAIN.test(first)) return { ok: false, message: `${shown} has an invalid registry \`${first}\`` };
  }
  for (const component of components) {
    if (PATH_COMPONENT.test(component)) continue;
    if (PATH_COMPONENT.test(component.toLowerCase())) {
      return { ok: false, message: `${shown} must be lowercase`, hint: `use \`${suggestLowercase(reference, registry, tag)}\`` };
    }
    return {
      ok: false,
      message: `${shown} is not a valid image name`,
      hint: 'the name is lowercase letters and digits, separated by `/`, `.`, `_` or `-`, then an optional `:tag`',
    };
  }
  if (rest.length > MAX_NAME_LENGTH) return { ok: false, message: `${shown} is longer than ${MAX_NAME_LENGTH} characters` };
  const parts: ImageRefParts = { path: components.join('/') };
  if (registry !== undefined) parts.registry = registry;
  if (tag !== undefined) parts.tag = tag;
  if (digest !== undefined) parts.digest = digest;
  return { ok: true, parts };
}

/** `node` of `node:22`, `registry:5000/team/ci` of `registry:5000/team/ci:1.4`, the name without tag or digest. */
export function repositoryOf(name: string): string {
  const withoutDigest = name.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** No tag and no digest means `latest`, which moves: a run today and next week may differ. */
export function isMutableReference(parts: ImageRefParts): boolean {
  return parts.digest === undefined && (parts.tag === undefined || parts.tag === 'latest');
}

function suggestLowercase(reference: string, registry: string | undefined, tag: string | undefined): string {
  // Only the path must be lowercase; registry host case and tag case are kept as written.
  const withoutTag = tag === undefined ? reference.replace(/@.*$/, '') : reference.slice(0, reference.replace(/@.*$/, '').lastIndexOf(':'));
  const path = registry === undefined ? withoutTag : withoutTag.slice(registry.length + 1);
  const suffix = reference.slice(withoutTag.length);
  return (registry === undefined ? '' : `${registry}/`) + path.toLowerCase() + suffix;
}
