import { afterEach, describe, expect, it, vi } from 'vitest';

import { createSession, type Session, type SessionOptions } from '../../src/core/index.ts';
import { createMemoryTabs, createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

afterEach(() => {
  stopStartedSessions();
  vi.restoreAllMocks();
});

describe('session.configure(partial): timeouts that change at run time', () => {
  it('takes a timeout the server sends after sign-in: the deadline moves at once', () => {
    const { clock, session, startedAt, statuses } = startSession(); // 10 minutes, warning 1 minute before
    clock.advance(2 * MINUTE);
    session.configure({ idleTimeout: 30 * MINUTE });
    expect(session.getDeadline()).toBe(startedAt + 30 * MINUTE);
    expect(session.getSnapshot()).toMatchObject({ idleTimeout: 30 * MINUTE, warningBefore: MINUTE });
    expect(session.idleTimeout).toBe(30 * MINUTE);

    clock.advance(20 * MINUTE); // past the old 10 minutes
    expect(statuses()).not.toContain('warning');
    clock.advance(7 * MINUTE);
    expect(session.getSnapshot().status).toBe('warning');
  });

  it('applies a stricter limit at once: the warning opens when the new deadline is that close', () => {
    const { clock, session, startedAt } = startSession();
    clock.advance(5 * MINUTE);
    session.configure({ idleTimeout: 6 * MINUTE, warningBefore: 2 * MINUTE });
    expect(session.getSnapshot()).toMatchObject({ status: 'warning', expiresAt: startedAt + 6 * MINUTE });
    clock.advance(MINUTE);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
  });

  it('keeps the default warning time in step with a new idleTimeout when the app never chose one', () => {
    const session = createSession({ crossTab: false, idleTimeout: 15 * MINUTE, clock: createTestClock() });
    session.configure({ idleTimeout: MINUTE });
    expect(session.warningBefore).toBe(30 * SECOND); // half of it, as createSession would have chosen
    session.configure({ idleTimeout: 60 * MINUTE });
    expect(session.warningBefore).toBe(2 * MINUTE);
  });

  it('checks a change as createSession checks options, and leaves the session as it was when one is wrong', () => {
    const { session } = startSession();
    expect(() => session.configure({ warningBefore: 20 * MINUTE })).toThrow(/option "warningBefore" must be less than idleTimeout \(600000\), got 1200000/);
    expect(() => session.configure({ idleTimeout: -1 })).toThrow(TypeError);
    expect(() => session.configure({ keepalive: 42 as never })).toThrow(/option "keepalive"/);
    expect(() => session.configure({ crossTab: false } as never)).toThrow(/option "crossTab" cannot be changed by configure/);
    expect(() => session.configure(null as never)).toThrow(/"configure" must be an object/);
    expect(session.getSnapshot()).toMatchObject({ idleTimeout: 10 * MINUTE, warningBefore: MINUTE });
  });

  it('turns the keepalive on, and changes how often it pings', async () => {
    const pings: number[] = [];
    const { clock, session } = startSession({
      fetch: vi.fn(async () => {
        pings.push(clock.now());
        return respond(204);
      }),
    });
    session.configure({ keepalive: 'https://app.example/keepalive', keepaliveInterval: 2 * MINUTE });
    for (let step = 0; step < 10; step++) {
      clock.advance(30 * SECOND);
      session.reportActivity();
      await settle();
    }
    expect(pings).toHaveLength(2); // at 2 and 4 minutes: the page load was the last contact
    session.configure({ keepalive: null });
    clock.advance(3 * MINUTE);
    session.reportActivity();
    await settle();
    expect(pings).toHaveLength(2);
  });

  describe('with several tabs', () => {
    const opened: Session[] = [];
    afterEach(() => {
      for (const session of opened.splice(0)) session.stop();
    });

    function browser() {
      const clock = createTestClock();
      const tabs = createMemoryTabs();
      const open = (extra: SessionOptions = {}) => {
        const session = createSession({ clock, crossTab: tabs.transport, activityEvents: [], idleTimeout: 10 * MINUTE, warningBefore: MINUTE, ...extra });
        session.start();
        opened.push(session);
        return session;
      };
      return { clock, open };
    }

    it('shares the new timeout with the other tabs, and with a tab opened later', async () => {
      const { clock, open } = browser();
      const [first, second] = [open(), open()];
      first.configure({ idleTimeout: 8 * 60 * MINUTE, warningBefore: 5 * MINUTE }); // "remember me"
      await settle();
      expect(second.getSnapshot()).toMatchObject({ idleTimeout: 8 * 60 * MINUTE, warningBefore: 5 * MINUTE });

      clock.advance(60 * MINUTE);
      const later = open();
      await settle();
      expect(later.idleTimeout).toBe(8 * 60 * MINUTE);
      expect([first, second, later].map((tab) => tab.getSnapshot().status)).toEqual(['active', 'active', 'active']);
    });

    it('forgets the shared timeout when the person signs out: the next sign-in starts from the options', async () => {
      const { open } = browser();
      const first = open();
      first.configure({ idleTimeout: 60 * MINUTE });
      await first.signOut();
      const next = open();
      await settle();
      expect(next.idleTimeout).toBe(10 * MINUTE);
    });
  });
});
