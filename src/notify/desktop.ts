/**
 * A desktop pop-up when a run ends: `notify-send` on Linux, `osascript` on
 * macOS, when present. Best effort by design: no notifier on PATH, no display,
 * no D-Bus session (ssh, containers, CI) all mean silently no pop-up.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const TIMEOUT_MS = 3000;

export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}

/** The notifier command for this platform, or undefined when there is none. */
export function desktopCommand(title: string, body: string, urgent: boolean, platform = process.platform, env = process.env): [string, string[]] | undefined {
  if (platform === 'linux') {
    const bin = findOnPath('notify-send', env);
    return bin ? [bin, ['--app-name=localci', `--urgency=${urgent ? 'critical' : 'normal'}`, title, body]] : undefined;
  }
  if (platform === 'darwin') {
    const bin = findOnPath('osascript', env);
    const quote = (text: string) => JSON.stringify(text);
    return bin ? [bin, ['-e', `display notification ${quote(body)} with title ${quote(title)}`]] : undefined;
  }
  return undefined;
}

/** Resolves when the notifier has finished (or given up); never rejects. */
export function notifyDesktop(title: string, body: string, urgent: boolean): Promise<boolean> {
  const command = desktopCommand(title, body, urgent);
  if (!command) return Promise.resolve(false);
  return new Promise((resolve) => {
    execFile(command[0], command[1], { timeout: TIMEOUT_MS, windowsHide: true }, (error) => resolve(error === null));
  });
}
