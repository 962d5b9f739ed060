/** A source of time and timers. The session reads time only through this, so tests can drive it. */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, delay: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The browser's clock. Each call goes through `globalThis` at call time, not a stored reference,
 * so fake timers installed after import still apply.
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delay) => globalThis.setTimeout(callback, delay),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** `setTimeout` fires at once for delays past a signed 32-bit integer. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

export interface Alarm {
  /** Makes sure the alarm rings no later than `time` (absolute); an earlier setting stays. */
  ringBy(time: number): void;
  clear(): void;
}

/**
 * One timer aimed at an absolute time. It may ring early: the owner re-checks and aims it again.
 * That keeps moving deadlines cheap (a later deadline needs no new timer) and reaches a far time
 * in clamped steps, so `Infinity` never busy-loops.
 */
export function createAlarm(clock: Clock, ring: () => void): Alarm {
  let handle: unknown;
  let ringsAt = Infinity;

  function clear() {
    if (ringsAt === Infinity) return;
    clock.clearTimeout(handle);
    ringsAt = Infinity;
  }

  return {
    ringBy(time) {
      if (time >= ringsAt) return;
      clear();
      ringsAt = time;
      const delay = Math.min(Math.max(time - clock.now(), 0), MAX_TIMER_DELAY);
      handle = clock.setTimeout(() => {
        ringsAt = Infinity;
        ring();
      }, delay);
    },
    clear,
  };
}
