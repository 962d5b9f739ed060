import { afterEach, describe, expect, it, vi } from 'vitest';

import { createSession, SessionExpiredError } from '../../src/core/index.ts';
import { createMemoryTabs, createTestClock } from '../../src/testing/index.ts';
import { MINUTE, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

afterEach(() => {
  stopStartedSessions();
  vi.restoreAllMocks();
});

/** The app's sign-in page, under a provider in the root layout: nobody is signed in yet. */
function signInPage(options: Parameters<typeof startSession>[0] = {}) {
  const requests: string[] = [];
  const server = vi.fn(async (input: RequestInfo | URL) => {
    requests.push(new Request(input).url);
    return respond(440);
  });
  const page = startSession({ initialStatus: 'signedOut', keepalive: '/keepalive', keepaliveInterval: MINUTE, fetch: server, ...options });
  return { ...page, requests, server };
}

describe("createSession({ initialStatus: 'signedOut' }): a provider that also wraps the sign-in page", () => {
  it('tracks nothing while nobody is signed in: no warning, no expiry, no keepalive, however long the page stays open', async () => {
    const { clock, session, statuses, requests } = signInPage();
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', reason: null, parked: 0 });
    for (let minute = 0; minute < 30; minute++) {
      clock.advance(MINUTE);
      session.reportActivity();
      await settle();
    }
    expect(statuses()).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows what a server render shows: signed out, before any clock is read', () => {
    const clock = createTestClock();
    const now = vi.spyOn(clock, 'now');
    const session = createSession({ initialStatus: 'signedOut', crossTab: false, clock });
    expect(session.getServerSnapshot()).toMatchObject({ status: 'signedOut', reason: null });
    expect(now).not.toHaveBeenCalled();
  });

  it('rejects a request the server answers with 440 instead of parking it for a re-login', async () => {
    const { session, changes } = signInPage();
    const answer = session.fetch(`${location.origin}/api/me`);
    await expect(answer).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(answer).rejects.toMatchObject({ reason: 'signedOut' });
    expect(changes).toEqual([]); // no re-login opened, nothing parked
  });

  it('starts the session at sign-in: resume({ user }) counts the idle time from then, and a 440 parks again', async () => {
    const { clock, session, server } = signInPage({ keepalive: null });
    clock.advance(30 * MINUTE); // the person took their time on the sign-in page
    await session.resume({ user: 'ada' });
    const signedInAt = clock.now();
    expect(session.getSnapshot().status).toBe('active');
    expect(session.getDeadline()).toBe(signedInAt + 10 * MINUTE);

    clock.advance(9 * MINUTE);
    expect(session.getSnapshot().status).toBe('warning');
    clock.advance(MINUTE);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });

    const parked = session.fetch(`${location.origin}/api/expenses`, { method: 'POST', body: 'lunch' });
    await settle();
    expect(session.getSnapshot().parked).toBe(1); // held for the re-login, not sent to meet the 440
    server.mockImplementation(async () => respond(201));
    await session.resume({ user: 'ada' });
    await expect(parked).resolves.toMatchObject({ status: 201 });
  });

  it('is signed in by a sign-in in another tab', async () => {
    const clock = createTestClock();
    const tabs = createMemoryTabs();
    const open = (initialStatus: 'active' | 'signedOut') => {
      const session = createSession({ clock, crossTab: tabs.transport, activityEvents: [], idleTimeout: 10 * MINUTE, warningBefore: MINUTE, initialStatus });
      session.start();
      return session;
    };
    const signIn = open('signedOut');
    const other = open('signedOut');
    try {
      expect(other.getSnapshot().status).toBe('signedOut');
      await signIn.resume({ user: 'ada' });
      await settle();
      expect(other.getSnapshot().status).toBe('active');
    } finally {
      signIn.stop();
      other.stop();
    }
  });

  it('takes no signed-out state from storage that another tab left active', async () => {
    const clock = createTestClock();
    const tabs = createMemoryTabs();
    const working = createSession({ clock, crossTab: tabs.transport, activityEvents: [] });
    working.start();
    const signIn = createSession({ clock, crossTab: tabs.transport, activityEvents: [], initialStatus: 'signedOut' });
    signIn.start();
    try {
      await settle();
      expect(working.getSnapshot().status).toBe('active'); // the sign-in page signs no one out
      expect(signIn.getSnapshot().status).toBe('signedOut');
    } finally {
      working.stop();
      signIn.stop();
    }
  });

  it('rejects any other value with a TypeError naming the option', () => {
    expect(() => createSession({ initialStatus: 'expired' as 'active' })).toThrow(TypeError);
    expect(() => createSession({ initialStatus: 'expired' as 'active' })).toThrow(/"initialStatus" must be 'active' or 'signedOut', got "expired"/);
  });
});
