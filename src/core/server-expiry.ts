/**
 * The server's own expiry: read from a response header in the `Retry-After` grammar (RFC 9110
 * §10.2.3: delta-seconds, or an HTTP-date in any of its three forms), corrected for clock skew,
 * and tracked per server session (`createServerExpiry`): which answer may move it, and whether a
 * keepalive could (`hardLimit`, as the keepalive's rule in hard-limit.ts judges its answers).
 */
import { warnInDevelopment } from './errors.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// obsolete asctime: Sun Nov  6 08:49:37 1994
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * Epoch milliseconds of an HTTP-date, or `undefined` when the text is not one. `now` (epoch ms,
 * default the real clock) places the two-digit year of the obsolete RFC 850 form.
 */
export function parseHttpDate(text: string, now: number = Date.now()): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(match[3], match[2], match[1], match[4], match[5], match[6]);
  match = RFC_850.exec(text);
  if (match) return utc(twoDigitYear(match[3]!, now), match[2], match[1], match[4], match[5], match[6]);
  match = ASCTIME.exec(text);
  if (match) return utc(match[6], match[1], match[2], match[3], match[4], match[5]);
  return undefined;
}

function utc(...parts: Array<string | number | undefined>): number | undefined {
  const [year, monthName, day, hours, minutes, seconds] = parts;
  const month = MONTHS.indexOf(String(monthName).toLowerCase());
  const [y, d, h, m, s] = [year, day, hours, minutes, seconds].map(Number) as [number, number, number, number, number];
  if (month < 0 || d < 1 || d > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const time = Date.UTC(y, month, d, h, m, Math.min(s, 59));
  // Date.UTC rolls 31 Feb over into March: such a date is not a date.
  return new Date(time).getUTCDate() === d ? time : undefined;
}

// RFC 9110 §5.6.7: a two-digit year that appears to be more than 50 years in the future is the
// most recent past year with those digits; otherwise the nearest year with them, also in the
// next century (in 2095, '10' is 2110).
function twoDigitYear(yy: string, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + Number(yy);
  if (year > thisYear + 50) year -= 100;
  else if (year <= thisYear - 50) year += 100;
  return year;
}

/**
 * When the server session ends, in this browser's clock, or `undefined` for a malformed value.
 * An HTTP-date is read on the server's clock: the response's `Date` header says what the
 * server's clock read when it answered, so the difference to `receivedAt` is the skew.
 */
export function parseSessionExpires(value: string, receivedAt: number, serverDate: string | null): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return receivedAt + Number(text) * 1000;
  const expires = parseHttpDate(text, receivedAt);
  if (expires === undefined) return undefined;
  const skew = clockSkew(receivedAt, serverDate);
  if (skew === undefined) return expires;
  if (Math.abs(skew) > MAX_CLOCK_SKEW) {
    if (process.env.NODE_ENV !== 'production')
      warnInDevelopment(`Ignored a Date header ${JSON.stringify(serverDate)}: it is more than a day away from this clock, so it cannot correct the skew.`);
    return expires;
  }
  return expires + skew;
}

/** How far this browser's clock is ahead of the server's (ms), by a response's `Date` header; `undefined` without a readable one. */
export function clockSkew(receivedAt: number, serverDate: string | null): number | undefined {
  const serverNow = serverDate === null ? undefined : parseHttpDate(serverDate.trim(), receivedAt);
  return serverNow === undefined ? undefined : receivedAt - serverNow;
}

/** A `Date` this far from the browser's clock is a broken header, not a skew worth correcting. */
const MAX_CLOCK_SKEW = 24 * 60 * 60_000;

/**
 * How far two readings of one server expiry may differ: headers carry whole seconds, and each
 * answer takes its own time to arrive.
 */
export const EXPIRY_TOLERANCE = 2000;

/** An expiry and when the request that brought it was sent. */
export interface KnownExpiry {
  readonly expiry: number;
  readonly sentAt: number;
}

/** What `learn` made of an expiry header, for `session.inspect`. */
interface ExpiryReading {
  readonly value: string;
  readonly expiry: number | null;
  readonly skew: number | null;
  readonly outcome: 'taken' | 'malformed' | 'passed' | 'older';
}

/** What this tab knows of the current server session's expiry. */
export interface ServerExpiry {
  /** What the latest `learn` read of the header; `null` when that answer had none. */
  readonly reading: ExpiryReading | null;
  /** When the server session ends (epoch ms); `Infinity` while no answer said. */
  readonly expiry: number;
  /**
   * When the request that set `expiry` was sent, as the session orders sends (`orderOf`: a clock
   * set back does not make a later request look older); `-Infinity` while none did.
   */
  readonly sentAt: number;
  /** The server kept its expiry through a successful keepalive: "Stay signed in" cannot help. */
  readonly hardLimit: boolean;
  /**
   * How long the current server session lasts, as its answers told (ms): the longest time left that
   * an expiry had when it was learned, about the server's timeout. `Infinity` while unknown.
   */
  readonly span: number;
  /**
   * Whether a keepalive at `at` is due for the server's sake: clearly past half of the span, where
   * a server that renews only past half its timeout (ASP.NET forms authentication) renews, and no
   * hard limit found. Always false while the expiry is unknown.
   */
  pastHalf(at: number): boolean;
  /**
   * Reads the expiry header of an answer to a request sent at `sentAt` (in the current session) and
   * adopts the expiry it gives. Returns that expiry, or `undefined` when the answer says nothing
   * new: no header, an older request than the one that set the current expiry, or a value that is
   * malformed or already passed (those with a development warning).
   */
  learn(headers: Headers, sentAt: number): number | undefined;
  /** An expiry another tab learned: adopted unless it is the same or from an older request. Returns whether it was. */
  take(expiry: number, sentAt: number): boolean;
  /** The expiry as it stands, to judge a keepalive's answer by (`afterKeepalive`). */
  current(): KnownExpiry;
  /**
   * After a successful keepalive sent when the expiry was `before`: updates `hardLimit` as `kept`
   * judges (the keepalive feature's rule); returns whether it changed.
   */
  afterKeepalive(before: KnownExpiry, kept: KeptThroughKeepalive): boolean;
  /** The session ended at `endedAt` and a new one begins (a sign-in): see the rule inside. */
  newSession(endedAt: number): void;
  /** The known expiry, or `null` when there is none. */
  known(): KnownExpiry | null;
}

