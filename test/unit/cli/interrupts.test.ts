/**
 * Who answers an interrupt: outside a scope the CLI exits 130 at once (nothing to clean up);
 * inside one, the first interrupt aborts the scope's signal and the second forces the exit.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitOnInterrupt, handleInterrupts } from '../../../src/cli/interrupts.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const theRunnersOwn = new Map(SIGNALS.map((name) => [name, process.listeners(name)]));

afterEach(() => {
  // Only the listeners these tests added go; the test runner's own stay.
  for (const name of SIGNALS) {
    for (const listener of process.listeners(name)) if (!theRunnersOwn.get(name)!.includes(listener)) process.off(name, listener);
  }
  vi.restoreAllMocks();
});

function spyOnExit() {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return vi.spyOn(process, 'exit').mockImplementation((() => undefined) as () => never);
}

describe('interrupts', () => {
  it('exit 130 outside a scope, a clean-up inside one, and exit 130 again once it is disposed', () => {
    const exit = spyOnExit();
    exitOnInterrupt();
    process.emit('SIGTERM');
    expect(exit).toHaveBeenLastCalledWith(130);

    exit.mockClear();
    const scope = handleInterrupts();
    process.emit('SIGINT');
    expect(exit).not.toHaveBeenCalled();
    expect(scope.signal.aborted).toBe(true);
    process.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);

    exit.mockClear();
    scope.dispose();
    process.emit('SIGHUP');
    expect(exit).toHaveBeenCalledWith(130);
  });

  it('hands a real signal that arrived while the CLI was busy to the scope opened meanwhile', async () => {
    const exit = spyOnExit();
    exitOnInterrupt();
    process.kill(process.pid, 'SIGINT');
    // Busy, as while modules and the config load: the signal waits to be dispatched...
    const until = Date.now() + 50;
    while (Date.now() < until);
    // ...and a command opens its scope in that same turn of the event loop.
    const scope = handleInterrupts();
    await new Promise<void>((resolve) => scope.signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(exit).not.toHaveBeenCalled();
    scope.dispose();
  });

  it('lets the clean-up finish when the terminal closes after a Ctrl-C: SIGHUP never forces the exit', () => {
    // A push from a terminal: Ctrl-C stops the hook's run, then the window is closed (SIGHUP).
    const exit = spyOnExit();
    exitOnInterrupt();
    const scope = handleInterrupts();
    process.emit('SIGINT');
    process.emit('SIGHUP');
    expect(exit).not.toHaveBeenCalled();
    expect(scope.signal.aborted).toBe(true);
    // A second Ctrl-C is still the user asking to go at once.
    process.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
    scope.dispose();
  });

  it('stays in clean-up mode until the last of two open scopes is disposed', () => {
    const exit = spyOnExit();
    exitOnInterrupt();
    const outer = handleInterrupts();
    const inner = handleInterrupts();
    inner.dispose();
    process.emit('SIGINT');
    expect(exit).not.toHaveBeenCalled();
    expect(outer.signal.aborted).toBe(true);
    outer.dispose();
    process.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
  });
});
