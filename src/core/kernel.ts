/**
 * The session kernel: the state machine (machine.ts, still the only place a status changes), the
 * idle and server deadlines, epochs, the snapshot and the clock. It imports no feature: features
 * (features/) plug into the named hooks of `Kernel` and hear what happened through `on`, the one
 * choke point that `inspect` observes too. `composeSession` (compose.ts) puts a kernel and
 * features together; `createSession` is that with every feature.
 */
import { createActivityListener, listenForActivity, listenForWake } from './activity.ts';
import { createAlarm, orderOf, type Clock } from './clock.ts';
import { createDeadlines, warningFor, type Deadlines } from './deadlines.ts';
import { createEpochs, type Epochs } from './epochs.ts';
import { optionError } from './errors.ts';
import type { ActivitySource, ExtendResult, KernelEvent, KernelEventOf, ResponseVia, SharedTiming } from './events.ts';
import { fingerprint } from './identity.ts';
import { initialState, isRunning, transition, type MachineState, type SessionEvent } from './machine.ts';
import { pageExpiry } from './page-expiry.ts';
import { createServerExpiry, type KnownExpiry, type ServerExpiry } from './server-expiry.ts';
import { createSnapshotStore, type SessionSnapshot } from './snapshot-store.ts';
import { finiteOrNull, statusEnded, statusStarted } from './status-effects.ts';

/** The options the kernel reads (options.ts resolves and checks them); `configure` may change the timing. */
export interface KernelConfig {
  idleTimeout: number;
  warningBefore: number;
  keepaliveInterval: number;
  activityDuringWarning: 'ignore' | 'extend';
  initialStatus: 'active' | 'signedOut';
  /** `redirectSeen`: the request was sent with `redirect: 'manual'` to see a login redirect, and this is one. */
  isExpired(response: Response, redirectSeen: boolean): boolean;
  expiresHeader: string | null;
  sessionExpires: string | null | undefined;
  signOut: (() => unknown) | undefined;
  user: string | undefined;
  activityEvents: readonly string[];
  clock: Clock;
}

/** The other tabs, as the cross-tab feature lets the kernel and other features reach them. */
export interface Peers {
  /** Listens to the other tabs (at `start()`), and stops (at `stop()`, after every feature stopped). */
  attach(): void;
  detach(): void;
  /** Takes what the other tabs stored (timer and wake, before the kernel decides). */
  pull(): void;
  /** Runs the app's sign-out `call` in one tab of the browser for the current session. */
  signOutOnce(call: () => Promise<void>): Promise<void>;
  /** Runs `call` in one tab at a time; false when another tab's try is running (its outcome comes as a sign-in or an end). */
  refreshOnce(call: () => Promise<void>): Promise<boolean>;
  /** Runs `ping` unless a tab of the browser pinged within `interval`. */
  pingOnce(interval: number, ping: () => Promise<void>): Promise<void>;
  shareResumed(user: string | null, server: KnownExpiry | null): void;
  /** This tab's "Stay signed in" awaits its answer until `until` (0: no longer). */
  shareExtending(until: number): void;
  shareTiming(timing: Omit<SharedTiming, 'at'>): void;
}

