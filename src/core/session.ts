import { listenForActivity, listenForWake } from './activity.ts';
import { createAlarm, type Clock } from './clock.ts';
import { optionError, warnInDevelopment } from './errors.ts';
import { createTabSync } from './tab-sync.ts';
import { createBrowserTransport, type TabTransport } from './tab-transport.ts';
import { createFetchLayer, type ParkOptions, type SessionRequestInit } from './fetch.ts';
import { fingerprint } from './identity.ts';
import { createKeepalive } from './keepalive.ts';
import { initialState, isRunning, transition, type Due, type MachineState, type SessionEvent, type SessionReason, type SessionStatus } from './machine.ts';
import { resolveOptions, type SessionOptions } from './options.ts';
import { EXPIRY_TOLERANCE, parseSessionExpires } from './server-expiry.ts';

export interface SessionSnapshot {
  readonly status: SessionStatus;
  /** Why the session left `active`; `null` while it never did since the last resume. */
  readonly reason: SessionReason | null;
  /**
   * The deadline (epoch ms) as of the last status change: exact while `warning`, the moment it
   * ended while `expired`, `null` when there is none or no status changed yet (a session just
   * made has read no clock). While `active` read `getDeadline()`.
   */
  readonly expiresAt: number | null;
  /** Requests waiting for a re-login. */
  readonly parked: number;
  /** A keepalive from `extend()` is in flight. */
  readonly extending: boolean;
  /** The server's expiry did not move after a successful keepalive: "Stay signed in" cannot help. */
  readonly hardLimit: boolean;
}

/** What "Stay signed in" came to. */
export type ExtendResult = 'extended' | 'offline' | 'expired';

export interface Session {
  /** The clock the session reads (a test clock in tests); countdowns tick on it too. */
  readonly clock: Clock;
  /** The options' `idleTimeout` and `warningBefore` after defaults, for texts such as "after 15 minutes". */
  readonly idleTimeout: number;
  readonly warningBefore: number;
  getSnapshot(): SessionSnapshot;
  /**
   * The snapshot as the session was made, before it read any clock: what a server render shows,
   * and what the browser's hydration renders before the live snapshot (React's
   * `useSyncExternalStore` third argument). The same object every time.
   */
  getServerSnapshot(): SessionSnapshot;
  /**
   * The live effective deadline (epoch ms, `Infinity` for none). Moves with activity without
   * notifying. Once expired or signed out: the moment the session ended.
   */
  getDeadline(): number;
  /** Calls `listener` whenever the snapshot object changes. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * "Stay signed in": pings the keepalive at once. `'extended'` when it succeeded or none is
   * configured, `'offline'` when the server could not be reached (nothing changes: offline is not
   * expiry), `'expired'` when the server session is already gone. Calls while one is in flight
   * share it.
   */
  extend(): Promise<ExtendResult>;
  /** The person leaves: status `signedOut`, the `signOut` option is called once. Never rejects. */
  signOut(): Promise<void>;
  /**
   * After a re-login: active again with a fresh idle deadline, and the parked requests replayed
   * in the order they were made. Resolves once the replay is done. When `user` differs from the
   * user the requests were made as, they are rejected (`userChanged`), never sent as someone else.
   */
  resume(options?: { user?: string }): Promise<void>;
  /**
   * `fetch` that keeps the person's work: a request whose response says the session is gone is
   * parked until `resume()` and then replayed; `signOut()` rejects it with `SessionExpiredError`.
   * `init` may add `park: false` (sign-in calls) or `replay: false` (polling).
   */
  fetch(input: RequestInfo | URL, init?: SessionRequestInit): Promise<Response>;
  /**
   * For clients other than fetch (axios, ky): parks `retry` until the re-login, in line with the
   * parked fetch requests, and settles with its outcome (or `replayTimeout`). `retry` gets
   * `options.request` as `prepareReplay` refreshed it. Call `handleResponse` first.
   */
  park<T>(retry: (request: Request | undefined) => Promise<T>, options?: ParkOptions): Promise<T>;
  /**
   * Reads a response's status and expiry header: an expired response ends the session, a
   * `Session-Expires` header moves the server's expiry. `sentAt` (epoch ms, default now) is when
   * the request was sent, so a late answer to an old request cannot move the expiry backwards.
   * Returns whether the response says the session is gone.
   */
  handleResponse(response: Response, sentAt?: number): boolean;
  /** Activity the DOM listener cannot see (an iframe, a custom widget). */
  reportActivity(): void;
  /** Attaches listeners and the timer. Idempotent. */
  start(): void;
  /**
   * Detaches listeners and the timer; parked requests stay parked. A tab that shares the session
   * with others cannot hear who signs in while stopped, so its replays wait for `start()`. Idempotent.
   */
  stop(): void;
}

