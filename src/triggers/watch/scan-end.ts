/**
 * The end of chokidar's initial scan. chokidar reports `ready` once every folder it met has
 * been read, but a folder that turns into a file or a link while it is being read ends its
 * listing with an error chokidar swallows, and then `ready` never comes. Waiting for it alone
 * hung watch for good after folder churn (a checkout, a stash, a build): every later batch
 * queued behind the scan. So the wait also ends when the scan has made no progress for a while,
 * and the caller then treats its view as unsure; a scan that keeps reporting files (a large
 * tree) is never cut short.
 */
import type { FSWatcher } from 'chokidar';

/** Quiet time after which a scan that has not reported `ready` is taken as stuck. */
export const SCAN_STALL_MS = 1500;

/** How the scan ended: done, stuck (the watcher's view may be incomplete), or the watcher was closed. */
export type ScanEnd = 'ready' | 'stalled' | 'closed';

export function scanEnd(watcher: FSWatcher, closed: AbortSignal, stallMs = SCAN_STALL_MS): Promise<ScanEnd> {
  return new Promise<ScanEnd>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (end: ScanEnd) => {
      clearTimeout(timer);
      watcher.off('all', progressed).off('raw', progressed).off('ready', onReady);
      closed.removeEventListener('abort', onClosed);
      resolve(end);
    };
    const onReady = () => finish('ready');
    const onClosed = () => finish('closed');
    function progressed(): void {
      clearTimeout(timer);
      timer = setTimeout(() => finish('stalled'), stallMs);
    }
    if (closed.aborted) return finish('closed');
    watcher.on('all', progressed).on('raw', progressed).once('ready', onReady);
    closed.addEventListener('abort', onClosed, { once: true });
    progressed();
  });
}
