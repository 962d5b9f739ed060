/** The keepalive: one ping to the server, and the policy of when a background ping is due. */
import { createDeadline, orderOf, type Clock, type Deadline } from './clock.ts';
import { warnInDevelopment } from './errors.ts';

/**
 * The keepalive's POST, when it needs more than a URL: credentials for another origin, headers
 * (a CSRF token, read at each ping when given as a function).
 */
export interface KeepaliveRequest {
  /** The URL to POST to: http(s), absolute or relative to the page. */
  url: string;
  /**
   * `'include'` for a keepalive on another origin (its server must allow it with CORS).
   * @default 'same-origin'
   */
  credentials?: RequestCredentials;
  /** Headers sent with each ping; a function is called at each ping, so a token read from a cookie or a meta tag is fresh. */
  headers?: HeadersInit | (() => HeadersInit);
}

/** A URL to POST to, the same with credentials and headers, or a function that pings the server and returns its response. */
export type KeepaliveTarget = string | KeepaliveRequest | ((signal: AbortSignal) => Promise<Response>);

/** The URL a keepalive POSTs to, as given (none for the function form). */
export function keepaliveUrlOf(target: KeepaliveTarget | null): string | undefined {
  if (typeof target === 'string') return target;
  return target !== null && typeof target === 'object' ? target.url : undefined;
}

/** What a ping came back with: the response and when it was sent (`orderOf`), or nothing (network error). */
type PingOutcome = { response: Response; sentAt: number } | { response: null; error: unknown };

export interface Keepalive {
  /**
   * Whether a background ping is due now: configured, none in flight, and the interval passed or
   * the server session is `pastHalf` its span (so a session shorter than two intervals, and one
   * that renews only past half its timeout, are renewed in time).
   */
  isDue(now: number, pastHalf: boolean): boolean;
  /** The server saw this browser at `time` (a ping or a response that moved its expiry). */
  noteContact(time: number): void;
  /** Pings now; a ping unanswered after `timeout` ms is aborted and counts as a network error. */
  ping(timeout: number): Promise<PingOutcome>;
  /** Abort a ping in flight (the session stopped). */
  abort(): void;
}

/** A fetch `Response`, or one from another realm or a polyfill: what the session reads of it is there. */
function isResponse(value: unknown): value is Response {
  if (typeof Response === 'function' && value instanceof Response) return true;
  const answer = value as Partial<Response> | null | undefined;
  return typeof answer?.status === 'number' && typeof answer.ok === 'boolean' && typeof answer.headers?.get === 'function';
}

/**
 * The ping policy: at most one ping per interval, and only when asked from an activity, so the
 * server's sliding expiry follows a person who works without making requests, and an idle
 * person's session is not kept alive.
 */
export function createKeepalive(
  settings: { readonly keepalive: KeepaliveTarget | null; readonly keepaliveInterval: number }, // read at each use: `configure` changes them
  clock: Clock,
  baseFetch: () => typeof fetch,
): Keepalive {
  let lastContact = -Infinity; // the session notes the page load itself as contact when it begins
  let inFlight: Deadline | null = null;

  async function send(signal: AbortSignal): Promise<Response> {
    const target = settings.keepalive!;
    if (typeof target !== 'function') {
      const { url, credentials = 'same-origin', headers } = typeof target === 'string' ? { url: target } : target;
      let sent: HeadersInit | undefined;
      if (process.env.NODE_ENV !== 'production') {
        try {
          sent = typeof headers === 'function' ? headers() : headers;
        } catch (error) {
          warnInDevelopment('The keepalive headers function threw; this ping counts as offline.', error);
          throw error;
        }
      } else {
        sent = typeof headers === 'function' ? headers() : headers;
      }
      return baseFetch()(url, { method: 'POST', credentials, cache: 'no-store', headers: sent, signal });
    }
    const answer: unknown = await target(signal);
    if (isResponse(answer)) return answer;
    if (process.env.NODE_ENV !== 'production') {
      warnInDevelopment(
        'The keepalive function must return a Promise<Response> (a fetch Response, not an axios response or undefined); this ping counts as offline.',
        answer,
      );
    }
    throw new TypeError(process.env.NODE_ENV !== 'production' ? 'The keepalive function did not return a Response.' : 'keepalive');
  }

  return {
    isDue: (now, pastHalf) => settings.keepalive !== null && inFlight === null && (pastHalf || now - lastContact >= settings.keepaliveInterval),
    noteContact(time) {
      lastContact = Math.max(lastContact, time);
    },
    async ping(timeout) {
      const deadline = createDeadline(clock, timeout, process.env.NODE_ENV !== 'production' ? 'The keepalive did not answer in time.' : 'keepalive');
      inFlight = deadline;
      const sentAt = orderOf(clock);
      lastContact = clock.now();
      try {
        return { response: await deadline.race(send(deadline.signal)), sentAt };
      } catch (error) {
        return { response: null, error };
      } finally {
        deadline.clear();
        if (inFlight === deadline) inFlight = null;
      }
    },
    abort() {
      inFlight?.abort();
      inFlight = null;
    },
  };
}
