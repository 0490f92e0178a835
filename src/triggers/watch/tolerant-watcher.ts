/**
 * chokidar's watcher, with folder listings that survive a path changing under them. chokidar
 * lists each folder with readdirp, which ends a listing for good, without its `end`, when an
 * entry fails with anything but a few codes it expects: a link whose target runs through a
 * file (`a -> b/x`, b a file) fails with ENOTDIR, as does a folder that became a file while it
 * was listed. chokidar then never watches that folder, never reports `ready`, and watch saw no
 * save in it again. Such an entry is skipped as readdirp skips a dangling link; the link itself
 * is still reported from its folder's own events.
 */
import { FSWatcher, type ChokidarOptions } from 'chokidar';
import { isGone } from '../../source/worktree-entries.js';

type Listing = ReturnType<FSWatcher['_readdirp']>;

export class TolerantWatcher extends FSWatcher {
  constructor(options: ChokidarOptions) {
    super(options);
  }

  override _readdirp(...args: Parameters<FSWatcher['_readdirp']>): Listing {
    const listing = super._readdirp(...args);
    if (listing) {
      const fail = listing._onError.bind(listing);
      listing._onError = (error: Error) => {
        if (isGone(error)) listing.emit('warn', error);
        else fail(error);
      };
    }
    return listing;
  }
}
