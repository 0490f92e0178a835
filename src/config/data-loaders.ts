/**
 * Loaders for JSON and YAML configs. They replace cosmiconfig's so that a
 * syntax error becomes one ConfigIssue with the line and column, instead of
 * a multi-line code frame (JSON) or an exception carrying a snippet (YAML).
 */
import { defaultLoaders } from 'cosmiconfig';
import { ConfigError } from '../errors.js';

export function loadJson(filepath: string, content: string): unknown {
  // Editors on Windows start UTF-8 files with a byte-order mark, which JSON.parse rejects.
  content = content.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    // Without a position V8 either hit the end, or quotes the bad token ("Unexpected token 'x'"):
    // then there is no honest line and column to give.
    const offset = position !== undefined ? Number(position) : /end of JSON input/.test(message) ? content.length : undefined;
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw syntaxError(filepath, offset === undefined ? undefined : lineColumn(content, offset), reason);
  }
}

export function loadYaml(filepath: string, content: string): unknown {
  try {
    return defaultLoaders['.yaml']!(filepath, content) as unknown;
  } catch (error) {
    const yaml = error as { reason?: string; mark?: { line: number; column: number }; message?: string };
    if (yaml.mark === undefined) throw error;
    throw syntaxError(filepath, `${yaml.mark.line + 1}:${yaml.mark.column + 1}`, yaml.reason ?? yaml.message ?? 'invalid YAML');
  }
}

export function syntaxError(file: string, location: string | undefined, reason: string): ConfigError {
  return new ConfigError([{ file, path: '', message: `syntax error${location ? ` at ${location}` : ''}: ${reason}` }]);
}

function lineColumn(content: string, offset: number): string {
  const before = content.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}
