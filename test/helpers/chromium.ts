/**
 * Headless Chromium for tests of the HTML report: installed from Debian when
 * missing (idempotent: a present binary is used as it is), then run once per
 * screenshot with everything that could reach the network or a profile off.
 */
import { execa } from 'execa';
import { aptInstall } from './apt.js';

const CANDIDATES = ['chromium', 'chromium-browser'];

export async function ensureChromium(): Promise<string> {
  const found = await findChromium();
  if (found) return found;
  await aptInstall('chromium');
  const installed = await findChromium();
  if (!installed) throw new Error('chromium is not installed and apt-get could not install it');
  return installed;
}

async function findChromium(): Promise<string | undefined> {
  for (const name of CANDIDATES) {
    const result = await execa('sh', ['-c', `command -v ${name}`], { reject: false });
    if (result.exitCode === 0 && result.stdout.trim() !== '') return result.stdout.trim();
  }
  return undefined;
}

/** Renders `htmlFile` at 1200×900 into `pngFile`; `profileDir` keeps parallel Chromiums apart. */
export async function screenshot(chromium: string, htmlFile: string, pngFile: string, profileDir: string): Promise<void> {
  await execa(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      `--user-data-dir=${profileDir}`,
      `--screenshot=${pngFile}`,
      '--window-size=1200,900',
      `file://${htmlFile}`,
    ],
    { timeout: 60_000, reject: true, stdin: 'ignore' },
  );
}
