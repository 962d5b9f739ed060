// The engine in real Chromium: real input events, real timers, and the wake path across a
// deadline. Headless Chromium reports every page as visible, so the hidden page is simulated by
// stubbing document.visibilityState while the test clock jumps over the time a frozen page misses.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { createSession } from '../../src/core/index.ts';
import { createTestClock } from '../../src/testing/index.ts';

const MINUTE = 60_000;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  document.body.replaceChildren();
});

function stubVisibility(state: DocumentVisibilityState) {
  const own = Object.getOwnPropertyDescriptor(document, 'visibilityState');
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
  return () => {
    if (own) Object.defineProperty(document, 'visibilityState', own);
    else Reflect.deleteProperty(document, 'visibilityState');
    Reflect.deleteProperty(document, 'hidden');
  };
}

function startedSession(options: Parameters<typeof createSession>[0] = {}) {
  const clock = createTestClock(Date.now());
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock, ...options });
  session.start();
  cleanups.push(() => session.stop());
  return { clock, session };
}

describe('in Chromium', () => {
  it('takes real pointer movement and typing as activity', async () => {
    document.body.innerHTML = '<label>Comment <input></label><p style="height: 200px">Form</p>';
    const { clock, session } = startedSession();
    clock.advance(5 * MINUTE);
    await userEvent.hover(page.getByText('Form'));
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);

    clock.advance(2 * MINUTE);
    await userEvent.type(page.getByLabelText('Comment'), 'hi');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
  });

  it('expires at once when a hidden page becomes visible after its deadline passed', async () => {
    const signOut = vi.fn();
    const { clock, session } = startedSession({ signOut });
    const restoreHidden = stubVisibility('hidden');
    clock.jump(25 * MINUTE); // hidden and frozen: no timer runs
    expect(session.getSnapshot().status).toBe('active');
    restoreHidden();
    cleanups.push(stubVisibility('visible'));
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
    expect(signOut).toHaveBeenCalledTimes(1);
  });

  it('shows the warning at once when a page woken by focus is inside the warning time', async () => {
    const { clock, session } = startedSession();
    clock.jump(9 * MINUTE + 30_000);
    window.dispatchEvent(new FocusEvent('focus'));
    expect(session.getSnapshot()).toMatchObject({ status: 'warning', expiresAt: clock.now() + 30_000 });
  });

  it('warns and expires on real timers', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // short warnings are below WCAG's 20 s on purpose
    cleanups.push(() => vi.restoreAllMocks());
    const session = createSession({ crossTab: false, idleTimeout: 600, warningBefore: 300 });
    session.start();
    cleanups.push(() => session.stop());
    const seen: string[] = [];
    session.subscribe(() => seen.push(session.getSnapshot().status));
    await vi.waitFor(() => expect(seen).toEqual(['warning', 'expired']), { timeout: 3000, interval: 50 });
    expect(session.getSnapshot().reason).toBe('idle');
  });
});
