// The axios interceptor and the ky hooks, with the real libraries against the loopback server.
// One suite of what every adapter must do, run for each; then what only one of them has.
import axios from 'axios';
import ky, { type KyInstance } from 'ky';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { attachSession } from '../../src/axios/index.ts';
import { SessionExpiredError, createSession, type SessionOptions } from '../../src/core/index.ts';
import { sessionHooks, withSession } from '../../src/ky/index.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => server.reset());

type Session = ReturnType<typeof createSession>;

// Real clock: the server's delays are real (never started: no timers). Ada signs in again.
const newSession = (options: SessionOptions = {}) => createSession({ crossTab: false, idleTimeout: 60 * 60_000, user: 'ada', ...options });

/** What the test server answers to an API request: the request as it received it. */
interface Echo {
  method: string;
  path: string;
  body: string;
}

/** An app's HTTP client, whichever library: an object body is sent as JSON, a string as it is. */
interface Client {
  get(path: string): Promise<{ status: number; data: Echo }>;
  post(path: string, body: object | string): Promise<{ status: number; data: Echo }>;
  put(path: string, body: object | string): Promise<{ status: number; data: Echo }>;
}

interface ClientOptions {
  /** Where the requests go: the test server unless named. */
  base?: string;
  /** The library's own timeout, in ms (its default when left out). */
  timeout?: number;
  /** Headers the instance sends with every request. */
  headers?: Record<string, string>;
  /** A header the instance's own request hook sets on each request (axios interceptor, ky beforeRequest). */
  header?: () => [name: string, value: string];
}

interface Adapter {
  /** An instance of the library, on the test server, attached to `session`. */
  connect(session: Session, options?: ClientOptions): Client;
  /** A replay goes through the instance again, so its own request hooks run again. */
  replaysThroughInstance: boolean;
  /**
   * A request made while expired goes through the instance's own request hooks in the new
   * session. For axios this was false until the adapter resent such a request through the
   * instance: an interceptor the app adds after attachSession runs before attachSession's (axios
   * runs request interceptors last-added first), so the request waited with the old session's
   * CSRF token.
   */
  ownHooksRunAfterWaiting: boolean;
  /** How the library rejects when its own timeout passes, and when the server cannot be reached. */
  timedOut: object;
  unreachable: object;
}

const body = (value: object | string) => (typeof value === 'string' ? { body: value } : { json: value });

function kyClient(api: KyInstance): Client {
  const answer = async (response: Promise<Response>) => {
    const { status } = await response;
    return { status, data: (await (await response).json()) as Echo };
  };
  return {
    get: (path) => answer(api.get(path)),
    post: (path, value) => answer(api.post(path, body(value))),
    put: (path, value) => answer(api.put(path, body(value))),
  };
}

const kyOptions = ({ base = server.url, timeout, headers }: ClientOptions) => ({
  prefixUrl: base,
  retry: 0,
  ...(timeout === undefined ? {} : { timeout }),
  headers,
});
const kyErrors = { timedOut: { name: 'TimeoutError' }, unreachable: { name: 'TypeError' } };

