import { afterEach, describe, expect, it, vi } from 'vitest';

import { createSession, type Session, type SessionOptions } from '../../src/core/index.ts';
import { initialShared, readMessage, readSharedState } from '../../src/core/tab-protocol.ts';
import { createTabSync } from '../../src/core/tab-sync.ts';
import { createBrowserTransport } from '../../src/core/tab-transport.ts';
import { createMemoryTabs, createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, respond } from '../support/session.ts';

const opened: Session[] = [];
afterEach(() => {
  for (const session of opened.splice(0)) session.stop();
  vi.restoreAllMocks();
});

/**
 * One browser with `count` tabs of the app, on one clock. DOM activity is off (all tabs share this
 * test's window): each tab's activity is `reportActivity()`.
 */
function browser(count: number, options: SessionOptions = {}, { locks = true } = {}) {
  const clock = createTestClock();
  const tabs = createMemoryTabs({ locks });
  const open = (extra: SessionOptions = {}) => {
    const session = createSession({
      clock,
      crossTab: tabs.transport,
      idleTimeout: 10 * MINUTE,
      warningBefore: MINUTE,
      activityEvents: [],
      ...options,
      ...extra,
    });
    session.start();
    opened.push(session);
    return session;
  };
  const pages = Array.from({ length: count }, () => open());
  const statuses = () => pages.map((page) => page.getSnapshot().status);
  return { clock, tabs, pages, open, statuses };
}

/** The person works in one tab: activity every 30 s for `minutes`. */
async function workIn(tab: Session, clock: ReturnType<typeof createTestClock>, minutes: number, flush: () => Promise<void>) {
  for (let step = 0; step < minutes * 2; step++) {
    clock.advance(30 * SECOND);
    tab.reportActivity();
    await flush();
  }
}

