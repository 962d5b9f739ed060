/**
 * A fake server for the model, with cookies. The browser has one cookie jar, shared by every tab,
 * holding a server session id. Each sign-in makes a new server session for its user and puts its
 * id in the jar. A request carries the jar's id at SEND time; it reaches the server after an
 * uplink latency, where the server decides (unknown or dead session: 440; alive: 2xx, perhaps
 * with a `Session-Expires` header) and records what it accepted and as whom; the answer reaches
 * the page after a downlink latency. A hanging request never reaches the server: only its signal
 * ends it. Every latency is a timer on the shared test clock.
 */
import type { ModelClock } from './clock.ts';

export type HeaderPlan =
  | { kind: 'none' }
  | { kind: 'delta' } // valid delta-seconds: the time the session has left (when it has a limit)
  | { kind: 'garbage' } // not a value of the grammar: the server did not mean to say anything
  | { kind: 'past'; seconds: number } // an HTTP-date in the past: the server says its session is over
  | { kind: 'future' }; // an HTTP-date in 2100

interface Latency {
  /** Page to server, ms. */
  up: number;
  /** Server to page, ms. */
  down: number;
}

export interface RequestPlan extends Latency {
  header: HeaderPlan;
  /** 'replay': the first attempt is answered, later ones (replays) hang. */
  hang: 'never' | 'always' | 'replay';
}

export interface KeepalivePlan extends Latency {
  /** The app's keepalive function resolves with something that is not a Response. */
  garbage: boolean;
}

/** A request the server received (reached it, whatever it answered). */
interface Arrival {
  body: string;
  attempt: number;
  status: number;
  /** The user of the session the cookie named, when it was alive. */
  as: string | null;
  at: number;
}

/** A request that renewed a session, and when: the page learns of it when the answer arrives. */
interface Renewal {
  session: ServerSession;
  at: number;
}

interface ServerSession {
  id: number;
  user: string;
  alive: boolean;
  /** Sliding expiry: each request it answers moves its end to now + ttl. */
  ttl: number;
  lastSeen: number;
  /**
   * The latest `lastSeen` an answer that reached the page was given at: a renewal whose answer is
   * still on its way is one no tab can know of yet.
   */
  lastTold: number;
  /** Answers that reached the page while it was alive (each says its time left when announcing). */
  told: number;
  /** Absolute limit, whatever the activity. */
  absoluteEnd: number;
}

/** The server's session policy: a sliding TTL and an absolute limit (Infinity: none). */
export interface ServerPolicy {
  ttl: number;
  absolute: number;
  /**
   * Every 2xx says how long the session has left (delta-seconds), as the design asks of a server
   * that sends the header at all (a keepalive answer without it means "did not move": hardLimit).
   * Such a server sends no garbage or far-future values; one that does not announce may.
   */
  announces: boolean;
  /**
   * The API says an ended session in the body, as a GraphQL server does: 200 and an
   * UNAUTHENTICATED error (the keepalive still answers 440).
   */
  endsInBody?: boolean;
}

/** A GraphQL server's answer to a request whose session ended; it ends the session as a 440 does. */
const unauthenticated = () =>
  new Response(JSON.stringify({ errors: [{ message: 'Session ended', extensions: { code: 'UNAUTHENTICATED' } }], data: null }), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'X-Ends-Session': '1' },
  });

export const endOf = (session: { ttl: number; lastSeen: number; absoluteEnd: number }) => Math.min(session.lastSeen + session.ttl, session.absoluteEnd);
/** The session's end as the answers that reached the page could tell it (invariant 7). */
export const toldEndOf = (session: ServerSession) => Math.min(session.lastTold + session.ttl, session.absoluteEnd);

export interface ServerHooks {
  /** An answer reached the page (status, and whether it ended the session by its header). */
  delivered(status: number, endsSession: boolean): void;
}

const FAR_FUTURE = Date.UTC(2100, 0, 1);
const httpDate = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toUTCString();

