/**
 * `diagnose(events)`: reads what `session.inspect` recorded and names the misconfigurations it
 * shows, each with the events that show it and the fix in one sentence. Pure: no clock, no
 * globals; the same events always give the same findings, in the same order.
 *
 * One rule per cause below. Each says what evidence it looks for and its thresholds (named
 * constants), so a developer can check a finding against the events it cites.
 */
import type { InspectEvent, InspectSettings } from '../core/inspect.ts';

export type FindingCause = 'sessions-not-shared' | 'server-timeout-shorter' | 'no-keepalive' | 'login-redirect' | 'expiry-header-hidden' | 'clock-skew';

export interface Finding {
  cause: FindingCause;
  /** One short line a developer reads first. */
  title: string;
  /** The fix, in one sentence. */
  fix: string;
  /** Indices into the events given to `diagnose`, ascending. */
  evidence: number[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** An expired answer this soon after a sign-in is about where the session lives, not about timing. */
const SIGN_IN_WINDOW = 10 * SECOND;
/** Pairs (sign-in, expired answer) it takes: one can be a race; two in a row is a pattern. */
const MIN_SIGN_IN_FAILURES = 2;
/** The person counts as "active" with activity taken this recently (capped at half of `idleTimeout`, see `activeWindow`). */
const ACTIVE_WITHIN = MINUTE;
/** Distinct server expiries that bound before the idle deadline: "keeps binding", not a one-off. */
const MIN_SERVER_BINDS = 3;
/**
 * Paths of login pages, matched case-insensitively as whole path segments anywhere in the path
 * (`/login`, `/app/login`, `/Account/Login`, `/login.aspx`, `/sso/start`).
 */
const LOGIN_PATHS: readonly string[] = ['/login', '/signin', '/sign-in', '/logon', '/account/login', '/auth', '/sso'];
/** Successful cross-origin answers it takes to say they "never" expose the expiry header. */
const MIN_HIDDEN_CROSS_ORIGIN = 2;
/** The header named in the fix when the settings are not among the events. */
const DEFAULT_EXPIRES_HEADER = 'Session-Expires';
/** Skew (browser minus server) beyond which the clocks are "far" apart. `Date` has whole seconds and requests take time: a few seconds is noise. */
const MAX_SKEW = MINUTE;
/**
 * Skewed readings it takes, at different moments: one response can come from an HTTP cache,
 * whose `Date` is when it was stored.
 */
const MIN_SKEWED_READINGS = 2;
/** Readings cited as evidence of the skew: the worst ones. */
const SKEW_EVIDENCE = 3;

/** The settings in force at one event: from the latest `inspect` event, then `configure` events. */
interface Settings {
  idleTimeout: number | null;
  warningBefore: number | null;
  keepaliveInterval: number | null;
  /** `null`: unknown (no `inspect` event or `configure` from this tab before). */
  keepalive: boolean | null;
  expiresHeader: string | null;
}

/** One rule per cause: a finding of that cause, or `null`. */
type Rule = (events: readonly InspectEvent[], settings: readonly Settings[]) => Finding | null;

/**
 * Most serious first, the order findings come in: re-logins that cannot work, sessions lost while
 * working, expiry the session cannot see, then what only makes it less precise.
 */
const RULES: readonly Rule[] = [sessionsNotShared, serverTimeoutShorter, noKeepalive, loginRedirect, expiryHeaderHidden, clockSkew];

export function diagnose(events: readonly InspectEvent[]): Finding[] {
  const settings = settingsAt(events);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const finding = rule(events, settings);
    if (finding) findings.push({ ...finding, evidence: [...new Set(finding.evidence)].sort((a, b) => a - b) });
  }
  return findings;
}

/**
 * sessions-not-shared: a `signedIn` here (the person's re-login, `resume`, or a `refresh`)
 * followed within `SIGN_IN_WINDOW` (10 s), before the next sign-in, by an expired response of the
 * new session (`current`), at least `MIN_SIGN_IN_FAILURES` (2) times. The server that signed the
 * person in is not the one that answered next: the session is not shared between servers.
 * Evidence: each pair's sign-in and expired response.
 */
function sessionsNotShared(events: readonly InspectEvent[]): Finding | null {
  const evidence: number[] = [];
  let pairs = 0;
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    if (event.type !== 'signedIn' || event.via === 'otherTab') continue;
    const expired = findAfter(events, i, (next) => next.type === 'signedIn' || next.at - event.at > SIGN_IN_WINDOW, isExpiredResponse);
    if (expired === -1) continue;
    pairs += 1;
    evidence.push(i, expired);
  }
  if (pairs < MIN_SIGN_IN_FAILURES) return null;
  return {
    cause: 'sessions-not-shared',
    title: `Right after a sign-in the server said the session had expired, ${pairs} times`,
    fix: 'Make every server see the same session: sticky sessions at the load balancer, or a shared session store (Redis, SQL).',
    evidence,
  };
}

