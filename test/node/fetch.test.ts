// session.fetch against a real HTTP server on 127.0.0.1: what the server receives is the truth.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { SessionExpiredError, createSession, type SessionOptions } from '../../src/core/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => server.reset());

function newSession(options: SessionOptions = {}) {
  const session = createSession({ crossTab: false, clock: createTestClock(), idleTimeout: 60 * 60_000, ...options });
  const statuses: string[] = [];
  session.subscribe(() => {
    const { status } = session.getSnapshot();
    if (statuses.at(-1) !== status) statuses.push(status);
  });
  return { session, statuses };
}

const api = (path: string) => `${server.url}${path}`;
const post = (body: BodyInit, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', body, headers });

/** What the person does in the re-login modal: sign in (never parked), then resume. */
async function signInAgain(session: ReturnType<typeof createSession>, user?: string) {
  const response = await session.fetch(api('/login'), { method: 'POST', park: false, body: user ?? 'ada' });
  expect(response.status).toBe(200);
  await session.resume(user === undefined ? {} : { user });
}

const parkedCount = (session: ReturnType<typeof createSession>, count: number) =>
  vi.waitFor(() => expect(session.getSnapshot().parked).toBe(count), { timeout: 5000, interval: 5 });

describe('when the server session has ended', () => {
  it('parks a JSON write refused with 440, and replays it exactly once after the person signs in again', async () => {
    const { session, statuses } = newSession();
    server.expire();
    const saving = session.fetch(api('/api/orders'), post(JSON.stringify({ item: 'tea', qty: 2 }), { 'Content-Type': 'application/json' }));
    await parkedCount(session, 1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
    expect(server.accepted).toEqual([]);

    await signInAgain(session);
    const response = await saving;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'POST', path: '/api/orders', body: '{"item":"tea","qty":2}' });
    expect(server.accepted.map((r) => [r.method, r.path, r.contentType, r.body])).toEqual([
      ['POST', '/api/orders', 'application/json', '{"item":"tea","qty":2}'],
    ]);
    expect(statuses).toEqual(['expired', 'active']);
    expect(session.getSnapshot().parked).toBe(0);
  });

  it('replays JSON, FormData, Blob, text, URLSearchParams and ArrayBuffer bodies as they were, in the order they were made', async () => {
    const { session } = newSession();
    server.expire();
    const form = new FormData();
    form.append('title', 'Quarterly report');
    form.append('file', new Blob(['%PDF-1.7 fake'], { type: 'application/pdf' }), 'report.pdf');
    const requests = [
      session.fetch(api('/api/1-json'), post(JSON.stringify({ a: 1 }), { 'Content-Type': 'application/json' })),
      session.fetch(api('/api/2-form'), post(form)),
      session.fetch(api('/api/3-blob'), post(new Blob(['binary-ish'], { type: 'application/octet-stream' }))),
      session.fetch(api('/api/4-text'), post('plain words')),
      session.fetch(api('/api/5-params'), post(new URLSearchParams({ q: 'tea & cake' }))),
      session.fetch(api('/api/6-buffer'), post(new TextEncoder().encode('bytes').buffer)),
    ];
    await parkedCount(session, 6);
    await signInAgain(session);
    expect((await Promise.all(requests)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);

    const received = server.accepted;
    expect(received.map((r) => r.path)).toEqual(['/api/1-json', '/api/2-form', '/api/3-blob', '/api/4-text', '/api/5-params', '/api/6-buffer']);
    const [json, multipart, blob, text, params, buffer] = received;
    expect(json!.body).toBe('{"a":1}');
    expect(multipart!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart!.body).toContain('name="title"\r\n\r\nQuarterly report');
    expect(multipart!.body).toContain('filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 fake');
    expect([blob!.contentType, blob!.body]).toEqual(['application/octet-stream', 'binary-ish']);
    expect([text!.contentType, text!.body]).toEqual(['text/plain;charset=UTF-8', 'plain words']);
    expect([params!.contentType, params!.body]).toEqual(['application/x-www-form-urlencoded;charset=UTF-8', 'q=tea+%26+cake']);
    expect(buffer!.body).toBe('bytes');
  });

  it('replays a Request object with its body', async () => {
    const { session } = newSession();
    server.expire();
    const saving = session.fetch(new Request(api('/api/request'), { method: 'PUT', body: 'from a Request' }));
    await parkedCount(session, 1);
    await signInAgain(session);
    expect((await saving).status).toBe(200);
    expect(server.accepted.map((r) => [r.method, r.body])).toEqual([['PUT', 'from a Request']]);
  });

  it('survives a storm: 100 refused requests give one expiry, and 100 replays in order without duplicates', async () => {
    const { session, statuses } = newSession();
    server.expire();
    const all = Array.from({ length: 100 }, (_, i) => session.fetch(api(`/api/items/${i}`), post(String(i))));
    await parkedCount(session, 100);
    expect(statuses).toEqual(['expired']);
    await signInAgain(session);
    const responses = await Promise.all(all);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(server.accepted.map((r) => r.body)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    expect(statuses).toEqual(['expired', 'active']);
  });

  it('parks requests made while expired without sending them', async () => {
    const { session } = newSession();
    server.expire();
    const first = session.fetch(api('/api/first'));
    await parkedCount(session, 1);
    const hits = server.hits.length;
    const later = [session.fetch(api('/api/second')), session.fetch(api('/api/third'), post('3'))];
    await parkedCount(session, 3);
    expect(server.hits).toHaveLength(hits);
    await signInAgain(session);
    await Promise.all([first, ...later]);
    expect(server.accepted.map((r) => r.path)).toEqual(['/api/first', '/api/second', '/api/third']);
  });

  it('lets new requests made during the replay wait behind it', async () => {
    const { session } = newSession();
    server.expire();
    const slow = session.fetch(api('/api/slow?delay=150'), post('slow'));
    const next = session.fetch(api('/api/next'), post('next'));
    await parkedCount(session, 2);
    await session.fetch(api('/login'), { method: 'POST', park: false });
    const replay = session.resume();
    const during = session.fetch(api('/api/during'), post('during'));
    await Promise.all([replay, slow, next, during]);
    expect(server.accepted.map((r) => r.body)).toEqual(['slow', 'next', 'during']);
  });

  it('parks again, rather than looping, when a replay meets the expired session again', async () => {
    const { session, statuses } = newSession();
    server.expire();
    const saving = session.fetch(api('/api/retry'), post('once'));
    await parkedCount(session, 1);
    await session.resume(); // the app resumed, but the server still says the session is gone
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 1 });
    expect(server.hits.filter((r) => r.path === '/api/retry')).toHaveLength(2);
    await signInAgain(session);
    expect((await saving).status).toBe(200);
    expect(server.accepted.filter((r) => r.path === '/api/retry')).toHaveLength(1);
    expect(statuses).toEqual(['expired', 'active', 'expired', 'active']);
  });
});

