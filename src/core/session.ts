/**
 * `createSession()`: wires the parts (machine, clock, activity, server expiry, keepalive and
 * extend, tabs, fetch layer, snapshot store) into one session. It owns the machine state, the
 * epochs (one per server session) and the side effects of each status change.
 */
import { listenForActivity, listenForWake } from './activity.ts';
import { createAlarm } from './clock.ts';
import { optionError, warnInDevelopment } from './errors.ts';
import { createExtension } from './extend.ts';
import { createFetchLayer } from './fetch.ts';
import { fingerprint } from './identity.ts';
import { createKeepalive } from './keepalive.ts';
import { initialState, isRunning, transition, type Due, type MachineState, type SessionEvent } from './machine.ts';
import { resolveOptions, type SessionOptions } from './options.ts';
import { createServerExpiry } from './server-expiry.ts';
import type { Session } from './session-api.ts';
import { createSnapshotStore, type SessionSnapshot } from './snapshot-store.ts';
import { createTabSync } from './tab-sync.ts';
import { createBrowserTransport, type TabTransport } from './tab-transport.ts';

function transportFor(crossTab: string | (() => TabTransport)): () => TabTransport {
  return typeof crossTab === 'function' ? crossTab : () => createBrowserTransport(crossTab);
}

/** Activity closer together than this is one activity: it costs one timestamp compare. */
const ACTIVITY_THROTTLE = 1000;

export function createSession(options: SessionOptions = {}): Session {
  const config = resolveOptions(options);
  const { clock, idleTimeout, warningBefore } = config;

  let state: MachineState = initialState;
  // The session's time begins at its first use (`start()`, a request, activity), not when it is
  // made: a session made during a server render or at module load reads no clock, so a
  // server-rendered page hydrates without a mismatch (and Next.js prerendering allows it).
  let begun = false;
  let lastActivity = -Infinity;
  let epoch = 0; // counts re-logins; a request carries the epoch it was sent in
  let epochStartedAt = -Infinity; // the latest resume: earlier requests speak of an older session
  let endedAt = Infinity; // when the current epoch ended (expired or signed out)
  let appSignedOut: Promise<void> | null = null; // the `signOut` option's call, once per epoch
  let user = config.user === undefined ? undefined : fingerprint(config.user); // who signed in, as the tabs share it
  let expiresAt: number | null = null;
  let parked = 0;
  let detach: (() => void) | null = null;

  const server = createServerExpiry(config.expiresHeader, clock.now, () => isRunning(state));
  const alarm = createAlarm(clock, check);
  const keepalive = createKeepalive(config.keepalive, config.keepaliveInterval, clock, config.fetch);
  const tabs = config.crossTab === false ? null : createTabSync(transportFor(config.crossTab), clock.now, {
    activity(at) {
      if (at <= lastActivity) return;
      lastActivity = at;
      dispatch({ type: 'remoteActivity', due: due(clock.now()) });
    },
    extended(at) {
      extension.otherTabDone();
      lastActivity = Math.max(lastActivity, at);
      dispatch({ type: 'extended', due: due(clock.now()) });
    },
    extending(until) {
      extension.otherTabExtending(until);
      evaluate();
    },
    ended(status) {
      extension.otherTabDone();
      dispatch({ type: status === 'expired' ? 'remoteExpired' : 'remoteSignedOut' });
    },
    resumed(who) {
      if (who !== null) user = who;
      signedInAgain();
      void requests.replayAll(); // each tab replays its own parked requests
    },
    serverExpiry(expiry, sentAt) {
      if (server.take(expiry, sentAt)) evaluate();
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
  const extension = createExtension({
    keepalive,
    server,
    tabs,
    now: clock.now,
    pings: config.keepalive !== null,
    interval: config.keepaliveInterval,
    running: () => isRunning(state),
    read: (response, sentAt) => handleResponse(response, sentAt),
    check,
    evaluate,
    publish: () => publish(),
    confirm: confirmExtended,
  });

  // A last activity ahead of now means the system clock was set back: it counts as now, so the
  // idle time left is never more than idleTimeout.
  const idleDeadline = () => (begun ? Math.min(lastActivity, clock.now()) : clock.now()) + idleTimeout;
  const deadline = () => Math.min(idleDeadline(), server.expiry);
  const finiteOrNull = (time: number) => (Number.isFinite(time) ? time : null);

  // Made before the first use, so the first snapshot (`getServerSnapshot`) reads no clock.
  const store = createSnapshotStore<SessionSnapshot>(() => ({
    status: state.status,
    reason: state.reason,
    expiresAt,
    parked,
    extending: extension.inFlight(),
    hardLimit: server.hardLimit,
  }));
  const publish = store.publish;

  /** The first use: the idle time counts from now, and the page itself was contact with the server. */
  function begin() {
    if (begun) return;
    begun = true;
    const now = clock.now();
    lastActivity = now;
    keepalive.noteContact(now);
  }

  function due(now: number): Due {
    const end = deadline();
    if (now >= end && now < extension.heldUntil()) return 'warning'; // "Stay signed in" awaits its answer
    if (now >= end) return idleDeadline() <= server.expiry ? 'idleExpiry' : 'serverExpiry';
    return now >= end - warningBefore ? 'warning' : 'nothing';
  }

  /** Aims the one timer at the next moment the status could change by itself. */
  function schedule() {
    if (detach === null) return;
    const end = deadline();
    if (state.status === 'active') alarm.ringBy(end - warningBefore);
    else if (state.status === 'warning' && !extension.inFlight()) alarm.ringBy(Math.max(end, extension.heldUntil()));
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
    server.newSession(endedAt);
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
    if (detach !== null && keepalive.isDue(now)) void extension.pingInBackground(); // a stopped session pings no one
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
    const expiry = current ? server.learn(response.headers, sentAt) : undefined;
    if (expiry !== undefined) {
      keepalive.noteContact(sentAt);
      tabs?.shareServerExpiry(expiry, sentAt);
      evaluate();
    }
    return false;
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
    extension.stopped();
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
    getSnapshot: store.get,
    getServerSnapshot: store.initial,
    // Once the session ended, its deadline is the moment it ended: countdowns show zero.
    getDeadline: () => (isRunning(state) ? deadline() : Math.min(deadline(), endedAt)),
    subscribe: store.subscribe,
    extend() {
      begin();
      return extension.extend();
    },
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
      tabs?.shareResumed(user ?? null, server.known());
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
