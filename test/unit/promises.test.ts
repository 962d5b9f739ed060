// The README's promises under real conditions: two tabs, slow answers, a closed laptop, an odd
// server. Each test here was a defect a person could meet; each failed before its fix.
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SessionExpiredError, createSession, type Session, type SessionOptions } from '../../src/core/index.ts';
import { createMemoryTabs, createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, respond } from '../support/session.ts';

const opened: Session[] = [];
afterEach(() => {
  for (const session of opened.splice(0)) session.stop();
  vi.restoreAllMocks();
});

/**
 * A server with cookie sessions, in process: the browser's one cookie jar holds a session id; a
 * request carries the jar's id when it is sent, and the server reads who it belongs to when the
 * request arrives. `/hang` never answers unless aborted.
 */
function cookieServer() {
  const sessions = new Map<number, { user: string; alive: boolean }>();
  let jar = 0;
  let ids = 0;
  const received: Array<{ path: string; body: string; as: string | null }> = [];
  const signIn = (user: string) => {
    jar = ++ids;
    sessions.set(jar, { user, alive: true });
  };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const sid = jar;
    const body = request.method === 'GET' ? '' : await request.text();
    const path = new URL(request.url).pathname;
    if (path === '/hang') {
      return new Promise((_resolve, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason));
      });
    }
    const session = sessions.get(sid);
    const as = session?.alive ? session.user : null;
    received.push({ path, body, as });
    return as === null ? respond(440) : respond(200, { 'Session-Expires': '600' });
  };
  return {
    fetch,
    signIn,
    received,
    /** The server ends the current session (its timeout, a restart). */
    expire: () => sessions.forEach((session) => (session.alive = false)),
    /** Bodies the server carried out (2xx), with the user it carried them out as. */
    accepted: () => received.filter((r) => r.as !== null).map((r) => `${r.body} as ${r.as}`),
  };
}

/** One browser: tabs on one clock and one channel, talking to one cookie server. */
function browser(options: SessionOptions = {}) {
  const clock = createTestClock();
  const tabs = createMemoryTabs();
  const server = cookieServer();
  server.signIn('ada');
  const open = (extra: SessionOptions = {}) => {
    const session = createSession({
      clock,
      crossTab: tabs.transport,
      idleTimeout: 10 * MINUTE,
      warningBefore: MINUTE,
      activityEvents: [],
      fetch: server.fetch,
      signOut: server.expire, // the app's own sign-out call ends the server session
      ...options,
      ...extra,
    });
    session.start();
    opened.push(session);
    return session;
  };
  /** What a person does in a tab's re-login modal; `replayed` settles once the replay is done. */
  const signInAgain = async (tab: Session, user: string) => {
    server.signIn(user);
    const replayed = tab.resume({ user });
    await tabs.flush();
    return { replayed };
  };
  return { clock, tabs, server, open, signInAgain };
}

const parked = (tab: Session, count: number) => vi.waitFor(() => expect(tab.getSnapshot().parked).toBe(count));
const at = (path: string) => `${location.origin}${path}`;
const post = (body: string): RequestInit => ({ method: 'POST', body });

