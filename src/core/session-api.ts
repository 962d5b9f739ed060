/**
 * The public `Session` interface: what `createSession` returns, method by method. The contract the
 * React layer, the adapters and apps are written against.
 */
import type { Clock } from './clock.ts';
import type { ExtendResult } from './extend.ts';
import type { SignIn } from './events.ts';
import type { ParkOptions, SessionRequestInit } from './fetch.ts';
import type { InspectListener } from './inspect.ts';
import type { ConfigurableOptions } from './options.ts';
import type { SessionSnapshot } from './snapshot-store.ts';

export interface Session {
  /** The clock the session reads (a test clock in tests); countdowns tick on it too. */
  readonly clock: Clock;
  /**
   * The `idleTimeout` and `warningBefore` in force (the options after defaults, or what `configure`
   * set), for texts such as "after 15 minutes". The snapshot carries them too, so a component
   * that shows them re-renders when they change.
   */
  readonly idleTimeout: number;
  readonly warningBefore: number;
  /**
   * Changes `idleTimeout`, `warningBefore`, `keepalive` and `keepaliveInterval` at run time: a
   * timeout the server sends after sign-in, "remember me", a stricter limit for admins. Checked as
   * `createSession` checks them (a `TypeError` naming the option, and nothing changes); leave out
   * what stays. The deadline moves at once (a limit shorter than the time already idle opens the
   * warning, or ends the session, now). The timeouts are shared with the other tabs, and with tabs
   * opened later, until the person signs out; `keepalive` stays this tab's. Without `warningBefore`
   * chosen by the app, the default warning time follows the new `idleTimeout`.
   */
  configure(change: ConfigurableOptions): void;
  /**
   * A tap on the engine's decisions, for devtools and bug reports (`react-session-timeout/devtools`
   * reads it): `listener` first gets an `inspect` event (the settings and the status), then every
   * decision as it is made, each with its time and why: activity taken or ignored, the deadline
   * and which source binds it, expiry headers, keepalives, responses, parked, replayed and rejected
   * requests, tab messages, status changes, sign-ins, `configure`, `busy` and `refresh`. URL paths
   * only, never queries, bodies, other headers or anything typed. Returns the function that stops
   * listening. With no listener the session builds no event.
   */
  inspect(listener: InspectListener): () => void;
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
   * configured; `'offline'` when the server could not be reached or failed (a network error, a 5xx,
   * 408, 429, no answer in time); `'refused'` when it answered but would not extend (another 4xx
   * that is not an expired response: 401, 403, 404...); `'expired'` when the server session is
   * already gone. `'offline'` and `'refused'` change nothing: neither is expiry. Calls while one
   * is in flight share it.
   */
  extend(): Promise<ExtendResult>;
  /**
   * The person leaves: status `signedOut`; the `signOut` option is called unless it already was for
   * this session (at most once per session, across tabs). Resolves once that call settled; never rejects.
   */
  signOut(): Promise<void>;
  /**
   * After a re-login: active again with a fresh idle deadline, and the parked requests replayed
   * in the order they were made. Resolves once the replay is done. When `user` differs from the
   * user the requests were made as, they are rejected (`userChanged`), never sent as someone else.
   */
  resume(options?: { user?: string | undefined }): Promise<void>;
  /**
   * Calls `listener` at each new server session: the person signed in here (`resume`), a `refresh`
   * renewed it, or another tab signed in; `userChanged` says whether it is someone else than
   * before (`null`: unknown, as no `user` was given or nobody was signed in before). It is called
   * before the session runs again and before any parked request is replayed, so what the app
   * kept for the previous person (a query cache) can be cleared before the new person's data
   * comes. An error it throws is reported as uncaught and the sign-in goes on. Returns the
   * function that stops listening.
   */
  onSignIn(listener: (signIn: SignIn) => void): () => void;
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
  /** Activity the DOM listeners cannot see (a cross-origin iframe, through `postMessage`; a custom widget). */
  reportActivity(): void;
  /**
   * The person counts as active while `task` runs (an upload, a video, a long report): no warning,
   * no idle expiry, and the keepalive pings once per `keepaliveInterval` as if they were working;
   * the other tabs are kept fresh too. The idle time counts from when the task settled. Tasks may
   * nest and overlap: busy until the last settles. The server's expiry still applies. Returns
   * `task` itself (the same value or rejection).
   */
  busy<T>(task: Promise<T>): Promise<T>;
  /**
   * Also counts activity in a same-origin iframe (an embedded editor, a PDF viewer) or another
   * window (from `window.open`), whose events never reach this page's window: the same
   * `activityEvents`, the same one-a-second throttle, the same rules during the warning. A frame
   * that navigates or reloads is followed to its new document; a cross-origin one cannot be heard
   * (one development warning: have it call `reportActivity()` here through `postMessage`) and is
   * still followed, as it may come back to this origin. A window is heard on the page it was
   * opened with (not after it navigates elsewhere), and let go once it closes. Listens only while
   * the session is started (a `watch` before `start()` takes effect at start). Returns the unwatch
   * function, idempotent. Throws a `TypeError` for anything but an iframe element or a window.
   */
  watch(target: HTMLIFrameElement | Window): () => void;
  /** Attaches listeners and the timer. Idempotent. */
  start(): void;
  /**
   * Detaches listeners and the timer; parked requests stay parked. A tab that shares the session
   * with others cannot hear who signs in while stopped, so its replays wait for `start()`. Idempotent.
   */
  stop(): void;
}
