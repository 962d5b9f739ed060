/** `createSession`'s options: their documentation and defaults, and their validation (a clear TypeError). */
import { DEFAULT_ACTIVITY_EVENTS } from './activity.ts';
import { realClock, type Clock } from './clock.ts';
import { WCAG_MIN_WARNING } from './deadlines.ts';
import { MESSAGE_PREFIX, optionError, warnInDevelopment } from './errors.ts';
import type { KernelConfig } from './kernel-api.ts';
import type { KeepaliveTarget } from './keepalive.ts';
import type { Refresh } from './refresh.ts';
import type { TabTransport } from './tab-transport.ts';

export interface SessionOptions {
  /**
   * Milliseconds without activity before the session ends. `Infinity` turns idle tracking off
   * (the server's expiry still applies).
   * @default 900_000 (15 minutes)
   */
  idleTimeout?: number;
  /**
   * Milliseconds before the deadline when the status becomes `warning`. WCAG 2.2.1 asks for at
   * least 20 seconds to respond. Longer than half the server's session (as its `Session-Expires`
   * answers tell) less 22 s, it is cut to that (at least 20 s), with a development warning, so the
   * keepalive can renew the session while the person works before the warning could open.
   * @default 120_000 (2 minutes)
   */
  warningBefore?: number;
  /**
   * What activity (a key, a click, a touch) does while the warning is open. `'ignore'`: nothing;
   * only a deliberate "Stay signed in" answers it. `'extend'`: any activity answers it as "Stay
   * signed in" does (`extend()`, keepalive included, once however many events come), so a simple
   * action extends the time, as WCAG 2.2.1 (Timing Adjustable) allows.
   * @default 'ignore'
   */
  activityDuringWarning?: 'ignore' | 'extend';
  /**
   * The status the session begins in. `'signedOut'`: for a provider that also wraps the sign-in
   * page (a Next.js root layout): nothing is tracked, no keepalive is sent, nothing parks, and an
   * expired response rejects (`SessionExpiredError`, reason `signedOut`) instead of opening the
   * re-login, until `resume({ user })` after sign-in (or a sign-in in another tab).
   * @default 'active'
   */
  initialStatus?: 'active' | 'signedOut';
  /**
   * Response statuses that mean "the server session is gone". Giving it (or `isExpired` alone)
   * replaces the default: a server that answers 440 and, later, 401 needs `[440, 401]`.
   * @default [440]
   */
  expiredStatuses?: readonly number[];
  /**
   * A predicate for expired responses, instead of `expiredStatuses` (both apply when both are
   * given). For a redirect to the login page, name it in `redirectMeansExpired` instead.
   *
   * It gets a copy of the response, so it may read the body (a GraphQL server's `200` with an
   * `UNAUTHENTICATED` error) and the app still reads its own. It may return a promise:
   * `session.fetch`, the keepalive and `revalidate` wait for it, at most 10 s (then the response is
   * an ordinary answer, with a development warning); `handleResponse`, which answers at once, takes
   * the answer when it comes. A rejection rejects the `session.fetch` call, as a throw does.
   */
  isExpired?: (response: Response) => boolean | Promise<boolean>;
  /**
   * A redirect to the login page means the session is gone (forms authentication, Django's
   * `@login_required`, SSO gateways).
   *
   * - The login page's path (`'/accounts/login/'`, `'/Login.aspx'`; compared without case) or URL,
   *   several in an array, or a predicate of the final URL: fetch follows redirects as usual, and
   *   a response that was redirected there means expired. Any other redirect is an ordinary answer,
   *   so a successful POST answered with a redirect (post/redirect/get) is processed once.
   * - `true`: for a login page on another origin, which fetch cannot follow (a bare CORS
   *   `TypeError`). A `session.fetch` request that would park (`shouldPark`) is sent with
   *   `redirect: 'manual'` (unless the caller set `redirect`), and **every** redirect in answer (a
   *   browser's opaque redirect, Node's 3xx with `Location`) means expired: a browser cannot see
   *   where it goes. Use it only where the API redirects for nothing else (a development warning
   *   says so when a write is redirected).
   * @default false
   */
  redirectMeansExpired?: boolean | string | readonly string[] | ((url: URL) => boolean);
  /**
   * Silent renewal (a refresh token, an `/auth/refresh` call, an OIDC silent renew), tried once
   * when the server says the session is gone: an expired response, or the server's expiry passing
   * while the person works; never an idle expiry (an idle person signs in again). Resolve `true`
   * (or `{ user }`) when the server session was renewed: the session goes on and the requests
   * that met the expiry are replayed, with no re-login. Resolve `false` or reject: the re-login
   * opens as without it. Concurrent expired responses share one try (one tab refreshes for all);
   * `signal` aborts after `replayTimeout`. Tried again only after a response proved the last
   * renewal worked, so a refresh the server does not honour cannot loop.
   */
  refresh?: Refresh;
  /** Which requests park on expiry. Default: same origin, not the keepalive URL. */
  shouldPark?: (request: Request) => boolean;
  /** Refreshes a parked request (a new CSRF or bearer header) before it is replayed. */
  prepareReplay?: (request: Request) => Request | Promise<Request>;
  /**
   * How long a replayed request may wait for its answer (`prepareReplay` included). Then it is
   * aborted and rejected with `SessionExpiredError` (`replayTimeout`), and the next one goes.
   * @default 30_000
   */
  replayTimeout?: number;
  /**
   * The response header that carries the server session's expiry (HTTP-date or delta-seconds);
   * `null` to ignore the server's expiry.
   * @default 'Session-Expires'
   */
  expiresHeader?: string | null;
  /**
   * When the server session ends, as the server said it while rendering this page, in the
   * header's grammar: delta-seconds (`'900'`, counted from the session's start) or an HTTP-date.
   * Without it the page's navigation `Server-Timing` entry named after `expiresHeader`
   * (`Server-Timing: session-expires;desc="900"`) is read. Either way the warning comes in time
   * even when the person makes no request before the server's end. `null`: none (an absent meta tag).
   */
  sessionExpires?: string | null | undefined;
  /**
   * Keeps the server session alive while the person works: a URL (POSTed to with the page's
   * credentials); `{ url, credentials, headers }` for a CSRF header (`headers` may be a function,
   * called at each ping) or a keepalive on another origin (`credentials: 'include'`); or a
   * function that pings and returns the response. The URL must be http(s), absolute or relative
   * to the page. `null`: no keepalive; "Stay signed in" then only restarts the idle timer.
   *
   * The server's route answers the POST with a 2xx once it has extended its session, optionally
   * with `Session-Expires` (the new expiry). An expired response (440) ends the session; a 404 or
   * 405 (the route does not exist yet, or takes no POST) and a 403 (usually CSRF protection) leave
   * "Stay signed in" `'refused'`, and say so once in development.
   * @default null
   */
  keepalive?: KeepaliveTarget | null;
  /**
   * At most one background keepalive ping per this many milliseconds, and only after activity;
   * sooner once the server's session is past half of its length, so a session shorter than two
   * intervals (and one that renews only past half its timeout, as ASP.NET does) is renewed in time.
   * @default 60_000
   */
  keepaliveInterval?: number;
  /**
   * Asks the server whether its session is still there when the tab is shown again after being
   * hidden for at least `hiddenFor` milliseconds (default 60_000), and when the browser comes back
   * online: a `GET` to a status URL that does not extend the server session, so a laptop that
   * slept or a tab left in the background learns at once that the server ended the session
   * (a restart, an admin, a sign-out on another device). The answer is read as any response: an
   * expired status ends the session (reason `'response'`), a `Session-Expires` moves the server
   * expiry. It is not activity, and a network error changes nothing. An http(s) URL (absolute, or
   * relative to the page), or `{ url, hiddenFor }`.
   * @default undefined (no revalidation)
   */
  revalidate?: string | { url: string; hiddenFor?: number };
  /**
   * Keeps every open tab of the app in step; a string names the channel (and the localStorage
   * key), a function makes the transport (`createMemoryTabs()` in tests). `false`: this tab alone.
   * @default true
   */
  crossTab?: boolean | string | (() => TabTransport);
  /** The app's server sign-out call, made when the session ends by idleness or sign-out: at most once per session, for the whole browser. */
  signOut?: () => unknown;
  /**
   * Who is signed in (a username or an id; compared without case or surrounding spaces): parked
   * requests are never replayed for a different user. Every tab learns who signed in again, as an
   * opaque fingerprint. Use the same kind of value as `resume({ user })` (the default re-login
   * form passes the typed username when `onRelogin` resolves no `user`).
   */
  user?: string | undefined;
  /**
   * The fetch used for keepalive pings, `revalidate` and `session.fetch` (its requests and their replays).
   * @default globalThis.fetch (read at call time)
   */
  fetch?: typeof fetch;
  /**
   * DOM events on `window` that count as activity.
   * @default ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart']
   */
  activityEvents?: readonly string[];
  /** Time and timers; `createTestClock()` from `react-session-timeout/testing` in tests. */
  clock?: Clock;
}