describe('what is never parked, and what is rejected', () => {
  it('returns the 440 to a sign-in call made with { park: false }', async () => {
    const { session } = newSession();
    server.expire();
    const response = await session.fetch(api('/api/whoami'), { park: false });
    expect(response.status).toBe(440);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 0 });
  });

  it('rejects polling made with { replay: false } instead of piling it up, and does not send it while expired', async () => {
    const { session } = newSession();
    server.expire();
    const poll = session.fetch(api('/api/poll'), { replay: false });
    await expect(poll).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'replayDisabled', replayable: true });
    const hits = server.hits.length;
    await expect(session.fetch(api('/api/poll'), { replay: false })).rejects.toBeInstanceOf(SessionExpiredError);
    expect(server.hits).toHaveLength(hits);
    expect(session.getSnapshot().parked).toBe(0);
  });

  it('rejects every parked request with SessionExpiredError when the person signs out', async () => {
    const { session } = newSession();
    server.expire();
    const parked = [session.fetch(api('/api/a'), post('a')), session.fetch(api('/api/b'), post('b'))];
    await parkedCount(session, 2);
    await session.signOut();
    for (const [index, request] of parked.entries()) {
      const error = await request.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionExpiredError);
      expect(error).toMatchObject({ name: 'SessionExpiredError', reason: 'signedOut', replayable: true });
      expect((error as SessionExpiredError).request?.url).toBe(api(`/api/${'ab'[index]}`));
    }
    expect(session.getSnapshot().parked).toBe(0);
    expect(server.accepted).toEqual([]);
  });

  it('rejects a request with a streamed body that meets the expired session: it cannot be sent twice', async () => {
    const { session } = newSession();
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('streamed upload'));
          controller.close();
        },
      });
    const ok = await session.fetch(api('/api/upload'), { method: 'POST', body: stream(), duplex: 'half' } as RequestInit);
    expect(ok.status).toBe(200);
    server.expire();
    const refused = session.fetch(api('/api/upload'), { method: 'POST', body: stream(), duplex: 'half' } as RequestInit);
    await expect(refused).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'notReplayable', replayable: false });
    expect(server.accepted.map((r) => r.body)).toEqual(['streamed upload']);
  });

  it('never replays as someone else: a different user signing in gets the parked requests rejected', async () => {
    const { session } = newSession({ user: 'ada' });
    server.expire();
    const ada = session.fetch(api('/api/ada-private'), post('ada'));
    await parkedCount(session, 1);
    await signInAgain(session, 'bob');
    await expect(ada).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'userChanged' });
    expect(server.accepted).toEqual([]);

    server.expire();
    const bob = session.fetch(api('/api/bob'), post('bob'));
    await parkedCount(session, 1);
    await signInAgain(session, 'bob');
    expect((await bob).status).toBe(200);
  });

  it('passes network errors through unchanged: being offline is not expiry', async () => {
    const { session } = newSession();
    await expect(session.fetch('http://127.0.0.1:9/unreachable')).rejects.toThrow(TypeError);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
  });

  it('does not park the keepalive ping', async () => {
    const { session } = newSession({ keepalive: api('/keepalive') });
    server.expire();
    const response = await session.fetch(api('/keepalive'), { method: 'POST' });
    expect(response.status).toBe(440);
    expect(session.getSnapshot().parked).toBe(0);
  });
});