/**
 * server-timeout-shorter, either of:
 * - the session ended by the server (`status` to `expired`, reason `server` or `response`) with
 *   activity taken in the `activeWindow` (the last minute) before, and not within
 *   `SIGN_IN_WINDOW` of a sign-in (that is sessions-not-shared). Evidence: the activity and the end.
 * - `deadline` events where the server's expiry binds while the idle deadline is later, for at
 *   least `MIN_SERVER_BINDS` (3) distinct server expiries (one fixed expiry is a maximum session
 *   length, not a shorter timeout). Evidence: the first such event of each expiry.
 * The fix says whether a keepalive is configured, since that changes what to look at.
 */
function serverTimeoutShorter(events: readonly InspectEvent[], settings: readonly Settings[]): Finding | null {
  const endsWhileActive: number[] = [];
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    if (event.type !== 'status' || event.to !== 'expired' || (event.reason !== 'server' && event.reason !== 'response')) continue;
    if (signedInWithin(events, i)) continue;
    const activity = recentActivity(events, i, settings[i]!);
    if (activity !== -1) endsWhileActive.push(activity, i);
  }

  const binds: number[] = [];
  const expiries = new Set<number>();
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    if (event.type !== 'deadline' || event.binds !== 'server' || event.serverExpiry === null || event.idleDeadline === null) continue;
    if (event.idleDeadline <= event.serverExpiry || expiries.has(event.serverExpiry)) continue;
    expiries.add(event.serverExpiry);
    binds.push(i);
  }
  const keepsBinding = expiries.size >= MIN_SERVER_BINDS;

  if (endsWhileActive.length === 0 && !keepsBinding) return null;
  const last = settings[settings.length - 1]!;
  return {
    cause: 'server-timeout-shorter',
    title:
      endsWhileActive.length > 0
        ? 'The server ended the session while the person was active'
        : `The server's expiry came before the idle deadline ${expiries.size} times`,
    fix: serverTimeoutFix(last),
    evidence: [...endsWhileActive, ...(keepsBinding ? binds : [])],
  };
}

function serverTimeoutFix(settings: Settings): string {
  const idle = settings.idleTimeout === null ? 'idleTimeout' : `idleTimeout (${shortDuration(settings.idleTimeout)})`;
  if (settings.keepalive === true) {
    const interval = settings.keepaliveInterval === null ? '' : ` (${shortDuration(settings.keepaliveInterval)})`;
    return `Raise the server's session timeout above ${idle} or lower idleTimeout; a keepalive is configured, so also check that keepaliveInterval${interval} is shorter than the server timeout.`;
  }
  if (settings.keepalive === false) {
    return `Raise the server's session timeout above ${idle}, lower idleTimeout, or configure the keepalive (none is configured) so activity in the page reaches the server.`;
  }
  return `Raise the server's session timeout above ${idle}, lower idleTimeout, or configure the keepalive.`;
}

/**
 * no-keepalive: an expired response of the current session with activity taken in the
 * `activeWindow` (the last minute) before it, while the settings say no keepalive is configured
 * (`inspect` settings, then this tab's latest `configure`; unknown settings never count).
 * Responses within `SIGN_IN_WINDOW` of a sign-in are left to sessions-not-shared (the person just
 * typed a password: that is activity too). Evidence: the activity and the expired response.
 */
function noKeepalive(events: readonly InspectEvent[], settings: readonly Settings[]): Finding | null {
  const evidence: number[] = [];
  for (let i = 0; i < events.length; i += 1) {
    if (!isExpiredResponse(events[i]!) || settings[i]!.keepalive !== false || signedInWithin(events, i)) continue;
    const activity = recentActivity(events, i, settings[i]!);
    if (activity !== -1) evidence.push(activity, i);
  }
  if (evidence.length === 0) return null;
  return {
    cause: 'no-keepalive',
    title: 'Requests met an expired session while the person was active, and no keepalive is configured',
    fix: 'Configure the `keepalive` option (a URL the server answers, or a function) so activity in the page also extends the server session.',
    evidence,
  };
}