export function createFakeServer(clock: ModelClock, policy: ServerPolicy, hooks: ServerHooks) {
  const sessions = new Map<number, ServerSession>();
  let jar: number | null = null;
  let nextId = 1;
  const arrivals: Arrival[] = [];
  const attempts = new Map<string, number>();
  const plans = new Map<string, RequestPlan>();
  let hanging = 0;
  /**
   * The requests on the wire, held until they settle, as a socket holds a real one. Node's
   * `Request` follows the signal it was given through a WeakRef to its own AbortController
   * (nodejs/node#55428; the DOM standard keeps such a signal alive while it has listeners): a
   * request nothing else holds (a hanging one has no timer) is collected at the next garbage
   * collection, and the caller's abort then never reaches `request.signal`: it never settles.
   * Whether a collection came in between depended on the heap, not on the sequence.
   */
  const onTheWire = new Set<Request>();

  /** An answer reached the page: the renewal it carries is known from now on. */
  function told<T>(renewed: Renewal | null, response: T): T {
    if (renewed) {
      renewed.session.lastTold = Math.max(renewed.session.lastTold, renewed.at);
      renewed.session.told++;
    }
    return response;
  }

  const sessionOf = (id: number | null) => (id === null ? undefined : sessions.get(id));
  function alive(id: number | null): ServerSession | undefined {
    const session = sessionOf(id);
    if (!session || !session.alive) return undefined;
    if (clock.serverNow() >= endOf(session)) {
      session.alive = false;
      return undefined;
    }
    return session;
  }
  const kill = (id: number | null) => {
    const session = sessionOf(id);
    if (session) session.alive = false;
  };

  /** The network: up, decide, down; the signal (if any) can end it on the way. */
  function exchange(
    signal: AbortSignal | null,
    up: number | null, // null: never arrives
    down: number,
    decide: () => Response | unknown,
  ): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      let timer: number | null = null;
      const onAbort = () => {
        if (timer !== null) clock.clearTimeout(timer);
        if (up === null) hanging--;
        reject(signal!.reason);
      };
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (up === null) {
        hanging++;
        return;
      }
      timer = clock.setTimeout(() => {
        const answer = decide();
        timer = clock.setTimeout(() => {
          timer = null;
          signal?.removeEventListener('abort', onAbort);
          const status = answer instanceof Response ? answer.status : 0;
          hooks.delivered(status, answer instanceof Response && answer.headers.get('X-Ends-Session') === '1');
          resolve(answer as Response);
        }, down);
      }, up);
    });
  }

  /**
   * Answers an alive session's request (which slides its expiry), with the header the plan asks
   * for; the server keeps the word its headers give.
   */
  function answer(session: ServerSession, status: number, header: HeaderPlan): Response {
    const now = clock.serverNow();
    session.lastSeen = now;
    const headers = new Headers({ Date: httpDate(now) });
    if (header.kind !== 'past') header = { kind: policy.announces ? 'delta' : header.kind === 'delta' ? 'none' : header.kind };
    switch (header.kind) {
      case 'none':
        break;
      case 'delta': {
        const end = endOf(session);
        if (Number.isFinite(end)) headers.set('Session-Expires', String(Math.ceil((end - now) / 1000)));
        break;
      }
      case 'garbage':
        headers.set('Session-Expires', 'soon, maybe');
        break;
      case 'past':
        headers.set('Session-Expires', httpDate(now - header.seconds * 1000));
        headers.set('X-Ends-Session', '1');
        session.alive = false;
        break;
      case 'future':
        // An optimistic header (misconfigured): the session still ends by the policy. A page that
        // believes it ends later than it does meets a 440, which it handles; the other way round
        // (a page told it ends earlier than it does) would be a lie invariant 7 could not judge.
        headers.set('Session-Expires', httpDate(FAR_FUTURE));
        break;
    }
    if (status === 204) return new Response(null, { status, headers });
    // A GraphQL server answers JSON, which the session's isExpired then reads too.
    if (policy.endsInBody) headers.set('Content-Type', 'application/json');
    return new Response(policy.endsInBody ? '{"data":{"ok":true}}' : 'ok', { status, headers });
  }

  return {
    arrivals,
    /** Requests waiting on the hanging endpoint right now. */
    hanging: () => hanging,
    jar: () => jar,
    /** The user signed in in this browser (the jar's session), or null. */
    jarUser: () => alive(jar)?.user ?? null,
    /** The jar's session if it is alive: its end as the server will enforce it. */
    jarSession: () => alive(jar),
    /** A sign-in: a new server session for `user`, its id in the jar. */
    signIn(user: string) {
      const now = clock.serverNow();
      const session: ServerSession = {
        id: nextId++,
        user,
        alive: true,
        ttl: policy.ttl,
        lastSeen: now,
        lastTold: now,
        told: 0,
        absoluteEnd: now + policy.absolute,
      };
      sessions.set(session.id, session);
      jar = session.id;
      return session.id;
    },
    /** Server-side expiry of the jar's session (a store TTL, a restart, a load balancer). */
    expire: () => kill(jar),
    /** The app's sign-out call: the session dies and the cookie is cleared. */
    signOut() {
      kill(jar);
      jar = null;
    },
    /** The plan for the request whose body is `body`. */
    plan(body: string, plan: RequestPlan) {
      plans.set(body, plan);
    },
    /** The base fetch of every tab: session.fetch calls it with a Request. */
    /** `pageOpen`: whether the tab that sent it is still open when the answer arrives (a closed one learns nothing). */
    fetch(input: RequestInfo | URL, init?: RequestInit, pageOpen: () => boolean = () => true): Promise<Response> {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const cookie = jar; // the jar as it is when the request leaves
      const sentAt = clock.now();
      const path = new URL(request.url).pathname;
      onTheWire.add(request);
      const settled = () => onTheWire.delete(request);
      // The body names the request (its plan, its attempt); it is read asynchronously, so the
      // latency is counted from the moment of sending, not from the moment it was read.
      return request.text().then((body) => {
        const attempt = (attempts.get(body) ?? 0) + 1;
        attempts.set(body, attempt);
        const plan = plans.get(body) ?? { up: 50, down: 50, header: { kind: 'none' }, hang: 'never' };
        const hangs = path === '/api/hang' || plan.hang === 'always' || (plan.hang === 'replay' && attempt > 1);
        const up = hangs ? null : Math.max(0, sentAt + plan.up - clock.now());
        let renewed: Renewal | null = null;
        return exchange(request.signal, up, plan.down, () => {
          const session = alive(cookie);
          arrivals.push({ body, attempt, status: session ? 200 : 440, as: session?.user ?? null, at: clock.now() });
          if (!session) return policy.endsInBody ? unauthenticated() : new Response('Login Timeout', { status: 440 });
          renewed = { session, at: clock.serverNow() };
          return answer(session, 200, plan.header);
        }).then(
          (response) => {
            settled();
            return told(pageOpen() ? renewed : null, response);
          },
          (error: unknown) => {
            settled();
            throw error;
          },
        );
      });
    },
    /** The app's keepalive function: `(signal) => server.keepalive(signal, plan)`. */
    keepalive(signal: AbortSignal, plan: KeepalivePlan, onDelivered: (status: number) => void, pageOpen: () => boolean = () => true): Promise<Response> {
      const cookie = jar;
      // `onDelivered` runs before the session reads the answer (it awaits this very promise).
      const delivered = (response: Response) => {
        onDelivered(response instanceof Response ? response.status : 0);
        return response;
      };
      let renewed: Renewal | null = null;
      return exchange(signal, plan.up, plan.down, () => {
        const session = alive(cookie);
        if (plan.garbage) return { ok: true, status: 200 }; // the app's function returns JSON instead of the Response
        if (!session) return new Response('Login Timeout', { status: 440 });
        renewed = { session, at: clock.serverNow() };
        return answer(session, 204, { kind: 'delta' });
      })
        .then((response) => told(pageOpen() ? renewed : null, response))
        .then(delivered);
    },
  };
}

export type FakeServer = ReturnType<typeof createFakeServer>;