describe('abort signals', () => {
  it('removes an aborted parked request from the line and rejects it with the abort reason', async () => {
    const { session } = newSession();
    server.expire();
    const controller = new AbortController();
    const saving = session.fetch(api('/api/cancelled'), { ...post('x'), signal: controller.signal });
    const kept = session.fetch(api('/api/kept'), post('y'));
    await parkedCount(session, 2);
    controller.abort();
    await expect(saving).rejects.toMatchObject({ name: 'AbortError' });
    expect(session.getSnapshot().parked).toBe(1);
    await signInAgain(session);
    await kept;
    expect(server.accepted.map((r) => r.path)).toEqual(['/api/kept']);
  });

  it('does not let a client timeout kill a request that waits for a re-login slower than the timeout', async () => {
    const { session } = newSession();
    server.expire();
    const saving = session.fetch(api('/api/slow-login'), { ...post('kept'), signal: AbortSignal.timeout(100) });
    await parkedCount(session, 1);
    await new Promise((resolve) => setTimeout(resolve, 250)); // the person is still typing their password
    await signInAgain(session);
    expect((await saving).status).toBe(200);
    expect(server.accepted.map((r) => r.body)).toContain('kept');
  });
});

describe('epochs: late answers', () => {
  it('replays a 440 that answers a request sent before the latest re-login, instead of expiring the new session', async () => {
    const { session, statuses } = newSession();
    server.expire();
    const late = session.fetch(api('/api/late?hold=late'), post('late')); // refused, but the answer is slow
    const quick = session.fetch(api('/api/quick'), post('quick'));
    await parkedCount(session, 1);
    await signInAgain(session);
    await quick;
    server.release('late'); // its 440 arrives only now, after the re-login
    expect((await late).status).toBe(200);
    expect(statuses).toEqual(['expired', 'active']);
    expect(server.accepted.map((r) => r.body)).toEqual(['quick', 'late']);
  });

  it('rejects a 440 that arrives after sign-out, and leaves the session signed out', async () => {
    const { session, statuses } = newSession();
    server.expire();
    const late = session.fetch(api('/api/late?hold=late'), post('late'));
    await vi.waitFor(() => expect(server.hits.map((r) => r.path)).toContain('/api/late?hold=late'));
    await session.signOut();
    server.release('late');
    await expect(late).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'signedOut' });
    expect(statuses).toEqual(['signedOut']);
  });
});

