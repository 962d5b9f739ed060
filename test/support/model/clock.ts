/**
 * The model's clock: the library's test clock, shared by every tab and by the fake server, with
 * a stepping `advance` that lets promises settle between two timers. `TestClock.advance` runs all
 * timers in one synchronous loop, so a response whose timer fired at +100 ms would only be read by
 * the session after the whole advance: a network answer would reach the page minutes late. Here
 * each timer fires at its own time and the microtasks and cross-tab messages it starts run before
 * the next one, as in a browser.
 */
import type { Clock } from '../../../src/core/clock.ts';
import { createTestClock, type TestClock } from '../../../src/testing/index.ts';

type TimerOwner = 'engine' | 'model';

/** Lets promise chains, cross-tab messages (microtasks) and request bodies (streams) run. */
export async function flush(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface ModelClock {
  /** The shared test clock itself (pendingTimers, jump). */
  readonly test: TestClock;
  /** What the sessions get as their `clock`: the test clock, with its timers tracked. */
  readonly engine: Clock;
  now(): number;
  /** A timer of the model (fake server latency, the app's own request timeout). */
  setTimeout(callback: () => void, delay: number): number;
  clearTimeout(handle: number): void;
  /** Moves time forward timer by timer, flushing after each. */
  advance(ms: number): Promise<void>;
  /** Wall clock jump without running timers (sleep); false when the test clock refuses it (backwards). */
  jump(ms: number): boolean;
  /**
   * The server's clock: the browser's wall clock, less every time it was set back. A server's
   * clock does not move when a laptop's clock is corrected.
   */
  serverNow(): number;
  pending(owner: TimerOwner): number;
}

export function createModelClock(start?: number): ModelClock {
  const test = createTestClock(start);
  const timers = new Map<number, { at: number; owner: TimerOwner; callback: () => void }>();
  let setBack = 0;

  function schedule(callback: () => void, delay: number, owner: TimerOwner): number {
    const id = test.setTimeout(() => {
      timers.delete(id);
      callback();
    }, delay) as number;
    timers.set(id, { at: test.now() + Math.max(0, Number(delay) || 0), owner, callback });
    return id;
  }
  function cancel(handle: unknown) {
    test.clearTimeout(handle);
    timers.delete(handle as number);
  }

  /** The earliest tracked timer. */
  function earliest(): [number, { at: number; callback: () => void }] | undefined {
    let found: [number, { at: number; callback: () => void }] | undefined;
    for (const entry of timers) if (found === undefined || entry[1].at < found[1].at) found = entry;
    return found;
  }

  return {
    test,
    engine: {
      now: () => test.now(),
      monotonic: () => test.monotonic(),
      setTimeout: (callback, delay) => schedule(callback, delay, 'engine'),
      clearTimeout: cancel,
    },
    now: () => test.now(),
    setTimeout: (callback, delay) => schedule(callback, delay, 'model'),
    clearTimeout: cancel,
    async advance(ms) {
      const target = test.now() + ms;
      for (let steps = 0; ; steps++) {
        if (steps > 20_000) throw new Error(`model clock: more than 20000 timers within ${ms} ms (a timer loop?)`);
        const next = earliest();
        if (next === undefined || next[1].at > target) break;
        const [id, timer] = next;
        if (timer.at < test.now()) {
          // Overdue after a jump (sleep): it fires now, at the time of waking. TestClock.advanceTo
          // would set `now` back to the timer's own time while running it, which no browser does.
          test.clearTimeout(id);
          timers.delete(id);
          timer.callback();
        } else {
          test.advanceTo(timer.at);
        }
        await flush();
      }
      test.advanceTo(Math.max(target, test.now()));
      await flush();
    },
    jump(ms) {
      const before = test.now();
      try {
        test.jump(ms);
      } catch (error) {
        if (ms < 0 && error instanceof RangeError) return false; // TODO: remove once TestClock.jump(negative) lands
        throw error;
      }
      const moved = test.now() - before;
      // Set back: pending timers keep their remaining delays (what a browser's timers do).
      if (moved < 0) for (const timer of timers.values()) timer.at += moved;
      if (moved < 0) setBack -= moved;
      return true;
    },
    serverNow: () => test.now() + setBack,
    pending(owner) {
      let count = 0;
      for (const timer of timers.values()) if (timer.owner === owner) count++;
      return count;
    },
  };
}