/** Options with defaults applied and checked. */
export interface ResolvedOptions extends KernelConfig {
  /** The app chose `warningBefore`: else the default follows a new `idleTimeout` (`configure`). */
  warningChosen: boolean;
  /** `redirectMeansExpired: true`: parkable requests see redirects instead of following them. */
  redirectMeansExpired: boolean;
  refresh: Refresh | undefined;
  shouldPark: ((request: Request) => boolean) | undefined;
  prepareReplay: ((request: Request) => Request | Promise<Request>) | undefined;
  replayTimeout: number;
  keepalive: KeepaliveTarget | null;
  revalidate: RevalidateTarget | null;
  crossTab: string | false | (() => TabTransport);
  fetch: () => typeof fetch;
}

const DEFAULT_CHANNEL = 'react-session-timeout';

const KNOWN_OPTIONS = /* @__PURE__ */ new Set<string>([
  'idleTimeout',
  'warningBefore',
  'activityDuringWarning',
  'initialStatus',
  'expiredStatuses',
  'isExpired',
  'redirectMeansExpired',
  'refresh',
  'shouldPark',
  'prepareReplay',
  'replayTimeout',
  'expiresHeader',
  'sessionExpires',
  'keepalive',
  'keepaliveInterval',
  'revalidate',
  'crossTab',
  'signOut',
  'user',
  'fetch',
  'activityEvents',
  'clock',
] satisfies Array<keyof SessionOptions>);