describe('a re-login as someone else, in another tab', () => {
  it("rejects this tab's parked transfer (userChanged) instead of sending it as the new person", async () => {
    const { server, tabs, open, signInAgain } = browser({ user: 'ada' });
    const [a, b] = [open(), open()];
    server.expire();
    const transfer = a.fetch(at('/api/transfer'), post('transfer-1'));
    transfer.catch(() => {}); // asserted below
    await parked(a, 1);
    await signInAgain(b, 'bob');
    await expect(transfer).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'userChanged' });
    expect(server.accepted()).toEqual([]);
    expect(a.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
    await tabs.flush();
  });

  it('does not replay from a stopped tab, which cannot hear who signed in; it replays, or rejects, once started again', async () => {
    const { server, tabs, open, signInAgain } = browser({ user: 'ada' });
    const [a, b] = [open(), open()];
    let answer!: () => void;
    const slow = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = server.fetch(input, init); // the server decides on arrival: 440
      await new Promise<void>((resolve) => (answer = resolve));
      return response;
    };
    const c = open({ fetch: slow });
    server.expire();
    const transfer = c.fetch(at('/api/transfer'), post('transfer-1'));
    transfer.catch(() => {}); // asserted below
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    server.signIn('ada');
    await c.resume({ user: 'ada' }); // ada signs in again on the app's page: the transfer's 440 will be a late one
    c.stop(); // the provider unmounted; the session object lives on
    await signInAgain(b, 'bob');
    answer(); // the 440 comes back to the stopped tab
    await tabs.flush();
    expect(server.accepted()).toEqual([]);
    expect(c.getSnapshot().parked).toBe(1);
    c.start(); // it reads who signed in meanwhile, then decides
    await expect(transfer).rejects.toMatchObject({ reason: 'userChanged' });
    expect(server.accepted()).toEqual([]);
    expect(a.getSnapshot().status).toBe('active');
  });

  it('replays it once when the same person signs in again in the other tab', async () => {
    const { server, open, signInAgain } = browser({ user: 'ada' });
    const [a, b] = [open(), open()];
    server.expire();
    const transfer = a.fetch(at('/api/transfer'), post('transfer-1'));
    await parked(a, 1);
    await signInAgain(b, 'ada');
    expect((await transfer).status).toBe(200);
    expect(server.accepted()).toEqual(['transfer-1 as ada']);
  });

  it('guards a tab made without the user option once any tab says who signed in', async () => {
    const { server, open, signInAgain } = browser();
    const [a, b] = [open(), open()];
    server.expire();
    const first = a.fetch(at('/api/first'), post('first'));
    await parked(a, 1);
    await signInAgain(b, 'ada'); // from now on every tab knows it is ada's session
    expect((await first).status).toBe(200);

    server.expire();
    const transfer = a.fetch(at('/api/transfer'), post('transfer-1'));
    transfer.catch(() => {}); // asserted below
    await parked(a, 1);
    await signInAgain(b, 'bob');
    await expect(transfer).rejects.toMatchObject({ reason: 'userChanged' });
    expect(server.accepted()).toEqual(['first as ada']);
  });

  it('tells every tab when someone else signs in over a session that was still running', async () => {
    const { server, tabs, open, signInAgain } = browser({ user: 'ada' });
    const [a, b] = [open(), open()];
    await signInAgain(b, 'bob'); // b was active: bob signed in on the app's own sign-in page
    server.expire();
    const transfer = a.fetch(at('/api/transfer'), post('transfer-1')); // made as bob now
    transfer.catch(() => {}); // asserted below
    await parked(a, 1);
    await tabs.flush();
    await signInAgain(b, 'ada');
    await expect(transfer).rejects.toMatchObject({ reason: 'userChanged' });
    expect(server.accepted()).toEqual([]);
  });

  it('shares who signed in as an opaque fingerprint, never the name itself', async () => {
    const { server, tabs, open, signInAgain } = browser({ user: 'ada' });
    const [a, b] = [open(), open()];
    server.expire();
    a.handleResponse(respond(440));
    await tabs.flush();
    await signInAgain(b, 'bob.smith@example.com');
    const shared = JSON.stringify([tabs.stored(), tabs.sent]);
    expect(shared).not.toMatch(/bob|smith|example|ada/);
    expect(a.getSnapshot().status).toBe('active');
  });

  it('says once in development that parked requests cannot be guarded while no user is known', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { server, open } = browser();
    const a = open();
    server.expire();
    a.fetch(at('/api/one'), post('one')).catch(() => {}); // rejected by the sign-out below
    a.fetch(at('/api/two'), post('two')).catch(() => {});
    await parked(a, 2);
    const said = warn.mock.calls.filter(([message]) => String(message).includes('no user is known'));
    expect(said).toHaveLength(1);
    expect(String(said[0]![0])).toMatch(/user/);
    await a.signOut();
  });
});

