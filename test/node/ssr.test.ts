// Runs in Node with no `window` and no `document`, as server rendering does.
import { describe, expect, it } from 'vitest';

import * as entry from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';

describe('on the server', () => {
  it('imports without touching window or document', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    expect(typeof entry.createSession).toBe('function');
  });

  it('creates a session that does nothing until started, and starts without a DOM', () => {
    const clock = createTestClock();
    const session = entry.createSession({ crossTab: false, clock, revalidate: '/api/session' }); // no DOM: nothing to listen to
    // Made, it has read no clock: no deadline yet (a server render shows this snapshot).
    expect(session.getSnapshot()).toEqual({
      status: 'active',
      reason: null,
      expiresAt: null,
      parked: 0,
      extending: false,
      hardLimit: false,
      idleTimeout: 900_000,
      warningBefore: 120_000,
    });
    expect(session.getServerSnapshot()).toBe(session.getSnapshot());
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(5_000);
    session.start();
    expect(session.getDeadline()).toBe(clock.now() + 15 * 60_000); // its time begins when it starts
    session.reportActivity();
    session.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
