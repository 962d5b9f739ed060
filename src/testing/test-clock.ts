/** A test clock: time that moves only when a test says so, with timers that run at their own time. */
import type { Clock } from '../core/clock.ts';

export interface TestClock extends Clock {
  /** Time that every backward `jump` left alone, as a browser's monotonic clock does. */
  monotonic(): number;
  /** Moves time forward, running each timer that falls due at its own time, in order. */
  advance(ms: number): void;
  /** Moves time to an absolute epoch-ms time (never backwards), running due timers. */
  advanceTo(time: number): void;
  /**
   * Jumps time WITHOUT running timers: forward, a laptop lid closed or a frozen tab; backward (a
   * negative `ms`), the system clock set back, while pending timers keep their remaining delays.
   */
  jump(ms: number): void;
  /** Timers scheduled and not yet run or cleared. */
  pendingTimers(): number;
  /** Runs every pending timer, however far ahead (at most `limit` of them, to stop loops). */
  runAll(limit?: number): void;
}

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A clock that moves only when told, for tests of a session and of apps built on it.
 * Starts at `start` (epoch ms; default 2026-01-01T00:00:00Z, a fixed point so tests repeat).
 */
export function createTestClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let now = start;
  let setBack = 0; // every backward jump, which monotonic time never took
  let nextId = 1;
  const timers = new Map<number, Timer>();

  function nextDue(until: number): Timer | undefined {
    let earliest: Timer | undefined;
    for (const timer of timers.values()) {
      // Map iteration follows insertion, so equal times keep their scheduling order.
      if (timer.at <= until && (earliest === undefined || timer.at < earliest.at)) earliest = timer;
    }
    return earliest;
  }

  function advanceTo(time: number) {
    if (!(time >= now)) throw new RangeError(`createTestClock: cannot move time backwards (to ${time} from ${now}).`);
    for (let timer = nextDue(time); timer; timer = nextDue(time)) {
      timers.delete(timer.id);
      now = timer.at;
      timer.callback();
    }
    now = time;
  }

  return {
    now: () => now,
    monotonic: () => now + setBack,
    setTimeout(callback, delay) {
      const id = nextId++;
      timers.set(id, { id, at: now + Math.max(0, Number(delay) || 0), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance: (ms) => advanceTo(now + ms),
    advanceTo,
    jump(ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`createTestClock: jump needs a finite number of milliseconds, got ${ms}.`);
      now += ms;
      if (ms < 0) setBack -= ms;
      // Timers run on time that does not go back (as a browser's do): they keep their remaining delays.
      if (ms < 0) for (const timer of timers.values()) timer.at += ms;
    },
    pendingTimers: () => timers.size,
    runAll(limit = 1000) {
      for (let ran = 0; timers.size > 0; ran++) {
        if (ran >= limit) throw new Error(`createTestClock: runAll stopped after ${limit} timers; a timer keeps scheduling another.`);
        advanceTo(Math.max(now, nextDue(Infinity)!.at));
      }
    },
  };
}
