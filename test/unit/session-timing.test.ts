import { afterEach, describe, expect, it, vi } from 'vitest';

import { createSession } from '../../src/core/session.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, startSession, stopStartedSessions } from '../support/session.ts';

const started = startSession;
afterEach(stopStartedSessions);

const pointer = (type: string, x = 0, y = 0) => window.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y }));
const key = () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));

describe('given a session with 10 minutes idle and a 1 minute warning', () => {
  it('warns one minute before the deadline, then expires at the deadline because of idleness', () => {
    const { clock, session, status, startedAt } = started();
    clock.advance(9 * MINUTE - 1);
    expect(status()).toBe('active');
    clock.advance(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'warning', expiresAt: startedAt + 10 * MINUTE });
    clock.advance(MINUTE - 1);
    expect(status()).toBe('warning');
    clock.advance(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle', expiresAt: startedAt + 10 * MINUTE });
  });

  it('keeps the person signed in while they work, without notifying anyone', () => {
    const { clock, session, changes, status } = started();
    for (let minute = 1; minute <= 30; minute++) {
      clock.advance(MINUTE);
      pointer('pointermove', minute, minute);
    }
    expect(status()).toBe('active');
    expect(changes).toEqual([]);
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it.each([
    ['a pointer press', () => pointer('pointerdown')],
    ['a key', () => key()],
    ['the wheel', () => window.dispatchEvent(new WheelEvent('wheel'))],
    ['a touch', () => window.dispatchEvent(new Event('touchstart'))],
  ])('counts %s as activity', (_, fire) => {
    const { clock, session } = started();
    clock.advance(5 * MINUTE);
    fire();
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it('does not count scrolling, focus, a page shown again, or a pointer that did not move', () => {
    const { clock, session, startedAt } = started();
    pointer('pointermove', 10, 10);
    clock.advance(5 * MINUTE);
    window.dispatchEvent(new Event('scroll'));
    window.dispatchEvent(new FocusEvent('focus'));
    window.dispatchEvent(new Event('pageshow'));
    document.dispatchEvent(new Event('visibilitychange'));
    pointer('pointermove', 10, 10); // the page moved under a resting pointer
    expect(session.getDeadline()).toBe(startedAt + 10 * MINUTE);
  });

  it('takes at most one activity a second: a storm of events costs one clock read each', () => {
    const clock = createTestClock();
    const now = vi.spyOn(clock, 'now');
    const { session } = started({ clock });
    clock.advance(MINUTE);
    pointer('pointermove', 1, 1);
    const deadline = session.getDeadline();
    now.mockClear();
    clock.advance(999);
    for (let i = 0; i < 1000; i++) pointer('pointermove', i, i);
    expect(now).toHaveBeenCalledTimes(1000);
    expect(session.getDeadline()).toBe(deadline);
    clock.advance(1);
    pointer('pointermove', 5000, 5000);
    expect(session.getDeadline()).toBe(deadline + SECOND);
  });

  it('ignores activity during the warning: only "Stay signed in" dismisses it (WCAG 2.2.1)', async () => {
    const { clock, session, status } = started();
    clock.advance(9 * MINUTE);
    expect(status()).toBe('warning');
    pointer('pointerdown');
    key();
    session.reportActivity();
    expect(status()).toBe('warning');
    await expect(session.extend()).resolves.toBe('extended');
    expect(status()).toBe('active');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it('gives the full interval back each time the person stays, ten times in a row', async () => {
    const { clock, session, statuses } = started();
    for (let round = 0; round < 10; round++) {
      clock.advance(9 * MINUTE);
      expect(session.getSnapshot().status).toBe('warning');
      await session.extend();
      expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    }
    expect(statuses()).toEqual(Array.from({ length: 10 }, () => ['warning', 'active']).flat());
  });

  it('counts activity reported by the app (an iframe, a custom widget)', () => {
    const { clock, session } = started();
    clock.advance(7 * MINUTE);
    session.reportActivity();
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });
});

describe('when the system clock is set back', () => {
  it('neither ends the session nor fires its timers early: they keep their remaining delays', () => {
    const { clock, session, status } = started();
    clock.advance(5 * MINUTE);
    clock.jump(-2 * MINUTE);
    expect(status()).toBe('active');
    expect(session.getDeadline()).toBe(clock.now() + 7 * MINUTE);
    clock.advance(4 * MINUTE); // the warning timer was due 4 minutes from the jump, and rings then
    expect(status()).toBe('active'); // yet the deadline is read on the wall clock: 3 minutes left
    clock.advance(2 * MINUTE);
    expect(status()).toBe('warning');
  });

  it('never leaves more than idleTimeout to go, though the last activity now lies ahead', () => {
    const { clock, session } = started();
    clock.advance(MINUTE);
    session.reportActivity();
    clock.jump(-5 * MINUTE);
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it("takes the server's word from a request sent after the clock was set back (issue 23, item 5)", async () => {
    // Each answer of this server: its session slid, 27 s left.
    const fetch = vi.fn(async () => new Response('ok', { headers: { 'Session-Expires': '27' } }));
    const { clock, session } = started({ fetch, warningBefore: 20 * SECOND });
    await session.fetch(`${location.origin}/api/orders`, { method: 'POST' });
    clock.advance(SECOND);
    clock.jump(-14 * SECOND); // NTP corrects the laptop's clock
    await session.fetch(`${location.origin}/api/orders`, { method: 'POST' }); // sent later, though its wall time is earlier
    expect(session.getDeadline()).toBe(clock.now() + 27 * SECOND);
    clock.advance(27 * SECOND);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'server' }); // with the server, not 13 s after it
  });

  it('still ignores a late answer to a request sent before the one that set the expiry, across a set-back clock', async () => {
    const answers: Array<(response: Response) => void> = [];
    const fetch = vi.fn(() => new Promise<Response>((resolve) => answers.push(resolve)));
    const { clock, session } = started({ fetch, idleTimeout: 60 * MINUTE });
    const slow = session.fetch(`${location.origin}/api/report`, { method: 'POST' });
    clock.advance(SECOND);
    const fast = session.fetch(`${location.origin}/api/orders`, { method: 'POST' });
    answers[1]!(new Response('ok', { headers: { 'Session-Expires': '600' } }));
    await fast;
    clock.jump(-30 * SECOND);
    answers[0]!(new Response('ok', { headers: { 'Session-Expires': '60' } })); // said before the 600 s
    await slow;
    expect(session.getDeadline()).toBe(clock.now() + 30 * SECOND + 600 * SECOND); // the 600 s stand
  });
});

describe('when the laptop sleeps past the deadline', () => {
  it('expires on the first mousemove after waking instead of being refreshed by it', () => {
    const signOut = vi.fn();
    const { clock, session, statuses } = started({ signOut });
    clock.jump(3 * 60 * MINUTE); // no timer ran while asleep
    pointer('pointermove', 40, 40);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
    expect(statuses()).toEqual(['expired']);
    expect(signOut).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['the page becomes visible', () => document.dispatchEvent(new Event('visibilitychange'))],
    ['the window gets focus', () => window.dispatchEvent(new FocusEvent('focus'))],
    ['the page is shown from the back/forward cache', () => window.dispatchEvent(new Event('pageshow'))],
    ['a frozen page resumes', () => document.dispatchEvent(new Event('resume'))],
    ['the network comes back', () => window.dispatchEvent(new Event('online'))],
  ])('re-checks the deadline at once when %s', (_, wake) => {
    const { clock, status } = started();
    clock.jump(9 * MINUTE + 30 * SECOND);
    expect(status()).toBe('active');
    wake();
    expect(status()).toBe('warning');
    clock.jump(MINUTE);
    wake();
    expect(status()).toBe('expired');
  });
});

describe('timers', () => {
  it('keeps at most one pending timer while active and none once expired', () => {
    const { clock, status } = started();
    for (let second = 0; second < 20 * 60; second += 7) {
      clock.advance(7 * SECOND);
      if (second < 5 * 60) pointer('pointermove', second, 0);
      expect(clock.pendingTimers()).toBeLessThanOrEqual(1);
    }
    expect(status()).toBe('expired');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does not move the timer for each activity: an early ring re-aims it', () => {
    const clock = createTestClock();
    const setTimeout = vi.spyOn(clock, 'setTimeout');
    const { session } = started({ clock });
    for (let second = 1; second <= 8 * 60; second++) {
      clock.advance(SECOND);
      pointer('pointermove', second, 0);
    }
    expect(setTimeout).toHaveBeenCalledTimes(1);
    clock.advance(MINUTE); // the first aim (9 min) passes while the person still counts as active
    expect(session.getSnapshot().status).toBe('active');
    expect(setTimeout).toHaveBeenCalledTimes(2);
  });

  it('never busy-loops with no idle tracking, and reaches a server expiry weeks away in clamped steps', () => {
    const { clock, session, status } = started({ idleTimeout: Infinity });
    expect(clock.pendingTimers()).toBe(0);
    const setTimeout = vi.spyOn(clock, 'setTimeout');
    session.handleResponse(new Response(null, { status: 204, headers: { 'Session-Expires': String(60 * 24 * 3600) } }));
    clock.advance(60 * 24 * 3600 * SECOND - MINUTE);
    expect(status()).toBe('warning');
    expect(setTimeout.mock.calls.length).toBeLessThanOrEqual(4); // 60 days in steps of 24.8 days, then the warning
    for (const [, delay] of setTimeout.mock.calls) expect(delay).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

describe('start and stop', () => {
  it('are idempotent and only attach or detach listeners and the timer (React StrictMode)', () => {
    const { clock, session, startedAt } = started();
    session.start();
    expect(clock.pendingTimers()).toBe(1);
    session.stop();
    session.stop();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(MINUTE);
    pointer('pointerdown');
    expect(session.getDeadline()).toBe(startedAt + 10 * MINUTE); // nobody listens while stopped
    session.start();
    session.start();
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(SECOND);
    pointer('pointerdown');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it('creates nothing until started, counts idle time from its start, and re-checks when started again', () => {
    const clock = createTestClock();
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock });
    expect(clock.pendingTimers()).toBe(0);
    clock.jump(9 * MINUTE + SECOND); // made when the module loaded; the page mounts its provider later
    session.start();
    expect(session.getSnapshot().status).toBe('active');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    session.stop();
    clock.jump(9 * MINUTE + SECOND); // unmounted, and mounted again long after
    session.start();
    expect(session.getSnapshot().status).toBe('warning');
    session.stop();
  });
});

describe('subscribers', () => {
  it('are called once per change, with a new snapshot object only when something changed', () => {
    const { clock, session, changes } = started();
    const first = session.getSnapshot();
    expect(session.getSnapshot()).toBe(first);
    clock.advance(9 * MINUTE);
    expect(changes).toHaveLength(1);
    expect(changes[0]).not.toBe(first);
    expect(session.getSnapshot()).toBe(changes[0]);
  });

  it('stop being called once unsubscribed', () => {
    const { clock, session } = started();
    const listener = vi.fn();
    const unsubscribe = session.subscribe(listener);
    unsubscribe();
    clock.advance(9 * MINUTE);
    expect(listener).not.toHaveBeenCalled();
  });
});

describe("the page's own expiry (issue 23)", () => {
  afterEach(() => vi.restoreAllMocks());

  it('warns before the server ends a session the page was served with, though no request was made', () => {
    const { clock, status } = started({ sessionExpires: '90', warningBefore: 20 * SECOND });
    clock.advance(70 * SECOND - 1);
    expect(status()).toBe('active');
    clock.advance(1);
    expect(status()).toBe('warning'); // 20 s before the end the server rendered into the page
    clock.advance(20 * SECOND);
    expect(status()).toBe('expired');
  });

  it("reads the navigation's Server-Timing entry named after the expiry header", () => {
    const navigation = {
      serverTiming: [
        { name: 'db', duration: 12, description: '' },
        { name: 'Session-Expires', duration: 0, description: '90' },
      ],
    };
    vi.spyOn(performance, 'getEntriesByType').mockImplementation((type) => (type === 'navigation' ? [navigation] : []) as unknown as PerformanceEntryList);
    const { clock, session } = started({ warningBefore: 20 * SECOND });
    expect(session.getDeadline()).toBe(clock.now() + 90 * SECOND);
  });

  it('reads it once, at the first start, and not at all with expiresHeader: null', () => {
    const { clock, session } = started({ sessionExpires: '90' });
    session.handleResponse(new Response(null, { headers: { 'Session-Expires': '600' } }));
    session.stop();
    session.start();
    expect(session.getDeadline()).toBe(clock.now() + 600 * SECOND);
    const ignored = started({ sessionExpires: '90', expiresHeader: null });
    expect(ignored.session.getDeadline()).toBe(ignored.clock.now() + 10 * MINUTE);
  });
});