/**
 * login-redirect: a response that was redirected, is not counted as expired, and whose final path
 * is a login page (`LOGIN_PATHS`), at least once: the server's way of saying the session is gone
 * went unnoticed. Evidence: every such response.
 */
function loginRedirect(events: readonly InspectEvent[]): Finding | null {
  const evidence: number[] = [];
  events.forEach((event, i) => {
    if (event.type === 'response' && event.redirected && !event.expired && isLoginPath(event.path)) evidence.push(i);
  });
  if (evidence.length === 0) return null;
  const first = events[evidence[0]!] as Extract<InspectEvent, { type: 'response' }>;
  return {
    cause: 'login-redirect',
    title: `Responses were redirected to a login page (${first.path}) and not counted as expired`,
    fix: `Name the login page, \`redirectMeansExpired: '${first.path}'\` (or an \`isExpired\` that recognises it), so the re-login opens and the request is sent again; other redirects stay ordinary answers.`,
    evidence,
  };
}

/** `LOGIN_PATHS` as whole segments: preceded by the start or `/`, followed by `/`, `.` (`login.aspx`) or the end. */
const LOGIN_PATH_PATTERN = new RegExp(`(?:^|/)(?:${LOGIN_PATHS.map((path) => escapeRegExp(path.slice(1))).join('|')})(?:[/.]|$)`, 'i');

function isLoginPath(path: string): boolean {
  return LOGIN_PATH_PATTERN.test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]{}\\-]/g, '\\$&');
}

/**
 * expiry-header-hidden: at least one same-origin response whose expiry header was readable, and
 * at least `MIN_HIDDEN_CROSS_ORIGIN` (2) successful (2xx, not expired) cross-origin responses
 * with none ever readable: the browser hides headers CORS does not expose. Only `sameOrigin`
 * `true`/`false` counts (`null` is Node, no page). Evidence: the first same-origin response that
 * had it, and the cross-origin ones.
 */
function expiryHeaderHidden(events: readonly InspectEvent[], settings: readonly Settings[]): Finding | null {
  let sameOrigin = -1;
  const crossOrigin: number[] = [];
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    if (event.type !== 'response') continue;
    if (event.sameOrigin === true && event.expiryHeader && sameOrigin === -1) sameOrigin = i;
    if (event.sameOrigin !== false) continue;
    if (event.expiryHeader) return null; // one cross-origin server does expose it
    if (event.status >= 200 && event.status < 300 && !event.expired) crossOrigin.push(i);
  }
  if (sameOrigin === -1 || crossOrigin.length < MIN_HIDDEN_CROSS_ORIGIN) return null;
  const header = settings[settings.length - 1]!.expiresHeader ?? DEFAULT_EXPIRES_HEADER;
  return {
    cause: 'expiry-header-hidden',
    title: `Cross-origin responses never expose ${header}, while same-origin ones do`,
    fix: `Have the cross-origin server send \`Access-Control-Expose-Headers: ${header}, Date\`.`,
    evidence: [sameOrigin, ...crossOrigin],
  };
}

/**
 * clock-skew: readings of the server's `Date` against the browser's clock (`response.dateSkew`,
 * `expiryHeader.skew`; browser minus server) beyond ±`MAX_SKEW` (60 s), at
 * `MIN_SKEWED_READINGS` (2) different moments (one response's two events share a moment). The
 * title gives the median of those readings. Evidence: the `SKEW_EVIDENCE` (3) worst.
 */
