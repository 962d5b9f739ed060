/**
 * The fetch layer: `session.fetch` and `session.park`. A response that says the session is gone
 * parks its request in the replay line (replay-line.ts); after the re-login it is built again from
 * its original parts, refreshed by `prepareReplay` and sent with a bounded wait.
 */
import { createDeadline, orderOf, type Clock } from './clock.ts';
import { SessionExpiredError, warnOnce } from './errors.ts';
import { isSameOrigin, pathOf } from './inspect.ts';
import { keepaliveUrlOf } from './keepalive.ts';
import { isUnfollowedRedirect, type ResolvedOptions } from './options.ts';
import { createReplayLine, isTimeout, type LineHost } from './replay-line.ts';

export interface SessionRequestInit extends RequestInit {
  /**
   * `false`: an expired response is returned as it is, never parked. For the app's own sign-in
   * call, which must not wait for itself.
   * @default true
   */
  park?: boolean;
  /**
   * `false`: an expired response rejects with `SessionExpiredError` instead of waiting for a
   * replay, and a request made while expired is not sent. For polling, which would pile up.
   * @default true
   */
  replay?: boolean;
}

export interface ParkOptions {
  /** `false`: reject with `SessionExpiredError` instead of waiting for the re-login. */
  replay?: boolean;
  /**
   * The request as it was sent: `prepareReplay` refreshes it before the retry, which gets the
   * result; also `SessionExpiredError.request`.
   */
  request?: Request;
}

/** What the fetch layer needs from its session (the line's needs, and these). */
export interface FetchHost extends LineHost {
  readonly config: ResolvedOptions;
  readonly clock: Clock;
  /** Counts re-logins: a request carries the epoch it was sent in. */
  epoch(): number;
  /** Reads status and expiry header (`redirectSeen`: a login redirect it asked to see); true when the response says the session is gone. */
  read(response: Response, sentAt: number, epoch: number, method: string, redirectSeen: boolean): boolean;
}

/** Aborts when either signal does, with its reason. */
function eitherSignal(a: AbortSignal | null, b: AbortSignal): { signal: AbortSignal; release(): void } {
  if (a === null) return { signal: b, release() {} };
  const controller = new AbortController();
  const onA = () => controller.abort(a.reason);
  const onB = () => controller.abort(b.reason);
  if (a.aborted) onA();
  else if (b.aborted) onB();
  a.addEventListener('abort', onA);
  b.addEventListener('abort', onB);
  return {
    signal: controller.signal,
    release() {
      a.removeEventListener('abort', onA);
      b.removeEventListener('abort', onB);
    },
  };
}

