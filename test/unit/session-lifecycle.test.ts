import { afterEach, describe, expect, it, vi } from 'vitest';

import { MINUTE, SECOND, answer, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

const started = startSession;
afterEach(stopStartedSessions);

describe('when the person stays idle until the end', () => {
  it("calls the app's sign-out once and leaves the page in place, offering a re-login", async () => {
    const signOut = vi.fn();
    const { clock, session } = started({ signOut });
    clock.advance(10 * MINUTE);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
    expect(signOut).toHaveBeenCalledTimes(1);
    await session.signOut(); // and then leaves for good
    expect(signOut).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', reason: 'user' });
  });

  it("does not call the app's sign-out when the server ended the session itself", () => {
    const signOut = vi.fn();
    const { session } = started({ signOut });
    session.handleResponse(respond(440));
    expect(signOut).not.toHaveBeenCalled();
  });
});

describe('signing out', () => {
  it.each(['active', 'warning', 'expired'] as const)('from %s: signed out, the app sign-out called once', async (from) => {
    const signOut = vi.fn();
    const { clock, session, status } = started({ signOut });
    if (from === 'warning') clock.advance(9 * MINUTE);
    if (from === 'expired') session.handleResponse(respond(440));
    expect(status()).toBe(from);
    await session.signOut();
    await session.signOut();
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', reason: 'user', expiresAt: null });
    expect(signOut).toHaveBeenCalledTimes(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("waits for the app's sign-out call, and never rejects when it fails", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let finish!: () => void;
    const order: string[] = [];
    const { session } = started({
      signOut: () =>
        new Promise<void>((resolve) => (finish = resolve)).then(() => {
          order.push('server signed out');
          throw new Error('500');
        }),
    });
    const done = session.signOut().then(() => order.push('signOut() resolved'));
    expect(session.getSnapshot().status).toBe('signedOut'); // the page shows it at once
    finish();
    await done;
    expect(order).toEqual(['server signed out', 'signOut() resolved']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('The signOut option threw'), expect.any(Error));
    warn.mockRestore();
  });

  it("calls the app's sign-out while the parked requests still wait, before they are rejected (found in review)", async () => {
    let parkedAtSignOut: number | undefined;
    const { session } = started({
      signOut: () => void (parkedAtSignOut = session.getSnapshot().parked),
      fetch: vi.fn(async (input: RequestInfo | URL) => answer(440, new Request(input).url)),
    });
    const parked = session.fetch(`${location.origin}/api/notes`, { method: 'POST' }).catch((error: unknown) => error);
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 1 });
    await session.signOut();
    await parked;
    expect(parkedAtSignOut).toBe(1);
  });

  it("calls the app's sign-out when a subscriber signs in again within the sign-out (found in review)", async () => {
    const signOut = vi.fn();
    const { session } = started({ signOut, fetch: vi.fn(async (input: RequestInfo | URL) => answer(440, new Request(input).url)) });
    const parked = session.fetch(`${location.origin}/api/notes`).catch(() => {});
    await settle();
    let resumed = false;
    session.subscribe(() => {
      if (resumed || session.getSnapshot().status !== 'signedOut') return;
      resumed = true;
      void session.resume();
    });
    await session.signOut();
    await parked;
    expect(signOut).toHaveBeenCalledTimes(1);
  });

  it('ignores activity, timers and expired responses afterwards', () => {
    const { clock, session, changes } = started();
    void session.signOut();
    window.dispatchEvent(new MouseEvent('pointerdown'));
    session.handleResponse(respond(440));
    clock.advance(60 * MINUTE);
    expect(changes.map((snapshot) => snapshot.status)).toEqual(['signedOut']);
  });
});

describe('the deadline once the session ended', () => {
  it('is the moment it ended, so a countdown shows zero after a 440 or a sign-out', async () => {
    const { clock, session } = started();
    clock.advance(MINUTE);
    session.handleResponse(respond(440));
    expect(session.getDeadline()).toBe(clock.now());
    clock.advance(MINUTE);
    await session.signOut();
    expect(session.getDeadline()).toBe(clock.now() - MINUTE);
    await session.resume();
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });
});

describe('signing in again (resume)', () => {
  it('after an expiry: active with a fresh idle deadline and a new server sign-out allowance', async () => {
    const signOut = vi.fn();
    const { clock, session } = started({ signOut });
    clock.advance(10 * MINUTE);
    clock.advance(3 * MINUTE); // the person types their password
    await session.resume();
    expect(session.getSnapshot()).toMatchObject({ status: 'active', reason: null, expiresAt: clock.now() + 10 * MINUTE });
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    clock.advance(10 * MINUTE);
    expect(signOut).toHaveBeenCalledTimes(2);
  });

  it('after signing out: active again', async () => {
    const { session, status } = started();
    await session.signOut();
    await session.resume({ user: 'ada' });
    expect(status()).toBe('active');
  });

  it('does nothing while the session is still on', async () => {
    const { clock, session, changes, startedAt } = started();
    clock.advance(MINUTE);
    await session.resume();
    expect(changes).toEqual([]);
    expect(session.getDeadline()).toBe(startedAt + 10 * MINUTE);
  });

  it('re-arms the timer: the next warning comes on time', async () => {
    const { clock, session, status } = started();
    session.handleResponse(respond(440));
    expect(clock.pendingTimers()).toBe(0);
    await session.resume();
    clock.advance(9 * MINUTE - SECOND);
    expect(status()).toBe('active');
    clock.advance(SECOND);
    expect(status()).toBe('warning');
  });
});