/** A typo in an option's name is ignored: said in development. */
function warnUnknownOptions(options: object): void {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) warnInDevelopment(`Unknown option "${key}" is ignored.`);
  }
}

// RFC 9110 token: the characters a header name may have.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** An option's type when it is given. */
type Given<K extends keyof SessionOptions> = Exclude<SessionOptions[K], undefined>;

/**
 * The option's value, or `fallback` when it is not given; a TypeError naming the option when
 * `isValid` refuses the value (`expected`, development text: what it must be).
 */
function option<K extends keyof SessionOptions, F extends SessionOptions[K]>(
  options: SessionOptions,
  name: K,
  fallback: F,
  isValid: (value: Given<K>) => boolean,
  expected: string | false,
): Given<K> | F {
  const value = options[name] as Given<K> | undefined;
  if (value === undefined) return fallback;
  if (!isValid(value)) throw optionError(name, expected, value);
  return value;
}

function duration(
  options: SessionOptions,
  name: 'idleTimeout' | 'warningBefore' | 'keepaliveInterval' | 'replayTimeout',
  fallback: number,
  allowInfinity: boolean,
): number {
  return option(
    options,
    name,
    fallback,
    (value) => (Number.isFinite(value) ? value >= 0 : allowInfinity && value === Infinity),
    process.env.NODE_ENV !== 'production' && `a number of milliseconds, 0 or more${allowInfinity ? ', or Infinity' : ''}`,
  );
}

/**
 * Whether a response is a redirect that was not followed: a browser's opaque redirect, Node's 3xx
 * with `Location`. To a request the session sent with `redirect: 'manual'` for
 * `redirectMeansExpired: true`, it means expired (the sender says so as it reads the answer); to
 * one the app itself chose to see, it does not.
 */
export const isUnfollowedRedirect = (response: Response): boolean =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.headers.has('Location'));

/** A login page as `redirectMeansExpired` names it: a path or URL (same origin and path, any case), or a predicate. */
type LoginPage = string | readonly string[] | ((url: URL) => boolean);
const isLoginPath = (value: unknown) => typeof value === 'string' && /^(\/|https?:\/\/)/i.test(value);

/** Whether a final URL is the login page `named`. */
function isLoginPage(named: LoginPage, url: URL): boolean {
  if (typeof named === 'function') return named(url);
  return (typeof named === 'string' ? [named] : named).some((page) => {
    const login = new URL(page, url);
    return login.origin === url.origin && login.pathname.toLowerCase() === url.pathname.toLowerCase();
  });
}

