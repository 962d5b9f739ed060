/**
 * The line of parked requests: a request that met an expired session waits here, in the order it
 * was first made, and a re-login replays the line one request at a time, each at most once per
 * replay. The line belongs to one session: its end severs it, and sign-out rejects what waits.
 *
 * `createReplayLine` keeps the line (in, out, emptied at sign-out); `createReplays` runs the
 * replays; `announce` tells `session.inspect` what becomes of each request.
 */
import { SessionExpiredError, warnOnce } from './errors.ts';
import { pathOf } from './inspect.ts';
import type { Kernel } from './kernel-api.ts';
import { isRunning } from './machine.ts';

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

/** A parked request as the line holds it: `session.inspect` hears it parked, and later replayed or rejected. */
interface Announced extends Parked {
  /** Tells `inspect` it parked: on its first park, and each time a replay met the expiry again. */
  tellParked(): void;
}

// A timeout was for the wait on the network, not for the wait on a person signing in again.
export const isTimeout = (reason: unknown) => reason instanceof DOMException && reason.name === 'TimeoutError';

const expiredError = (reason: 'signedOut' | 'userChanged', entry: Parked) => new SessionExpiredError(reason, { request: entry.request });

/** Made as someone other than who is signed in now (both known): never sent as them. */
const userChanged = (kernel: Kernel, entry: Parked) => entry.user !== undefined && kernel.user() !== undefined && entry.user !== kernel.user();

/** A request's first park: `session.inspect` hears what becomes of it (method and path only). */
function announce(kernel: Kernel, given: Parked): Announced {
  const described = { type: 'request', method: given.request?.method ?? null, path: given.request ? pathOf(given.request.url) : null } as const;
  return {
    ...given,
    tellParked: () => kernel.tell({ ...described, phase: 'parked', reason: null }),
    replay() {
      kernel.tell({ ...described, phase: 'replayed', reason: null });
      return given.replay();
    },
    reject(error) {
      kernel.tell({ ...described, phase: 'rejected', reason: error instanceof SessionExpiredError ? error.reason : null });
      given.reject(error);
    },
  };
}

/** By order of first call: one whose replay met the expiry again goes back before those made after it. */
function insertByOrder<T extends Parked>(line: T[], entry: T) {
  let at = line.length;
  while (at > 0 && line[at - 1]!.order > entry.order) at--;
  line.splice(at, 0, entry);
}

/**
 * While a request waits, its caller's abort takes it out of line: `abort` gets the abort's reason.
 * A timeout does not (`isTimeout`). Returns how to stop listening.
 */
function listenForAbort(signal: AbortSignal, abort: (reason: unknown) => void): () => void {
  const onAbort = () => {
    if (isTimeout(signal.reason)) return;
    abort(signal.reason);
  };
  signal.addEventListener('abort', onAbort);
  return () => signal.removeEventListener('abort', onAbort);
}

/** In development only (the caller checks, so production drops the text). */
const warnParkedWithoutUser = (kernel: Kernel) =>
  warnOnce(
    kernel,
    'parkedWithoutUser',
    'A request was parked while no user is known: after the re-login it is replayed whoever signs in. Pass `user` to createSession (or to resume) so a request is never sent as someone else.',
  );

/**
 * The replays of the line: one loop at a time, and only while the session it started in runs.
 * Each end of a session severs the line (a new line number): the loop of the old one stops at its
 * next turn, and nothing waits behind the replay it had in flight.
 */
function createReplays(kernel: Kernel, line: readonly Announced[], unpark: (entry: Announced) => void, parkAgain: (entry: Announced) => void) {
  let replaying: Promise<void> | null = null;
  let lineNumber = 0; // which session's line is replaying: each end of a session starts a new one
  const stoppedRunning = new Set<() => void>();

  /** In order, one at a time: each leaves the line before it is sent, so it is sent at most once per replay. */
  async function replayInOrder(current: () => boolean) {
    while (line.length > 0 && current()) {
      const entry = line[0]!;
      unpark(entry);
      if (userChanged(kernel, entry)) {
        entry.reject(expiredError('userChanged', entry));
        continue;
      }
      if ((await entry.replay()) === 'again') parkAgain(entry);
    }
  }

  /**
   * Replays the line in order, one at a time, until it is empty or the session ends again. Each
   * replay waits `replayTimeout` at most, so no request holds the ones behind it for good.
   */
  function replayAll(): Promise<void> {
    if (replaying) return replaying;
    const mine = lineNumber;
    // Only while the session hears who signs in (started, or a tab alone: a stopped tab cannot hear
    // who signed in elsewhere, so its parked requests wait for `start()`), and no refresh runs.
    const current = () => mine === lineNumber && isRunning(kernel.state()) && (kernel.started() || kernel.peers === null) && !kernel.renewing();
    if (line.length === 0 || !current()) return Promise.resolve(); // nothing to replay, or not now
    const run = replayInOrder(current).finally(() => {
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

  return {
    replayAll,
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

/** The line of one session: `parkedChanged` hears how many requests wait (for the snapshot). */
export function createReplayLine(kernel: Kernel, parkedChanged: (count: number) => void) {
  const line: Announced[] = []; // parked requests, by order of first call
  const abortListeners = new Map<Announced, () => void>();
  const replays = createReplays(kernel, line, unpark, admit);

  /** Puts a request in line, unless its caller aborted it or the session was signed out. */
  function admit(entry: Announced) {
    entry.tellParked(); // `inspect` hears each park, the first and those after a replay met the expiry again
    if (entry.signal?.aborted && !isTimeout(entry.signal.reason)) {
      entry.reject(entry.signal.reason);
      return;
    }
    if (kernel.state().status === 'signedOut') {
      entry.reject(expiredError('signedOut', entry));
      return;
    }
    if (process.env.NODE_ENV !== 'production' && entry.user === undefined) warnParkedWithoutUser(kernel);
    insertByOrder(line, entry);
    if (entry.signal) {
      abortListeners.set(
        entry,
        listenForAbort(entry.signal, (reason) => {
          unpark(entry);
          entry.reject(reason);
        }),
      );
    }
    parkedChanged(line.length);
    // Running: a late answer from before the latest re-login, or a request made during a replay.
    void replays.replayAll();
  }

  function unpark(entry: Announced) {
    const at = line.indexOf(entry);
    if (at < 0) return;
    line.splice(at, 1);
    abortListeners.get(entry)?.();
    abortListeners.delete(entry);
    parkedChanged(line.length);
  }

  function statusChanged() {
    const state = kernel.state();
    if (isRunning(state)) return;
    replays.sever(); // the session ended
    if (state.status === 'signedOut') {
      for (const entry of [...line]) {
        unpark(entry);
        entry.reject(expiredError('signedOut', entry));
      }
    }
  }

  return {
    /** A request that met an expired session waits in line (a replay that meets it again goes back by itself). */
    park: (given: Parked) => admit(announce(kernel, given)),
    statusChanged,
    ...replays,
  };
}
