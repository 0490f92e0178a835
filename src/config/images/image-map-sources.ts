/**
 * Where image rules come from, in the order they are tried: `LOCALCI_IMAGES`
 * (comma-separated `pattern=image`, for one command), `images` in the project's
 * config (the team's choice), the user-level config file (this machine's
 * mirrors), then the defaults an imported format documents (GitHub's runs-on
 * labels). A bad rule is exit 2 naming where it is written.
 */
import { ConfigError, type ConfigIssue } from '../../errors.js';
import { repositoryOf } from '../image-ref.js';
import { formatKeyPath, type KeyPath } from '../key-path.js';
import { checkRuleImage, ImageMap, type ImageRule } from './image-map.js';
import { readUserConfig } from '../user-config.js';

export const IMAGES_VARIABLE = 'LOCALCI_IMAGES';

export interface ImageMapSources {
  env: Readonly<Record<string, string | undefined>>;
  /** `images` of the project's config, with the file it is in and the key path of `images`. */
  project?: { images: Record<string, string>; file: string; path: KeyPath };
  /** Mappings the imported format documents, tried last. */
  defaults?: { rules: Record<string, string>; origin: string };
}

export async function imageMapFrom(sources: ImageMapSources): Promise<ImageMap> {
  const issues: ConfigIssue[] = [];
  const rules = [
    ...envRules(sources.env[IMAGES_VARIABLE], issues),
    ...(sources.project ? recordRules(sources.project.images, sources.project.file, sources.project.path, issues) : []),
    ...(await userRules(sources.env, issues)),
    ...(sources.defaults ? Object.entries(sources.defaults.rules).map(([pattern, image]) => ({ pattern, image, origin: sources.defaults!.origin })) : []),
  ];
  if (issues.length > 0) throw new ConfigError(issues);
  return new ImageMap(rules);
}

export { userConfigFile } from '../user-config.js';

/** `LOCALCI_IMAGES='node:22=node:20'` for one name, `'node:*=node:20'` for several of one repository. */
export function imagesRule(names: readonly string[], image: string): string {
  return `${IMAGES_VARIABLE}='${names.length === 1 ? names[0]! : `${repositoryOf(names[0]!)}:*`}=${image}'`;
}

function envRules(text: string | undefined, issues: ConfigIssue[]): ImageRule[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').flatMap((entry, index) => {
    const trimmed = entry.trim();
    if (trimmed === '') return [];
    const equals = trimmed.indexOf('=');
    const pattern = trimmed.slice(0, equals).trim();
    const image = trimmed.slice(equals + 1).trim();
    const where = { file: IMAGES_VARIABLE, path: `entry ${index + 1} (${JSON.stringify(trimmed)})` };
    if (equals < 0 || pattern === '' || image === '') {
      issues.push({ ...where, message: 'expected `pattern=image`', hint: 'such as `LOCALCI_IMAGES="node:*=mirror.local/node:*,alpine:*=alpine:3.20"`' });
      return [];
    }
    const problem = checkRuleImage(image);
    if (problem) {
      issues.push({ ...where, ...problem });
      return [];
    }
    return [{ pattern, image, origin: `${IMAGES_VARIABLE} ${pattern}=${image}` }];
  });
}

function recordRules(images: unknown, file: string, at: KeyPath, issues: ConfigIssue[]): ImageRule[] {
  if (typeof images !== 'object' || images === null || Array.isArray(images)) {
    issues.push({ file, path: formatKeyPath(at), message: 'expected a map of `pattern: image`', hint: "such as `images: { 'node:*': 'mirror.local/node:*' }`" });
    return [];
  }
  return Object.entries(images).flatMap(([pattern, image]) => {
    const key = formatKeyPath([...at, pattern]);
    const problem = typeof image !== 'string' ? { message: 'expected an image name' } : checkRuleImage(image);
    if (problem) {
      issues.push({ file, path: key, ...problem });
      return [];
    }
    return [{ pattern, image: image as string, origin: `${file}: ${key}` }];
  });
}

async function userRules(env: Readonly<Record<string, string | undefined>>, issues: ConfigIssue[]): Promise<ImageRule[]> {
  const { file, content } = await readUserConfig(env, issues);
  const images = content.images;
  return images === undefined ? [] : recordRules(images, file, ['images'], issues);
}
