/**
 * ky hooks that keep a person's work across an expired session. Parking happens in
 * `afterResponse`, outside ky's `timeout` (10 s by default), so a request waits for a re-login
 * of any length; the replay is sent with plain fetch (no ky timeout, no ky retry) after the re-login.
 *
 *   const api = ky.create({ prefixUrl: '/api', hooks: sessionHooks(session) });
 */
import type { AfterResponseHook, BeforeRequestHook } from 'ky';

import type { Session } from '../core/index.ts';

export interface SessionHooksOptions {
  /** Which requests park; default: all. Return false for the app's own sign-in call. */
  shouldPark?: (request: Request) => boolean;
  /** The fetch that sends replays: pass the one given to ky's `fetch` option, if any. */
  fetch?: typeof fetch;
}

export function sessionHooks(
  session: Session,
  { shouldPark = () => true, fetch: send = (input, init) => globalThis.fetch(input, init) }: SessionHooksOptions = {},
): { beforeRequest: BeforeRequestHook[]; afterResponse: AfterResponseHook[] } {
  const sentAt = new WeakMap<object, number>();

  const beforeRequest: BeforeRequestHook = async (request, options) => {
    // Made while expired: wait in line for the re-login before sending (outside the timeout).
    if (session.getSnapshot().status === 'expired' && shouldPark(request)) await session.park(async () => {}, { request });
    sentAt.set(options, session.clock.now());
  };

  const afterResponse: AfterResponseHook = (request, options, response) => {
    if (!session.handleResponse(response, sentAt.get(options)) || !shouldPark(request)) return;
    const replay = async (): Promise<Response> => {
      const answer = await send(request.clone());
      return session.handleResponse(answer) ? session.park(replay, { request }) : answer;
    };
    return session.park(replay, { request });
  };

  return { beforeRequest: [beforeRequest], afterResponse: [afterResponse] };
}