/** The kernel as its features see it: its parts, its operations, and the hooks they fill. */
export interface Kernel {
  readonly config: KernelConfig;
  readonly clock: Clock;
  readonly deadlines: Deadlines;
  readonly server: ServerExpiry;
  readonly epochs: Epochs;
  state(): MachineState;
  /** Listeners and the timer are attached (`start()` and no `stop()` since). */
  started(): boolean;
  /** Who is signed in, as a fingerprint; `undefined` while nobody said. */
  user(): string | undefined;
  setUser(fingerprinted: string | undefined): void;
  /** Orders sends and what was learned (`orderOf`): a clock set back must not reorder them. */
  order(): number;
  /** The first use: the idle time counts from now. */
  begin(): void;
  dispatch(event: SessionEvent): void;
  /** Decides on what this tab knows now. */
  evaluate(): void;
  /** Timer and wake: features do what is due (`check` event), then the kernel decides. */
  check(): void;
  publish(): void;
  /** The person worked at `now`: the idle time counts from it (`worked` event). */
  worked(now: number): void;
  /** "Stay signed in" succeeded (or needs no ping): activity now, and the status follows. */
  confirmExtended(): void;
  /** A new server session began: here (`resume`), by `refresh`, or in another tab. */
  signedInAgain(via: 'resume' | 'refresh' | 'otherTab'): void;
  /** Reads a response's status and expiry header; `current`: sent since the latest sign-in. True: it says expired. */
  read(response: Response, sentAt: number, current: boolean, via: ResponseVia, method: string | null, redirectSeen?: boolean): boolean;
  /** The warning time in force: `warningBefore`, fitted into a server session too short for it. */
  warningTime(): number;
  /** Tells every observer (`on`) what happened. */
  tell(event: KernelEvent): void;
  on<T extends KernelEvent['type']>(type: T, listener: (event: KernelEventOf<T>) => void): void;
  /** Hears every event, before the listeners of its type (`inspect`). */
  onEvery(listener: (event: KernelEvent) => void): void;

  // The hooks: each feature fills the ones it needs; the defaults are a kernel without it.
  /** The other tabs (cross-tab), or `null`. */
  peers: Peers | null;
  /** Until when the session is held past its deadline: a "Stay signed in" awaiting its answer (keepalive). */
  heldUntil(): number;
  /** A "Stay signed in" awaits its answer: its answer decides (keepalive). */
  extending(): boolean;
  /** No idle deadline now: a task of `session.busy` runs (busy). */
  idleSuspended(): boolean;
  /** The next moment a feature has work to do, for the timer (busy's pings); `Infinity` for none. */
  nextWork(): number;
  /** The server ended the session (`next`): true when a feature takes it over (refresh tries to renew first). */
  vetoServerEnd(next: MachineState): boolean;
  /** A renewal runs: requests and the timer wait for its outcome (refresh). */
  renewing(): boolean;
  /** While a renewal runs: whether it renewed the session; else `null` (refresh). */
  renewal(): Promise<boolean> | null;
  /** Replays what waited for a sign-in (parking). */
  replay(): Promise<void>;
  /** Requests waiting for a re-login, for the snapshot (parking). */
  parked(): number;
  /** "Stay signed in": without a keepalive it restarts the idle time (keepalive pings). */
  extend(): Promise<ExtendResult>;
}

/** The kernel's own part of the session: what every session has, whatever its features. */
export interface KernelSession {
  readonly clock: Clock;
  /** The `idleTimeout` and `warningBefore` in force (see `Session`). */
  readonly idleTimeout: number;
  readonly warningBefore: number;
  getSnapshot(): SessionSnapshot;
  getServerSnapshot(): SessionSnapshot;
  getDeadline(): number;
  subscribe(listener: () => void): () => void;
  extend(): Promise<ExtendResult>;
  signOut(): Promise<void>;
  resume(options?: { user?: string | undefined }): Promise<void>;
  handleResponse(response: Response, sentAt?: number): boolean;
  reportActivity(): void;
  start(): void;
  stop(): void;
}

/** `initialStatus: 'signedOut'`: nobody has signed in yet, so no one signed out either (no reason). */
const signedOutAtFirst: MachineState = { status: 'signedOut', reason: null };

/** Activity closer together than this is one activity: it costs one timestamp compare. */
const ACTIVITY_THROTTLE = 1000;

