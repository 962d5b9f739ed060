/**
 * What the kernel and its features tell each other: one event type per thing that happened. The
 * kernel publishes them through `Kernel.on`, the one choke point every feature and `inspect`
 * observe. Types only: the kernel and every feature import this, and it imports no feature.
 */
import type { SessionExpiredReason } from './errors.ts';
import type { SessionEvent, SessionReason, SessionStatus } from './machine.ts';

/**
 * What "Stay signed in" came to: `'extended'`; `'offline'` (no answer: a network error, a 5xx, a
 * 408 or 429, no answer in time; the person can try again); `'refused'` (the server answered but
 * would not extend: any other 4xx that is not an expired response, e.g. 401, 403 or 404);
 * `'expired'` (the server session is gone). Neither `'offline'` nor `'refused'` changes the status.
 */
export type ExtendResult = 'extended' | 'offline' | 'refused' | 'expired';

/** Where activity came from: the page's DOM (and watched frames), `reportActivity()`, a `busy` task, another tab. */
export type ActivitySource = 'dom' | 'report' | 'busy' | 'otherTab';

/** How a response reached the session. */
export type ResponseVia = 'fetch' | 'keepalive' | 'revalidate' | 'handleResponse';

/** The kinds of message tabs send each other (tab-protocol.ts has their shapes). */
type TabMessageKind = 'activity' | 'extended' | 'ping' | 'extending' | 'expired' | 'signedOut' | 'resumed' | 'serverExpiry' | 'configured';

/**
 * A new server session began, as `session.onSignIn` tells it: `via` the person's sign-in here
 * (`resume`), a silent `refresh`, or a sign-in in another tab. `userChanged`: whether the person
 * differs from the one signed in before, compared as the replay compares them (the user given to
 * `resume`, `refresh` or the other tab, else the one before); `null` when either is unknown (no
 * `user` was given, or nobody was signed in before).
 */
export interface SignIn {
  via: 'resume' | 'refresh' | 'otherTab';
  userChanged: boolean | null;
}

/** Timeouts `session.configure` set (ms; null for `Infinity`, which JSON cannot carry), and when. */
export interface SharedTiming {
  idleTimeout: number | null;
  warningBefore: number;
  keepaliveInterval: number | null;
  at: number;
}

/** Events `session.inspect` passes on as they are, each stamped with its time. */
export type TellableEvent =
  /**
   * Activity, and what became of it: `taken` (the idle time counts from it, and the idle deadline
   * moves with it without a `deadline` event of its own), or ignored while the warning is open
   * (`duringWarning`, with `activityDuringWarning: 'ignore'`) or while the session is not running
   * (`notRunning`). `throttled`: how many DOM events the one-a-second throttle let pass unseen
   * since the last one it let through (0 for other sources), so a moving mouse is one event a
   * second, not sixty.
   */
  | { type: 'activity'; source: ActivitySource; outcome: 'taken' | 'duringWarning' | 'notRunning'; throttled: number }
  /**
   * The effective deadline moved (epoch ms; `null` for none), and which source binds it: the idle
   * deadline (`lastActivity + idleTimeout`) or the server's expiry.
   */
  | { type: 'deadline'; deadline: number | null; binds: 'idle' | 'server' | null; idleDeadline: number | null; serverExpiry: number | null }
  /** A keepalive ping: `sent`, then `answered` (with the result) or `failed` (no answer). */
  | { type: 'keepalive'; phase: 'sent' | 'answered' | 'failed'; trigger: 'background' | 'extend'; status: number | null; result: ExtendResult | null }
  /** A request of `session.fetch` (or a retry of `park`): `parked`, `replayed`, or `rejected` with the reason. */
  | { type: 'request'; phase: 'parked' | 'replayed' | 'rejected'; method: string | null; path: string | null; reason: SessionExpiredReason | null }
  /** A message to (`out`) or from (`in`) another tab. */
  | { type: 'tab'; direction: 'in' | 'out'; kind: TabMessageKind }
  /** The status changed, and the machine event that changed it. */
  | { type: 'status'; from: SessionStatus; to: SessionStatus; reason: SessionReason | null; event: SessionEvent['type'] }
  /** A new server session began (see `SignIn`). */
  | ({ type: 'signedIn' } & SignIn)
  /** `session.configure`, here or from another tab. */
  | { type: 'configure'; from: 'here' | 'otherTab'; idleTimeout: number; warningBefore: number; keepaliveInterval: number; keepalive: boolean }
  /** `session.busy`: the first task began, or the last one settled. */
  | { type: 'busy'; phase: 'began' | 'ended' }
  /** The `refresh` option: `started`, then `renewed` or `failed`, or `elsewhere` (another tab refreshed). */
  | { type: 'refresh'; phase: 'started' | 'renewed' | 'failed' | 'elsewhere' };

/** Something another tab did, as the cross-tab feature tells the others (`at`: when, or until when). */
type OtherTabNews =
  | { type: 'otherTab'; kind: 'extended' | 'extending' | 'pinged'; at: number }
  | { type: 'otherTab'; kind: 'ended' | 'resumed' }
  | { type: 'otherTab'; kind: 'configured'; timing: SharedTiming };

export type KernelEvent =
  | TellableEvent
  | OtherTabNews
  /** A DOM event the one-a-second throttle let pass unseen. */
  | { type: 'throttled' }
  /** The session's first use, at `at`: the page itself was contact with the server. */
  | { type: 'begun'; at: number }
  /** "Stay signed in" succeeded here at `at` (or needed no ping). */
  | { type: 'extended'; at: number }
  /** The person worked at `at` (activity, or a busy task): the idle time counts from it. */
  | { type: 'worked'; at: number }
  /** A response is read (before what it says is applied). `current`: sent since the latest sign-in. */
  | { type: 'response'; response: Response; via: ResponseVia; method: string | null; expired: boolean; current: boolean }
  /**
   * A response that did not say expired was read: `expiry` is the server expiry it gave
   * (`undefined`: nothing new), `sentAt` when its request was sent; `contact`: the request was
   * contact with the server (a revalidation is not).
   */
  | { type: 'learned'; response: Response; current: boolean; expiry: number | undefined; sentAt: number; contact: boolean }
  /** The kernel decided (a machine event went through, the snapshot and the timer follow it). */
  | { type: 'decided' }
  /** Timer or wake, before the kernel decides (after the other tabs' store was read): work that is due. */
  | { type: 'check' }
  /** `start()`: `listenOn` listens for activity on a window with the session's one throttle. */
  | { type: 'start'; listenOn: (target: Window) => () => void }
  | { type: 'stop' };

export type KernelEventOf<T extends KernelEvent['type']> = Extract<KernelEvent, { type: T }>;
