/**
 * Next.js (App Router, 15 and 16) with a session. Next's client router sends a Server Action as a
 * `POST` with a `Next-Action` header and a navigation as a `GET` with `RSC: 1`, both through the
 * page's `fetch`, looked up when it sends. `connectNextRouter(session)` puts itself in front of
 * that `fetch` for Next's own requests: one that meets an expired session (440, or what the
 * session's `expiredStatuses` / `isExpired` say) is parked, the re-login opens over the page, and
 * after the sign-in it is sent once more, as it was (the action's arguments are its body), and
 * its answer goes to Next: the action's own promise resolves, the navigation completes. Every
 * other request passes through untouched.
 *
 * Prefetches (`RSC: 1` with `Next-Router-Prefetch`) park too: Next 15 keeps a refused prefetch as
 * "load this page in full", and the click on its link would then reload the page onto the 440.
 * Parked, the prefetch is answered after the sign-in, and the link navigates in place. (The
 * middleware cannot leave prefetches alone instead: Next takes its `RSC` headers off the request
 * before a middleware sees it.)
 *
 *   connectNextRouter(session); // in the client module that makes the session
 *
 * On the server, `sessionExpired()` is the answer a middleware (`middleware.ts`, `proxy.ts` in
 * Next 16) or a route handler gives when the session is gone.
 *
 * The requests go to the `fetch` that was there when it connected, never back through
 * `session.fetch` (whose own sends read the page's `fetch`, this one): nothing can loop.
 */
import { optionError } from '../core/errors.ts';
import type { KernelSession, ParkingMethods } from '../core/index.ts';

/** What the glue uses of a session: `createSession`'s, or a composed one with `parking`. */
export type NextRouterSession = Pick<KernelSession, 'clock' | 'getSnapshot' | 'handleResponse'> & Pick<ParkingMethods, 'park'>;

/** Next's router sent it: a Server Action (`POST`, `Next-Action`), or a navigation or a prefetch (`RSC: 1`). */
const isNextRequest = (method: string, headers: Headers) => (method.toUpperCase() === 'POST' && headers.has('next-action')) || headers.get('rsc') === '1';

const connected = Symbol.for('react-session-timeout/next');
type Routed = typeof fetch & { [connected]?: typeof fetch };

/**
 * Sends Next's Server Actions and navigations through the session's parking (see above). Call it
 * once, in the browser, where the session is made; on the server it does nothing. Returns the
 * function that puts the page's `fetch` back.
 */
export function connectNextRouter(session: NextRouterSession): () => void {
  if (typeof session?.park !== 'function' || typeof session.handleResponse !== 'function')
    throw optionError('session', process.env.NODE_ENV !== 'production' && 'a session with parking (createSession, or composeSession with parking)', session);
  if (typeof window === 'undefined') return () => {};
  const current: Routed = globalThis.fetch;
  // Connected again (a module run twice, hot reload): in front of the page's fetch, not of itself.
  const original = current[connected] ?? current;

  /** Sends one attempt; an expired answer parks it, and its retry is sent the same way. */
  async function send(request: Request): Promise<Response> {
    const sentAt = session.clock.now();
    const response = await original(request.clone());
    if (!session.handleResponse(response, sentAt)) return response;
    return parked(request);
  }
  // After the re-login: as `prepareReplay` refreshed it, or as it was.
  const parked = (request: Request) => session.park((prepared) => send(prepared ?? request), { request });

  const routed: Routed = (input, init) => {
    // Read from what was given: other requests are not rebuilt (a streamed body could not be).
    const given = input instanceof Request ? input : undefined;
    const method = init?.method ?? given?.method ?? 'GET';
    if (!isNextRequest(method, new Headers(init?.headers ?? given?.headers))) return original(input, init);
    const request = new Request(input, init);
    // Made while expired: not sent now, it would only meet the expired session.
    return session.getSnapshot().status === 'expired' ? parked(request) : send(request);
  };
  routed[connected] = original;
  globalThis.fetch = routed;
  return () => {
    if (globalThis.fetch === routed) globalThis.fetch = original;
  };
}

/**
 * The server's answer when the session is gone, for a middleware (`proxy.ts` in Next 16) or a route
 * handler: 440 Login Timeout, not cached, with `message` as text (what Next shows for a failed
 * Server Action where nothing parks it).
 */
export function sessionExpired(message = 'Your session has expired.'): Response {
  return new Response(message, { status: 440, headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } });
}