const adapters: Array<[string, Adapter]> = [
  [
    'axios with attachSession',
    {
      connect(session, { base = server.url, timeout, headers, header } = {}) {
        const instance = axios.create({ baseURL: base, timeout, headers });
        attachSession(instance, session);
        // Added after attachSession, as an app adds its own: axios runs the later one first.
        if (header) {
          instance.interceptors.request.use((config) => {
            config.headers.set(...header());
            return config;
          });
        }
        return {
          get: (path) => instance.get<Echo>(`/${path}`),
          post: (path, value) => instance.post<Echo>(`/${path}`, value),
          put: (path, value) => instance.put<Echo>(`/${path}`, value),
        };
      },
      replaysThroughInstance: true,
      ownHooksRunAfterWaiting: true,
      timedOut: { code: 'ECONNABORTED' },
      unreachable: { code: 'ECONNREFUSED' },
    },
  ],
  [
    'ky with withSession',
    {
      connect(session, options = {}) {
        const { header } = options;
        const beforeRequest = header ? [(request: Request) => request.headers.set(...header())] : [];
        return kyClient(withSession(ky.create({ ...kyOptions(options), hooks: { beforeRequest } }), session));
      },
      replaysThroughInstance: true,
      ownHooksRunAfterWaiting: true,
      ...kyErrors,
    },
  ],
  [
    'ky with sessionHooks (replays with fetch, after prepareReplay)',
    {
      connect(session, options = {}) {
        if (options.header) throw new Error('sessionHooks does not replay through the instance');
        return kyClient(ky.create({ ...kyOptions(options), hooks: sessionHooks(session) }));
      },
      replaysThroughInstance: false,
      ownHooksRunAfterWaiting: false,
      ...kyErrors,
    },
  ],
];

/**
 * A CSRF token that changes with each sign-in, as a server's does: the app's own request hook
 * reads the current one. A replay must carry the token of the session it is sent in.
 */
function csrf() {
  const token = { current: 'token-of-the-old-session' };
  const sentWith = () => server.accepted.map((r) => r.headers['x-csrf']);
  /** `prepareReplay` as an app writes it: the fresh token on a parked request. */
  const prepareReplay = (request: Request) => {
    const headers = new Headers(request.headers);
    headers.set('X-CSRF', token.current);
    return new Request(request, { headers });
  };
  return { token, sentWith, prepareReplay };
}
const parkedCount = (session: Session, count: number) => vi.waitFor(() => expect(session.getSnapshot().parked).toBe(count), { timeout: 5000, interval: 5 });
/**
 * A client timeout the first 440 answer beats even on a busy machine, and that a re-login (the
 * pause) outlasts.
 */
const CLIENT_TIMEOUT = 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signInAgain(session: Session) {
  await session.fetch(`${server.url}/login`, { method: 'POST', park: false });
  await session.resume({ user: 'ada' });
}

