/**
 * `session.inspect(listener)`: a tap on the engine's decisions, for devtools and bug reports. Each
 * event says what the engine decided and why, stamped with the session clock's time. Only what
 * explains a decision travels: statuses, times, URL paths (never queries), methods, HTTP statuses
 * and the expiry header's value; never request or response bodies, other header values, or
 * anything a person typed. With no listener the engine builds no event: each place that could
 * emit checks one boolean first.
 */
import { optionError, warnInDevelopment, type SessionExpiredReason } from './errors.ts';
import type { ExtendResult } from './extend.ts';
import type { SessionEvent, SessionReason, SessionStatus } from './machine.ts';
import type { TabMessage } from './tab-protocol.ts';

/** Where activity came from: the page's DOM (and watched frames), `reportActivity()`, a `busy` task, another tab. */
export type ActivitySource = 'dom' | 'report' | 'busy' | 'otherTab';

/** How a response reached the session. */
export type ResponseVia = 'fetch' | 'keepalive' | 'revalidate' | 'handleResponse';

/** The settings that explain the engine's decisions, as the listener attached. */
export interface InspectSettings {
  readonly idleTimeout: number;
  readonly warningBefore: number;
  /** `'url'`, `'function'`, or `null` for none. */
  readonly keepalive: 'url' | 'function' | null;
  readonly keepaliveInterval: number;
  readonly expiresHeader: string | null;
  readonly crossTab: boolean;
  readonly refresh: boolean;
  readonly revalidate: boolean;
  readonly redirectMeansExpired: boolean;
  readonly activityDuringWarning: 'ignore' | 'extend';
}

export type InspectEventBody =
  /** First event each listener gets: the settings and where the session stands. */
  | { type: 'inspect'; status: SessionStatus; reason: SessionReason | null; settings: InspectSettings }
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
  /**
   * The expiry header of a response: its raw value, the expiry it gives (epoch ms, corrected for
   * the skew of the server's `Date`), the skew applied (ms, browser minus server), and what was
   * done: `taken`, or ignored as `malformed`, already `passed`, `older` than the answer that set
   * the current expiry, or from an `oldSession` (a request sent before the latest sign-in).
   */
  | {
      type: 'expiryHeader';
      header: string;
      value: string;
      expiry: number | null;
      skew: number | null;
      outcome: 'taken' | 'malformed' | 'passed' | 'older' | 'oldSession';
    }
  /**
   * A response the session read: the path of its final URL (after redirects; no query), whether
   * that is this page's origin (`null` where there is no page, as in Node), its status, whether it
   * said the session is gone, whether it was redirected, whether the expiry header was readable,
   * the skew of the server's `Date` header when it had one (ms, browser minus server), and whether
   * it belongs to the current session (sent since the latest sign-in).
   */
  | {
      type: 'response';
      via: ResponseVia;
      method: string | null;
      path: string;
      sameOrigin: boolean | null;
      status: number;
      expired: boolean;
      redirected: boolean;
      expiryHeader: boolean;
      dateSkew: number | null;
      current: boolean;
    }
  /** A keepalive ping: `sent`, then `answered` (with the result) or `failed` (no answer). */
  | { type: 'keepalive'; phase: 'sent' | 'answered' | 'failed'; trigger: 'background' | 'extend'; status: number | null; result: ExtendResult | null }
  /** A request of `session.fetch` (or a retry of `park`): `parked`, `replayed`, or `rejected` with the reason. */
  | { type: 'request'; phase: 'parked' | 'replayed' | 'rejected'; method: string | null; path: string | null; reason: SessionExpiredReason | null }
  /** A message to (`out`) or from (`in`) another tab. */
  | { type: 'tab'; direction: 'in' | 'out'; kind: TabMessage['kind'] }
  /** The status changed, and the machine event that changed it. */
  | { type: 'status'; from: SessionStatus; to: SessionStatus; reason: SessionReason | null; event: SessionEvent['type'] }
  /** A new server session began: the person's sign-in (`resume`), a `refresh`, or a sign-in in another tab. */
  | { type: 'signedIn'; via: 'resume' | 'refresh' | 'otherTab' }
  /** `session.configure`, here or from another tab. */
  | { type: 'configure'; from: 'here' | 'otherTab'; idleTimeout: number; warningBefore: number; keepaliveInterval: number; keepalive: boolean }
  /** `session.busy`: the first task began, or the last one settled. */
  | { type: 'busy'; phase: 'began' | 'ended' }
  /** The `refresh` option: `started`, then `renewed` or `failed`, or `elsewhere` (another tab refreshed). */
  | { type: 'refresh'; phase: 'started' | 'renewed' | 'failed' | 'elsewhere' };

/** One event of `session.inspect`, with the session clock's time (epoch ms). */
export type InspectEvent = InspectEventBody & { readonly at: number };

export type InspectListener = (event: InspectEvent) => void;

export interface Tap {
  /** Someone listens: only then may a caller build an event. */
  readonly on: boolean;
  emit(event: InspectEventBody): void;
  /** Adds a listener; `first` is the event it gets before any other. Returns the remove function. */
  listen(listener: InspectListener, first: () => InspectEventBody): () => void;
}

export function createTap(now: () => number): Tap {
  const listeners = new Set<InspectListener>();
  const deliver = (listener: InspectListener, event: InspectEvent) => {
    try {
      listener(event);
    } catch (error) {
      // A broken devtools panel must never break the session it watches.
      if (process.env.NODE_ENV !== 'production') warnInDevelopment('An inspect listener threw; the session went on.', error);
    }
  };
  const tap = {
    on: false,
    emit(body: InspectEventBody) {
      const event: InspectEvent = { ...body, at: now() };
      for (const listener of [...listeners]) deliver(listener, event);
    },
    listen(listener: InspectListener, first: () => InspectEventBody) {
      if (typeof listener !== 'function') throw optionError('listener', process.env.NODE_ENV !== 'production' && 'a function', listener);
      deliver(listener, { ...first(), at: now() });
      listeners.add(listener);
      tap.on = true;
      return () => {
        listeners.delete(listener);
        tap.on = listeners.size > 0;
      };
    },
  };
  return tap;
}

/** The path of a URL, without query or fragment (they may carry tokens); '' when there is none. */
export function pathOf(url: string): string {
  if (url === '') return '';
  try {
    return new URL(url, globalThis.location?.href).pathname;
  } catch {
    return '';
  }
}

/** Whether `url` is on this page's origin; `null` where there is no page (Node). */
export function isSameOrigin(url: string): boolean | null {
  const origin = globalThis.location?.origin;
  if (origin === undefined || origin === 'null' || url === '') return null;
  try {
    return new URL(url, globalThis.location.href).origin === origin;
  } catch {
    return null;
  }
}
