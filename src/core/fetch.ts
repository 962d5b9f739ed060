/**
 * The fetch layer: a response that says the session is gone parks its request; a re-login replays
 * the parked requests one after another, in the order they were first made, each at most once per
 * replay, each with a bounded wait. The line belongs to one session: its end severs it.
 */
import { createDeadline, type Clock } from './clock.ts';
import { SessionExpiredError, warnOnce } from './errors.ts';
import { isRunning, type MachineState } from './machine.ts';
import type { ResolvedOptions } from './options.ts';

export interface SessionRequestInit extends RequestInit {
  /**
   * `false`: an expired response is returned as it is, never parked. For the app's own sign-in
   * call, which must not wait for itself.
   * @default true
   */
  park?: boolean;
  /**
   * `false`: an expired response rejects with `SessionExpiredError` instead of waiting for a
   * replay, and a request made while expired is not sent. For polling, which would pile up.
   * @default true
   */
  replay?: boolean;
}

export interface ParkOptions {
  /** `false`: reject with `SessionExpiredError` instead of waiting for the re-login. */
  replay?: boolean;
  /**
   * The request as it was sent: `prepareReplay` refreshes it before the retry, which gets the
   * result; also `SessionExpiredError.request`.
   */
  request?: Request;
}

/** What the fetch layer needs from its session. */
export interface FetchHost {
  readonly config: ResolvedOptions;
  readonly clock: Clock;
  state(): MachineState;
  /**
   * Whether the session hears who signs in (started, or a tab alone): only then are replays sent.
   * A stopped tab cannot hear who signed in elsewhere, so its parked requests wait for `start()`.
   */
  listening(): boolean;
  /** Counts re-logins: a request carries the epoch it was sent in. */
  epoch(): number;
  /** Who is signed in, as a fingerprint; `undefined` when nobody said. */
  user(): string | undefined;
  /** Reads status and expiry header; true when the response says the session is gone. */
  read(response: Response, sentAt: number, epoch: number): boolean;
  parkedChanged(count: number): void;
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
const isTimeout = (reason: unknown) => reason instanceof DOMException && reason.name === 'TimeoutError';

/** Aborts when either signal does, with its reason. */
function eitherSignal(a: AbortSignal | null, b: AbortSignal): { signal: AbortSignal; release(): void } {
  if (a === null) return { signal: b, release() {} };
  const controller = new AbortController();
  const onA = () => controller.abort(a.reason);
  const onB = () => controller.abort(b.reason);
  if (a.aborted) onA();
  else if (b.aborted) onB();
  a.addEventListener('abort', onA);
  b.addEventListener('abort', onB);
  return {
    signal: controller.signal,
    release() {
      a.removeEventListener('abort', onA);
      b.removeEventListener('abort', onB);
    },
  };
}

export function createFetchLayer(host: FetchHost) {
  const { config, clock } = host;
  const line: Parked[] = []; // parked requests, by order of first call
  const abortListeners = new Map<Parked, () => void>();
  let calls = 0;
  let replaying: Promise<void> | null = null;
  let lineNumber = 0; // which session's line is replaying: each end of a session starts a new one
  const stoppedRunning = new Set<() => void>();

  /** A replay's bounded wait: then it is aborted and rejected with `replayTimeout`. */
  const replayDeadline = (request: Request | undefined) =>
    createDeadline(clock, config.replayTimeout, 'The replay did not answer within replayTimeout.', (cause) => new SessionExpiredError('replayTimeout', { request, cause }));

  const keepaliveUrl = () => {
    if (typeof config.keepalive !== 'string') return undefined;
    try {
      return new URL(config.keepalive, globalThis.location?.href).href;
    } catch {
      return undefined;
    }
  };

  /** Default `shouldPark`: same origin (any request where there is no page origin), not the keepalive. */
  function parksByDefault(request: Request): boolean {
    if (request.url === keepaliveUrl()) return false;
    const origin = globalThis.location?.origin;
    return origin === undefined || origin === 'null' || new URL(request.url).origin === origin;
  }
  const shouldPark = config.shouldPark ?? parksByDefault;

  function park(entry: Parked) {
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
    if (entry.user === undefined) {
      warnOnce(host, 'parkedWithoutUser', 'A request was parked while no user is known: after the re-login it is replayed whoever signs in. Pass `user` to createSession (or to resume) so a request is never sent as someone else.');
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
    const current = () => mine === lineNumber && isRunning(host.state()) && host.listening();
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

  async function sessionFetch(input: RequestInfo | URL, init: SessionRequestInit = {}): Promise<Response> {
    const order = calls++;
    const { park: parks = true, replay = true, ...requestInit } = init;
    const streamed = typeof ReadableStream !== 'undefined' && requestInit.body instanceof ReadableStream;
    // A Request's body is read when sent: keep an unread copy to build each attempt from.
    const source = input instanceof Request ? input.clone() : input;
    const build = () => new Request(source instanceof Request ? source.clone() : source, requestInit);
    const request = build();
    const parkable = parks && shouldPark(request);
    const user = host.user();
    let sent = false;
    let sentSignedOut = false; // sent while nobody was signed in: it belongs to no session to replay in

    const expiredError = (reason: 'signedOut' | 'notReplayable' | 'replayDisabled') =>
      new SessionExpiredError(reason, { request, replayable: reason !== 'notReplayable' });

    async function send(attempt: Request): Promise<{ response: Response; expired: boolean }> {
      const epoch = host.epoch();
      const sentAt = clock.now();
      sent = true;
      sentSignedOut = host.state().status === 'signedOut';
      const response = await config.fetch()(attempt);
      return { response, expired: host.read(response, sentAt, epoch) };
    }

    /** Why this request, having met an expired response, cannot wait for a replay; or nothing. */
    function refusal() {
      if (host.state().status === 'signedOut' || sentSignedOut) return expiredError('signedOut');
      if (streamed && sent) return expiredError('notReplayable');
      if (!replay) return expiredError('replayDisabled');
      return undefined;
    }

    const waitForReplay = () =>
      new Promise<Response>((resolve, reject) => {
        park({
          order,
          user,
          request,
          signal: requestInit.signal ?? null,
          reject,
          async replay() {
            const own = requestInit.signal ?? null;
            // A client timeout that ran out while parked was for the wait on the network before;
            // the replay deadline bounds this wait instead.
            const deadline = replayDeadline(request);
            const both = eitherSignal(own && !(own.aborted && isTimeout(own.reason)) ? own : null, deadline.signal);
            try {
              const prepared = config.prepareReplay ? await deadline.race(Promise.resolve(config.prepareReplay(build()))) : build();
              const { response, expired } = await deadline.race(send(new Request(prepared, { signal: both.signal })));
              const refused = expired && refusal();
              if (!expired) resolve(response);
              else if (refused) reject(refused);
              else return 'again';
            } catch (error) {
              reject(error);
            } finally {
              deadline.clear();
              both.release();
            }
            return 'settled';
          },
        });
      });

    const status = host.state().status;
    if (parkable && (status === 'expired' || replaying !== null)) {
      if (status === 'expired' && !replay) throw expiredError('replayDisabled');
      return waitForReplay(); // not sent now: it would only meet the expired session
    }
    const { response, expired } = await send(request);
    if (!expired || !parkable) return response;
    const refused = refusal();
    if (refused) throw refused;
    return waitForReplay();
  }

  /**
   * Parks a retry of a request that met an expired response, for clients other than fetch (axios,
   * ky): `retry` runs after the re-login, in line with the parked fetch requests. Call
   * `handleResponse` first so the session knows it expired.
   */
  function parkRetry<T>(retry: (request: Request | undefined) => Promise<T>, options: ParkOptions = {}): Promise<T> {
    const order = calls++;
    const { request } = options;
    if (host.state().status === 'signedOut') return Promise.reject(new SessionExpiredError('signedOut', { request }));
    if (options.replay === false) return Promise.reject(new SessionExpiredError('replayDisabled', { request }));
    return new Promise<T>((resolve, reject) => {
      park({
        order,
        user: host.user(),
        request,
        signal: null,
        reject,
        async replay() {
          const deadline = replayDeadline(request);
          const prepare = async () => (request && config.prepareReplay ? config.prepareReplay(request.clone()) : request);
          const outcome = deadline.race(prepare().then(retry));
          outcome.then(resolve, reject).finally(deadline.clear);
          // The retry goes through the client again and may park itself again: wait for its
          // answer, the deadline or the session's end, whichever comes first, so the line never
          // waits on itself.
          let release!: () => void;
          const stopped = new Promise<void>((resolve) => stoppedRunning.add((release = resolve)));
          await Promise.race([outcome.catch(() => {}), stopped]);
          stoppedRunning.delete(release);
          return 'settled';
        },
      });
    });
  }

  return { fetch: sessionFetch, park: parkRetry, replayAll, statusChanged, stopped: sever };
}
