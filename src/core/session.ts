/**
 * `createSession()`: wires the parts into one session. It owns the machine state and sends every
 * event through `transition` (machine.ts); the parts do the rest: deadlines.ts (when it ends by
 * itself), busy.ts (tasks that count as activity), watch.ts (frames and
 * windows whose activity counts), server-expiry.ts, extend.ts and keepalive.ts, revalidate.ts (asking
 * the server after a long time hidden), epochs.ts, status-effects.ts, tab-sync.ts
 * (the other tabs), fetch.ts and replay-line.ts (requests), snapshot-store.ts (what subscribers read).
 */
import { createActivityListener, listenForActivity, listenForWake } from './activity.ts';
import { createBusy } from './busy.ts';
import { createAlarm, orderOf } from './clock.ts';
import { WCAG_MIN_WARNING, createDeadlines, fitWarning } from './deadlines.ts';
import { createEpochs } from './epochs.ts';
import { optionError, warnInDevelopment, warnOnce } from './errors.ts';
import { createExtension } from './extend.ts';
import { createFetchLayer } from './fetch.ts';
import { fingerprint } from './identity.ts';
import { createTap, isSameOrigin, pathOf, type ActivitySource, type InspectSettings, type ResponseVia } from './inspect.ts';
import { createKeepalive } from './keepalive.ts';
import { pageExpiry } from './page-expiry.ts';
import { initialState, isRunning, transition, type MachineState, type SessionEvent } from './machine.ts';
import { resolveChange, resolveOptions, type SessionOptions, type Timing } from './options.ts';
import { createRenewal, type RenewalOutcome } from './refresh.ts';
import { listenForReturn, type RevalidateHost } from './revalidate.ts';
import { EXPIRY_TOLERANCE, clockSkew, createServerExpiry } from './server-expiry.ts';
import type { Session } from './session-api.ts';
import { createSnapshotStore, type SessionSnapshot } from './snapshot-store.ts';
import { applyStatusChange, finiteOrNull } from './status-effects.ts';
import { createTabSync } from './tab-sync.ts';
import { transportFor } from './tab-transport.ts';
import { createWatches } from './watch.ts';

/** `initialStatus: 'signedOut'`: nobody has signed in yet, so no one signed out either (no reason). */
const signedOutAtFirst: MachineState = { status: 'signedOut', reason: null };

/** Activity closer together than this is one activity: it costs one timestamp compare. */
const ACTIVITY_THROTTLE = 1000;

