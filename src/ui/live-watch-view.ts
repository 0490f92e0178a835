/** `ci watch --ui`: the session's view as it was, with every run's events also sent to the page. */
import type { WatchView } from '../triggers/watch/watch-view.js';
import type { LiveRun } from './live-run.js';

export function withLiveRun(view: WatchView, live: LiveRun): WatchView {
  return new Proxy(view, {
    get(target, property, receiver) {
      if (property === 'runEvent') return (event: Parameters<WatchView['runEvent']>[0]) => {
        target.runEvent(event);
        live.onEvent(event);
      };
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
