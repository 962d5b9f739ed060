import { afterEach, describe, expect, it, vi } from 'vitest';

import { createSession, SessionExpiredError, type Session, type SessionOptions } from '../../src/core/index.ts';
import { createMemoryTabs, createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

afterEach(() => {
  stopStartedSessions();
  vi.restoreAllMocks();
});

const api = (path: string) => `${location.origin}${path}`;

/** A refresh the test answers: `succeed()`, `fail()`, or a value. */
function pendingRefresh() {
  const calls: Array<{ resolve(value: boolean | { user?: string }): void; reject(error: unknown): void }> = [];
  const refresh = vi.fn(() => new Promise<boolean | { user?: string }>((resolve, reject) => calls.push({ resolve, reject })));
  return { refresh, calls, last: () => calls.at(-1)! };
}

/**
 * A server whose session the test ends: while `gone`, every request but the refresh gets 440. It
 * records what reached it (method and path).
 */
function server() {
  const state = { gone: false, received: [] as string[] };
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    state.received.push(`${request.method} ${new URL(request.url).pathname}`);
    return state.gone ? respond(440) : respond(200, { 'Content-Type': 'text/plain' });
  });
  return { state, fetch };
}

describe('refresh: silent renewal when the server says the session is gone', () => {
  it('renews on a 440 while the person works: the request is replayed and succeeds, and no re-login opens', async () => {
    const { refresh, last } = pendingRefresh();
    const backend = server();
    const { session, statuses } = startSession({ refresh, fetch: backend.fetch, user: 'ada' });
    backend.state.gone = true;

    const saved = session.fetch(api('/api/expenses'), { method: 'POST', body: 'lunch' });
    await settle();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 1 }); // held, not expired

    backend.state.gone = false; // the refresh token bought a new server session
    last().resolve(true);
    await expect(saved).resolves.toMatchObject({ status: 200 });
    expect(backend.state.received).toEqual(['POST /api/expenses', 'POST /api/expenses']);
    expect(statuses()).not.toContain('expired');
    expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
  });

  it('shares one refresh among 440s that arrive together, and holds requests made meanwhile', async () => {
    const { refresh, last } = pendingRefresh();
    const backend = server();
    const { session } = startSession({ refresh, fetch: backend.fetch });
    backend.state.gone = true;
    const first = [session.fetch(api('/api/a')), session.fetch(api('/api/b')), session.fetch(api('/api/c'))];
    await settle();
    const madeDuringRefresh = session.fetch(api('/api/d'));
    await settle();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(backend.state.received).toEqual(['GET /api/a', 'GET /api/b', 'GET /api/c']); // d waits, it would only meet the 440

    backend.state.gone = false;
    last().resolve({});
    await expect(Promise.all([...first, madeDuringRefresh])).resolves.toHaveLength(4);
    expect(backend.state.received.slice(3)).toEqual(['GET /api/a', 'GET /api/b', 'GET /api/c', 'GET /api/d']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['resolves false', (call: ReturnType<typeof pendingRefresh>['calls'][number]) => call.resolve(false)],
    ['rejects', (call: ReturnType<typeof pendingRefresh>['calls'][number]) => call.reject(new Error('refresh token expired'))],
  ])('shows the re-login as before when the refresh %s, and keeps the request for it', async (_, answer) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { refresh, last } = pendingRefresh();
    const backend = server();
    const { session } = startSession({ refresh, fetch: backend.fetch });
    backend.state.gone = true;
    const saved = session.fetch(api('/api/expenses'), { method: 'POST', body: 'lunch' });
    await settle();
    answer(last());
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response', parked: 1 });

    backend.state.gone = false;
    await session.resume(); // the person signed in again in the re-login
    await expect(saved).resolves.toMatchObject({ status: 200 });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('renews when the server expiry passes while the person is active', async () => {
    const { refresh, last } = pendingRefresh();
    const { clock, session, startedAt } = startSession({ refresh, idleTimeout: 30 * MINUTE, warningBefore: MINUTE });
    session.handleResponse(respond(200, { 'Session-Expires': '300' })); // the server session ends in 5 minutes
    for (let second = 0; second < 5 * 60; second += 30) {
      clock.advance(30 * SECOND);
      session.reportActivity();
    }
    await settle();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot().status).not.toBe('expired');

    last().resolve(true);
    await settle();
    expect(session.getSnapshot().status).toBe('active');
    // The idle deadline binds again: 30 minutes after the last activity before the warning opened.
    expect(session.getDeadline()).toBe(startedAt + 210 * SECOND + 30 * MINUTE);
  });

  it('"Stay signed in" whose keepalive meets a 440 keeps the person in once the refresh renews: the warning closes, no second press', async () => {
    const { refresh, last } = pendingRefresh();
    const backend = server();
    const { clock, session, startedAt } = startSession({ refresh, fetch: backend.fetch, keepalive: api('/api/keepalive') });
    clock.advance(9 * MINUTE + 10 * SECOND); // the warning is open
    expect(session.getSnapshot().status).toBe('warning');
    backend.state.gone = true; // the server session ended meanwhile

    const stay = session.extend();
    await settle();
    expect(refresh).toHaveBeenCalledTimes(1); // the keepalive's 440 starts the renewal
    backend.state.gone = false;
    last().resolve(true);

    await expect(stay).resolves.toBe('extended');
    expect(session.getSnapshot().status).toBe('active');
    expect(session.getDeadline()).toBe(startedAt + 9 * MINUTE + 10 * SECOND + 10 * MINUTE); // the idle time counts from the press
  });

  it('"Stay signed in" whose keepalive meets a 440 reports expired when the refresh fails, and the re-login opens', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { refresh, last } = pendingRefresh();
    const backend = server();
    const { clock, session } = startSession({ refresh, fetch: backend.fetch, keepalive: api('/api/keepalive') });
    clock.advance(9 * MINUTE + 10 * SECOND);
    backend.state.gone = true;

    const stay = session.extend();
    await settle();
    last().resolve(false);

    await expect(stay).resolves.toBe('expired');
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
  });

  it('never renews an idle expiry: an idle person must sign in', async () => {
    const { refresh } = pendingRefresh();
    const { clock, session } = startSession({ refresh });
    clock.advance(10 * MINUTE);
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('opens the re-login when the server still says 440 right after a successful refresh, instead of refreshing in a loop', async () => {
    const refresh = vi.fn(async () => true); // says yes, but the server does not agree
    const backend = server();
    const { session } = startSession({ refresh, fetch: backend.fetch });
    backend.state.gone = true;
    const saved = session.fetch(api('/api/expenses'));
    await settle();
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response', parked: 1 });
    expect(refresh).toHaveBeenCalledTimes(1);
    backend.state.gone = false;
    await session.resume();
    await expect(saved).resolves.toMatchObject({ status: 200 });
  });

  it('renews again later in the new session, once a request proved the refresh worked', async () => {
    const backend = server();
    const refresh = vi.fn(async () => {
      backend.state.gone = false; // a new server session
      return true;
    });
    const { session } = startSession({ refresh, fetch: backend.fetch });
    for (let time = 0; time < 2; time++) {
      backend.state.gone = true;
      await expect(session.fetch(api('/api/expenses'))).resolves.toMatchObject({ status: 200 });
    }
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('never replays a request as someone else: a refresh that signs in another user rejects it', async () => {
    const { refresh, last } = pendingRefresh();
    const backend = server();
    const { session } = startSession({ refresh, fetch: backend.fetch, user: 'ada' });
    backend.state.gone = true;
    const saved = session.fetch(api('/api/expenses'), { method: 'POST', body: 'lunch' });
    await settle();
    backend.state.gone = false;
    last().resolve({ user: 'grace' });
    await expect(saved).rejects.toMatchObject({ reason: 'userChanged' });
    expect(backend.state.received).toEqual(['POST /api/expenses']);
  });

  it('counts a refresh that never answers as failed after replayTimeout', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { refresh } = pendingRefresh();
    const backend = server();
    const { clock, session } = startSession({ refresh, fetch: backend.fetch, replayTimeout: 10 * SECOND });
    backend.state.gone = true;
    void session.fetch(api('/api/expenses')).catch(() => {});
    await settle();
    clock.advance(10 * SECOND);
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
    expect(refresh.mock.calls[0]).toHaveLength(1);
    expect((refresh.mock.calls[0] as unknown as [AbortSignal])[0].aborted).toBe(true); // told to give up
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('The refresh option failed'), expect.anything());
  });

  it('rejects a request still parked when the person signs out during the refresh', async () => {
    const { refresh, last } = pendingRefresh();
    const backend = server();
    const { session } = startSession({ refresh, fetch: backend.fetch });
    backend.state.gone = true;
    const saved = session.fetch(api('/api/expenses'));
    await settle();
    await session.signOut();
    last().resolve(true);
    await expect(saved).rejects.toBeInstanceOf(SessionExpiredError);
    expect(session.getSnapshot().status).toBe('signedOut'); // a late success signs no one back in
  });

  it('refreshes once for all tabs: a tab whose 440 came while another refreshed replays after it', async () => {
    const clock = createTestClock();
    const tabs = createMemoryTabs();
    const refresh = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      backend.state.gone = false;
      return true;
    });
    const backend = server();
    const options: SessionOptions = { clock, crossTab: tabs.transport, activityEvents: [], refresh, fetch: backend.fetch };
    const pages: Session[] = [createSession(options), createSession(options)];
    for (const page of pages) page.start();
    try {
      backend.state.gone = true;
      const answers = pages.map((page, index) => page.fetch(api(`/api/tab-${index}`)));
      await expect(Promise.all(answers)).resolves.toHaveLength(2);
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(pages.map((page) => page.getSnapshot().status)).toEqual(['active', 'active']);
    } finally {
      for (const page of pages) page.stop();
    }
  });

  it('rejects anything but a function with a TypeError naming the option', () => {
    expect(() => createSession({ refresh: '/auth/refresh' as never })).toThrow(/option "refresh" must be a function, got "\/auth\/refresh"/);
  });
});
