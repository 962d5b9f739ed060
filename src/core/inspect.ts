/**
 * `session.inspect(listener)`: a tap on the engine's decisions, for devtools and bug reports. Each
 * event says what the engine decided and why, stamped with the session clock's time. Only what
 * explains a decision travels: statuses, times, URL paths (never queries), methods, HTTP statuses
 * and the expiry header's value; never request or response bodies, other header values, or
 * anything a person typed. The events come from one place, features/inspect.ts, which observes
 * the kernel's events; with no listener it builds none.
 */
import { optionError, warnInDevelopment } from './errors.ts';
import type { ActivitySource, ResponseVia, TellableEvent } from './events.ts';
import type { SessionReason, SessionStatus } from './machine.ts';

export type { ActivitySource, ResponseVia };

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
  /** Activity, the deadline, keepalives, requests, tab messages, status changes, sign-ins, `configure`, `busy`, `refresh` (events.ts says each). */
  | TellableEvent
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
    };

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