export function createFetchLayer(host: FetchHost) {
  const { config, clock } = host;
  const line = createReplayLine(host);
  let calls = 0;

  /** A replay's bounded wait: then it is aborted and rejected with `replayTimeout`. */
  const replayDeadline = (request: Request | undefined) =>
    createDeadline(
      clock,
      config.replayTimeout,
      process.env.NODE_ENV !== 'production' ? 'The replay did not answer within replayTimeout.' : 'replay',
      (cause) => new SessionExpiredError('replayTimeout', { request, cause }),
    );

  const keepaliveUrl = () => {
    const url = keepaliveUrlOf(config.keepalive);
    if (url === undefined) return undefined;
    try {
      return new URL(url, globalThis.location?.href).href;
    } catch {
      return undefined;
    }
  };

  /** Default `shouldPark`: same origin (any request where there is no page origin), not the keepalive. */
  function parksByDefault(request: Request): boolean {
    return request.url !== keepaliveUrl() && (isSameOrigin(request.url) ?? true);
  }
  const shouldPark = config.shouldPark ?? parksByDefault;

  async function sessionFetch(input: RequestInfo | URL, init: SessionRequestInit = {}): Promise<Response> {
    const order = calls++;
    const { park: parks = true, replay = true, ...requestInit } = init;
    const streamed = typeof ReadableStream !== 'undefined' && requestInit.body instanceof ReadableStream;
    // A Request's body is read when sent: keep an unread copy to build each attempt from.
    const source = input instanceof Request ? input.clone() : input;
    const asGiven = () => new Request(source instanceof Request ? source.clone() : source, requestInit);
    const first = asGiven();
    const parkable = parks && shouldPark(first);
    // redirectMeansExpired: a login redirect is seen, not followed (unless the caller chose a mode).
    const manual = config.redirectMeansExpired && parkable && requestInit.redirect === undefined && !(input instanceof Request && input.redirect !== 'follow');
    const inMode = (attempt: Request) => (manual ? new Request(attempt, { redirect: 'manual' }) : attempt);
    const build = () => inMode(asGiven());
    const request = inMode(first);
    const user = host.user();
    let sent = false;
    let sentSignedOut = false; // sent while nobody was signed in: it belongs to no session to replay in

    const expiredError = (reason: 'signedOut' | 'notReplayable' | 'replayDisabled') =>
      new SessionExpiredError(reason, { request, replayable: reason !== 'notReplayable' });

    async function send(attempt: Request): Promise<{ response: Response; expired: boolean }> {
      const epoch = host.epoch();
      const sentAt = orderOf(clock);
      sent = true;
      sentSignedOut = host.state().status === 'signedOut';
      const response = await config.fetch()(attempt);
      const redirectSeen = manual && isUnfollowedRedirect(response);
      if (process.env.NODE_ENV !== 'production' && redirectSeen && attempt.method !== 'GET' && attempt.method !== 'HEAD') {
        warnOnce(
          host,
          'redirectedWrite',
          `A ${attempt.method} was answered with a redirect and taken for the session's end (redirectMeansExpired: true sees every redirect, not where it goes). ` +
            "If it was a successful write answered by post/redirect/get, its replay would send it twice: name the login page instead, e.g. redirectMeansExpired: '/accounts/login/'.",
        );
      }
      return { response, expired: host.read(response, sentAt, epoch, attempt.method, redirectSeen) };
    }

    /** Why this request, having met an expired response, cannot wait for a replay; or nothing. */
    function refusal() {
      if (host.state().status === 'signedOut' || sentSignedOut) return expiredError('signedOut');
      if (streamed && sent) return expiredError('notReplayable');
      if (!replay) return expiredError('replayDisabled');
      return undefined;
    }

    const waitForReplay = () =>
      new Promise<Response>((resolve, reject) => {
        line.park({
          order,
          user,
          request,
          signal: requestInit.signal ?? null,
          reject,
          async replay() {
            const own = requestInit.signal ?? null;
            // A client timeout that ran out while parked was for the wait on the network before;
            // the replay deadline bounds this wait instead.
            const deadline = replayDeadline(request);
            const both = eitherSignal(own && !(own.aborted && isTimeout(own.reason)) ? own : null, deadline.signal);
            try {
              const prepared = config.prepareReplay ? await deadline.race(Promise.resolve(config.prepareReplay(build()))) : build();
              const { response, expired } = await deadline.race(send(new Request(prepared, { signal: both.signal })));
              const refused = expired && refusal();
              if (!expired) resolve(response);
              else if (refused) reject(refused);
              else return 'again';
            } catch (error) {
              reject(error);
            } finally {
              deadline.clear();
              both.release();
            }
            return 'settled';
          },
        });
      });

    const status = host.state().status;
    if (parkable && (status === 'expired' || line.replaying() || host.held())) {
      if (status === 'expired' && !replay) throw expiredError('replayDisabled');
      return waitForReplay(); // not sent now: it would only meet the expired session
    }
    const { response, expired } = await send(request);
    if (!expired || !parkable) return response;
    const refused = refusal();
    if (refused) {
      host.tell({ type: 'request', phase: 'rejected', method: request.method, path: pathOf(request.url), reason: refused.reason });
      throw refused;
    }
    return waitForReplay();
  }

  /**
   * Parks a retry of a request that met an expired response, for clients other than fetch (axios,
   * ky): `retry` runs after the re-login, in line with the parked fetch requests. Call
   * `handleResponse` first so the session knows it expired.
   */
  function parkRetry<T>(retry: (request: Request | undefined) => Promise<T>, options: ParkOptions = {}): Promise<T> {
    const order = calls++;
    const { request } = options;
    if (host.state().status === 'signedOut') return Promise.reject(new SessionExpiredError('signedOut', { request }));
    if (options.replay === false) return Promise.reject(new SessionExpiredError('replayDisabled', { request }));
    return new Promise<T>((resolve, reject) => {
      line.park({
        order,
        user: host.user(),
        request,
        signal: null,
        reject,
        async replay() {
          const deadline = replayDeadline(request);
          const prepare = async () => (request && config.prepareReplay ? config.prepareReplay(request.clone()) : request);
          const outcome = deadline.race(prepare().then(retry));
          outcome.then(resolve, reject).finally(deadline.clear);
          // The retry goes through the client again and may park itself again: wait for its
          // answer, the deadline or the session's end, whichever comes first, so the line never
          // waits on itself.
          const { severed, done } = line.untilSevered();
          await Promise.race([outcome.catch(() => {}), severed]);
          done();
          return 'settled';
        },
      });
    });
  }

  return { fetch: sessionFetch, park: parkRetry, replayAll: line.replayAll, statusChanged: line.statusChanged, stopped: line.sever };
}