/** `revalidate` resolved: the status URL, and how long the page must have been hidden before showing it again asks. */
interface RevalidateTarget {
  readonly url: string;
  readonly hiddenFor: number;
}

/** `revalidate`: a URL, or `{ url, hiddenFor }`, with `hiddenFor` a minute unless given (the revalidate feature's). */
export function revalidateTarget(value: SessionOptions['revalidate']): RevalidateTarget | null {
  if (value === undefined) return null;
  const { url, hiddenFor = 60_000 } = typeof value === 'string' ? { url: value } : (value ?? {});
  if (typeof url !== 'string' || url === '')
    throw optionError('revalidate', process.env.NODE_ENV !== 'production' && 'a status URL or { url, hiddenFor }', value);
  checkHttpUrl(typeof value === 'string' ? 'revalidate' : 'revalidate.url', url);
  if (!(Number.isFinite(hiddenFor) && hiddenFor >= 0)) {
    throw optionError('revalidate.hiddenFor', process.env.NODE_ENV !== 'production' && 'a number of milliseconds, 0 or more', hiddenFor);
  }
  return { url, hiddenFor };
}

/** What a string resolves against where there is no http(s) page (Node, a test runner, about:blank). */
const PLACEHOLDER_BASE = 'http://placeholder.invalid/';

/** `url` resolves (against the page) to an http(s) URL that fetch accepts, else a TypeError naming `name`. */
function checkHttpUrl(name: string, url: unknown): void {
  const page = globalThis.location?.href;
  const base = typeof page === 'string' && /^https?:/i.test(page) ? page : PLACEHOLDER_BASE;
  let resolved: URL | null = null;
  try {
    resolved = typeof url === 'string' && url !== '' ? new URL(url, base) : null;
  } catch {
    // not a URL at all
  }
  // fetch refuses a URL with credentials in it: that would be "offline" at every ping.
  if (!resolved || !/^https?:$/.test(resolved.protocol) || resolved.username || resolved.password) {
    throw optionError(name, process.env.NODE_ENV !== 'production' && 'an http(s) URL (absolute, or relative to the page)', url);
  }
}

const CREDENTIALS: readonly unknown[] = ['omit', 'same-origin', 'include'] satisfies RequestCredentials[];

/** `keepalive`: checked at once, so a value that cannot work is a TypeError now, not "offline" at every ping (the keepalive feature's, and configure's). */
export function keepaliveTarget(value: SessionOptions['keepalive']): KeepaliveTarget | null {
  if (value === undefined || value === null || typeof value === 'function') return value ?? null;
  if (typeof value === 'string' && value !== '') {
    checkHttpUrl('keepalive', value);
    return value;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw optionError(
      'keepalive',
      process.env.NODE_ENV !== 'production' && 'a URL, { url, credentials, headers }, a function returning a Promise<Response>, or null',
      value,
    );
  }
  const { url, credentials = 'same-origin', headers } = value;
  checkHttpUrl('keepalive.url', url);
  if (!CREDENTIALS.includes(credentials))
    throw optionError('keepalive.credentials', process.env.NODE_ENV !== 'production' && "'omit', 'same-origin' or 'include'", credentials);
  if (headers !== undefined && typeof headers !== 'function') {
    let valid = headers !== null && typeof headers === 'object';
    try {
      if (valid && typeof Headers === 'function') new Headers(headers); // a bad name or pair throws
    } catch {
      valid = false;
    }
    if (!valid)
      throw optionError(
        'keepalive.headers',
        process.env.NODE_ENV !== 'production' && 'headers (an object, a Headers or [name, value] pairs) or a function returning them',
        headers,
      );
  }
  // A copy: the object the app gave may change later, unchecked.
  return { url, credentials, headers };
}

export function optionalFunction<K extends 'isExpired' | 'refresh' | 'shouldPark' | 'prepareReplay' | 'signOut' | 'fetch'>(options: SessionOptions, name: K) {
  return option(options, name, undefined, (value) => typeof value === 'function', process.env.NODE_ENV !== 'production' && 'a function');
}