describe('a stale server expiry in storage', () => {
  it('does not end a tab opened after a short-lived session ended: it starts active and sends its first request', async () => {
    const { clock, server, tabs, open } = browser({ user: 'ada' });
    const first = open();
    first.handleResponse(respond(200, { 'Session-Expires': '3' }));
    first.stop(); // the tab is closed
    clock.advance(20 * MINUTE); // the session ran out long ago; the person signs in again and opens the app
    server.signIn('ada');
    const fresh = open();
    expect(fresh.getSnapshot().status).toBe('active');
    const answer = await fresh.fetch(at('/api/orders'), post('order'));
    expect(answer.status).toBe(200);
    expect(server.accepted()).toEqual(['order as ada']);
    expect(tabs.sent.filter((m) => m.kind === 'expired')).toEqual([]);
  });

  it('ignores an expiry stored by a session that has ended, even when it lies in the future', async () => {
    const { clock, server, open } = browser({ user: 'ada' });
    const first = open();
    first.handleResponse(respond(200, { 'Session-Expires': '120' })); // 2 minutes: a short server timeout
    server.expire();
    first.handleResponse(respond(440));
    first.stop();
    clock.advance(30 * SECOND);
    server.signIn('ada');
    const fresh = open();
    clock.advance(3 * MINUTE); // the old session's expiry passes: the new one is not bound by it
    expect(fresh.getSnapshot().status).toBe('active');
  });

  it('forgets the server expiry on sign-out', async () => {
    const { tabs, open } = browser({ user: 'ada' });
    const tab = open();
    tab.handleResponse(respond(200, { 'Session-Expires': '300' }));
    expect(tabs.stored()?.serverExpiry).not.toBeNull();
    await tab.signOut();
    expect(tabs.stored()?.serverExpiry).toBeNull();
  });
});

describe('a replay that never answers', () => {
  it('is aborted after replayTimeout and rejected (replayTimeout); the requests behind it go on', async () => {
    const { clock, server, open, signInAgain } = browser({ user: 'ada', replayTimeout: 5 * SECOND });
    const tab = open();
    server.expire();
    tab.handleResponse(respond(440));
    const hanging = tab.fetch(at('/hang'), post('report'));
    hanging.catch(() => {}); // asserted below
    const next = tab.fetch(at('/api/save'), post('save'));
    await parked(tab, 2);
    await signInAgain(tab, 'ada');
    clock.advance(5 * SECOND);
    const error = await hanging.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ reason: 'replayTimeout' });
    expect((await next).status).toBe(200);
    expect(server.accepted()).toEqual(['save as ada']);
  });

  it('gives a request whose own timeout ran out while parked the replay deadline, not none', async () => {
    const { clock, server, open, signInAgain } = browser({ user: 'ada', replayTimeout: 5 * SECOND });
    const tab = open();
    server.expire();
    tab.handleResponse(respond(440));
    const controller = new AbortController();
    const hanging = tab.fetch(at('/hang'), { ...post('report'), signal: controller.signal });
    hanging.catch(() => {}); // asserted below
    await parked(tab, 1);
    controller.abort(new DOMException('The client timeout ran out.', 'TimeoutError'));
    await signInAgain(tab, 'ada');
    clock.advance(5 * SECOND);
    await expect(hanging).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'replayTimeout' });
  });

  it('does not hold requests made after sign-out, nor those of the next sign-in', async () => {
    const { server, open, signInAgain } = browser({ user: 'ada' });
    const tab = open();
    server.expire();
    tab.handleResponse(respond(440));
    const hanging = tab.fetch(at('/hang'), post('report'));
    hanging.catch(() => {});
    await parked(tab, 1);
    await signInAgain(tab, 'ada'); // the replay of /hang is now out, and will never answer
    await tab.signOut();
    await expect(tab.fetch(at('/api/after-sign-out'), post('late'))).rejects.toMatchObject({ reason: 'signedOut' });
    await signInAgain(tab, 'ada');
    expect((await tab.fetch(at('/api/next'), post('next'))).status).toBe(200);
    expect(server.accepted()).toEqual(['next as ada']);
  });

  it('never replays a request sent while signed out whose 440 arrives after the next sign-in', async () => {
    const { clock, server, open } = browser({ user: 'ada' });
    const slow = async (input: RequestInfo | URL, init?: RequestInit) => {
      const answer = server.fetch(input, init); // the server reads the cookie it was sent with now
      await new Promise<void>((resolve) => clock.setTimeout(() => resolve(), SECOND));
      return answer;
    };
    const tab = open({ fetch: slow });
    await tab.signOut();
    const late = tab.fetch(at('/api/poll'), post('poll'));
    late.catch(() => {}); // asserted below
    server.signIn('ada');
    await tab.resume({ user: 'ada' });
    clock.advance(SECOND);
    await expect(late).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'signedOut' });
    expect(server.accepted()).toEqual([]);
  });

  it('does not hold the requests of a new epoch: a second expiry and re-login go on past it', async () => {
    const { server, open, signInAgain } = browser({ user: 'ada' });
    const tab = open();
    server.expire();
    tab.handleResponse(respond(440));
    tab.fetch(at('/hang'), post('report')).catch(() => {});
    await parked(tab, 1);
    await signInAgain(tab, 'ada');
    server.expire();
    const save = tab.fetch(at('/api/save'), post('save')); // waits behind the replay
    tab.handleResponse(respond(440)); // another answer says the session is gone again
    await parked(tab, 1);
    await signInAgain(tab, 'ada');
    expect((await save).status).toBe(200);
  });
});

