// The axios interceptor and the ky hooks, with the real libraries against the loopback server.
import axios, { type AxiosInstance } from 'axios';
import ky from 'ky';
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

// Real clock: the server's delays are real (never started: no timers).
const newSession = (options: SessionOptions = {}) => createSession({ crossTab: false, idleTimeout: 60 * 60_000, ...options });

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
const parkedCount = (session: ReturnType<typeof createSession>, count: number) =>
  vi.waitFor(() => expect(session.getSnapshot().parked).toBe(count), { timeout: 5000, interval: 5 });
/**
 * A client timeout the first 440 answer beats even on a busy machine, and that a re-login (the
 * pause) outlasts.
 */
const CLIENT_TIMEOUT = 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signInAgain(session: ReturnType<typeof createSession>) {
  await session.fetch(`${server.url}/login`, { method: 'POST', park: false });
  await session.resume();
}

describe('axios with attachSession', () => {
  function client(timeout = 0) {
    const session = newSession();
    const instance = axios.create({ baseURL: server.url, timeout });
    const detach = attachSession(instance, session);
    return { session, instance, detach };
  }

  it('parks writes refused with 440 and replays each once, in order, after the re-login', async () => {
    const { session, instance } = client();
    server.expire();
    const first = instance.post('/api/first', { n: 1 });
    const second = instance.post('/api/second', { n: 2 });
    await parkedCount(session, 2);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
    await signInAgain(session);
    const responses = await Promise.all([first, second]);
    expect(responses.map((r) => [r.status, r.data.path])).toEqual([
      [200, '/api/first'],
      [200, '/api/second'],
    ]);
    expect(server.accepted.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('keeps a parked request alive through a re-login slower than the axios timeout', async () => {
    const { session, instance } = client(CLIENT_TIMEOUT);
    server.expire();
    const saving = instance.put('/api/draft', { text: 'long form' });
    await parkedCount(session, 1);
    await pause(CLIENT_TIMEOUT + 500);
    await signInAgain(session);
    expect((await saving).status).toBe(200);
    expect(server.accepted.map((r) => r.body)).toEqual(['{"text":"long form"}']);
  });

  it('does not send requests made while expired until the re-login', async () => {
    const { session, instance } = client();
    server.expire();
    const first = instance.get('/api/a');
    await parkedCount(session, 1);
    const hits = server.hits.length;
    const later = instance.get('/api/b');
    await parkedCount(session, 2);
    expect(server.hits).toHaveLength(hits);
    await signInAgain(session);
    await Promise.all([first, later]);
    expect(server.accepted.map((r) => r.path)).toEqual(['/api/a', '/api/b']);
  });

  it('rejects parked requests with SessionExpiredError on sign-out', async () => {
    const { session, instance } = client();
    server.expire();
    const saving = instance.post('/api/x', 'x');
    await parkedCount(session, 1);
    await session.signOut();
    await expect(saving).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('lets network errors and its own timeouts through: they are not expiry', async () => {
    const { session, instance } = client(50);
    await expect(instance.get('/api/slow?delay=300')).rejects.toMatchObject({ code: 'ECONNABORTED' });
    await expect(instance.get('http://127.0.0.1:9/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
    // The server finishes the abandoned request later: let it, so it lands in this test's log only.
    await vi.waitFor(() => expect(server.accepted.map((r) => r.path)).toEqual(['/api/slow?delay=300']), { timeout: 5000 });
  });

  it('reads Session-Expires from axios responses', async () => {
    const { session, instance } = client();
    server.expiresIn = 120;
    await instance.get('/api/hello');
    expect(session.getDeadline()).toBeLessThanOrEqual(Date.now() + 120_000);
    expect(session.getDeadline()).toBeGreaterThan(Date.now() + 110_000);
  });

  /** A save the expired server refuses; the person signs in again, and the server's token changes. */
  async function saveAcrossReLogin(session: ReturnType<typeof createSession>, instance: AxiosInstance, token: { current: string }) {
    server.expire();
    const saving = instance.post('/api/save', { n: 1 });
    await parkedCount(session, 1);
    token.current = 'token-of-the-new-session';
    await signInAgain(session);
    return saving;
  }

  it("replays with the new session's CSRF token set by the instance's own request interceptor", async () => {
    const { token, sentWith } = csrf();
    const { session, instance } = client();
    instance.interceptors.request.use((config) => {
      config.headers.set('X-CSRF', token.current);
      return config;
    });
    expect((await saveAcrossReLogin(session, instance, token)).status).toBe(200);
    expect(sentWith()).toEqual(['token-of-the-new-session']);
  });

  it("replays through the session's prepareReplay", async () => {
    const { token, sentWith, prepareReplay } = csrf();
    const session = newSession({ prepareReplay });
    const instance = axios.create({ baseURL: server.url, headers: { 'X-CSRF': token.current } });
    attachSession(instance, session);
    expect((await saveAcrossReLogin(session, instance, token)).status).toBe(200);
    expect(sentWith()).toEqual(['token-of-the-new-session']);
    expect(server.accepted.map((r) => r.body)).toEqual(['{"n":1}']);
  });

  it('detaches cleanly', async () => {
    const { session, instance, detach } = client();
    detach();
    server.expire();
    await expect(instance.get('/api/a')).rejects.toMatchObject({ response: { status: 440 } });
    expect(session.getSnapshot().status).toBe('active');
  });
});

describe('ky with sessionHooks', () => {
  function client(timeout = 10_000) {
    const session = newSession();
    const api = ky.create({ prefixUrl: server.url, timeout, retry: 0, hooks: sessionHooks(session) });
    return { session, api };
  }

  it('parks writes refused with 440 and replays each once, in order, after the re-login', async () => {
    const { session, api } = client();
    server.expire();
    const first = api.post('api/first', { json: { n: 1 } }).json();
    const second = api.post('api/second', { body: 'plain' }).json();
    await parkedCount(session, 2);
    await signInAgain(session);
    expect(await Promise.all([first, second])).toEqual([
      { method: 'POST', path: '/api/first', body: '{"n":1}' },
      { method: 'POST', path: '/api/second', body: 'plain' },
    ]);
    expect(server.accepted.map((r) => r.body)).toEqual(['{"n":1}', 'plain']);
  });

  it("keeps a parked request alive through a re-login slower than ky's timeout", async () => {
    const { session, api } = client(CLIENT_TIMEOUT);
    server.expire();
    const saving = api.put('api/draft', { json: { text: 'long form' } }).json();
    await parkedCount(session, 1);
    await pause(CLIENT_TIMEOUT + 500);
    await signInAgain(session);
    expect(await saving).toMatchObject({ path: '/api/draft', body: '{"text":"long form"}' });
  });

  it('does not send requests made while expired until the re-login', async () => {
    const { session, api } = client();
    server.expire();
    const first = api.get('api/a').json();
    await parkedCount(session, 1);
    const hits = server.hits.length;
    const later = api.get('api/b').json();
    await parkedCount(session, 2);
    expect(server.hits).toHaveLength(hits);
    await signInAgain(session);
    await Promise.all([first, later]);
    expect(server.accepted.map((r) => r.path)).toEqual(['/api/a', '/api/b']);
  });

  it("replays through the instance's own beforeRequest hooks, with the new session's CSRF token", async () => {
    const { token, sentWith } = csrf();
    const session = newSession();
    const api = withSession(
      ky.create({ prefixUrl: server.url, retry: 0, hooks: { beforeRequest: [(request) => request.headers.set('X-CSRF', token.current)] } }),
      session,
    );
    server.expire();
    const saving = api.post('api/save', { json: { n: 1 } }).json();
    await parkedCount(session, 1);
    const waiting = api.post('api/later', { json: { n: 2 } }).json(); // made while expired: sent after the re-login
    await parkedCount(session, 2);
    token.current = 'token-of-the-new-session';
    await signInAgain(session);
    await Promise.all([saving, waiting]);
    expect(sentWith()).toEqual(['token-of-the-new-session', 'token-of-the-new-session']);
    expect(server.accepted.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}']);
  });

  it.each([
    ['sessionHooks', (session: ReturnType<typeof createSession>, headers: Record<string, string>) => ky.create({ prefixUrl: server.url, retry: 0, headers, hooks: sessionHooks(session) })],
    ['withSession', (session: ReturnType<typeof createSession>, headers: Record<string, string>) => withSession(ky.create({ prefixUrl: server.url, retry: 0, headers }), session)],
  ])("replays through the session's prepareReplay (%s)", async (_, make) => {
    const { token, sentWith, prepareReplay } = csrf();
    const session = newSession({ prepareReplay });
    const api = make(session, { 'X-CSRF': token.current });
    server.expire();
    const saving = api.post('api/save', { json: { n: 1 } }).json();
    await parkedCount(session, 1);
    token.current = 'token-of-the-new-session';
    await signInAgain(session);
    await saving;
    expect(sentWith()).toEqual(['token-of-the-new-session']);
  });

  it('rejects parked requests with SessionExpiredError on sign-out', async () => {
    const { session, api } = client();
    server.expire();
    const saving = api.post('api/x', { body: 'x' });
    await parkedCount(session, 1);
    await session.signOut();
    await expect(saving).rejects.toBeInstanceOf(SessionExpiredError);
  });
});
