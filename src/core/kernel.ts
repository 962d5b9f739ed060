/**
 * The session kernel: the state machine (machine.ts, still the only place a status changes), the
 * idle and server deadlines, epochs, the snapshot and the clock. It imports no feature: features
 * (features/) fill the hooks of `Kernel` (kernel-api.ts) and hear what happened through `on`, the
 * one choke point that `inspect` observes too. `composeSession` (compose.ts) puts a kernel and
 * features together; `createSession` is that with every feature.
 *
 * Read it in the order it is written: the event hub, what a kernel without features does, the
 * decisions (every status change goes through `dispatch`), what comes in (activity, responses),
 * start and stop; kernel-session.ts makes the kernel's own part of the session from them.
 */
import { createActivityListener, listenForActivity, listenForWake } from './activity.ts';
import { createAlarm, orderOf } from './clock.ts';
import { createDeadlines, warningFor } from './deadlines.ts';
import { createHub } from './event-hub.ts';
import { createEpochs } from './epochs.ts';
import type { ActivitySource, ResponseVia } from './events.ts';
import { askIsExpired, atOnce, type Verdict } from './expiry-verdict.ts';
import { withoutFeatures, type Kernel, type KernelConfig, type KernelSession } from './kernel-api.ts';
import { kernelSession } from './kernel-session.ts';
import { initialState, isRunning, transition, type MachineState, type SessionEvent } from './machine.ts';
import { pageExpiry } from './page-expiry.ts';
import { createServerExpiry } from './server-expiry.ts';
import { createSnapshotStore, type SessionSnapshot } from './snapshot-store.ts';
import { finiteOrNull, statusEnded, statusStarted } from './status-effects.ts';

/** `initialStatus: 'signedOut'`: nobody has signed in yet, so no one signed out either (no reason). */
const signedOutAtFirst: MachineState = { status: 'signedOut', reason: null };

/** Activity closer together than this is one activity: it costs one timestamp compare. */
const ACTIVITY_THROTTLE = 1000;

/** The status, the deadline the snapshot shows, and the one timer: every status change goes through `dispatch`. */
function decisions(kernel: Kernel, alarm: ReturnType<typeof createAlarm>) {
  const { config, clock, deadlines, epochs, server } = kernel;
  let state: MachineState = config.initialStatus === 'signedOut' ? signedOutAtFirst : initialState;
  let expiresAt: number | null = null;

  /** Aims the one timer at the next moment the status could change by itself. */
  function schedule() {
    if (!kernel.started()) return;
    if (kernel.renewing()) return alarm.clear(); // the refresh decides
    const end = deadlines.deadline();
    if (state.status === 'active') alarm.ringBy(end - kernel.warningTime());
    else if (state.status === 'warning' && !kernel.extending()) alarm.ringBy(Math.max(end, kernel.heldUntil()));
    else alarm.clear(); // ended, or the answer to "Stay signed in" decides
    if (isRunning(state)) alarm.ringBy(kernel.nextWork());
  }

  /** The server ended the session (an expired response, or its expiry passed): a feature may take it over. */
  const endedByServer = (next: MachineState) => next.status === 'expired' && (next.reason === 'response' || next.reason === 'server');

  function dispatch(event: SessionEvent) {
    const previous = state;
    const next = transition(state, event);
    if (next !== previous && endedByServer(next) && kernel.vetoServerEnd(next)) return schedule();
    state = next;
    if (state !== previous) {
      const shown = (isRunning(state) ? statusStarted : statusEnded)(deadlines, epochs, previous, state, clock.now());
      if (shown !== undefined) expiresAt = shown;
      // Before any listener (which may sign in again at once): the other tabs hear of it, then the
      // app's own sign-out call starts, on idle expiry or the person's sign-out, while the parked
      // requests still wait.
      kernel.peers?.shareStatus(state);
      if (state.reason === 'idle' || state.reason === 'user') void epochs.signOutOfApp();
      kernel.tell({ type: 'status', from: previous.status, to: state.status, reason: state.reason, event: event.type });
    }
    if (state.status === 'warning') expiresAt = finiteOrNull(deadlines.deadline()); // exact while warning
    store.publish();
    schedule();
    kernel.tell({ type: 'decided' });
  }

  const evaluate = () => dispatch({ type: 'check', due: deadlines.due(clock.now()) });

  // Made before the first use, so the first snapshot (`getServerSnapshot`) reads no clock.
  const store = createSnapshotStore<SessionSnapshot>(() => ({
    status: state.status,
    reason: state.reason,
    expiresAt,
    parked: kernel.parked(),
    extending: kernel.extending(),
    hardLimit: server.hardLimit,
    idleTimeout: config.idleTimeout,
    warningBefore: config.warningBefore,
  }));

  return {
    store,
    state: () => state,
    dispatch,
    evaluate,
    publish: store.publish,
  };
}