function transportFor(crossTab: string | (() => TabTransport)): () => TabTransport {
  return typeof crossTab === 'function' ? crossTab : () => createBrowserTransport(crossTab);
}

/** Activity closer together than this is one activity: it costs one timestamp compare. */
const ACTIVITY_THROTTLE = 1000;

/**
 * The longest a keepalive may take to answer. "Stay signed in" holds the session this long at
 * most past its deadline, here and in the other tabs, waiting for the answer.
 */
const KEEPALIVE_TIMEOUT = 30_000;

export function createSession(options: SessionOptions = {}): Session {
  const config = resolveOptions(options);
  const { clock, idleTimeout, warningBefore } = config;

  let state: MachineState = initialState;
  // The session's time begins at its first use (`start()`, a request, activity), not when it is
  // made: a session made during a server render or at module load reads no clock, so a
  // server-rendered page hydrates without a mismatch (and Next.js prerendering allows it).
  let begun = false;
  let lastActivity = -Infinity;
  let serverExpiry = Infinity;
  let serverExpirySentAt = -Infinity; // when the request that set `serverExpiry` was sent
  let serverExpiryAfterEnd = false; // learned while the session had ended (the sign-in's answer)
  let epoch = 0; // counts re-logins; a request carries the epoch it was sent in
  let epochStartedAt = -Infinity; // the latest resume: earlier requests speak of an older session
  let endedAt = Infinity; // when the current epoch ended (expired or signed out)
  let appSignedOut: Promise<void> | null = null; // the `signOut` option's call, once per epoch
  let user = config.user === undefined ? undefined : fingerprint(config.user); // who signed in, as the tabs share it
  let expiresAt: number | null = null;
  let extending: Promise<ExtendResult> | null = null;
  let hardLimit = false;
  let heldByOtherTabUntil = 0; // another tab's "Stay signed in" waits for its answer until then
  let parked = 0;
  let detach: (() => void) | null = null;

  const listeners = new Set<() => void>();
  const alarm = createAlarm(clock, check);
  const keepalive = createKeepalive(config.keepalive, config.keepaliveInterval, clock, config.fetch);
  const tabs = config.crossTab === false ? null : createTabSync(transportFor(config.crossTab), clock.now, {
    activity(at) {
      if (at <= lastActivity) return;
      lastActivity = at;
      dispatch({ type: 'remoteActivity', due: due(clock.now()) });
    },
    extended(at) {
      heldByOtherTabUntil = 0;
      lastActivity = Math.max(lastActivity, at);
      dispatch({ type: 'extended', due: due(clock.now()) });
    },
    extending(until) {
      heldByOtherTabUntil = Math.min(until, clock.now() + KEEPALIVE_TIMEOUT);
      evaluate();
    },
    ended(status) {
      heldByOtherTabUntil = 0;
      dispatch({ type: status === 'expired' ? 'remoteExpired' : 'remoteSignedOut' });
    },
    resumed(who) {
      if (who !== null) user = who;
      signedInAgain();
      void requests.replayAll(); // each tab replays its own parked requests
    },
    serverExpiry(expiry, sentAt) {
      if (sentAt < serverExpirySentAt || expiry === serverExpiry) return;
      adoptServerExpiry(expiry, sentAt);
      evaluate();
    },
    pinged: (at) => keepalive.noteContact(at),
  });
  const requests = createFetchLayer({
    config,
    clock,
    state: () => state,
    // Hears who signs in: started, or a tab alone (then only its own resume can tell it).
    listening: () => detach !== null || tabs === null,
    epoch: () => epoch,
    user: () => user,
    read: (response, sentAt, sentInEpoch) => readResponse(response, sentAt, sentInEpoch === epoch),
    parkedChanged(count) {
      parked = count;
      publish();
    },
  });

  // A last activity ahead of now means the system clock was set back: it counts as now, so the
  // idle time left is never more than idleTimeout.
  const idleDeadline = () => (begun ? Math.min(lastActivity, clock.now()) : clock.now()) + idleTimeout;
  const deadline = () => Math.min(idleDeadline(), serverExpiry);
  const finiteOrNull = (time: number) => (Number.isFinite(time) ? time : null);

  const initialSnapshot: SessionSnapshot = buildSnapshot();
  let snapshot = initialSnapshot;

  /** The first use: the idle time counts from now, and the page itself was contact with the server. */
  function begin() {
    if (begun) return;
    begun = true;
    const now = clock.now();
    lastActivity = now;
    keepalive.noteContact(now);
  }

  /** A "Stay signed in" pressed in time, here or in another tab, holds the session until its answer. */
  const heldUntil = () => (extending !== null ? Infinity : heldByOtherTabUntil);

  function due(now: number): Due {
    const end = deadline();
    if (now >= end && now < heldUntil()) return 'warning';
    if (now >= end) return idleDeadline() <= serverExpiry ? 'idleExpiry' : 'serverExpiry';
    return now >= end - warningBefore ? 'warning' : 'nothing';
  }

  function buildSnapshot(): SessionSnapshot {
    return { status: state.status, reason: state.reason, expiresAt, parked, extending: extending !== null, hardLimit };
  }

  /** Replaces the snapshot and notifies, only when a field changed. */
  function publish() {
    const s = snapshot;
    if (
      s.status === state.status &&
      s.reason === state.reason &&
      s.expiresAt === expiresAt &&
      s.parked === parked &&
      s.extending === (extending !== null) &&
      s.hardLimit === hardLimit
    ) {
      return;
    }
    snapshot = buildSnapshot();
    for (const listener of [...listeners]) listener();
  }

  /** Aims the one timer at the next moment the status could change by itself. */
  function schedule() {
    if (detach === null) return;
    const end = deadline();
    if (state.status === 'active') alarm.ringBy(end - warningBefore);
    else if (state.status === 'warning' && extending === null) alarm.ringBy(Math.max(end, heldByOtherTabUntil));
    else alarm.clear(); // ended, or the answer to "Stay signed in" decides
  }

  function dispatch(event: SessionEvent) {
    const previous = state;
    state = transition(state, event);
    if (state !== previous) {
      onStatusChange(previous);
      requests.statusChanged();
    }
    if (state.status === 'warning') expiresAt = finiteOrNull(deadline()); // exact while warning
    publish();
    schedule();
  }

  function onStatusChange(previous: MachineState) {
    const now = clock.now();
    const wasRunning = isRunning(previous);
    switch (state.status) {
      case 'active':
        if (!wasRunning) {
          beginEpoch(now);
          lastActivity = now; // signing in again is activity, and the server just saw the person
          keepalive.noteContact(now);
        }
        expiresAt = finiteOrNull(deadline());
        break;
      case 'warning':
        break;
      case 'expired':
        endedAt = now;
        expiresAt = Math.min(deadline(), now);
        if (state.reason !== 'remote') tabs?.shareExpired();
        if (state.reason === 'idle') void signOutOfApp();
        break;
      case 'signedOut':
        if (wasRunning) endedAt = now;
        expiresAt = null;
        if (state.reason === 'user') {
          tabs?.shareSignedOut();
          void signOutOfApp();
        }
        break;
      default:
        state.status satisfies never;
    }
  }

  /**
   * A sign-in, here or in another tab: a new server session, also over one that was still running
   * (the app's own sign-in page), so what was learned of the old one no longer applies. The idle
   * time of a running session is the person's, and goes on.
   */
  function signedInAgain() {
    if (!isRunning(state)) {
      dispatch({ type: 'resume' }); // its status change begins the epoch
      return;
    }
    beginEpoch(clock.now());
    evaluate();
  }

  /** A new server session: what was learned of the old one no longer applies. */
  function beginEpoch(now: number) {
    epoch++;
    epochStartedAt = now;
    appSignedOut = null;
    hardLimit = false;
    // Only an expiry learned since the old session ended, from a request sent after it ended
    // (the sign-in), belongs to the new one. Learned while running: the old session's, whatever
    // the timestamps say after a clock was set back. Sent in the moment it ended: the old one's.
    if (!serverExpiryAfterEnd || serverExpirySentAt <= endedAt) {
      serverExpiry = Infinity;
      serverExpirySentAt = -Infinity;
    }
    endedAt = Infinity;
  }

  /**
   * The app's own server sign-out, at most once per epoch here and once per session across tabs;
   * its failure never reaches the caller.
   */
  function signOutOfApp(): Promise<void> {
    const call = async () => {
      try {
        await config.signOut?.();
      } catch (error) {
        warnInDevelopment('The signOut option threw; the session ended here anyway.', error);
      }
    };
    appSignedOut ??= tabs ? tabs.signOutOnce(call) : call();
    return appSignedOut;
  }

  /** Timer and wake: take what the other tabs stored first, then decide. */
  function check() {
    tabs?.pull();
    evaluate();
  }

  function evaluate() {
    dispatch({ type: 'check', due: due(clock.now()) });
  }

  function onActivity(now: number) {
    dispatch({ type: 'activity', due: due(now) });
    if (state.status !== 'active') return;
    lastActivity = now;
    tabs?.shareActivity(now);
    if (detach !== null && keepalive.isDue(now)) void pingInBackground(); // a stopped session pings no one
  }

  async function pingInBackground() {
    const ping = async () => {
      const outcome = await keepalive.ping(KEEPALIVE_TIMEOUT);
      if (outcome.response) applyPing(outcome.response, outcome.sentAt);
    };
    await (tabs ? tabs.pingOnce(config.keepaliveInterval, ping) : ping());
  }

  /** A keepalive answer: expired ends the session; a 2xx that did not move the server expiry is a hard limit. */
  function applyPing(response: Response, sentAt: number): 'extended' | 'offline' | 'expired' {
    const before = { expiry: serverExpiry, sentAt: serverExpirySentAt };
    if (handleResponse(response, sentAt)) return 'expired';
    if (!response.ok) return 'offline';
    const limited = isCapped(before);
    if (limited !== hardLimit) {
      hardLimit = limited;
      publish();
    }
    return 'extended';
  }

  /**
   * Whether the server kept its expiry through a successful keepalive. Whole-second headers and
   * latency blur a fixed cap by a second or two, while a sliding expiry moves by about the time
   * between the two requests; requests too close together to tell keep the last verdict.
   */
  function isCapped(before: { expiry: number; sentAt: number }): boolean {
    if (before.expiry === Infinity) return false;
    if (serverExpirySentAt === before.sentAt) return true; // the answer did not move it at all
    if (serverExpirySentAt - before.sentAt < 2 * EXPIRY_TOLERANCE) return hardLimit;
    return serverExpiry - before.expiry <= EXPIRY_TOLERANCE;
  }

  function handleResponse(response: Response, sentAt = clock.now()): boolean {
    begin();
    return readResponse(response, sentAt, sentAt >= epochStartedAt);
  }

  /** `current`: the request was sent since the latest sign-in; an older one speaks of the old session. */
  function readResponse(response: Response, sentAt: number, current: boolean): boolean {
    if (config.isExpired(response)) {
      if (current) dispatch({ type: 'expiredResponse' });
      return true;
    }
    // An answer to a request from before the latest sign-in speaks of the old server session.
    if (current && config.expiresHeader !== null && sentAt >= serverExpirySentAt) {
      const value = response.headers.get(config.expiresHeader);
      if (value !== null) learnServerExpiry(value, response.headers.get('Date'), sentAt);
    }
    return false;
  }

  function learnServerExpiry(value: string, serverDate: string | null, sentAt: number) {
    const now = clock.now();
    const expiry = parseSessionExpires(value, now, serverDate);
    if (expiry === undefined) {
      warnInDevelopment(`Ignored a malformed ${config.expiresHeader} header: ${JSON.stringify(value)}. Expected delta-seconds or an HTTP-date.`);
      return;
    }
    if (expiry <= now) {
      // The server answered, so its session was there; an expired one answers 440 (or isExpired).
      warnInDevelopment(`Ignored a ${config.expiresHeader} header that had already passed when it arrived: ${JSON.stringify(value)}.`);
      return;
    }
    keepalive.noteContact(sentAt);
    adoptServerExpiry(expiry, sentAt);
    tabs?.shareServerExpiry(expiry, sentAt);
    evaluate();
  }

  function adoptServerExpiry(expiry: number, sentAt: number) {
    if (expiry > serverExpiry + EXPIRY_TOLERANCE) hardLimit = false;
    serverExpiry = expiry;
    serverExpirySentAt = sentAt;
    serverExpiryAfterEnd = !isRunning(state);
  }

  function extend(): Promise<ExtendResult> {
    if (extending !== null) return extending;
    begin();
    check(); // a deadline that passed while nobody watched (a sleeping laptop) ends it first
    if (!isRunning(state)) return Promise.resolve('expired');
    if (config.keepalive === null) {
      confirmExtended();
      return Promise.resolve('extended');
    }
    extending = pingToExtend();
    publish();
    return extending;
  }

  /** The answer decides: pressed in time, the session waits for it (see `heldUntil`). */
  async function pingToExtend(): Promise<ExtendResult> {
    tabs?.shareExtending(clock.now() + KEEPALIVE_TIMEOUT);
    let result: ExtendResult = 'offline';
    try {
      const outcome = await keepalive.ping(KEEPALIVE_TIMEOUT);
      if (outcome.response) result = applyPing(outcome.response, outcome.sentAt);
    } finally {
      extending = null;
    }
    if (result === 'extended' && isRunning(state)) {
      confirmExtended();
      return 'extended';
    }
    if (isRunning(state)) tabs?.shareExtending(0); // the other tabs hold no longer
    evaluate(); // offline: the deadline may have passed while the answer was out
    return result === 'extended' ? 'expired' : result; // the session ended while the ping was out
  }

  function confirmExtended() {
    lastActivity = clock.now();
    tabs?.shareExtended(lastActivity);
    dispatch({ type: 'extended', due: due(lastActivity) });
  }

  function start() {
    if (detach !== null) return;
    begin();
    const detachActivity = listenForActivity(config.activityEvents, clock.now, ACTIVITY_THROTTLE, onActivity);
    const detachWake = listenForWake(check);
    tabs?.attach();
    detach = () => {
      detachActivity();
      detachWake();
      tabs?.detach();
    };
    check();
    void requests.replayAll(); // what waited while stopped, now that this tab hears the others again
  }

  function stop() {
    if (detach === null) return;
    if (extending !== null) tabs?.shareExtending(0); // a closed tab's "Stay signed in" holds no one
    detach();
    detach = null;
    requests.stopped();
    alarm.clear();
    keepalive.abort();
  }

  return {
    clock,
    idleTimeout,
    warningBefore,
    getSnapshot: () => snapshot,
    getServerSnapshot: () => initialSnapshot,
    // Once the session ended, its deadline is the moment it ended: countdowns show zero.
    getDeadline: () => (isRunning(state) ? deadline() : Math.min(deadline(), endedAt)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    extend,
    async signOut() {
      begin();
      dispatch({ type: 'signOut' });
      await appSignedOut;
    },
    async resume(options = {}) {
      if (options.user !== undefined && typeof options.user !== 'string') throw optionError('user', 'a string', options.user);
      if (options.user !== undefined) user = fingerprint(options.user);
      begin();
      signedInAgain();
      tabs?.shareResumed(user ?? null, Number.isFinite(serverExpiry) ? { expiry: serverExpiry, sentAt: serverExpirySentAt } : null);
      await requests.replayAll();
    },
    fetch(input, init) {
      begin();
      return requests.fetch(input, init);
    },
    park(retry, parkOptions) {
      begin();
      return requests.park(retry, parkOptions);
    },
    handleResponse,
    reportActivity() {
      begin();
      onActivity(clock.now());
    },
    start,
    stop,
  };
}
