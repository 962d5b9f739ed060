import type { Clock } from './clock.ts';

/** A URL to POST to, or a function that pings the server and returns its response. */
export type KeepaliveTarget = string | ((signal: AbortSignal) => Promise<Response>);

/** What a ping came back with: the response and when it was sent, or nothing (network error). */
export type PingOutcome = { response: Response; sentAt: number } | { response: null; error: unknown };

export interface Keepalive {
  /** Whether a background ping is due now: configured, none in flight, interval passed. */
  isDue(now: number): boolean;
  /** The server saw this browser at `time` (a ping or a response that moved its expiry). */
  noteContact(time: number): void;
  ping(): Promise<PingOutcome>;
  /** Abort a ping in flight (the session stopped). */
  abort(): void;
}

/**
 * The ping policy: at most one ping per interval, and only when asked from an activity, so the
 * server's sliding expiry follows a person who works without making requests, and an idle
 * person's session is not kept alive.
 */
export function createKeepalive(
  target: KeepaliveTarget | null,
  interval: number,
  clock: Clock,
  baseFetch: () => typeof fetch,
): Keepalive {
  let lastContact = clock.now(); // the page itself was just served: that was contact
  let inFlight: AbortController | null = null;

  async function send(signal: AbortSignal): Promise<Response> {
    if (typeof target === 'function') return target(signal);
    return baseFetch()(target!, { method: 'POST', credentials: 'same-origin', cache: 'no-store', signal });
  }

  return {
    isDue: (now) => target !== null && inFlight === null && now - lastContact >= interval,
    noteContact(time) {
      lastContact = Math.max(lastContact, time);
    },
    async ping() {
      const controller = new AbortController();
      inFlight = controller;
      const sentAt = clock.now();
      lastContact = sentAt;
      try {
        return { response: await send(controller.signal), sentAt };
      } catch (error) {
        return { response: null, error };
      } finally {
        if (inFlight === controller) inFlight = null;
      }
    },
    abort() {
      inFlight?.abort();
      inFlight = null;
    },
  };
}