/** The decisions features ask for: a timer's check, "Stay signed in" confirmed, a new sign-in (and who it was). */
function askedDecisions(kernel: Kernel): Pick<Kernel, 'check' | 'confirmExtended' | 'signedInAgain' | 'user'> {
  const { config, clock, deadlines } = kernel;
  // Who signed in last; `null`: as the `user` option says, identified when first asked (every feature has set `identify` by then).
  let user: string | undefined | null = null;
  const signedIn = () => (user !== null ? user : (user = config.user === undefined ? undefined : kernel.identify(config.user)));
  return {
    check() {
      kernel.peers?.pull();
      kernel.tell({ type: 'check' });
      kernel.evaluate();
    },
    confirmExtended() {
      const now = clock.now();
      deadlines.activity(now);
      kernel.tell({ type: 'extended', at: now });
      kernel.dispatch({ type: 'extended', due: deadlines.due(now) });
    },
    user: signedIn,
    signedInAgain(via, who) {
      const before = signedIn();
      user = who ?? before;
      const userChanged = user === undefined || before === undefined ? null : user !== before;
      // Before the status changes and anything parked is replayed: what the app kept for the
      // previous person is gone before the new person's data arrives.
      kernel.tell({ type: 'signedIn', via, userChanged });
      if (!isRunning(kernel.state())) return kernel.dispatch({ type: 'resume' }); // its status change begins the epoch
      kernel.epochs.begin();
      kernel.evaluate();
    },
  };
}

/** What comes in: the first use, activity, and responses. */
function intake(kernel: Kernel) {
  const { config, clock, deadlines, epochs, server } = kernel;

  function begin() {
    const first = deadlines.begin();
    if (first !== undefined) kernel.tell({ type: 'begun', at: first });
  }

  function worked(now: number) {
    if (!isRunning(kernel.state())) return;
    deadlines.activity(now);
    kernel.tell({ type: 'worked', at: now });
  }

  function onActivity(now: number, source: ActivitySource = 'dom') {
    const due = deadlines.due(now);
    const { status } = kernel.state();
    // Told before its consequences. Too late (the deadline passed unseen) counts as not running.
    const late = !isRunning(kernel.state()) || due === 'idleExpiry' || due === 'serverExpiry';
    const ignored = status === 'warning' && config.activityDuringWarning === 'ignore';
    kernel.tell({ type: 'activity', source, outcome: late ? 'notRunning' : ignored ? 'duringWarning' : 'taken', throttled: 0 });
    kernel.dispatch({ type: 'activity', due });
    // `activityDuringWarning: 'extend'`: activity answers the warning as "Stay signed in" does.
    if (kernel.state().status === 'warning' && config.activityDuringWarning === 'extend' && kernel.started()) void kernel.extend();
    if (kernel.state().status === 'active') worked(now);
  }

  function read(response: Response, sentAt: number, isCurrent: () => boolean, via: ResponseVia, method: string | null, redirectSeen = false): Verdict {
    const take = (expired: boolean) => {
      const current = isCurrent(); // after the verdict: a sign-in may have come while the app's isExpired read
      kernel.tell({ type: 'response', response, via, method, expired, current });
      if (expired) {
        if (current) kernel.dispatch({ type: 'expiredResponse' });
        return true;
      }
      // An answer to a request from before the latest sign-in speaks of the old server session.
      const expiry = current ? server.learn(response.headers, sentAt) : undefined;
      kernel.tell({ type: 'learned', response, current, expiry, sentAt, contact: via !== 'revalidate' });
      if (expiry !== undefined) kernel.evaluate();
      return false;
    };
    const known = config.isExpired(response, redirectSeen);
    const verdict = known || !config.expiredIf ? known : askIsExpired(config.expiredIf, response, clock, config);
    return typeof verdict === 'boolean' ? take(verdict) : verdict.then(take);
  }

  function handleResponse(response: Response, sentAt = clock.now()): boolean {
    begin();
    const sent = kernel.order() - (clock.now() - sentAt); // the app's wall time, as the session orders sends
    const verdict = read(response, sent, () => epochs.includes(sent), 'handleResponse', null);
    return atOnce(verdict, config); // the app's isExpired may still be reading: false for now
  }

  return { begin, worked, onActivity, read, handleResponse };
}