function clockSkew(events: readonly InspectEvent[]): Finding | null {
  const readings: Array<{ index: number; skew: number }> = [];
  const moments = new Set<number>();
  events.forEach((event, index) => {
    const skew = event.type === 'response' ? event.dateSkew : event.type === 'expiryHeader' ? event.skew : null;
    if (skew === null || Math.abs(skew) <= MAX_SKEW) return;
    readings.push({ index, skew });
    moments.add(event.at);
  });
  if (moments.size < MIN_SKEWED_READINGS) return null;
  const skew = median(readings.map((reading) => reading.skew));
  const worst = [...readings].sort((a, b) => Math.abs(b.skew) - Math.abs(a.skew)).slice(0, SKEW_EVIDENCE);
  return {
    cause: 'clock-skew',
    // Skew is browser minus server: positive means the server's clock is behind.
    title: `The server's clock is ${shortDuration(skew)} ${skew > 0 ? 'behind' : 'ahead of'} this browser`,
    fix: "Set the server's clock (or this computer's, if it is the one that is off) by NTP; until then keep the `Date` header readable so the session can correct for it.",
    evidence: worst.map((reading) => reading.index),
  };
}

// --- shared reading of the events ---

/** The settings in force at each event (after it, for `inspect` and `configure` events). */
function settingsAt(events: readonly InspectEvent[]): Settings[] {
  let current: Settings = { idleTimeout: null, warningBefore: null, keepaliveInterval: null, keepalive: null, expiresHeader: null };
  return events.map((event) => {
    if (event.type === 'inspect') current = fromInspect(event.settings);
    if (event.type === 'configure') {
      current = {
        ...current,
        idleTimeout: event.idleTimeout,
        warningBefore: event.warningBefore,
        keepaliveInterval: event.keepaliveInterval,
        // The timeouts are shared between tabs, the keepalive stays each tab's own.
        keepalive: event.from === 'here' ? event.keepalive : current.keepalive,
      };
    }
    return current;
  });
}

function fromInspect(settings: InspectSettings): Settings {
  return {
    idleTimeout: settings.idleTimeout,
    warningBefore: settings.warningBefore,
    keepaliveInterval: settings.keepaliveInterval,
    keepalive: settings.keepalive !== null,
    expiresHeader: settings.expiresHeader,
  };
}

function isExpiredResponse(event: InspectEvent): boolean {
  return event.type === 'response' && event.expired && event.current;
}

/**
 * How far back activity makes the person "active": `ACTIVE_WITHIN`, or half of `idleTimeout` when
 * that is shorter (a demo's 30 s timeout), so "active" always means the idle deadline was far off.
 */
function activeWindow(settings: Settings): number {
  return settings.idleTimeout === null ? ACTIVE_WITHIN : Math.min(ACTIVE_WITHIN, settings.idleTimeout / 2);
}

/** The latest activity taken within the active window before event `index`, or -1. */
function recentActivity(events: readonly InspectEvent[], index: number, settings: Settings): number {
  const end = events[index]!.at;
  const since = end - activeWindow(settings);
  for (let i = index - 1; i >= 0; i -= 1) {
    const event = events[i]!;
    if (event.at < since && lastAt(event) < since) return -1; // events are in time order: nothing older can be recent
    if (event.type === 'activity' && event.outcome === 'taken' && lastAt(event) >= since) return i;
  }
  return -1;
}

/** Whether a sign-in (any: here or another tab) came within `SIGN_IN_WINDOW` before event `index`. */
function signedInWithin(events: readonly InspectEvent[], index: number): boolean {
  const end = events[index]!.at;
  for (let i = index - 1; i >= 0 && end - events[i]!.at <= SIGN_IN_WINDOW; i -= 1) {
    if (events[i]!.type === 'signedIn') return true;
  }
  return false;
}

/** The first index after `from` that matches, scanning until `stop` says so; -1 when none. */
function findAfter(events: readonly InspectEvent[], from: number, stop: (event: InspectEvent) => boolean, match: (event: InspectEvent) => boolean): number {
  for (let i = from + 1; i < events.length; i += 1) {
    const event = events[i]!;
    if (stop(event)) return -1;
    if (match(event)) return i;
  }
  return -1;
}

/** When an event ended: a recorder's coalesced activity runs `until` its last one. */
function lastAt(event: InspectEvent): number {
  const until = (event as { until?: unknown }).until;
  return typeof until === 'number' ? until : event.at;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "45 s", "20 min", "2 h": a setting, a skew or a gap, rounded and unsigned; "none" for no limit (Infinity). Also the events list's. */
export function shortDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (!Number.isFinite(abs)) return 'none';
  if (abs < 90 * SECOND) return `${Math.round(abs / SECOND)} s`;
  if (abs < 90 * MINUTE) return `${Math.round(abs / MINUTE)} min`;
  return `${Math.round(abs / HOUR)} h`;
}