describe('activity in one tab', () => {
  it.each([2, 3, 5])('keeps all %i tabs active past their own idle deadlines', async (count) => {
    const { clock, tabs, pages, statuses } = browser(count);
    const seen = new Set<string>();
    for (const page of pages) page.subscribe(() => seen.add(page.getSnapshot().status));
    await workIn(pages[0]!, clock, 30, tabs.flush);
    expect(statuses()).toEqual(Array(count).fill('active'));
    expect(seen).toEqual(new Set());
    clock.advance(9 * MINUTE);
    expect(statuses()).toEqual(Array(count).fill('warning')); // and together they warn once it stops
  });

  it('keeps a tab active through the stored state alone when messages are lost', async () => {
    const { clock, tabs, pages, statuses } = browser(2);
    tabs.dropMessages = true;
    await workIn(pages[0]!, clock, 30, tabs.flush);
    expect(statuses()).toEqual(['active', 'active']);
  });

  it("returns another tab's warning to active: the person is working there", async () => {
    const { clock, tabs, pages, open } = browser(1);
    const [early] = pages;
    const late = open({ warningBefore: 30 * SECOND }); // warns later than the first tab
    clock.advance(9 * MINUTE);
    expect([early!.getSnapshot().status, late.getSnapshot().status]).toEqual(['warning', 'active']);
    late.reportActivity();
    await tabs.flush();
    expect(early!.getSnapshot().status).toBe('active');
    expect(early!.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it("does not let a tab's own activity during its warning dismiss the warning elsewhere", async () => {
    const { clock, tabs, pages, statuses } = browser(2);
    clock.advance(9 * MINUTE);
    pages[0]!.reportActivity();
    await tabs.flush();
    expect(statuses()).toEqual(['warning', 'warning']);
  });

  it('is written at most once a second per tab', async () => {
    const { clock, tabs, pages } = browser(2);
    await tabs.flush();
    const sentBefore = tabs.sent.length; // each tab shared its opening
    for (let i = 0; i < 50; i++) {
      clock.advance(100);
      pages[0]!.reportActivity();
    }
    await tabs.flush();
    expect(tabs.sent.slice(sentBefore).filter((message) => message.kind === 'activity')).toHaveLength(5);
  });
});

describe('"Stay signed in" in one tab', () => {
  it('closes the warning in every tab, which share the new deadline', async () => {
    const { clock, tabs, pages, statuses } = browser(3);
    clock.advance(9 * MINUTE + 30 * SECOND);
    expect(statuses()).toEqual(['warning', 'warning', 'warning']);
    await pages[1]!.extend();
    await tabs.flush();
    expect(statuses()).toEqual(['active', 'active', 'active']);
    expect(pages.map((page) => page.getDeadline())).toEqual(Array(3).fill(clock.now() + 10 * MINUTE));
  });
});

describe('expiry and re-login', () => {
  it('expires every tab when one meets a 440, and a re-login in one resumes all; each replays its own requests', async () => {
    const server = { alive: true, received: [] as string[] };
    const fetch = async (input: RequestInfo | URL) => {
      const request = new Request(input);
      if (!server.alive) return respond(440);
      server.received.push(new URL(request.url).pathname);
      return respond(200);
    };
    const { tabs, pages, statuses } = browser(3, { fetch });
    server.alive = false;
    const inA = pages[0]!.fetch(`${location.origin}/api/from-a`);
    await vi.waitFor(() => expect(pages[0]!.getSnapshot().parked).toBe(1));
    await tabs.flush();
    expect(pages.map((page) => page.getSnapshot())).toMatchObject([
      { status: 'expired', reason: 'response' },
      { status: 'expired', reason: 'remote' },
      { status: 'expired', reason: 'remote' },
    ]);
    const inB = pages[1]!.fetch(`${location.origin}/api/from-b`); // made while expired: parked, not sent
    await vi.waitFor(() => expect(pages[1]!.getSnapshot().parked).toBe(1));

    server.alive = true;
    await pages[2]!.resume(); // the person signed in again in the third tab
    await tabs.flush();
    await Promise.all([inA, inB]);
    expect(statuses()).toEqual(['active', 'active', 'active']);
    expect(server.received.sort()).toEqual(['/api/from-a', '/api/from-b']);
  });

  it.each([
    ['with Web Locks', true],
    ['without Web Locks (a stored epoch instead)', false],
  ])('expires every tab together when all are idle, and calls the app sign-out once for the browser, %s', async (_how, locks) => {
    const signOut = vi.fn();
    const { clock, tabs, statuses } = browser(3, { signOut }, { locks });
    clock.advance(10 * MINUTE);
    await tabs.flush();
    expect(statuses()).toEqual(['expired', 'expired', 'expired']);
    expect(signOut).toHaveBeenCalledTimes(1);
  });
});

describe('signing out in one tab', () => {
  it('signs out every tab and rejects their parked requests; the app sign-out runs once', async () => {
    const signOut = vi.fn();
    const fetch = async () => respond(440);
    const { tabs, pages, statuses } = browser(2, { signOut, fetch });
    const parkedInB = pages[1]!.fetch(`${location.origin}/api/b`).catch((error: unknown) => error);
    await vi.waitFor(() => expect(pages[1]!.getSnapshot().parked).toBe(1));
    await pages[0]!.signOut();
    await tabs.flush();
    expect(statuses()).toEqual(['signedOut', 'signedOut']);
    expect(pages[1]!.getSnapshot().reason).toBe('remote');
    expect(await parkedInB).toMatchObject({ name: 'SessionExpiredError', reason: 'signedOut' });
    expect(signOut).toHaveBeenCalledTimes(1);
  });
});

/** A tab that listens to nothing: for tests of the once-per-browser guards alone. */
const quietHost = { activity() {}, extended() {}, extending() {}, ended() {}, resumed() {}, serverExpiry() {}, pinged() {}, configured() {} };

describe('work done once per browser', () => {
  it('pings the keepalive from one tab for all, at most once per interval', async () => {
    const pings: number[] = [];
    const { clock, tabs, pages } = browser(2, {
      keepalive: async () => {
        pings.push(clock.now());
        return respond(204);
      },
    });
    for (let second = 10; second <= 4 * 60; second += 10) {
      clock.advance(10 * SECOND);
      pages[(second / 10) % 2]!.reportActivity(); // the person moves between the two tabs
      await tabs.flush();
    }
    expect(pings.map((at) => (at - pings[0]!) / SECOND)).toEqual([0, 60, 120, 180]);
  });

  it('runs a once-per-browser task once while another tab holds the lock (Web Locks)', async () => {
    const clock = createTestClock();
    const tabs = createMemoryTabs({ locks: true });
    const [a, b] = [createTabSync(tabs.transport, clock.now, clock.monotonic, quietHost), createTabSync(tabs.transport, clock.now, clock.monotonic, quietHost)];
    a.attach();
    b.attach();
    let release!: () => void;
    const calls: string[] = [];
    const first = a.signOutOnce(() => new Promise<void>((resolve) => ((release = resolve), calls.push('a'))));
    await b.signOutOnce(async () => void calls.push('b')); // the lock is held: skipped
    release();
    await first;
    await b.signOutOnce(async () => void calls.push('b again')); // the stored epoch says it is done
    expect(calls).toEqual(['a']);
    a.detach();
    b.detach();
  });

  it('falls back to the stored epoch where there are no Web Locks', async () => {
    const clock = createTestClock();
    const tabs = createMemoryTabs({ locks: false });
    const [a, b] = [createTabSync(tabs.transport, clock.now, clock.monotonic, quietHost), createTabSync(tabs.transport, clock.now, clock.monotonic, quietHost)];
    a.attach();
    b.attach();
    const calls: string[] = [];
    await Promise.all([a.signOutOnce(async () => void calls.push('a')), b.signOutOnce(async () => void calls.push('b'))]);
    expect(calls).toEqual(['a']);
    a.detach();
    b.detach();
  });
});

describe('"Stay signed in" in another tab, and a session that ended meanwhile', () => {
  it('holds nothing once this tab has ended: the new session ends at its own end (found by the model)', async () => {
    let answerKeepalive: (response: Response) => void = () => {};
    const keepalive = () => new Promise<Response>((resolve) => (answerKeepalive = resolve));
    const { clock, tabs, pages } = browser(2, { keepalive, user: 'ada' });
    const [pressing, other] = pages as [Session, Session];
    void pressing.extend(); // "Stay signed in" here: the other tab holds its expiry for the answer (30 s at most)
    await tabs.flush();
    other.handleResponse(respond(440)); // meanwhile the other tab learns the session is gone
    await tabs.flush();
    answerKeepalive(respond(440));
    await tabs.flush();
    await other.resume({ user: 'ada' });
    other.handleResponse(respond(200, { 'Session-Expires': '10' })); // the new server session is short
    await tabs.flush();
    clock.advance(10 * SECOND);
    await tabs.flush();
    expect(other.getSnapshot()).toMatchObject({ status: 'expired', reason: 'server' }); // not held by a press from the old session
  });
});

describe('one tab alone, with cross-tab on (issue 23)', () => {
  /** The session: a 10-minute idle limit, a 20 s warning, the person known. */
  function aloneWithServerExpiry(seconds: number, options: SessionOptions = {}) {
    const { clock, tabs, pages, statuses } = browser(1, { idleTimeout: 10 * MINUTE, warningBefore: 20 * SECOND, user: 'ada', ...options });
    const tab = pages[0]!;
    const seen: string[] = [];
    tab.subscribe(() => seen.push(tab.getSnapshot().status));
    clock.advance(SECOND);
    tab.reportActivity(); // the tab's first write to the empty shared store
    tab.handleResponse(new Response(null, { headers: { 'Session-Expires': String(seconds) } }));
    return { clock, tabs, tab, seen, statuses };
  }

  it("opens the warning before the server's end: its own first write to the store is no sign-in from another tab", async () => {
    const { clock, tabs, tab } = aloneWithServerExpiry(60);
    await tabs.flush();
    clock.advance(45 * SECOND);
    await tabs.flush();
    expect(tab.getSnapshot().status).toBe('warning'); // 20 s before the server's end, which it still knows
    expect(tab.getSnapshot().expiresAt).toBe(clock.now() + 15 * SECOND);
  });

  it('stays expired once the server session ended, though that session was shorter than the warning time', async () => {
    const { clock, tabs, seen } = aloneWithServerExpiry(20, { warningBefore: 2 * MINUTE });
    await tabs.flush();
    for (let second = 0; second < 30; second++) {
      clock.advance(SECOND);
      await tabs.flush();
    }
    expect(seen).toEqual(['warning', 'expired']); // never back to active without a sign-in
  });

  it('stays expired when the person comes back after a short server session ended unseen', async () => {
    // No activity before the answer: the end is reached while the tab reads the store, whose
    // older reading must not undo what the tab wrote meanwhile (the model found it).
    const { clock, tabs, pages } = browser(1, { idleTimeout: 10 * MINUTE, warningBefore: MINUTE, user: 'ada' });
    const tab = pages[0]!;
    const seen: string[] = [];
    tab.subscribe(() => seen.push(tab.getSnapshot().status));
    clock.advance(300);
    tab.handleResponse(new Response(null, { headers: { 'Session-Expires': '20' } }), clock.now() - 300);
    await tabs.flush();
    clock.advance(20_301);
    await tabs.flush();
    tab.reportActivity();
    await tabs.flush();
    expect(tab.getSnapshot()).toMatchObject({ status: 'expired', reason: 'server' });
    expect(seen).toEqual(['warning', 'expired']);
  });

  it('stays expired when it wakes from a sleep past the server session, with no sign-in', async () => {
    const { clock, tabs, seen, tab } = aloneWithServerExpiry(60);
    await tabs.flush();
    clock.jump(5 * MINUTE); // the laptop slept
    window.dispatchEvent(new Event('focus'));
    await tabs.flush();
    clock.advance(SECOND);
    await tabs.flush();
    expect(tab.getSnapshot()).toMatchObject({ status: 'expired', reason: 'server' });
    expect(seen).toEqual(['expired']);
  });
});

describe('tabs opened late, woken or closed', () => {
  it('a tab opened late takes the shared server expiry, and not a status from before it existed', async () => {
    const { clock, tabs, pages, open } = browser(1, { fetch: async () => respond(200, { 'Session-Expires': '240' }) });
    await pages[0]!.signOut();
    await pages[0]!.resume();
    await pages[0]!.fetch(`${location.origin}/api/hello`); // the server says: four more minutes
    await tabs.flush();
    clock.advance(30 * SECOND);
    const late = open();
    expect(late.getSnapshot().status).toBe('active');
    expect(late.getDeadline()).toBe(pages[0]!.getDeadline());
    clock.advance(2 * MINUTE + 30 * SECOND);
    expect(late.getSnapshot().status).toBe('warning');
  });

  it('a tab opened just before the idle deadline keeps the person signed in: opening the app is activity (found by the model)', async () => {
    const signOut = vi.fn(async () => {});
    const { clock, tabs, pages, open } = browser(1, { signOut });
    clock.advance(9 * MINUTE + 59 * SECOND); // the person was away; the first tab warns
    const late = open(); // and comes back by opening the app in a new tab
    await tabs.flush();
    clock.advance(2 * SECOND); // past the first tab's idle deadline
    await tabs.flush();
    expect([pages[0]!, late].map((page) => page.getSnapshot().status)).toEqual(['active', 'active']);
    expect(signOut).not.toHaveBeenCalled();
    expect(late.getDeadline()).toBe(pages[0]!.getDeadline());
  });

  it('a page that reloads itself does not keep an idle person signed in in the other tabs (found in review)', async () => {
    const signOut = vi.fn(async () => {});
    const { clock, tabs, pages, open } = browser(1, { signOut });
    vi.spyOn(performance, 'getEntriesByType').mockImplementation(((type: string) =>
      type === 'navigation' ? [{ type: 'reload', serverTiming: [] }] : []) as unknown as typeof performance.getEntriesByType);
    for (let minute = 0; minute < 10; minute++) {
      clock.advance(MINUTE - SECOND);
      open().stop(); // a dashboard in another tab reloads itself every minute
      await tabs.flush();
    }
    clock.advance(10 * SECOND);
    await tabs.flush();
    expect(pages[0]!.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
    expect(signOut).toHaveBeenCalledOnce();
  });

  it('a tab woken from a freeze reads the stored state before deciding it has expired', async () => {
    const { clock, tabs, pages } = browser(2);
    const [working, frozen] = pages;
    frozen!.stop(); // frozen: no timers, no messages
    await workIn(working!, clock, 25, tabs.flush);
    frozen!.start();
    expect(frozen!.getSnapshot().status).toBe('active');
    expect(frozen!.getDeadline()).toBe(working!.getDeadline());
  });

  it('a woken tab takes a sign-out that happened while it was frozen', async () => {
    const { tabs, pages } = browser(2);
    pages[1]!.stop();
    await pages[0]!.signOut();
    await tabs.flush();
    pages[1]!.start();
    expect(pages[1]!.getSnapshot()).toMatchObject({ status: 'signedOut', reason: 'remote' });
  });

  it("stays signed out when the app's sign-out clears localStorage and a late answer comes in (found by the model)", async () => {
    // Many apps clear localStorage when the person signs out. An answer to a request sent before
    // the sign-out then made the tab write into the empty store, which read back as a sign-in.
    const clock = createTestClock();
    const session = createSession({
      clock,
      crossTab: 'cleared-store-test',
      idleTimeout: 10 * MINUTE,
      warningBefore: MINUTE,
      activityEvents: [],
      signOut: async () => localStorage.clear(),
    });
    session.start();
    opened.push(session);
    const sentAt = clock.now();
    clock.advance(300);
    await session.signOut();
    session.handleResponse(new Response(null, { headers: { 'Session-Expires': '1200' } }), sentAt);
    clock.advance(5 * SECOND);
    window.dispatchEvent(new Event('focus')); // the person comes back to the tab
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(session.getSnapshot().status).toBe('signedOut');
  });

  it('stays signed out when a foreign script leaves the shared store unreadable (found by the model)', async () => {
    const { clock, tabs, pages } = browser(1);
    const tab = pages[0]!;
    const sentAt = clock.now();
    clock.advance(300);
    await tab.signOut();
    const foreign = tabs.transport();
    foreign.save({ ...foreign.load()!, version: 2 ** 53 }); // a count no tab can read
    tab.handleResponse(new Response(null, { headers: { 'Session-Expires': '1200' } }), sentAt);
    clock.advance(5 * SECOND);
    window.dispatchEvent(new Event('focus'));
    await tabs.flush();
    expect(tab.getSnapshot().status).toBe('signedOut');
  });

  it('stays signed out when the shared store is reset to a fresh one behind its back', async () => {
    // A reset store (another release of the app's bundle in another tab, a script) says "active,
    // count 0": nobody signed in, so the tab only counts from it again.
    const { clock, tabs, pages } = browser(1);
    const tab = pages[0]!;
    await tab.signOut();
    const other = tabs.transport();
    other.save(initialShared(clock.now()));
    clock.advance(5 * SECOND);
    window.dispatchEvent(new Event('focus'));
    await tabs.flush();
    expect(tab.getSnapshot().status).toBe('signedOut');
  });

  it('a tab opened after the clock was set back hears a sign-out whose store the app cleared (found by the model)', async () => {
    // The sign-out's count came from the clock before it was set back, so it lay far ahead of
    // anything the new tab had seen, with no stored state to confirm it: it was taken for forged.
    const { clock, tabs, pages, open } = browser(1, { signOut: async () => tabs.clearStorage() });
    await pages[0]!.resume(); // a sign-in: counted at this moment's time
    clock.jump(-5 * SECOND); // NTP sets the clock back
    tabs.clearStorage(); // the app cleared localStorage
    const late = open();
    await pages[0]!.signOut(); // and clears it again
    await tabs.flush();
    expect(late.getSnapshot()).toMatchObject({ status: 'signedOut', reason: 'remote' });
  });

  it('a tab signed in before the clock was set back hears a sign-out from a tab that found the store unreadable (found by the model)', async () => {
    // The new tab counted its sign-out from the clock, now behind the sign-in's count: the older
    // tab took the store for one reset behind its back, and a reset's status for no news.
    const { clock, tabs, pages, open } = browser(1);
    await pages[0]!.resume(); // a sign-in: counted at this moment's time
    clock.jump(-SECOND); // NTP sets the clock back
    const foreign = tabs.transport();
    foreign.save({ ...foreign.load()!, version: 2 ** 53 }); // a count no tab can read
    const late = open();
    await late.signOut();
    await tabs.flush();
    expect(pages[0]!.getSnapshot()).toMatchObject({ status: 'signedOut', reason: 'remote' });
  });

  it('goes on when a tab is closed mid-session', async () => {
    const { clock, tabs, pages } = browser(3);
    await workIn(pages[2]!, clock, 5, tabs.flush);
    pages[2]!.stop(); // closed
    await workIn(pages[0]!, clock, 20, tabs.flush);
    expect(pages.slice(0, 2).map((page) => page.getSnapshot().status)).toEqual(['active', 'active']);
  });
});

describe('what crosses between tabs', () => {
  it('carries kinds, numbers and timestamps only: no user, no URL, no credentials', async () => {
    const fetch = async () => respond(200, { 'Session-Expires': '600' });
    const { clock, tabs, pages } = browser(2, { user: 'ada@example.com', fetch, keepalive: 'https://app.example/keepalive?token=secret' });
    await pages[0]!.fetch('https://app.example/api/orders?card=4242', { headers: { Authorization: 'Bearer secret' } });
    clock.advance(MINUTE);
    pages[0]!.reportActivity();
    await pages[0]!.extend();
    await pages[0]!.signOut();
    await pages[0]!.resume({ user: 'ada@example.com' });
    await tabs.flush();
    const kinds = new Set(tabs.sent.map((message) => message.kind));
    expect(kinds).toEqual(new Set(['serverExpiry', 'activity', 'ping', 'extending', 'extended', 'signedOut', 'resumed']));
    const text = JSON.stringify([tabs.sent, tabs.stored()]);
    for (const secret of ['ada', 'secret', '4242', 'orders', 'Bearer', 'http']) expect(text).not.toContain(secret);
    for (const message of tabs.sent) {
      for (const [key, value] of Object.entries(message)) {
        if (key === 'app' || key === 'kind') expect(typeof value).toBe('string');
        else if (key === 'user')
          expect(value).toMatch(/^u[0-9a-z]+$/); // who signed in, as a fingerprint
        else expect(typeof value).toBe('number');
      }
    }
  });

  it('ignores foreign and malformed messages', async () => {
    const { tabs, statuses } = browser(2);
    for (const data of [
      'expired',
      null,
      { kind: 'signedOut', version: 99 },
      { app: 'another-library', kind: 'signedOut', version: 99 },
      { app: 'react-session-timeout', kind: 'signedOut', version: '99' },
      { app: 'react-session-timeout', kind: 'selfDestruct', version: 99 },
      { app: 'react-session-timeout', kind: 'activity', at: Number.NaN },
    ]) {
      tabs.inject(data);
    }
    await tabs.flush();
    expect(statuses()).toEqual(['active', 'active']);
  });

  it('reads only well-formed stored state', () => {
    expect(readSharedState('{"status":"expired","version":1}')).toBeUndefined();
    expect(readSharedState('not json')).toBeUndefined();
    expect(readMessage({ app: 'react-session-timeout', kind: 'activity', at: 5 })).toEqual({ kind: 'activity', at: 5 });
  });
});

describe('the browser transport', () => {
  it('leaves a tab alone, with a development warning, when storage throws (private mode, quota)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const clock = createTestClock();
    const session = createSession({ clock, crossTab: 'storage-test', idleTimeout: 10 * MINUTE, warningBefore: MINUTE });
    session.start();
    opened.push(session);
    clock.advance(9 * MINUTE);
    expect(session.getSnapshot().status).toBe('warning');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('localStorage is not available'), expect.anything());
  });

  it('closes its channel on stop, so nothing keeps the page (or a test process) alive', () => {
    const transport = createBrowserTransport('close-test');
    const close = vi.spyOn(BroadcastChannel.prototype, 'close');
    transport.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