/** What `session.configure` changes at run time; the other options are fixed at `createSession`. */
export type ConfigurableOptions = Pick<SessionOptions, 'idleTimeout' | 'warningBefore' | 'keepalive' | 'keepaliveInterval'>;
export type Timing = Pick<ResolvedOptions, 'idleTimeout' | 'warningBefore' | 'keepalive' | 'keepaliveInterval'>;
const CONFIGURABLE = new Set<string>(['idleTimeout', 'warningBefore', 'keepalive', 'keepaliveInterval'] satisfies Array<keyof ConfigurableOptions>);

/**
 * The settings after `session.configure(change)`, checked as `createSession` checks them; a change
 * leaves out what stays. `warningChosen`: the app gave `warningBefore`; otherwise the default
 * follows the new `idleTimeout`, as `createSession` would have chosen it.
 */
export function resolveChange(current: Timing, change: ConfigurableOptions, warningChosen: boolean): Timing {
  if (change === null || typeof change !== 'object') throw optionError('configure', process.env.NODE_ENV !== 'production' && 'an object', change);
  for (const key of Object.keys(change)) {
    if (!CONFIGURABLE.has(key)) {
      throw new TypeError(
        `${MESSAGE_PREFIX} option "${key}" cannot be changed by configure${process.env.NODE_ENV !== 'production' ? ' (only idleTimeout, warningBefore, keepalive and keepaliveInterval can)' : ''}.`,
      );
    }
  }
  const pick = <K extends keyof ConfigurableOptions>(key: K, fallback: ConfigurableOptions[K]) => (change[key] === undefined ? fallback : change[key]);
  const { idleTimeout, warningBefore, keepaliveInterval } = resolveOptions({
    idleTimeout: pick('idleTimeout', current.idleTimeout),
    warningBefore: pick('warningBefore', warningChosen || change.idleTimeout === undefined ? current.warningBefore : undefined),
    keepaliveInterval: pick('keepaliveInterval', current.keepaliveInterval),
  });
  return { idleTimeout, warningBefore, keepalive: keepaliveTarget(pick('keepalive', current.keepalive)), keepaliveInterval };
}

/** `crossTab` (the crossTab feature's): the channel, a transport factory, or `false` for this tab alone. */
export function crossTabOption(options: SessionOptions): ResolvedOptions['crossTab'] {
  const crossTab = option(
    options,
    'crossTab',
    true,
    (value) => typeof value === 'boolean' || typeof value === 'function' || (typeof value === 'string' && value !== ''),
    process.env.NODE_ENV !== 'production' && 'true, false, a channel name or a transport factory',
  );
  return crossTab === true ? DEFAULT_CHANNEL : crossTab;
}

/** `replayTimeout` (parking's and refresh's): how long a replay, or a renewal, may take. */
export function replayTimeoutOption(options: SessionOptions): number {
  const replayTimeout = duration(options, 'replayTimeout', 30_000, false);
  if (replayTimeout === 0) throw optionError('replayTimeout', process.env.NODE_ENV !== 'production' && 'more than 0 milliseconds', replayTimeout);
  return replayTimeout;
}

/**
 * Applies defaults and throws a `TypeError` naming the option for any value that cannot work: the
 * kernel's options. Each feature resolves its own (`keepaliveTarget`, `revalidateTarget`,
 * `crossTabOption`, `replayTimeoutOption`, `optionalFunction`) when it is installed.
 */
export function resolveOptions(options: SessionOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw optionError('options', process.env.NODE_ENV !== 'production' && 'an object', options);
  if (process.env.NODE_ENV !== 'production') warnUnknownOptions(options);
  return {
    ...timingOptions(options),
    ...expirySignals(options),
    ...pageOptions(options),
    // The features' own options, as a session without them has them: each feature resolves its
    // own from the options it is given (a session composed without it neither checks nor uses them).
    refresh: undefined,
    shouldPark: undefined,
    prepareReplay: undefined,
    replayTimeout: 30_000,
    keepalive: null,
    revalidate: null,
    crossTab: false,
  };
}

