import { describe, expect, it } from 'vitest';
import { EngineSlots } from '../../../src/backend/pool/engine-slots.js';
import { EnvironmentError, InterruptedError } from '../../../src/errors.js';

describe('EngineSlots (placement on a pool)', () => {
  it('places each job on the engine with the most free slots, the first listed on a tie', async () => {
    const slots = new EngineSlots([1, 2]);
    expect(slots.total()).toBe(3);
    const first = await slots.acquire();
    const second = await slots.acquire();
    const third = await slots.acquire();
    expect([first.engine, second.engine, third.engine]).toEqual([1, 0, 1]);
    expect(slots.free()).toEqual([0, 0]);
    second.release();
    second.release();
    expect(slots.free()).toEqual([1, 0]);
  });

  it('makes a job wait for a free slot and hands slots over in the order jobs asked', async () => {
    const slots = new EngineSlots([1]);
    const held = await slots.acquire();
    const order: string[] = [];
    const a = slots.acquire().then((lease) => (order.push('a'), lease));
    const b = slots.acquire().then((lease) => (order.push('b'), lease));
    held.release();
    (await a).release();
    await b;
    expect(order).toEqual(['a', 'b']);
  });

  it('stops a wait when its signal aborts, and the slot goes to the next job', async () => {
    const slots = new EngineSlots([1]);
    const held = await slots.acquire();
    const controller = new AbortController();
    const cancelled = slots.acquire(controller.signal);
    const next = slots.acquire();
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(InterruptedError);
    held.release();
    expect((await next).engine).toBe(0);
  });

  it('sends waiting jobs to the engines left when one goes away, and fails them once none is left', async () => {
    const slots = new EngineSlots([1, 1]);
    const onFirst = await slots.acquire();
    const onSecond = await slots.acquire();
    const waiting = slots.acquire();
    slots.drop(1, new EnvironmentError('never used: an engine is left'));
    expect(slots.isGone(1)).toBe(true);
    onSecond.release();
    onFirst.release();
    expect((await waiting).engine).toBe(0);
    const last = slots.acquire();
    const gone = new EnvironmentError('Every engine of the pool went away.');
    slots.drop(0, gone);
    expect(slots.total()).toBe(0);
    await expect(last).rejects.toBe(gone);
    await expect(slots.acquire()).rejects.toBe(gone);
  });
});