/**
 * What an answer's expiry header says (`null`: it has none) and what becomes of it: `older` when the
 * request was sent before the one that set the current expiry, else malformed, passed, or taken.
 */
function readExpiryHeader(header: string | null, headers: Headers, receivedAt: number, older: boolean): ExpiryReading | null {
  const value = header === null ? null : headers.get(header);
  if (value === null) return null;
  const serverDate = headers.get('Date');
  const next = parseSessionExpires(value, receivedAt, serverDate);
  const outcome = older ? 'older' : next === undefined ? 'malformed' : next <= receivedAt ? 'passed' : 'taken';
  if (process.env.NODE_ENV !== 'production') warnIgnored(header!, value, outcome);
  // The skew an HTTP-date was corrected by: delta-seconds need none.
  const skew = next === undefined || /^\d+$/.test(value.trim()) ? null : (clockSkew(receivedAt, serverDate) ?? null);
  return { value, expiry: next ?? null, skew, outcome };
}

/** Says in development why an expiry header was not taken (an older request's is not news). */
function warnIgnored(header: string, value: string, outcome: ExpiryReading['outcome']) {
  if (outcome === 'malformed') warnInDevelopment(`Ignored a malformed ${header} header: ${JSON.stringify(value)}. Expected delta-seconds or an HTTP-date.`);
  // The server answered, so its session was there; an expired one answers 440 (or isExpired).
  if (outcome === 'passed') warnInDevelopment(`Ignored a ${header} header that had already passed when it arrived: ${JSON.stringify(value)}.`);
}

/**
 * The keepalive's rule (hard-limit.ts): whether the server kept its expiry through a keepalive
 * (`before`: the expiry when it was sent; `after`: now), given the session's `span` (raw: below 0
 * while unknown) and the verdict so far.
 */
type KeptThroughKeepalive = (before: KnownExpiry, after: KnownExpiry, span: number, hardLimit: boolean, now: number) => boolean;

/**
 * The tracker of one tab's server expiry. `header`: the response header that carries it (`null`:
 * none is read); `running`: whether the session is on (`active` or `warning`) right now.
 */
export function createServerExpiry(header: string | null, now: () => number, running: () => boolean): ServerExpiry {
  let expiry = Infinity;
  let sentAt = -Infinity; // when the request that set `expiry` was sent
  let afterEnd = false; // learned while the session had ended (the sign-in's answer)
  let hardLimit = false;
  let span = -Infinity; // the longest time left an expiry had when learned; -Infinity: none yet
  let reading: ExpiryReading | null = null;

  function adopt(next: number, nextSentAt: number) {
    if (next > expiry + EXPIRY_TOLERANCE) hardLimit = false;
    expiry = next;
    sentAt = nextSentAt;
    span = Math.max(span, next - now()); // the time left as it was learned: about the server's timeout
    afterEnd = !running();
  }

  return {
    get expiry() {
      return expiry;
    },
    get sentAt() {
      return sentAt;
    },
    get hardLimit() {
      return hardLimit;
    },
    get span() {
      return span < 0 ? Infinity : span;
    },
    get reading() {
      return reading;
    },
    learn(headers, requestSentAt) {
      reading = readExpiryHeader(header, headers, now(), requestSentAt < sentAt);
      if (reading?.outcome !== 'taken') return undefined;
      adopt(reading.expiry!, requestSentAt);
      return reading.expiry!;
    },
    take(next, nextSentAt) {
      if (nextSentAt < sentAt || next === expiry) return false;
      adopt(next, nextSentAt);
      return true;
    },
    current: () => ({ expiry, sentAt }),
    pastHalf: (at) => !hardLimit && expiry - at < span / 2 - EXPIRY_TOLERANCE,
    afterKeepalive(before, kept) {
      const capped = kept(before, { expiry, sentAt }, span, hardLimit, now());
      if (capped === hardLimit) return false;
      hardLimit = capped;
      return true;
    },
    newSession(endedAt) {
      hardLimit = false;
      // Only an expiry learned since the old session ended, from a request sent after it ended
      // (the sign-in), belongs to the new one. Learned while running: the old session's, whatever
      // the timestamps say after a clock was set back. Sent in the moment it ended: the old one's.
      if (!afterEnd || sentAt <= endedAt) {
        expiry = Infinity;
        sentAt = -Infinity;
      }
      if (!Number.isFinite(expiry)) span = -Infinity; // else the sign-in's answer (and those before it) stand
    },
    known: () => (Number.isFinite(expiry) ? { expiry, sentAt } : null),
  };
}
