/**
 * The line of parked requests: a request that met an expired session waits here, in the order it
 * was first made, and a re-login replays the line one request at a time, each at most once per
 * replay. The line belongs to one session: its end severs it, and sign-out rejects what waits.
 */
import { SessionExpiredError, warnOnce } from './errors.ts';
import type { KernelEvent } from './events.ts';
import { pathOf } from './inspect.ts';
import { isRunning, type MachineState } from './machine.ts';

/** What the line needs from its session. */
export interface LineHost {
  state(): MachineState;
  /**
   * Whether the session hears who signs in (started, or a tab alone): only then are replays sent.
   * A stopped tab cannot hear who signed in elsewhere, so its parked requests wait for `start()`.
   */
  listening(): boolean;
  /** A silent refresh runs (the `refresh` option): replays wait for its outcome. */
  held(): boolean;
  /** Who is signed in, as a fingerprint; `undefined` when nobody said. */
  user(): string | undefined;
  parkedChanged(count: number): void;
  /** Tells the kernel's observers (`inspect`) what became of each request. */
  tell(event: KernelEvent): void;
}

interface Parked {
  /** Order of first call: replays go in this order. */
  readonly order: number;
  readonly user: string | undefined;
  readonly request: Request | undefined;
  readonly signal: AbortSignal | null;
  /** Sends again: 'again' when it met an expired response and goes back in line. */
  replay(): Promise<'settled' | 'again'>;
  reject(error: unknown): void;
}

// A timeout was for the wait on the network, not for the wait on a person signing in again.
export const isTimeout = (reason: unknown) => reason instanceof DOMException && reason.name === 'TimeoutError';

export function createReplayLine(host: LineHost) {
  const line: Parked[] = []; // parked requests, by order of first call
  const abortListeners = new Map<Parked, () => void>();
  let replaying: Promise<void> | null = null;
  let lineNumber = 0; // which session's line is replaying: each end of a session starts a new one
  const stoppedRunning = new Set<() => void>();
  const announced = new WeakMap<Parked, () => void>(); // each inspected entry, and how to say it parked

  /** A request's first park: `session.inspect` hears it parked, and later replayed or rejected (method and path only). */
  function announce(given: Parked): Parked {
    const described = { type: 'request', method: given.request?.method ?? null, path: given.request ? pathOf(given.request.url) : null } as const;
    const entry: Parked = {
      ...given,
      replay() {
        host.tell({ ...described, phase: 'replayed', reason: null });
        return given.replay();
      },
      reject(error) {
        host.tell({ ...described, phase: 'rejected', reason: error instanceof SessionExpiredError ? error.reason : null });
        given.reject(error);
      },
    };
    const parked = () => host.tell({ ...described, phase: 'parked', reason: null });
    announced.set(entry, parked);
    return entry;
  }

  function park(given: Parked) {
    const entry = announced.has(given) ? given : announce(given); // a replay that met the expiry again parks once more
    announced.get(entry)!(); // `inspect` hears each park, the first and those after a replay met the expiry again
    let at = line.length;
    while (at > 0 && line[at - 1]!.order > entry.order) at--;
    if (entry.signal?.aborted && !isTimeout(entry.signal.reason)) {
      entry.reject(entry.signal.reason);
      return;
    }
    if (host.state().status === 'signedOut') {
      entry.reject(new SessionExpiredError('signedOut', { request: entry.request }));
      return;
    }
    if (process.env.NODE_ENV !== 'production' && entry.user === undefined) {
      warnOnce(
        host,
        'parkedWithoutUser',
        'A request was parked while no user is known: after the re-login it is replayed whoever signs in. Pass `user` to createSession (or to resume) so a request is never sent as someone else.',
      );
    }
    line.splice(at, 0, entry);
    if (entry.signal) {
      const signal = entry.signal;
      const onAbort = () => {
        if (isTimeout(signal.reason)) return;
        unpark(entry);
        entry.reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort);
      abortListeners.set(entry, () => signal.removeEventListener('abort', onAbort));
    }
    host.parkedChanged(line.length);
    // Running: a late answer from before the latest re-login, or a request made during a replay.
    void replayAll();
  }

  function unpark(entry: Parked) {
    const at = line.indexOf(entry);
    if (at < 0) return;
    line.splice(at, 1);
    abortListeners.get(entry)?.();
    abortListeners.delete(entry);
    host.parkedChanged(line.length);
  }

  const userChanged = (entry: Parked) => entry.user !== undefined && host.user() !== undefined && entry.user !== host.user();

  /**
   * Replays the line in order, one at a time, until it is empty or the session ends again. Each
   * replay waits `replayTimeout` at most, so no request holds the ones behind it for good.
   */
  function replayAll(): Promise<void> {
    if (replaying) return replaying;
    const mine = lineNumber;
    const current = () => mine === lineNumber && isRunning(host.state()) && host.listening() && !host.held();
    if (line.length === 0 || !current()) return Promise.resolve(); // nothing to replay, or not now
    const run = (async () => {
      while (line.length > 0 && current()) {
        const entry = line[0]!;
        unpark(entry);
        if (userChanged(entry)) {
          entry.reject(new SessionExpiredError('userChanged', { request: entry.request }));
          continue;
        }
        if ((await entry.replay()) === 'again') park(entry);
      }
    })().finally(() => {
      if (mine !== lineNumber) return; // severed: a newer line has its own loop
      replaying = null;
      // Parked between the last turn of the loop and now: they wait for no one.
      if (line.length > 0) void replayAll();
    });
    replaying = run;
    return run;
  }

  /** Nothing waits behind the replay in flight any more; the rest wait for the next replay. */
  function sever() {
    lineNumber++;
    replaying = null;
    for (const release of [...stoppedRunning]) release();
  }

  function statusChanged() {
    const state = host.state();
    if (isRunning(state)) return;
    sever(); // the session ended
    if (state.status === 'signedOut') {
      for (const entry of [...line]) {
        unpark(entry);
        entry.reject(new SessionExpiredError('signedOut', { request: entry.request }));
      }
    }
  }

  return {
    park,
    replayAll,
    statusChanged,
    /** Nothing waits behind the replay in flight any more (the session stopped or ended). */
    sever,
    /** A replay is running: new requests wait behind it. */
    replaying: () => replaying !== null,
    /** `severed` resolves when the line is severed; `done()` stops waiting for it. */
    untilSevered() {
      let release!: () => void;
      const severed = new Promise<void>((resolve) => stoppedRunning.add((release = resolve)));
      return { severed, done: () => stoppedRunning.delete(release) };
    },
  };
}