describe('the server expiry and the IIS login redirect', () => {
  it('moves the deadline with the Session-Expires header of each response', async () => {
    const { session } = newSession();
    server.expiresIn = 300;
    const before = session.getDeadline();
    await session.fetch(api('/api/ping'));
    expect(session.getDeadline()).toBeLessThan(before);
    expect(session.getDeadline()).toBe(createTestClock().now() + 300_000);
  });

  it('parks a request that forms authentication redirected to the login page (followed to a 200)', async () => {
    const isExpired = (response: Response) => response.redirected && new URL(response.url).pathname === '/Account/Login';
    const { session } = newSession({ isExpired });
    server.expire();
    server.style = 'redirect';
    const saving = session.fetch(api('/api/iis'), post('iis'));
    await parkedCount(session, 1);
    expect(session.getSnapshot().reason).toBe('response');
    await signInAgain(session);
    const response = await saving;
    expect(response.redirected).toBe(false);
    expect(await response.json()).toMatchObject({ path: '/api/iis', body: 'iis' });
  });

  it('with redirectMeansExpired, parks a request the gateway answers with a 302 to its login page, and replays it once after the re-login', async () => {
    const { session, statuses } = newSession({ redirectMeansExpired: true });
    server.expire();
    server.style = 'redirect';
    const saving = session.fetch(api('/api/sso'), post('sso'));
    await parkedCount(session, 1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
    expect(server.hits.map((r) => r.path)).toEqual(['/api/sso']); // the login page was never fetched

    await signInAgain(session);
    const response = await saving;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'POST', path: '/api/sso', body: 'sso' });
    expect(server.accepted.map((r) => r.body)).toEqual(['sso']);
    expect(statuses).toEqual(['expired', 'active']);
  });

  it('without redirectMeansExpired, follows the 302 and returns the login page, as fetch does', async () => {
    const { session } = newSession();
    server.expire();
    server.style = 'redirect';
    const response = await session.fetch(api('/api/sso'), post('sso'));
    expect([response.status, response.redirected, new URL(response.url).pathname]).toEqual([200, true, '/Account/Login']);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
  });

  it('with redirectMeansExpired, leaves alone what would not park: the keepalive URL, a sign-in call and a caller who chose to follow', async () => {
    const { session } = newSession({ redirectMeansExpired: true, keepalive: api('/keepalive') });
    server.expire();
    server.style = 'redirect';
    const answers = [
      await session.fetch(api('/keepalive'), { method: 'POST' }),
      await session.fetch(api('/api/whoami'), { park: false }),
      await session.fetch(api('/api/follow'), { redirect: 'follow' }),
    ];
    expect(answers.map((r) => [r.status, new URL(r.url).pathname])).toEqual(Array(3).fill([200, '/Account/Login']));
    expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
  });

  it('with redirectMeansExpired naming the login page, a successful POST answered by a redirect is an ordinary answer, processed once', async () => {
    const { session, statuses } = newSession({ redirectMeansExpired: '/Account/Login' });
    const response = await session.fetch(api('/api/prg'), post('order'));
    expect([response.status, response.redirected, new URL(response.url).pathname]).toEqual([200, true, '/orders/1/']);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
    expect(server.accepted.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual(['order']);
    expect(statuses).toEqual([]);
  });

  it('with redirectMeansExpired naming the login page, parks a request redirected there, and replays it once after the re-login', async () => {
    const { session, statuses } = newSession({ redirectMeansExpired: ['/accounts/login/', '/Account/Login'] });
    server.expire();
    server.style = 'redirect';
    const saving = session.fetch(api('/api/save'), post('invoice'));
    await parkedCount(session, 1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
    await signInAgain(session);
    const response = await saving;
    expect(await response.json()).toEqual({ method: 'POST', path: '/api/save', body: 'invoice' });
    expect(server.accepted.map((r) => r.body)).toEqual(['invoice']);
    expect(statuses).toEqual(['expired', 'active']);
  });

  it('with a predicate, takes only the redirects it names for the login page', async () => {
    const { session } = newSession({ redirectMeansExpired: (url) => url.pathname.toLowerCase().startsWith('/account/login') });
    const ordered = await session.fetch(api('/api/prg'), post('order'));
    expect(new URL(ordered.url).pathname).toBe('/orders/1/');
    server.expire();
    server.style = 'redirect';
    void session.fetch(api('/api/save'), post('invoice'));
    await parkedCount(session, 1);
  });

  it('with redirectMeansExpired: true, warns in development that a redirected POST is taken for the end, and how to name the login page', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { session } = newSession({ redirectMeansExpired: true });
    void session.fetch(api('/api/prg'), post('order'));
    await parkedCount(session, 1);
    const redirected = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('answered with a redirect'));
    expect(redirected).toEqual([expect.stringMatching(/POST .*post\/redirect\/get.*redirectMeansExpired: '\/accounts\/login\/'/)]);
    warn.mockRestore();
  });

  it('with redirectMeansExpired, does not take a redirect the app hands to handleResponse (axios, ky) for expiry', async () => {
    const { session } = newSession({ redirectMeansExpired: true });
    expect(session.handleResponse(new Response(null, { status: 302, headers: { Location: '/Account/Login' } }))).toBe(false);
    expect(session.getSnapshot()).toMatchObject({ status: 'active' });
  });
});

describe('prepareReplay', () => {
  it('refreshes a header on each parked request before it is sent again', async () => {
    let token = 'old-token';
    const { session } = newSession({
      prepareReplay: (request) => {
        const headers = new Headers(request.headers);
        headers.set('X-CSRF-Token', token);
        return new Request(request, { headers });
      },
    });
    server.expire();
    const saving = session.fetch(api('/api/csrf'), { ...post('x'), headers: { 'X-CSRF-Token': token } });
    await parkedCount(session, 1);
    token = 'fresh-token';
    await signInAgain(session);
    await saving;
    expect(server.hits.filter((r) => r.path === '/api/csrf').map((r) => r.headers['x-csrf-token'])).toEqual(['old-token', 'fresh-token']);
  });
});
