/**
 * Debian packages that some e2e files install on first use: Chromium for the pages, a registry
 * for pulls. On a fresh machine the Chromium install alone took a minute and a half while both
 * test workers waited for it (two files asked at once, one behind dpkg's lock). Started by the
 * global setup, in the background, it overlaps the first files instead. Each file still asks for
 * its package and finds it, or waits for dpkg's lock until this install has put it there.
 */
import { ensureChromium } from '../helpers/chromium.js';
import { ensureRegistryInstalled } from '../helpers/registry.js';

/** Starts the installs of what is missing; the promise settles when they end, never rejects. */
export function installTestPackagesInBackground(): Promise<void> {
  // A failure is left to the file that needs the package: it reports it with its own message.
  return (async () => {
    await ensureChromium().catch(() => undefined);
    await ensureRegistryInstalled().catch(() => undefined);
  })();
}
