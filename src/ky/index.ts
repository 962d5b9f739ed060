/**
 * ky hooks that keep a person's work across an expired session. Parking happens outside ky's
 * `timeout` (10 s by default), so a request waits for a re-login of any length; after it, the
 * request is sent again through the session's `prepareReplay` and, with `withSession`, through
 * the ky instance itself: its own hooks run again (a fresh CSRF or bearer header), with a fresh
 * timeout.
 *
 *   const api = withSession(ky.create({ prefixUrl: '/api', hooks: { beforeRequest: [addCsrf] } }), session);
 */
import type { AfterResponseHook, BeforeRequestHook, KyInstance } from 'ky';

import type { Session } from '../core/index.ts';
import { warnOnce } from '../core/errors.ts';

export interface SessionHooksOptions {
  /** Which requests park; default: all. Return false for the app's own sign-in call. */
  shouldPark?: (request: Request) => boolean;
  /**
   * The instance that sends replays, so its own hooks run again; `withSession` sets it. Without
   * it, replays are sent with `fetch`, after `prepareReplay` only.
   */
  client?: () => KyInstance;
  /** Without `client`: the fetch that sends replays; pass the one given to ky's `fetch` option, if any. */
  fetch?: typeof fetch;
}

/** The headers `after` set or changed, compared with `before`. */
function changedHeaders(before: Request, after: Request): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const [name, value] of after.headers) if (before.headers.get(name) !== value) changed[name] = value;
  return changed;
}

export function sessionHooks(
  session: Session,
  { shouldPark = () => true, client, fetch: send = (input, init) => globalThis.fetch(input, init) }: SessionHooksOptions = {},
): { beforeRequest: BeforeRequestHook[]; afterResponse: AfterResponseHook[] } {
  const sentAt = new WeakMap<object, number>();

  /** Sends `request` again after the re-login, in line with the other parked requests. */
  const replay = (request: Request): Promise<Response> =>
    session.park(
      async (prepared) => {
        const attempt = prepared ?? request.clone();
        // The instance's own headers win over a Request's: pass what prepareReplay changed as options.
        if (client) return client()(attempt, { headers: prepared ? changedHeaders(request, prepared) : {} });
        if (process.env.NODE_ENV !== 'production')
          warnOnce(
            session,
            'kyWithoutClient',
            "sessionHooks replays without the ky instance's own hooks; use withSession(instance, session) so they run again.",
          );
        const answer = await send(attempt);
        return session.handleResponse(answer) ? replay(request) : answer;
      },
      { request },
    );

  const beforeRequest: BeforeRequestHook = (request, options) => {
    // Made while expired: not sent now, it would only meet the expired session. With the instance
    // at hand, the whole request waits and goes through every hook after the re-login.
    if (session.getSnapshot().status === 'expired' && shouldPark(request)) {
      if (client) return replay(request.clone());
      return session.park(async () => {}, { request }).then(() => undefined);
    }
    sentAt.set(options, session.clock.now());
    return undefined;
  };

  const afterResponse: AfterResponseHook = (request, options, response) => {
    if (!session.handleResponse(response, sentAt.get(options)) || !shouldPark(request)) return;
    return replay(request);
  };

  return { beforeRequest: [beforeRequest], afterResponse: [afterResponse] };
}

/**
 * The ky instance with the session's hooks added after its own: a request refused as expired is
 * parked, then sent again through this instance, so every hook of it runs again.
 */
export function withSession(instance: KyInstance, session: Session, options: Omit<SessionHooksOptions, 'client'> = {}): KyInstance {
  const api: KyInstance = instance.extend({ hooks: sessionHooks(session, { ...options, client: () => api }) });
  return api;
}
