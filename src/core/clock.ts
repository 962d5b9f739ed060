/**
 * Time and timers behind one injectable interface: the real clock, the one-timer alarm that
 * reaches far deadlines, and the bounded wait used by replays and keepalive pings.
 */

/** A source of time and timers. The session reads time only through this, so tests can drive it. */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /**
   * Milliseconds that never go back when the system clock is set back (epoch-based, so tabs of one
   * browser agree): what orders requests and answers. Optional; `now()` stands in without it.
   */
  monotonic?(): number;
  setTimeout(callback: () => void, delay: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The browser's clock. Each call goes through `globalThis` at call time, not a stored reference,
 * so fake timers installed after import still apply.
 */
export const realClock: Clock = {
  now: () => Date.now(),
  monotonic: () => (typeof performance === 'undefined' ? Date.now() : performance.timeOrigin + performance.now()),
  setTimeout: (callback, delay) => globalThis.setTimeout(callback, delay),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** When something happened, for ordering what was sent and learned: the clock's monotonic time, or its wall time. */
export const orderOf = (clock: Clock): number => clock.monotonic?.() ?? clock.now();

/** `setTimeout` fires at once for delays past a signed 32-bit integer. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

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

export interface Deadline {
  /** Aborts at the deadline, with a `TimeoutError`, or when `abort` is called. */
  readonly signal: AbortSignal;
  /** Settles like `work`, or rejects at the deadline: `work` may ignore the signal. */
  race<T>(work: Promise<T>): Promise<T>;
  abort(reason?: unknown): void;
  /** The work is done: the timer goes. */
  clear(): void;
}

/**
 * A bounded wait of `ms` on `clock`: at the deadline the signal aborts with a `TimeoutError`
 * saying `message`, and `race` rejects with `toError` of it (the `TimeoutError` itself by default).
 */
export function createDeadline(clock: Clock, ms: number, message: string, toError: (timeout: DOMException) => unknown = (timeout) => timeout): Deadline {
  const controller = new AbortController();
  let expire!: (error: unknown) => void;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  expired.catch(() => {}); // only a race that loses reads it
  const timer = clock.setTimeout(() => {
    const timeout = new DOMException(message, 'TimeoutError');
    controller.abort(timeout);
    expire(toError(timeout));
  }, ms);
  return {
    signal: controller.signal,
    race: (work) => Promise.race([work, expired]),
    abort: (reason) => controller.abort(reason),
    clear: () => clock.clearTimeout(timer),
  };
}
