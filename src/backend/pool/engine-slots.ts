/**
 * Which engine of a pool runs the next job: the live engine with the most free
 * slots (the first listed on a tie), waiting while every slot is taken. An
 * engine that went away is dropped: jobs not placed yet wait for the others,
 * and once none is left every waiting job learns why.
 */
import { InterruptedError } from '../../errors.js';

export interface SlotLease {
  /** Index of the engine in the list the slots were made from. */
  engine: number;
  /** Gives the slot back; safe to call more than once. */
  release(): void;
}

interface Waiter {
  resolve(lease: SlotLease): void;
  reject(error: unknown): void;
}

export class EngineSlots {
  private readonly busy: number[];
  private readonly gone = new Set<number>();
  private readonly waiters: Waiter[] = [];
  private goneError?: unknown;

  constructor(private readonly slots: readonly number[]) {
    this.busy = slots.map(() => 0);
  }

  /** Free slots of each live engine (a dropped engine has none). */
  free(): number[] {
    return this.slots.map((total, engine) => (this.gone.has(engine) ? 0 : total - this.busy[engine]!));
  }

  /** Slots of the engines still live. */
  total(): number {
    return this.slots.reduce((sum, total, engine) => sum + (this.gone.has(engine) ? 0 : total), 0);
  }

  /** A slot on the freest engine, once there is one; rejects when the signal aborts or no engine is left. */
  acquire(signal?: AbortSignal): Promise<SlotLease> {
    if (signal?.aborted) return Promise.reject(new InterruptedError());
    const lease = this.take();
    if (lease) return Promise.resolve(lease);
    if (this.gone.size === this.slots.length) return Promise.reject(this.goneError);
    return new Promise<SlotLease>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (granted) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(granted);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new InterruptedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** The engine went away: it takes no more jobs; `error` is what waiting jobs get when none is left. */
  drop(engine: number, error: unknown): void {
    if (this.gone.has(engine)) return;
    this.gone.add(engine);
    this.goneError = error;
    if (this.gone.size < this.slots.length) return;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  isGone(engine: number): boolean {
    return this.gone.has(engine);
  }

  private take(): SlotLease | undefined {
    const free = this.free();
    const best = free.reduce((chosen, count, engine) => (count > 0 && (chosen === -1 || count > free[chosen]!) ? engine : chosen), -1);
    if (best === -1) return undefined;
    this.busy[best]! += 1;
    let released = false;
    return {
      engine: best,
      release: () => {
        if (released) return;
        released = true;
        this.busy[best]! -= 1;
        this.handOver();
      },
    };
  }

  /** A slot came free: the longest-waiting job gets it. */
  private handOver(): void {
    while (this.waiters.length > 0) {
      const lease = this.take();
      if (!lease) return;
      this.waiters.shift()!.resolve(lease);
    }
  }
}
