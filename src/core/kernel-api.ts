/**
 * The kernel's contract with its features (kernel.ts makes it): what the kernel reads of the
 * options, its parts and operations, the hooks a feature fills and what they do while no feature
 * fills them, and the kernel's own part of the session.
 */
import type { Clock } from './clock.ts';
import type { Deadlines } from './deadlines.ts';
import type { Epochs } from './epochs.ts';
import type { Verdict } from './expiry-verdict.ts';
import type { ExtendResult, KernelEvent, KernelEventOf, ResponseVia, SharedTiming, SignIn } from './events.ts';
import { isRunning, type MachineState, type SessionEvent } from './machine.ts';
import type { KnownExpiry, ServerExpiry } from './server-expiry.ts';
import type { SessionSnapshot } from './snapshot-store.ts';

/** The options the kernel reads (options.ts resolves and checks them); `configure` may change the timing. */
export interface KernelConfig {
  idleTimeout: number;
  warningBefore: number;
  keepaliveInterval: number;
  activityDuringWarning: 'ignore' | 'extend';
  initialStatus: 'active' | 'signedOut';
  /** `redirectSeen`: the request was sent with `redirect: 'manual'` to see a login redirect, and this is one. */
  isExpired(response: Response, redirectSeen: boolean): boolean;
  /** The app's `isExpired`, asked after those (expiry-verdict.ts): it may answer with a promise. */
  expiredIf: ((response: Response) => boolean | Promise<boolean>) | undefined;
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
  /** A status change here: an end this tab reached, or the person's sign-out, is told to the others. */
  shareStatus(state: MachineState): void;
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
  /** Who is signed in, as `identify` keeps them; `undefined` while nobody said. */
  user(): string | undefined;
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
  /**
   * A new server session began: here (`resume`), by `refresh`, or in another tab. `user`: who
   * signed in (as `identify` keeps them), when it was said; else the person is taken to be the same.
   */
  signedInAgain(via: 'resume' | 'refresh' | 'otherTab', user?: string): void;
  /**
   * Reads a response's status and expiry header; true: it says expired (a promise while the app's
   * `isExpired` reads it). `current`, asked once the verdict is in: sent since the latest sign-in.
   */
  read(response: Response, sentAt: number, current: () => boolean, via: ResponseVia, method: string | null, redirectSeen?: boolean): Verdict;
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
  /**
   * How a user is kept and compared: the name without case or surrounding spaces; where the tabs
   * share it, an opaque fingerprint (cross-tab, identity.ts), never the name itself.
   */
  identify(user: string): string;
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
  onSignIn(listener: (signIn: SignIn) => void): () => void;
  handleResponse(response: Response, sentAt?: number): boolean;
  reportActivity(): void;
  start(): void;
  stop(): void;
}

/** The hooks as a kernel without features has them: one tab, no keepalive, nothing parked. */
export function withoutFeatures(kernel: Kernel) {
  return {
    peers: null,
    identify: (user) => user.trim().toLowerCase(),
    heldUntil: () => 0,
    extending: () => false,
    idleSuspended: () => false,
    nextWork: () => Infinity,
    vetoServerEnd: () => false,
    renewing: () => false,
    renewal: () => null,
    replay: async () => {},
    parked: () => 0,
    /** "Stay signed in" without a keepalive restarts the idle time. */
    async extend() {
      kernel.check(); // a deadline that passed while nobody watched (a sleeping laptop) ends it first
      if (!isRunning(kernel.state())) return 'expired' as const;
      kernel.confirmExtended();
      return 'extended' as const;
    },
  } satisfies Partial<Kernel>;
}