export function createKernel(config: KernelConfig): { kernel: Kernel; session: KernelSession } {
  const { clock } = config;
  let state: MachineState = config.initialStatus === 'signedOut' ? signedOutAtFirst : initialState;
  let user = config.user === undefined ? undefined : fingerprint(config.user);
  let expiresAt: number | null = null;
  let started = false;
  const every: Array<(event: KernelEvent) => void> = [];
  const listeners: { [T in KernelEvent['type']]?: Array<(event: KernelEventOf<T>) => void> } = {};
  const tell = (event: KernelEvent) => {
    for (const listener of every) listener(event);
    for (const listener of listeners[event.type] ?? []) (listener as (event: KernelEvent) => void)(event);
  };
  const order = () => orderOf(clock);
  const server = createServerExpiry(config.expiresHeader, clock.now, () => isRunning(state));
  const alarm = createAlarm(clock, () => kernel.check());
  const warningTime = () => warningFor(config.warningBefore, server);
  const deadlines = createDeadlines({
    now: clock.now,
    timing: config,
    warningBefore: warningTime,
    serverExpiry: () => server.expiry,
    heldUntil: () => kernel.heldUntil(),
    busy: () => kernel.idleSuspended(),
  });
  const epochs = createEpochs(server, (call) => kernel.peers?.signOutOnce(call) ?? call(), config.signOut, order);
  const deadline = deadlines.deadline;
  /** Aims the one timer at the next moment the status could change by itself. */
  function schedule() {
    if (!started) return;
    if (kernel.renewing()) return alarm.clear(); // the refresh decides
    const end = deadline();
    if (state.status === 'active') alarm.ringBy(end - kernel.warningTime());
    else if (state.status === 'warning' && !kernel.extending()) alarm.ringBy(Math.max(end, kernel.heldUntil()));
    else alarm.clear(); // ended, or the answer to "Stay signed in" decides
    if (isRunning(state)) alarm.ringBy(kernel.nextWork());
  }

  /** The server ended the session (an expired response, or its expiry passed). */
  const endedByServer = (next: MachineState) => next.status === 'expired' && (next.reason === 'response' || next.reason === 'server');

  function dispatch(event: SessionEvent) {
    const previous = state;
    const next = transition(state, event);
    if (next !== previous && endedByServer(next) && kernel.vetoServerEnd(next)) return schedule();
    state = next;
    if (state !== previous) {
      const now = clock.now();
      const shown = (isRunning(state) ? statusStarted : statusEnded)(deadlines, epochs, previous, state, now);
      if (shown !== undefined) expiresAt = shown;
      tell({ type: 'status', from: previous.status, to: state.status, reason: state.reason, event: event.type });
      // The app's own sign-out call, after the other tabs were told: on idle expiry or the person's sign-out.
      if (state.reason === 'idle' || state.reason === 'user') void epochs.signOutOfApp();
    }
    if (state.status === 'warning') expiresAt = finiteOrNull(deadline()); // exact while warning
    store.publish();
    schedule();
    tell({ type: 'decided' });
  }

  const evaluate = () => dispatch({ type: 'check', due: deadlines.due(clock.now()) });

  function begin() {
    const first = deadlines.begin();
    if (first !== undefined) tell({ type: 'begun', at: first });
  }

  function onActivity(now: number, source: ActivitySource = 'dom') {
    const due = deadlines.due(now);
    // Told before its consequences. Too late (the deadline passed unseen) counts as not running.
    const late = !isRunning(state) || due === 'idleExpiry' || due === 'serverExpiry';
    const ignored = state.status === 'warning' && config.activityDuringWarning === 'ignore';
    tell({ type: 'activity', source, outcome: late ? 'notRunning' : ignored ? 'duringWarning' : 'taken', throttled: 0 });
    dispatch({ type: 'activity', due });
    // `activityDuringWarning: 'extend'`: activity answers the warning as "Stay signed in" does.
    if (state.status === 'warning' && config.activityDuringWarning === 'extend' && started) void kernel.extend();
    if (state.status !== 'active') return;
    worked(now);
  }

  function worked(now: number) {
    if (!isRunning(state)) return;
    deadlines.activity(now);
    tell({ type: 'worked', at: now });
  }

  function read(response: Response, sentAt: number, current: boolean, via: ResponseVia, method: string | null, redirectSeen = false): boolean {
    const expired = config.isExpired(response, redirectSeen);
    tell({ type: 'response', response, via, method, expired, current });
    if (expired) {
      if (current) dispatch({ type: 'expiredResponse' });
      return true;
    }
    // An answer to a request from before the latest sign-in speaks of the old server session.
    const expiry = current ? server.learn(response.headers, sentAt) : undefined;
    tell({ type: 'learned', response, current, expiry, sentAt, contact: via !== 'revalidate' });
    if (expiry !== undefined) evaluate();
    return false;
  }

  function handleResponse(response: Response, sentAt = clock.now()): boolean {
    begin();
    const sent = order() - (clock.now() - sentAt); // the app's wall time, as the session orders sends
    return read(response, sent, epochs.includes(sent), 'handleResponse', null);
  }

  let detach: (() => void) | null = null;
  function start() {
    if (started) return;
    begin();
    const listenOn = createActivityListener(config.activityEvents, clock.now, ACTIVITY_THROTTLE, onActivity, () => tell({ type: 'throttled' }));
    const detachActivity = listenForActivity(listenOn);
    const detachWake = listenForWake(() => kernel.check()); // first: a deadline passed while hidden ends the session before any revalidation
    started = true;
    tell({ type: 'start', listenOn });
    kernel.peers?.attach();
    // Once, at the first start: what the page's own response said of its session's end.
    const header = config.expiresHeader;
    const fromPage = header === null || detach !== null ? undefined : pageExpiry(header, config.sessionExpires);
    if (fromPage !== undefined) handleResponse(new Response(null, { headers: { [header!]: fromPage } }));
    detach = () => {
      detachActivity();
      detachWake();
    };
    kernel.check();
    void kernel.replay(); // what waited while stopped, now that this tab hears the others again
  }

  const kernel: Kernel = {
    config,
    clock,
    deadlines,
    server,
    epochs,
    state: () => state,
    started: () => started,
    user: () => user,
    setUser: (who) => void (user = who),
    order,
    begin,
    dispatch,
    evaluate,
    check() {
      kernel.peers?.pull();
      tell({ type: 'check' });
      evaluate();
    },
    publish: () => store.publish(),
    worked,
    confirmExtended() {
      const now = clock.now();
      deadlines.activity(now);
      tell({ type: 'extended', at: now });
      dispatch({ type: 'extended', due: deadlines.due(now) });
    },
    signedInAgain(via) {
      tell({ type: 'signedIn', via });
      if (!isRunning(state)) return dispatch({ type: 'resume' }); // its status change begins the epoch
      epochs.begin();
      evaluate();
    },
    read,
    warningTime,
    tell,
    on(type, listener) {
      ((listeners[type] ??= []) as Array<typeof listener>).push(listener);
    },
    onEvery: (listener) => void every.push(listener),
    peers: null,
    heldUntil: () => 0,
    extending: () => false,
    idleSuspended: () => false,
    nextWork: () => Infinity,
    vetoServerEnd: () => false,
    renewing: () => false,
    renewal: () => null,
    replay: async () => {},
    parked: () => 0,
    async extend() {
      kernel.check(); // a deadline that passed while nobody watched (a sleeping laptop) ends it first
      if (!isRunning(state)) return 'expired';
      kernel.confirmExtended();
      return 'extended';
    },
  };

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

  const session: KernelSession = {
    clock,
    get idleTimeout() {
      return config.idleTimeout;
    },
    get warningBefore() {
      return config.warningBefore;
    },
    getSnapshot: store.get,
    getServerSnapshot: store.initial,
    // Once the session ended, its deadline is the moment it ended: countdowns show zero.
    getDeadline: () => (isRunning(state) ? deadline() : Math.min(deadline(), epochs.endedAt())),
    subscribe: store.subscribe,
    extend() {
      begin();
      return kernel.extend();
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
      kernel.signedInAgain('resume');
      kernel.peers?.shareResumed(user ?? null, server.known());
      await kernel.replay();
    },
    handleResponse,
    reportActivity() {
      begin();
      onActivity(clock.now(), 'report');
    },
    start,
    stop() {
      if (!started) return;
      started = false;
      detach!();
      tell({ type: 'stop' });
      kernel.peers?.detach();
      alarm.clear();
    },
  };
  return { kernel, session };
}
