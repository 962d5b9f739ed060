/**
 * The fetch layer: `session.fetch` and `session.park`. A response that says the session is gone
 * parks its request in the replay line (replay-line.ts); after the re-login it is built again from
 * its original parts, refreshed by `prepareReplay` and sent with a bounded wait.
 *
 * `createCall` reads one call of `session.fetch` and sends its attempts, `replayCall` sends a
 * parked one again, `parkRetry` is `session.park`; `createFetchLayer` puts them in one line.
 */
import { createDeadline, orderOf } from './clock.ts';
import { SessionExpiredError, warnOnce } from './errors.ts';
import { isSameOrigin, pathOf } from './inspect.ts';
import type { Kernel } from './kernel-api.ts';
import { keepaliveUrlOf } from './keepalive.ts';
import { isUnfollowedRedirect, type ResolvedOptions } from './options.ts';
import { createReplayLine, isTimeout } from './replay-line.ts';

export interface SessionRequestInit extends Omit<RequestInit, 'signal'> {
  /**
   * As fetch's. `undefined` is taken too: clients that pass their own `fetch` an explicit
   * `signal: undefined` (tRPC's links) type-check under `exactOptionalPropertyTypes`.
   */
  signal?: AbortSignal | null | undefined;
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

/** A replay's bounded wait: then it is aborted and rejected with `replayTimeout`. */
function replayDeadline(config: ResolvedOptions, request: Request | undefined) {
  return createDeadline(
    config.clock,
    config.replayTimeout,
    process.env.NODE_ENV !== 'production' ? 'The replay did not answer within replayTimeout.' : 'replay',
    (cause) => new SessionExpiredError('replayTimeout', { request, cause }),
  );
}

/** The keepalive URL as configured now, absolute; `undefined` without one. */
function keepaliveHref(config: ResolvedOptions): string | undefined {
  const url = keepaliveUrlOf(config.keepalive);
  if (url === undefined) return undefined;
  try {
    return new URL(url, globalThis.location?.href).href;
  } catch {
    return undefined;
  }
}

/** Default `shouldPark`: same origin (any request where there is no page origin), not the keepalive. */
function parksByDefault(config: ResolvedOptions, request: Request): boolean {
  return request.url !== keepaliveHref(config) && (isSameOrigin(request.url) ?? true);
}

/** In development only (the caller checks): a write answered by a redirect was taken for the session's end, but may have succeeded. */
const warnRedirectedWrite = (kernel: Kernel, method: string) =>
  warnOnce(
    kernel,
    'redirectedWrite',
    `A ${method} was answered with a redirect and taken for the session's end (redirectMeansExpired: true sees every redirect, not where it goes). ` +
      "If it was a successful write answered by post/redirect/get, its replay would send it twice: name the login page instead, e.g. redirectMeansExpired: '/accounts/login/'.",
  );

const expiredError = (request: Request, reason: 'signedOut' | 'notReplayable' | 'replayDisabled') =>
  new SessionExpiredError(reason, { request, replayable: reason !== 'notReplayable' });

/**
 * One call of `session.fetch`: the request as it was given (each attempt is built anew from it),
 * how to send an attempt, and why, having met an expired response, it cannot wait for a replay.
 */
function createCall(
  kernel: Kernel,
  config: ResolvedOptions,
  shouldPark: (request: Request) => boolean,
  order: number,
  input: RequestInfo | URL,
  init: SessionRequestInit,
) {
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
  const request = inMode(first);
  const user = kernel.user();
  let sent = false;
  let sentSignedOut = false; // sent while nobody was signed in: it belongs to no session to replay in

  return {
    order,
    /** Who made it: it is never replayed as someone else. */
    user,
    /** The first attempt: what errors and `inspect` name. */
    request,
    /** An expired response may park it (`park` not false, and `shouldPark` takes it). */
    parkable,
    /** `replay: false`: an expired response rejects it instead. */
    replay,
    /** The caller's own signal: aborting it while parked rejects the request. */
    signal: requestInit.signal ?? null,
    /** A new attempt, for a replay. */
    build: () => inMode(asGiven()),
    /** Sends one attempt; `expired`: its answer says the session is gone. */
    async send(attempt: Request): Promise<{ response: Response; expired: boolean }> {
      const epoch = kernel.epochs.current();
      const sentAt = orderOf(config.clock);
      sent = true;
      sentSignedOut = kernel.state().status === 'signedOut';
      const response = await config.fetch()(attempt);
      const redirectSeen = manual && isUnfollowedRedirect(response);
      if (process.env.NODE_ENV !== 'production' && redirectSeen && attempt.method !== 'GET' && attempt.method !== 'HEAD') {
        warnRedirectedWrite(kernel, attempt.method);
      }
      // An answer to a request sent before a sign-in speaks of the old session, even in the same millisecond.
      const expired = await kernel.read(response, sentAt, () => epoch === kernel.epochs.current(), 'fetch', attempt.method, redirectSeen);
      return { response, expired };
    },
    /** Why this request, having met an expired response, cannot wait for a replay; or nothing. */
    refusal() {
      if (kernel.state().status === 'signedOut' || sentSignedOut) return expiredError(request, 'signedOut');
      if (streamed && sent) return expiredError(request, 'notReplayable');
      if (!replay) return expiredError(request, 'replayDisabled');
      return undefined;
    },
  };
}
type FetchCall = ReturnType<typeof createCall>;

/**
 * A parked call's replay after the re-login: a new attempt, refreshed by `prepareReplay` and sent
 * within the replay deadline. 'again': it met the expired session again and goes back in line.
 */
async function replayCall(
  config: ResolvedOptions,
  call: FetchCall,
  resolve: (response: Response) => void,
  reject: (error: unknown) => void,
): Promise<'settled' | 'again'> {
  const own = call.signal;
  // A client timeout that ran out while parked was for the wait on the network before;
  // the replay deadline bounds this wait instead.
  const deadline = replayDeadline(config, call.request);
  const both = eitherSignal(own && !(own.aborted && isTimeout(own.reason)) ? own : null, deadline.signal);
  try {
    const prepared = config.prepareReplay ? await deadline.race(Promise.resolve(config.prepareReplay(call.build()))) : call.build();
    const { response, expired } = await deadline.race(call.send(new Request(prepared, { signal: both.signal })));
    const refused = expired && call.refusal();
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
}

type ReplayLine = ReturnType<typeof createReplayLine>;

/**
 * `session.park`: parks a retry of a request that met an expired response, for clients other than
 * fetch (axios, ky): `retry` runs after the re-login, in line with the parked fetch requests. Call
 * `handleResponse` first so the session knows it expired.
 */
function parkRetry<T>(
  kernel: Kernel,
  config: ResolvedOptions,
  line: ReplayLine,
  order: number,
  retry: (request: Request | undefined) => Promise<T>,
  options: ParkOptions = {},
): Promise<T> {
  const { request } = options;
  if (kernel.state().status === 'signedOut') return Promise.reject(new SessionExpiredError('signedOut', { request }));
  if (options.replay === false) return Promise.reject(new SessionExpiredError('replayDisabled', { request }));
  return new Promise<T>((resolve, reject) => {
    line.park({
      order,
      user: kernel.user(),
      request,
      signal: null,
      reject,
      async replay() {
        const deadline = replayDeadline(config, request);
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

/** The fetch layer of one session; `parkedChanged` hears how many requests wait (for the snapshot). */
export function createFetchLayer(kernel: Kernel, config: ResolvedOptions, parkedChanged: (count: number) => void) {
  const line = createReplayLine(kernel, parkedChanged);
  const shouldPark = config.shouldPark ?? ((request: Request) => parksByDefault(config, request));
  let calls = 0; // fetch and park calls alike: replays go in their order

  /** Waits in line for the re-login; the replay's answer, or a typed rejection, settles it. */
  const waitForReplay = (call: FetchCall) =>
    new Promise<Response>((resolve, reject) => {
      line.park({
        order: call.order,
        user: call.user,
        request: call.request,
        signal: call.signal,
        reject,
        replay: () => replayCall(config, call, resolve, reject),
      });
    });

  /** Sends the request, or parks it when it met an expired session, or would only meet one. */
  async function sessionFetch(input: RequestInfo | URL, init: SessionRequestInit = {}): Promise<Response> {
    const call = createCall(kernel, config, shouldPark, calls++, input, init);
    const status = kernel.state().status;
    // Not sent while expired, behind a replay, or while a silent refresh runs (it waits for its outcome).
    if (call.parkable && (status === 'expired' || line.replaying() || kernel.renewing())) {
      if (status === 'expired' && !call.replay) throw expiredError(call.request, 'replayDisabled');
      return waitForReplay(call); // not sent now: it would only meet the expired session
    }
    const { response, expired } = await call.send(call.request);
    if (!expired || !call.parkable) return response;
    const refused = call.refusal();
    if (refused) {
      kernel.tell({ type: 'request', phase: 'rejected', method: call.request.method, path: pathOf(call.request.url), reason: refused.reason });
      throw refused;
    }
    return waitForReplay(call);
  }

  return {
    fetch: sessionFetch,
    park: <T>(retry: (request: Request | undefined) => Promise<T>, options?: ParkOptions) => parkRetry(kernel, config, line, calls++, retry, options),
    replayAll: line.replayAll,
    statusChanged: line.statusChanged,
    stopped: line.sever,
  };
}
