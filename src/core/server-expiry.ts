import { warnInDevelopment } from './errors.ts';

/**
 * The server's own expiry, from a response header in the `Retry-After` grammar (RFC 9110 §10.2.3):
 * delta-seconds, or an HTTP-date in any of its three forms.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// obsolete asctime: Sun Nov  6 08:49:37 1994
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** Epoch milliseconds of an HTTP-date, or `undefined` when the text is not one. */
export function parseHttpDate(text: string): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(match[3], match[2], match[1], match[4], match[5], match[6]);
  match = RFC_850.exec(text);
  if (match) return utc(twoDigitYear(match[3]!), match[2], match[1], match[4], match[5], match[6]);
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

// RFC 9110: a two-digit year more than 50 years in the future is in the past century.
function twoDigitYear(yy: string): number {
  const thisYear = new Date().getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + Number(yy);
  if (year > thisYear + 50) year -= 100;
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
  const expires = parseHttpDate(text);
  if (expires === undefined) return undefined;
  const serverNow = serverDate === null ? undefined : parseHttpDate(serverDate.trim());
  if (serverNow === undefined) return expires;
  const skew = receivedAt - serverNow;
  if (Math.abs(skew) > MAX_CLOCK_SKEW) {
    warnInDevelopment(`Ignored a Date header ${JSON.stringify(serverDate)}: it is more than a day away from this clock, so it cannot correct the skew.`);
    return expires;
  }
  return expires + skew;
}

/** A `Date` this far from the browser's clock is a broken header, not a skew worth correcting. */
const MAX_CLOCK_SKEW = 24 * 60 * 60_000;

/**
 * How far two readings of one server expiry may differ: headers carry whole seconds, and each
 * answer takes its own time to arrive.
 */
export const EXPIRY_TOLERANCE = 2000;