describe.each(adapters)('%s', (_, adapter) => {
  function client(options?: ClientOptions) {
    const session = newSession();
    return { session, api: adapter.connect(session, options) };
  }

  it('parks writes refused with 440 and replays each once, in order, after the re-login', async () => {
    const { session, api } = client();
    server.expire();
    const first = api.post('api/first', { n: 1 });
    const second = api.post('api/second', 'plain');
    await parkedCount(session, 2);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
    await signInAgain(session);
    const answers = await Promise.all([first, second]);
    expect(answers.map((r) => [r.status, r.data])).toEqual([
      [200, { method: 'POST', path: '/api/first', body: '{"n":1}' }],
      [200, { method: 'POST', path: '/api/second', body: 'plain' }],
    ]);
    expect(server.accepted.map((r) => r.body)).toEqual(['{"n":1}', 'plain']);
  });

  it("keeps a parked request alive through a re-login slower than the library's timeout", async () => {
    const { session, api } = client({ timeout: CLIENT_TIMEOUT });
    server.expire();
    const saving = api.put('api/draft', { text: 'long form' });
    await parkedCount(session, 1);
    await pause(CLIENT_TIMEOUT + 500);
    await signInAgain(session);
    expect(await saving).toMatchObject({ status: 200, data: { path: '/api/draft', body: '{"text":"long form"}' } });
    expect(server.accepted.map((r) => r.body)).toEqual(['{"text":"long form"}']);
  });

  it('does not send requests made while expired until the re-login', async () => {
    const { session, api } = client();
    server.expire();
    const first = api.get('api/a');
    await parkedCount(session, 1);
    const hits = server.hits.length;
    const later = api.get('api/b');
    await parkedCount(session, 2);
    expect(server.hits).toHaveLength(hits);
    await signInAgain(session);
    await Promise.all([first, later]);
    expect(server.accepted.map((r) => r.path)).toEqual(['/api/a', '/api/b']);
  });

  it('rejects parked requests with SessionExpiredError on sign-out', async () => {
    const { session, api } = client();
    server.expire();
    const saving = api.post('api/x', 'x');
    await parkedCount(session, 1);
    await session.signOut();
    await expect(saving).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('lets network errors and its own timeouts through: they are not expiry', async () => {
    const { session, api } = client({ timeout: 50 });
    await expect(api.get('api/slow?delay=300')).rejects.toMatchObject(adapter.timedOut);
    // Port 9 (discard) on the loopback: nothing listens there.
    const unreachable = adapter.connect(session, { base: 'http://127.0.0.1:9' });
    await expect(unreachable.get('api/a')).rejects.toMatchObject(adapter.unreachable);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
    // The server finishes the abandoned request later: let it, so it lands in this test's log only.
    await vi.waitFor(() => expect(server.accepted.map((r) => r.path)).toEqual(['/api/slow?delay=300']), { timeout: 5000 });
  });

  it('reads Session-Expires from the responses', async () => {
    const { session, api } = client();
    server.expiresIn = 120;
    await api.get('api/hello');
    expect(session.getDeadline()).toBeLessThanOrEqual(Date.now() + 120_000);
    expect(session.getDeadline()).toBeGreaterThan(Date.now() + 110_000);
  });

  it("replays through the session's prepareReplay", async () => {
    const { token, sentWith, prepareReplay } = csrf();
    const session = newSession({ prepareReplay });
    const api = adapter.connect(session, { headers: { 'X-CSRF': token.current } });
    server.expire();
    const saving = api.post('api/save', { n: 1 });
    await parkedCount(session, 1);
    token.current = 'token-of-the-new-session';
    await signInAgain(session);
    expect((await saving).status).toBe(200);
    expect(sentWith()).toEqual(['token-of-the-new-session']);
    expect(server.accepted.map((r) => r.body)).toEqual(['{"n":1}']);
  });

  it.runIf(adapter.replaysThroughInstance)("replays through the instance's own request hook, with the new session's CSRF token", async () => {
    const { token, sentWith } = csrf();
    const { session, api } = client({ header: () => ['X-CSRF', token.current] });
    server.expire();
    const saving = api.post('api/save', { n: 1 });
    await parkedCount(session, 1);
    token.current = 'token-of-the-new-session';
    await signInAgain(session);
    expect((await saving).status).toBe(200);
    expect(sentWith()).toEqual(['token-of-the-new-session']);
  });

  const ownHooksAfterWaiting = !adapter.replaysThroughInstance ? it.skip : adapter.ownHooksRunAfterWaiting ? it : it.fails;
  ownHooksAfterWaiting("sends a request made while expired through the instance's own request hook in the new session", async () => {
    const { token, sentWith } = csrf();
    const { session, api } = client({ header: () => ['X-CSRF', token.current] });
    server.expire();
    const saving = api.post('api/save', { n: 1 });
    await parkedCount(session, 1);
    const waiting = api.post('api/later', { n: 2 }); // made while expired: sent after the re-login
    await parkedCount(session, 2);
    token.current = 'token-of-the-new-session';
    await signInAgain(session);
    await Promise.all([saving, waiting]);
    expect(sentWith()).toEqual(['token-of-the-new-session', 'token-of-the-new-session']);
    expect(server.accepted.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}']);
  });
});

describe('axios with attachSession, detached', () => {
  it('leaves the instance as it was', async () => {
    const session = newSession();
    const instance = axios.create({ baseURL: server.url });
    const detach = attachSession(instance, session);
    detach();
    server.expire();
    await expect(instance.get('/api/a')).rejects.toMatchObject({ response: { status: 440 } });
    expect(session.getSnapshot().status).toBe('active');
  });
});