export function createSession(options: SessionOptions = {}): Session {
  const config = resolveOptions(options);
  const { clock } = config; // the timing settings are read where used: `configure` changes them
  let warningChosen = options.warningBefore !== undefined; // else the default follows idleTimeout

  let state: MachineState = config.initialStatus === 'signedOut' ? signedOutAtFirst : initialState;
  let user = config.user === undefined ? undefined : fingerprint(config.user); // who signed in, as the tabs share it
  let expiresAt: number | null = null;
  let parked = 0;
  let detach: (() => void) | null = null;
  const tap = createTap(clock.now); // `session.inspect`: every emit below first checks `tap.on`
  let inspectedDeadline: number | null | undefined; // the last deadline `inspect` heard of
  let throttledSinceHeard = 0; // DOM events the throttle let pass since the last one `inspect` heard of

  // While busy, the tab works as a person would, this often: shares activity with the other tabs
  // (well before their warning) and pings the keepalive when due.
  const busyEvery = () => Math.min(config.keepaliveInterval, (config.idleTimeout - config.warningBefore) / 2);
  let busyWorksAt = Infinity;
  const busy = createBusy({
    began() {
      if (tap.on) tap.emit({ type: 'busy', phase: 'began' });
      busyWorksAt = clock.now() + busyEvery();
      worked(clock.now());
      evaluate(); // no idle deadline now: a warning it caused closes
    },
    ended() {
      if (tap.on) tap.emit({ type: 'busy', phase: 'ended' });
      busyWorksAt = Infinity;
      worked(clock.now()); // the idle time counts from now
      evaluate();
    },
  });

  // `session.watch`: frames and windows whose activity counts, listened on while started.
  const watches = createWatches();

  const server = createServerExpiry(config.expiresHeader, clock.now, () => isRunning(state));
  const alarm = createAlarm(clock, check);
  const order = () => orderOf(clock); // what orders sends and what was learned: a clock set back must not
  const keepalive = createKeepalive(config, clock, config.fetch);
  const tabs =
    config.crossTab === false
      ? null
      : createTabSync(transportFor(config.crossTab), clock.now, order, {
          activity(at) {
            if (at <= deadlines.lastActivity()) return;
            if (tap.on) tap.emit({ type: 'activity', source: 'otherTab', outcome: isRunning(state) ? 'taken' : 'notRunning', throttled: 0 });
            deadlines.activity(at);
            dispatch({ type: 'remoteActivity', due: deadlines.due(clock.now()) });
          },
          extended(at) {
            extension.otherTabDone();
            deadlines.activity(Math.max(deadlines.lastActivity(), at));
            dispatch({ type: 'extended', due: deadlines.due(clock.now()) });
          },
          extending(until) {
            extension.otherTabExtending(until);
            evaluate();
          },
          ended(status) {
            extension.otherTabDone();
            renewal.otherTab(false);
            dispatch({ type: status === 'expired' ? 'remoteExpired' : 'remoteSignedOut' });
          },
          resumed(who) {
            if (who !== null) user = who;
            signedInAgain('otherTab');
            renewal.otherTab(true);
            void requests.replayAll(); // each tab replays its own parked requests
          },
          serverExpiry(expiry, sentAt) {
            if (server.take(expiry, sentAt)) evaluate();
          },
          pinged: (at) => keepalive.noteContact(at),
          message(direction, kind) {
            if (tap.on) tap.emit({ type: 'tab', direction, kind });
          },
          configured(timing) {
            const { idleTimeout, warningBefore, keepaliveInterval } = timing;
            try {
              retime(
                resolveChange(config, { idleTimeout: idleTimeout ?? Infinity, warningBefore, keepaliveInterval: keepaliveInterval ?? Infinity }, true),
                'otherTab',
              );
              warningChosen = true;
            } catch (error) {
              if (process.env.NODE_ENV !== 'production') warnInDevelopment('Ignored timeouts from another tab that are not valid here.', error);
            }
          },
        });
  const epochs = createEpochs(server, tabs, config.signOut, order);
  const renewal = createRenewal(config.refresh, clock, config.replayTimeout, tabs);
  const requests = createFetchLayer({
    config,
    clock,
    state: () => state,
    // Hears who signs in: started, or a tab alone (then only its own resume can tell it).
    listening: () => detach !== null || tabs === null,
    held: renewal.running,
    epoch: epochs.current,
    user: () => user,
    read: (response, sentAt, sentInEpoch, method) => readResponse(response, sentAt, sentInEpoch === epochs.current(), 'fetch', method),
    tap,
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
    target: () => config.keepalive,
    interval: () => Math.min(config.keepaliveInterval, server.span / 4), // a ping past half a short session too
    running: () => isRunning(state),
    epoch: epochs.current,
    read: (response, sentAt, sentInEpoch) => readResponse(response, sentAt, sentInEpoch === epochs.current(), 'keepalive', null),
    tap,
    check,
    evaluate,
    publish: () => publish(),
    confirm: confirmExtended,
    renewing: () => (renewal.running() ? renewal.run().then((outcome) => outcome.renewed) : null),
  });

  const revalidation: RevalidateHost = {
    config,
    running: () => isRunning(state),
    epoch: epochs.current,
    read: (response, sentAt, sentInEpoch) => readResponse(response, sentAt, sentInEpoch === epochs.current(), 'revalidate', 'GET'),
  };

  /** The warning time in force: `warningBefore`, fitted into a server session too short for it. */
  function warningTime() {
    const fitted = fitWarning(config.warningBefore, server.span);
    if (process.env.NODE_ENV !== 'production' && fitted < config.warningBefore) {
      warnOnce(
        server,
        'warningBefore',
        `The server's session lasts about ${Math.round(server.span / 1000)} s, too short for a warningBefore of ${config.warningBefore / 1000} s: ` +
          `the warning would open before the keepalive could renew the session while the person works. It opens ${Math.round(fitted / 1000)} s before the end instead; ` +
          "set warningBefore below half of the server's timeout less 22 s.",
      );
    }
    if (process.env.NODE_ENV !== 'production' && server.span < 2 * (WCAG_MIN_WARNING + EXPIRY_TOLERANCE)) {
      warnOnce(
        server,
        'spanTooShort',
        `The server's session lasts about ${Math.round(server.span / 1000)} s: too short for the keepalive to renew it before the warning, which must give 20 s (WCAG 2.2.1), opens. ` +
          'A working person will be warned, and signed out unless they choose "Stay signed in". Give the server a timeout of a minute or more.',
      );
    }
    return fitted;
  }

  const deadlines = createDeadlines({
    now: clock.now,
    timing: config,
    warningBefore: warningTime,
    serverExpiry: () => server.expiry,
    heldUntil: extension.heldUntil,
    busy: busy.active,
  });
  const deadline = deadlines.deadline;

  // Made before the first use, so the first snapshot (`getServerSnapshot`) reads no clock.
  const store = createSnapshotStore<SessionSnapshot>(() => ({
    status: state.status,
    reason: state.reason,
    expiresAt,
    parked,
    extending: extension.inFlight(),
    hardLimit: server.hardLimit,
    idleTimeout: config.idleTimeout,
    warningBefore: config.warningBefore,
  }));
  const publish = store.publish;

  /** The first use: the idle time counts from now, and the page itself was contact with the server. */
  function begin() {
    const first = deadlines.begin();
    if (first !== undefined) keepalive.noteContact(first);
  }

  /** Aims the one timer at the next moment the status could change by itself. */
  function schedule() {
    if (detach === null) return;
    if (renewal.running()) return alarm.clear(); // the refresh decides
    const end = deadline();
    if (state.status === 'active') alarm.ringBy(end - warningTime());
    else if (state.status === 'warning' && !extension.inFlight()) alarm.ringBy(Math.max(end, extension.heldUntil()));
    else alarm.clear(); // ended, or the answer to "Stay signed in" decides
    if (busy.active() && isRunning(state)) alarm.ringBy(busyWorksAt);
  }

  function dispatch(event: SessionEvent) {
    const previous = state;
    const next = transition(state, event);
    if (next !== previous && endedByServer(next) && renewal.wouldTry()) {
      void renew(next.reason === 'server' ? evaluate : () => dispatch({ type: 'expiredResponse' }));
      schedule();
      return;
    }
    state = next;
    if (state !== previous && tap.on) tap.emit({ type: 'status', from: previous.status, to: state.status, reason: state.reason, event: event.type });
    if (state !== previous) {
      // Another tab's "Stay signed in" holds a running session: once this one ended, however it
      // ended, the hold is over (else a clock set back could stretch it over the next session).
      if (!isRunning(state)) extension.otherTabDone();
      const shown = applyStatusChange({ now: clock.now, deadlines, epochs, keepalive, tabs }, previous, state);
      if (shown !== undefined) expiresAt = shown;
      requests.statusChanged();
    }
    if (state.status === 'warning') expiresAt = finiteOrNull(deadline()); // exact while warning
    publish();
    schedule();
    if (tap.on) inspectDeadline();
  }

  /** The deadline as `inspect` tells it: `null` for none (or ended), and which source binds it. */
  function deadlineAsInspected() {
    const idle = deadlines.idleDeadline();
    const end = deadline();
    const shown = isRunning(state) && Number.isFinite(end) ? end : null;
    const binds = shown === null ? null : server.expiry < idle ? ('server' as const) : ('idle' as const);
    return { type: 'deadline' as const, deadline: shown, binds, idleDeadline: finiteOrNull(idle), serverExpiry: finiteOrNull(server.expiry) };
  }

  /** `inspect` hears of the deadline when it moved (other than with activity, which says so itself). */
  function inspectDeadline() {
    const event = deadlineAsInspected();
    if (event.deadline === inspectedDeadline) return;
    inspectedDeadline = event.deadline;
    tap.emit(event);
  }

  /** The server ended the session (an expired response, or its expiry passed): `refresh` may renew it. */
  const endedByServer = (next: MachineState) => next.status === 'expired' && (next.reason === 'response' || next.reason === 'server');

  /**
   * Tries the `refresh` option (or joins the try in flight) before the server's end takes effect.
   * Renewed: a new server session, told to the other tabs, and the held requests replayed.
   * Not renewed: `end` applies the end, now that no refresh stands in its way.
   */
  async function renew(end: () => void) {
    if (tap.on && !renewal.running()) tap.emit({ type: 'refresh', phase: 'started' });
    const outcome: RenewalOutcome = await renewal.run();
    if (tap.on) tap.emit({ type: 'refresh', phase: !outcome.renewed ? 'failed' : outcome.elsewhere ? 'elsewhere' : 'renewed' });
    if (!isRunning(state)) return; // signed out or ended meanwhile: a late renewal signs no one in
    if (!outcome.renewed) {
      end();
      return;
    }
    if (outcome.user !== undefined) user = fingerprint(outcome.user);
    signedInAgain('refresh');
    if (!outcome.elsewhere) tabs?.shareResumed(user ?? null, server.known());
    await requests.replayAll();
  }

  /**
   * A sign-in, here or in another tab: a new server session, also over one that was still running
   * (the app's own sign-in page), so what was learned of the old one no longer applies. The idle
   * time of a running session is the person's, and goes on.
   */
  function signedInAgain(via: 'resume' | 'refresh' | 'otherTab') {
    if (tap.on) tap.emit({ type: 'signedIn', via });
    if (!isRunning(state)) {
      dispatch({ type: 'resume' }); // its status change begins the epoch
      return;
    }
    epochs.begin();
    evaluate();
  }

  /** Timer and wake: take what the other tabs stored first, then decide. */
  function check() {
    tabs?.pull();
    const now = clock.now();
    if (busy.active() && now >= busyWorksAt) {
      busyWorksAt = now + busyEvery();
      worked(now);
    }
    evaluate();
  }

  function evaluate() {
    dispatch({ type: 'check', due: deadlines.due(clock.now()) });
  }

  function onActivity(now: number, source: ActivitySource = 'dom') {
    const due = deadlines.due(now);
    if (tap.on) {
      // Heard before its consequences. Too late (the deadline passed unseen) counts as not running.
      const late = !isRunning(state) || due === 'idleExpiry' || due === 'serverExpiry';
      const ignored = state.status === 'warning' && config.activityDuringWarning === 'ignore';
      const throttled = source === 'dom' ? throttledSinceHeard : 0;
      if (source === 'dom') throttledSinceHeard = 0;
      tap.emit({ type: 'activity', source, outcome: late ? 'notRunning' : ignored ? 'duringWarning' : 'taken', throttled });
    }
    dispatch({ type: 'activity', due });
    // `activityDuringWarning: 'extend'`: activity answers the warning as "Stay signed in" does;
    // calls while its keepalive is in flight share it.
    if (state.status === 'warning' && config.activityDuringWarning === 'extend' && detach !== null) void extension.extend();
    if (state.status !== 'active') return;
    worked(now);
    if (tap.on) inspectedDeadline = deadlineAsInspected().deadline; // the activity event says it moved
  }

  /** The person worked at `now` (activity, or a task of `session.busy`): the idle time counts from it. */
  function worked(now: number) {
    if (!isRunning(state)) return;
    deadlines.activity(now);
    tabs?.shareActivity(now);
    // A stopped session pings no one; in the warning only "Stay signed in" pings.
    if (detach !== null && state.status === 'active' && keepalive.isDue(now, server.pastHalf(now))) void extension.pingInBackground();
  }

  function handleResponse(response: Response, sentAt = clock.now()): boolean {
    begin();
    const sent = order() - (clock.now() - sentAt); // the app's wall time, as the session orders sends
    return readResponse(response, sent, epochs.includes(sent), 'handleResponse', null);
  }

  /**
   * `sentAt`: when the request was sent (`orderOf`, so a clock set back since does not reorder it).
   * `current`: the request was sent since the latest sign-in; an older one speaks of the old session.
   * `via`: a revalidation did not extend the server session (the others may have), so only the
   * others count as contact: an expiry they bring means no keepalive is due for a while.
   */
  function readResponse(response: Response, sentAt: number, current: boolean, via: ResponseVia, method: string | null): boolean {
    const contact = via !== 'revalidate';
    const expired = config.isExpired(response);
    if (tap.on) inspectResponse(response, current, via, method, expired);
    if (expired) {
      if (current) dispatch({ type: 'expiredResponse' });
      return true;
    }
    if (current && response.ok) renewal.proven(); // the server honours the session: a later end may be renewed again
    // An answer to a request from before the latest sign-in speaks of the old server session.
    const expiry = current ? server.learn(response.headers, sentAt) : undefined;
    if (tap.on) inspectExpiryHeader(response, current);
    if (expiry !== undefined) {
      if (contact) keepalive.noteContact(clock.now()); // the server has seen this browser by now
      tabs?.shareServerExpiry(expiry, sentAt);
      evaluate();
    }
    return false;
  }

  /** `inspect` hears of a response: path, status, what it said (never its body or other headers). */
  function inspectResponse(response: Response, current: boolean, via: ResponseVia, method: string | null, expired: boolean) {
    const header = config.expiresHeader;
    tap.emit({
      type: 'response',
      via,
      method,
      path: pathOf(response.url),
      sameOrigin: isSameOrigin(response.url),
      status: response.status,
      expired,
      redirected: response.redirected || response.type === 'opaqueredirect',
      expiryHeader: header !== null && response.headers.has(header),
      dateSkew: clockSkew(clock.now(), response.headers.get('Date')) ?? null,
      current,
    });
  }

  /** `inspect` hears what became of the response's expiry header, if it had one. */
  function inspectExpiryHeader(response: Response, current: boolean) {
    const header = config.expiresHeader;
    const value = header === null ? null : response.headers.get(header);
    if (header === null || value === null) return;
    const reading = current ? server.reading : null;
    tap.emit({ type: 'expiryHeader', header, value, expiry: reading?.expiry ?? null, skew: reading?.skew ?? null, outcome: reading?.outcome ?? 'oldSession' });
  }

  function confirmExtended() {
    const now = clock.now();
    deadlines.activity(now);
    tabs?.shareExtended(now);
    dispatch({ type: 'extended', due: deadlines.due(now) });
  }

  let pageExpiryRead = false;
  /** Once, at the first start: what the page's own response said of its session's end. */
  function readPageExpiry() {
    if (pageExpiryRead || config.expiresHeader === null) return;
    pageExpiryRead = true;
    const value = pageExpiry(config.expiresHeader, config.sessionExpires);
    if (value !== undefined) handleResponse(new Response(null, { headers: { [config.expiresHeader]: value } }));
  }

  function start() {
    if (detach !== null) return;
    begin();
    // One throttle for the page and every watched frame or window: one activity a second overall.
    const listenOn = createActivityListener(config.activityEvents, clock.now, ACTIVITY_THROTTLE, onActivity, () => {
      if (tap.on) throttledSinceHeard++;
    });
    const detachActivity = listenForActivity(listenOn);
    watches.attach(listenOn);
    const detachWake = listenForWake(check); // first: a deadline passed while hidden ends the session before any revalidation
    const detachRevalidation = listenForReturn(revalidation);
    tabs?.attach();
    // Opening the page was the person's doing: the other tabs count it too, or one that was about
    // to end by idle would sign the person out a moment after they came back.
    if (isRunning(state)) tabs?.shareActivity(deadlines.lastActivity());
    readPageExpiry();
    detach = () => {
      detachActivity();
      watches.detach();
      detachWake();
      detachRevalidation();
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

  /** New timing settings: the deadline and the next ping follow at once. */
  function retime(next: Timing, from: 'here' | 'otherTab') {
    Object.assign(config, next);
    if (tap.on) tap.emit({ type: 'configure', from, ...next, keepalive: next.keepalive !== null });
    if (busy.active()) busyWorksAt = Math.min(busyWorksAt, clock.now() + busyEvery());
    if (isRunning(state)) evaluate();
    else publish();
  }

  return {
    clock,
    get idleTimeout() {
      return config.idleTimeout;
    },
    get warningBefore() {
      return config.warningBefore;
    },
    configure(change) {
      const next = resolveChange(config, change, warningChosen);
      if (change.warningBefore !== undefined) warningChosen = true;
      retime(next, 'here');
      tabs?.shareTiming({
        idleTimeout: finiteOrNull(next.idleTimeout),
        warningBefore: next.warningBefore,
        keepaliveInterval: finiteOrNull(next.keepaliveInterval),
      });
    },
    inspect(listener) {
      const settings = (): InspectSettings => ({
        idleTimeout: config.idleTimeout,
        warningBefore: config.warningBefore,
        keepalive: config.keepalive === null ? null : typeof config.keepalive === 'function' ? 'function' : 'url',
        keepaliveInterval: config.keepaliveInterval,
        expiresHeader: config.expiresHeader,
        crossTab: tabs !== null,
        refresh: config.refresh !== undefined,
        revalidate: config.revalidate !== null,
        redirectMeansExpired: config.redirectMeansExpired,
        activityDuringWarning: config.activityDuringWarning,
      });
      const stop = tap.listen(listener, () => ({ type: 'inspect', status: state.status, reason: state.reason, settings: settings() }));
      inspectedDeadline = undefined;
      inspectDeadline(); // where the deadline stands, right after the settings
      return stop;
    },
    getSnapshot: store.get,
    getServerSnapshot: store.initial,
    // Once the session ended, its deadline is the moment it ended: countdowns show zero.
    getDeadline: () => (isRunning(state) ? deadline() : Math.min(deadline(), epochs.endedAt())),
    subscribe: store.subscribe,
    extend() {
      begin();
      return extension.extend();
    },
    async signOut() {
      begin();
      dispatch({ type: 'signOut' });
      await epochs.appSignedOut();
    },
    async resume(options = {}) {
      if (options.user !== undefined && typeof options.user !== 'string')
        throw optionError('user', process.env.NODE_ENV !== 'production' && 'a string', options.user);
      if (options.user !== undefined) user = fingerprint(options.user);
      begin();
      renewal.signedIn();
      signedInAgain('resume');
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
      onActivity(clock.now(), 'report');
    },
    busy(task) {
      if (typeof (task as Partial<Promise<unknown>> | null)?.then !== 'function')
        throw optionError('task', process.env.NODE_ENV !== 'production' && 'a promise', task);
      begin();
      return busy.track(task);
    },
    watch: (target) => watches.watch(target),
    start,
    stop,
  };
}
