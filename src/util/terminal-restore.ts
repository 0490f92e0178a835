/**
 * What a screen changes on the terminal (a hidden cursor, raw mode), undone however the
 * process ends. A forced exit (the second Ctrl-C) and an uncaught error leave through
 * `process.exit`, which skips every `finally` and `close()`, but not 'exit' listeners: the
 * user's shell must never be left without a cursor or echo.
 */
const restores = new Set<() => void>();

function restoreAll(): void {
  for (const restore of [...restores]) {
    try {
      restore();
    } catch {
      // The terminal is gone (a closed window): nothing is left to give back.
    }
  }
  restores.clear();
}

/** Registers `restore` to run on exit; the returned function runs it now and drops it. */
export function restoreOnExit(restore: () => void): () => void {
  if (!process.listeners('exit').includes(restoreAll)) process.on('exit', restoreAll);
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    restores.delete(once);
    restore();
  };
  restores.add(once);
  return once;
}