/** How long the session lasts, its warning, and where it starts. */
function timingOptions(options: SessionOptions) {
  const idleTimeout = duration(options, 'idleTimeout', 15 * 60_000, true);
  if (idleTimeout === 0) throw optionError('idleTimeout', process.env.NODE_ENV !== 'production' && 'more than 0 milliseconds', idleTimeout);
  const warningBefore = duration(options, 'warningBefore', Math.min(2 * 60_000, idleTimeout / 2), false);
  if (warningBefore >= idleTimeout) {
    throw optionError('warningBefore', process.env.NODE_ENV !== 'production' && `less than idleTimeout (${idleTimeout})`, warningBefore);
  }
  if (process.env.NODE_ENV !== 'production' && warningBefore < WCAG_MIN_WARNING) {
    warnInDevelopment(`warningBefore is ${warningBefore} ms: WCAG 2.2.1 (Timing Adjustable) asks for at least 20 seconds to respond to a timeout warning.`);
  }
  return {
    idleTimeout,
    warningBefore,
    warningChosen: options.warningBefore !== undefined,
    activityDuringWarning: option(
      options,
      'activityDuringWarning',
      'ignore',
      (value) => value === 'ignore' || value === 'extend',
      process.env.NODE_ENV !== 'production' && "'ignore' or 'extend'",
    ),
    initialStatus: option(
      options,
      'initialStatus',
      'active',
      (value) => value === 'active' || value === 'signedOut',
      process.env.NODE_ENV !== 'production' && "'active' or 'signedOut'",
    ),
    keepaliveInterval: duration(options, 'keepaliveInterval', 60_000, true),
  };
}

/** How the server says the session is gone (a status, a login redirect, the app's predicate) or when it will be. */
function expirySignals(options: SessionOptions) {
  const expiredStatuses = option(
    options,
    'expiredStatuses',
    undefined,
    (value) => Array.isArray(value) && value.every((status) => Number.isInteger(status) && status >= 100 && status <= 599),
    process.env.NODE_ENV !== 'production' && 'an array of HTTP status codes (integers 100 to 599)',
  );
  const predicate = optionalFunction(options, 'isExpired');
  const statuses = expiredStatuses ?? (predicate ? [] : [440]);
  const redirectMeansExpired = option(
    options,
    'redirectMeansExpired',
    false,
    (value) =>
      typeof value === 'boolean' || typeof value === 'function' || isLoginPath(value) || (Array.isArray(value) && value.length > 0 && value.every(isLoginPath)),
    process.env.NODE_ENV !== 'production' && "true, false, the login page's path or URL (or an array of them), or a function of the URL",
  );
  const loginPage = typeof redirectMeansExpired === 'boolean' ? null : redirectMeansExpired;
  return {
    isExpired: (response: Response, redirectSeen: boolean) =>
      redirectSeen ||
      statuses.includes(response.status) ||
      (loginPage !== null && response.redirected && response.url !== '' && isLoginPage(loginPage, new URL(response.url))),
    expiredIf: predicate,
    redirectMeansExpired: redirectMeansExpired === true,
    expiresHeader: option(
      options,
      'expiresHeader',
      'Session-Expires',
      (value) => value === null || (typeof value === 'string' && HEADER_NAME.test(value)),
      process.env.NODE_ENV !== 'production' && 'a header name or null',
    ),
    sessionExpires: option(
      options,
      'sessionExpires',
      undefined,
      (value) => value === null || typeof value === 'string',
      process.env.NODE_ENV !== 'production' && 'a Session-Expires value (delta-seconds or an HTTP-date) or null',
    ),
  };
}

/** Who signed in, the page's activity, its time, and the calls the session makes for the app. */
function pageOptions(options: SessionOptions) {
  const user = option(options, 'user', undefined, (value) => typeof value === 'string', process.env.NODE_ENV !== 'production' && 'a string');
  const activityEvents = option(
    options,
    'activityEvents',
    DEFAULT_ACTIVITY_EVENTS,
    (value) => Array.isArray(value) && value.every((type) => typeof type === 'string' && type !== ''),
    process.env.NODE_ENV !== 'production' && 'an array of event names',
  );
  const clock = option(
    options,
    'clock',
    realClock,
    (value) =>
      value !== null &&
      typeof value === 'object' &&
      typeof value.now === 'function' &&
      typeof value.setTimeout === 'function' &&
      typeof value.clearTimeout === 'function',
    process.env.NODE_ENV !== 'production' && 'an object with now(), setTimeout() and clearTimeout()',
  );
  const baseFetch = optionalFunction(options, 'fetch');
  return { user, activityEvents, clock, fetch: () => baseFetch ?? globalThis.fetch, signOut: optionalFunction(options, 'signOut') };
}
