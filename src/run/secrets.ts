/**
 * Secrets named by jobs (`secrets: ['NPM_TOKEN']`) come from the environment,
 * then `.env.local`, then `.localci/secrets` at the project root — never from
 * the config file, which is committed. `.localci/secrets` is read only from a
 * real folder and a real file (state/legacy-folder.ts): a committed link there
 * must not make a job's secret come from some other file of the user's. They reach only the jobs that name them,
 * and every output (terminal, log files, JSON, reports) shows them masked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { Job, Pipeline } from '../model/pipeline.js';
import { LEGACY_DIR_NAME, userFileInLegacyFolder } from '../state/legacy-folder.js';

export const SECRET_FILES = ['.env.local', path.join(LEGACY_DIR_NAME, 'secrets')];
export const MASK = '••••';

export function resolveSecrets(pipeline: Pipeline, jobs: readonly Job[], env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const wanted = new Set(jobs.flatMap((job) => job.secrets));
  if (wanted.size === 0) return new Map();
  const userFile = userFileInLegacyFolder(pipeline.root, 'secrets');
  const files = [readEnvFile(path.join(pipeline.root, SECRET_FILES[0]!)), userFile === undefined ? {} : readEnvFile(userFile)];
  const found = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const job of jobs) {
    job.secrets.forEach((name, index) => {
      const value = env[name] ?? files.find((values) => values[name] !== undefined)?.[name];
      if (value !== undefined && value !== '') found.set(name, value);
      else if (!issues.some((issue) => issue.message.includes(`\`${name}\``))) {
        issues.push({
          file: path.relative(process.cwd(), pipeline.source.file) || pipeline.source.file,
          path: `jobs.${job.baseName}.secrets[${index}]`,
          message: `secret \`${name}\` is not set.`,
          hint: `Export ${name}, or add it to ${SECRET_FILES.join(' or ')} (keep those files out of git).`,
        });
      }
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return found;
}

function readEnvFile(file: string): Record<string, string | undefined> {
  try {
    return parseEnv(readFileSync(file, 'utf8')) as Record<string, string | undefined>;
  } catch {
    return {};
  }
}

/** Values shorter than this would mask ordinary text everywhere; they are still passed in, not masked. */
const MIN_MASKED_LENGTH = 4;

/**
 * Replaces secret values in text. Output is masked line by line after the
 * stream has been split into lines, so a value split across two chunks of the
 * container's output is still found. Longest values first, so a secret that
 * contains another is masked whole. A value of several lines (a PEM key) is
 * also masked line by line: a job prints it as separate lines.
 */
export class SecretMasker {
  private readonly values: string[];

  constructor(secrets: Iterable<string>) {
    const values = [...secrets].flatMap((value) => [value, ...(/[\r\n]/.test(value) ? value.split(/\r?\n|\r/).map((line) => line.trim()) : [])]);
    this.values = [...new Set(values)].filter((value) => value.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
  }

  /** This masker and more values (a job's `::add-mask::`). */
  with(values: Iterable<string>): SecretMasker {
    return new SecretMasker([...this.values, ...values]);
  }

  get active(): boolean {
    return this.values.length > 0;
  }

  /** Length of the longest value masked (0 when none): how much text a cut line must carry over. */
  get longest(): number {
    return this.values[0]?.length ?? 0;
  }

  /**
   * The first position at or after `cut` where `text` can be split without cutting an occurrence
   * of a value in two (an occurrence that spans `cut` moves it to the occurrence's end).
   */
  cleanCut(text: string, cut: number): number {
    let safe = cut;
    for (let moved = true; moved; ) {
      moved = false;
      for (const value of this.values) {
        const found = text.indexOf(value, Math.max(0, safe - value.length + 1));
        if (found !== -1 && found < safe) {
          safe = found + value.length;
          moved = true;
        }
      }
    }
    return safe;
  }

  mask(text: string): string {
    let masked = text;
    for (const value of this.values) if (masked.includes(value)) masked = masked.split(value).join(MASK);
    return masked;
  }
}