describe('"Stay signed in" when the server answers slowly', () => {
  /** A keepalive that answers only when told, with a fresh server expiry. */
  function slowKeepalive() {
    const pending: Array<(response: Response) => void> = [];
    return {
      keepalive: () => new Promise<Response>((resolve) => pending.push(resolve)),
      answer: (response = respond(204, { 'Session-Expires': '600' })) => pending.shift()?.(response),
    };
  }

  it('keeps the person signed in when pressed with 1 s left and answered 3 s later', async () => {
    const signOut = vi.fn();
    const ping = slowKeepalive();
    const { clock, open } = browser({ user: 'ada', keepalive: ping.keepalive, signOut });
    const tab = open();
    const seen: string[] = [];
    tab.subscribe(() => seen.push(tab.getSnapshot().status));
    clock.advance(10 * MINUTE - SECOND);
    const result = tab.extend();
    clock.advance(3 * SECOND);
    expect(tab.getSnapshot()).toMatchObject({ status: 'warning', extending: true });
    ping.answer();
    await expect(result).resolves.toBe('extended');
    expect(tab.getSnapshot().status).toBe('active');
    expect(seen).not.toContain('expired');
    expect(signOut).not.toHaveBeenCalled();
  });

  it('keeps the other tabs in too while the answer is out', async () => {
    const signOut = vi.fn();
    const ping = slowKeepalive();
    const { clock, tabs, open } = browser({ user: 'ada', keepalive: ping.keepalive, signOut });
    const [a, b] = [open(), open()];
    clock.advance(10 * MINUTE - SECOND);
    const result = a.extend();
    await tabs.flush();
    clock.advance(3 * SECOND);
    await tabs.flush();
    expect([a.getSnapshot().status, b.getSnapshot().status]).toEqual(['warning', 'warning']);
    ping.answer();
    await expect(result).resolves.toBe('extended');
    await tabs.flush();
    expect([a.getSnapshot().status, b.getSnapshot().status]).toEqual(['active', 'active']);
    expect(signOut).not.toHaveBeenCalled();
  });

  it('holds the other tabs no longer once the tab that pressed it is closed', async () => {
    const ping = slowKeepalive();
    const { clock, tabs, open } = browser({ user: 'ada', keepalive: ping.keepalive });
    const [a, b] = [open(), open()];
    clock.advance(10 * MINUTE - SECOND);
    void a.extend();
    await tabs.flush();
    a.stop(); // the tab is closed before the answer came
    await tabs.flush();
    clock.advance(SECOND);
    expect(b.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
  });

  it('ends the session when the late answer says it is gone, or fails after the deadline', async () => {
    const ping = slowKeepalive();
    const { clock, open } = browser({ user: 'ada', keepalive: ping.keepalive });
    const tab = open();
    clock.advance(10 * MINUTE - SECOND);
    const result = tab.extend();
    clock.advance(3 * SECOND);
    ping.answer(respond(503));
    await expect(result).resolves.toBe('offline');
    expect(tab.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle', extending: false });
  });

  it('does not revive a session whose deadline passed while the laptop slept', async () => {
    const ping = slowKeepalive();
    const { clock, open } = browser({ user: 'ada', keepalive: ping.keepalive });
    const tab = open();
    clock.advance(9 * MINUTE + 30 * SECOND);
    clock.jump(10 * MINUTE); // no timer ran: the status still says warning
    await expect(tab.extend()).resolves.toBe('expired');
    expect(tab.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle', extending: false });
  });
});

describe('a keepalive function that breaks its contract', () => {
  it.each([
    ['throws', () => Promise.reject(new Error('boom'))],
    [
      'throws synchronously',
      () => {
        throw new Error('boom');
      },
    ],
    ['returns undefined', () => Promise.resolve(undefined)],
    ['returns an axios response', () => Promise.resolve({ status: 200, statusText: 'OK', headers: { get: () => null }, data: {} })],
  ])('counts as offline when it %s, and "Stay signed in" still works afterwards', async (_, broken) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let keepalive: () => unknown = broken;
    const { clock, open } = browser({ user: 'ada', keepalive: () => keepalive() as Promise<Response> });
    const tab = open();
    clock.advance(9 * MINUTE);
    await expect(tab.extend()).resolves.toBe('offline');
    expect(tab.getSnapshot()).toMatchObject({ status: 'warning', extending: false });
    keepalive = async () => respond(204);
    await expect(tab.extend()).resolves.toBe('extended');
    expect(tab.getSnapshot().status).toBe('active');
    if (_ !== 'throws' && _ !== 'throws synchronously') {
      expect(warn.mock.calls.some(([message]) => /keepalive.*Response/.test(String(message)))).toBe(true);
    }
  });

  it('never raises an unhandled rejection from a background ping', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { clock, open } = browser({ user: 'ada', keepalive: () => Promise.resolve(undefined as unknown as Response), keepaliveInterval: SECOND });
      const tab = open();
      clock.advance(2 * SECOND);
      tab.reportActivity();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('inputs that are not trusted', () => {
  it('does not let an activity time a year ahead from another tab turn off the idle timeout', async () => {
    const { clock, tabs, open } = browser({ user: 'ada' });
    const tab = open();
    tabs.inject({ app: 'react-session-timeout', kind: 'activity', at: clock.now() + 365 * 24 * 60 * MINUTE });
    await tabs.flush();
    clock.advance(10 * MINUTE);
    expect(tab.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
  });

  it('does not let a stored activity time a year ahead keep a tab alive', async () => {
    const { clock, tabs, open } = browser({ user: 'ada' });
    const first = open();
    first.reportActivity();
    const stored = tabs.stored()!;
    const second = open();
    // A hand edit, or a clock that was wrong: the next tab to read storage meets it.
    tabs.transport().save({ ...stored, lastActivity: clock.now() + 365 * 24 * 60 * MINUTE });
    clock.advance(10 * MINUTE);
    expect(second.getSnapshot().status).toBe('expired');
  });

  it('keeps status in sync after a stored version of 1e300', async () => {
    const { tabs, open } = browser({ user: 'ada' });
    const [a, b] = [open(), open()];
    a.reportActivity(); // something is stored
    tabs.transport().save({ ...tabs.stored()!, version: 1e300, epoch: 1e300, signedOutEpoch: 1e300 });
    await a.signOut();
    await tabs.flush();
    expect(b.getSnapshot().status).toBe('signedOut');
    await a.resume({ user: 'ada' });
    await tabs.flush();
    expect(b.getSnapshot().status).toBe('active');
    await a.signOut();
    await tabs.flush();
    expect(b.getSnapshot().status).toBe('signedOut');
  });

  it('lets a tab opened after the store held garbage sign out every tab', async () => {
    const { tabs, open } = browser({ user: 'ada' });
    const [a, b] = [open(), open()];
    await a.resume({ user: 'ada' }); // a shared change: the tabs have counted it
    tabs.transport().save({ ...tabs.stored()!, version: 1e300 }); // unreadable from now on
    const late = open();
    await late.signOut();
    await tabs.flush();
    expect([a, b].map((tab) => tab.getSnapshot().status)).toEqual(['signedOut', 'signedOut']);
  });

  it('does not let a forged message with a huge count stop sign-out reaching every tab', async () => {
    const { tabs, open } = browser({ user: 'ada' });
    const [a, b] = [open(), open()];
    a.reportActivity(); // something is stored
    tabs.inject({ app: 'react-session-timeout', kind: 'expired', version: 2 ** 47 });
    await tabs.flush();
    await a.signOut();
    await tabs.flush();
    expect(b.getSnapshot().status).toBe('signedOut');
  });

  it("does not let the old session's expiry, answered after sign-out, end the next session", async () => {
    const { clock, open } = browser({ user: 'ada' });
    const tab = open();
    const sentAt = clock.now(); // sent in the very moment the person signs out
    await tab.signOut();
    tab.handleResponse(respond(200, { 'Session-Expires': '20' }), sentAt);
    clock.advance(4 * MINUTE);
    await tab.resume({ user: 'ada' });
    clock.advance(0); // the timer the new session set rings at once if a deadline is already past
    expect(tab.getSnapshot().status).toBe('active');
  });

  it.each([1, 2])("forgets the old session's server cap when someone signs in over a running session (%i tabs)", async (count) => {
    const { clock, tabs, open } = browser({ user: 'ada' });
    const pages = Array.from({ length: count }, () => open());
    pages[0]!.handleResponse(respond(200, { 'Session-Expires': '30' })); // the old session ends in 30 s, whatever happens
    await tabs.flush();
    clock.advance(20 * SECOND);
    await pages[0]!.resume({ user: 'ada' }); // signed in again on the app's own page: a new server session
    await tabs.flush();
    clock.advance(20 * SECOND);
    expect(pages.map((page) => page.getSnapshot().status)).toEqual(Array(count).fill('active'));
  });

  it('does not take the server expiry of an answer to a request sent before the latest sign-in', async () => {
    const { clock, open } = browser({ user: 'ada' });
    let answer!: (response: Response) => void;
    const tab = open({ fetch: () => new Promise<Response>((resolve) => (answer = resolve)) });
    const orders = tab.fetch(at('/api/orders'));
    await tab.resume({ user: 'ada' }); // a new server session, while the request is still out
    answer(respond(200, { 'Session-Expires': '30' })); // the old session's cap
    await orders;
    clock.advance(MINUTE);
    expect(tab.getSnapshot().status).toBe('active');
  });

  it("does not let the old session's expiry end the next one when the clock was set back before sign-out", async () => {
    const { clock, open } = browser({ user: 'ada' });
    const tab = open();
    tab.handleResponse(respond(200, { 'Session-Expires': '20' }));
    clock.jump(-SECOND); // the system clock is corrected backwards
    await tab.signOut();
    clock.advance(5 * SECOND);
    clock.jump(MINUTE);
    await tab.resume({ user: 'ada' });
    expect(tab.getSnapshot().status).toBe('active');
  });

  it.each([
    ['in the year 9999', 'Fri, 31 Dec 9999 23:59:59 GMT'],
    ['in 1970', 'Thu, 01 Jan 1970 00:00:00 GMT'],
  ])('ignores a Date header %s, with a development warning, instead of moving the expiry by its skew', (_, date) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { clock, open } = browser({ user: 'ada' });
    const tab = open();
    const expires = new Date(clock.now() + 5 * MINUTE).toUTCString();
    tab.handleResponse(respond(200, { 'Session-Expires': expires, Date: date }));
    expect(tab.getSnapshot().status).toBe('active');
    expect(tab.getDeadline()).toBe(Date.parse(expires));
    expect(warn.mock.calls.some(([message]) => /Date/.test(String(message)))).toBe(true);
  });

  it('ignores a Session-Expires that had already passed when its 2xx answer arrived, with a development warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { clock, open } = browser({ user: 'ada' });
    const tab = open();
    tab.handleResponse(respond(200, { 'Session-Expires': new Date(clock.now() - 5 * SECOND).toUTCString() }));
    expect(tab.getSnapshot().status).toBe('active');
    expect(tab.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    expect(warn.mock.calls.some(([message]) => /already passed/.test(String(message)))).toBe(true);
  });

  it('sees a server cap through whole-second headers and ordinary latency', async () => {
    // The server caps the session at one absolute second; its clock and headers are whole seconds,
    // and each answer takes its own time: the browser's reading of the same cap wobbles.
    const cap = Date.UTC(2026, 0, 1, 0, 5, 0);
    let latency = 0;
    const { clock, open } = browser({
      user: 'ada',
      keepalive: async () => {
        const serverNow = new Date(Math.floor(clock.now() / 1000) * 1000).toUTCString();
        clock.advance(latency);
        return respond(204, { 'Session-Expires': new Date(cap).toUTCString(), Date: serverNow });
      },
    });
    const tab = open();
    for (const [sentAfter, delay] of [
      [0, 900],
      [3 * MINUTE + 400, 80],
      [MINUTE + 200, 700],
    ] as const) {
      clock.advance(sentAfter);
      latency = delay;
      await tab.extend();
    }
    expect(tab.getSnapshot().hardLimit).toBe(true);
  });
});
