/**
 * The user's own localci config, `$XDG_CONFIG_HOME/localci/config.yaml` (else
 * `~/.config/localci/config.yaml`): what belongs to this machine and this
 * user rather than to a project (image mirrors, the engines and registries
 * the user trusts). A repository cannot write it.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConfigIssue } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

export function userConfigFile(env: Env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'localci', 'config.yaml');
}

export interface UserConfig {
  file: string;
  /** The file's top-level keys; empty when there is no file. */
  content: Record<string, unknown>;
}

/** Reads the file; a syntax error or a top level that is not a map is an issue naming the file. */
export async function readUserConfig(env: Env, issues: ConfigIssue[]): Promise<UserConfig> {
  const file = userConfigFile(env);
  if (!existsSync(file)) return { file, content: {} };
  // Loaded only when the file exists: most commands never pay for the YAML parser.
  const { parseDocument } = await import('yaml');
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) {
    issues.push({ file, path: '', message: `syntax error: ${document.errors[0]!.message.split('\n')[0]}` });
    return { file, content: {} };
  }
  const content: unknown = document.toJS();
  if (content === null || content === undefined) return { file, content: {} };
  if (typeof content !== 'object' || Array.isArray(content)) {
    issues.push({ file, path: '', message: 'expected a map of settings (`images`, `trustedEngines`, `trustedRegistries`)' });
    return { file, content: {} };
  }
  return { file, content: content as Record<string, unknown> };
}