/** `start()` and `stop()`: the page's listeners, the other tabs, and the timer. */
function lifecycle(kernel: Kernel, { onActivity, handleResponse }: ReturnType<typeof intake>, alarm: ReturnType<typeof createAlarm>) {
  const { config } = kernel;
  let detach: (() => void) | null = null;
  let startedOnce = false;
  return {
    started: () => detach !== null,
    start() {
      if (detach !== null) return;
      kernel.begin();
      const listenOn = createActivityListener(config.activityEvents, kernel.clock.now, ACTIVITY_THROTTLE, onActivity, () => kernel.tell({ type: 'throttled' }));
      const detachActivity = listenForActivity(listenOn);
      const detachWake = listenForWake(() => kernel.check()); // first: a deadline passed while hidden ends the session before any revalidation
      detach = () => {
        detachActivity();
        detachWake();
      };
      kernel.tell({ type: 'start', listenOn });
      kernel.peers?.attach();
      // Once, at the first start: what the page's own response said of its session's end.
      const header = config.expiresHeader;
      const fromPage = header === null || startedOnce ? undefined : pageExpiry(header, config.sessionExpires);
      startedOnce = true;
      if (fromPage !== undefined) handleResponse(new Response(null, { headers: { [header!]: fromPage } }));
      kernel.check();
      void kernel.replay(); // what waited while stopped, now that this tab hears the others again
    },
    stop() {
      if (detach === null) return;
      detach();
      detach = null;
      kernel.tell({ type: 'stop' });
      kernel.peers?.detach();
      alarm.clear();
    },
  };
}

export function createKernel(config: KernelConfig): { kernel: Kernel; session: KernelSession } {
  const { clock } = config;
  const kernel = { config, clock, ...createHub(), order: () => orderOf(clock) } as Kernel; // filled in below
  const server = createServerExpiry(config.expiresHeader, clock.now, () => isRunning(kernel.state()));
  const warningTime = () => warningFor(config.warningBefore, server);
  const deadlines = createDeadlines({
    now: clock.now,
    timing: config,
    warningBefore: warningTime,
    serverExpiry: () => server.expiry,
    heldUntil: () => kernel.heldUntil(),
    busy: () => kernel.idleSuspended(),
  });
  const epochs = createEpochs(server, (call) => kernel.peers?.signOutOnce(call) ?? call(), config.signOut, kernel.order);
  Object.assign(kernel, { server, deadlines, epochs, warningTime });
  Object.assign(kernel, withoutFeatures(kernel));
  const alarm = createAlarm(clock, () => kernel.check());
  const { store, ...decided } = decisions(kernel, alarm);
  Object.assign(kernel, decided, askedDecisions(kernel));
  const came = intake(kernel);
  Object.assign(kernel, { begin: came.begin, worked: came.worked, read: came.read });
  const lived = lifecycle(kernel, came, alarm);
  kernel.started = lived.started;
  return { kernel, session: kernelSession(kernel, store, came, lived) };
}
