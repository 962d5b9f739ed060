// `revalidate` in real Chromium: the real fetch GETs the status URL on the page's own origin
// (/__same-origin relays to the loopback protocol server, which answers 440 once its session was
// ended). Headless Chromium reports every page as visible, so the hidden page is simulated by
// stubbing document.visibilityState while the test clock jumps over the time a frozen page misses.
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';

import { createSession } from '../../src/core/index.ts';
import { createTestClock } from '../../src/testing/index.ts';

const MINUTE = 60_000;
const apiUrl = inject('apiUrl');
const control = async (action: string) => (await fetch(`${apiUrl}/__control/${action}`, { method: 'POST' })).json();
const received = async (): Promise<{ hits: Array<{ method: string; path: string }> }> => control('received');

const cleanups: Array<() => void> = [];
beforeEach(() => control('reset'));
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  cleanups.push(() => {
    Reflect.deleteProperty(document, 'visibilityState');
    Reflect.deleteProperty(document, 'hidden');
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

function startedSession() {
  const clock = createTestClock(Date.now());
  const session = createSession({ crossTab: false, idleTimeout: 30 * MINUTE, warningBefore: MINUTE, clock, revalidate: '/__same-origin/api/session' });
  session.start();
  cleanups.push(() => session.stop());
  return { clock, session };
}

describe('in Chromium, revalidate', () => {
  it('shows the expired status at once when the server ended the session while the page was hidden for 2 minutes', async () => {
    const { clock, session } = startedSession();
    setVisibility('hidden');
    await control('expire'); // a restart, an admin, a sign-out on another device
    clock.jump(2 * MINUTE);
    expect(session.getSnapshot().status).toBe('active'); // what the tab knew
    setVisibility('visible');

    await vi.waitFor(() => expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' }), { timeout: 5000, interval: 10 });
    const { hits } = await received();
    expect(hits).toEqual([expect.objectContaining({ method: 'GET', path: '/api/session' })]);
  });

  it('takes the Session-Expires of the answer when the server session is still there, and stays active', async () => {
    const { clock, session } = startedSession();
    setVisibility('hidden');
    clock.jump(2 * MINUTE);
    setVisibility('visible');

    // The protocol server answers with Session-Expires: 900, sooner than the 28 idle minutes left.
    await vi.waitFor(() => expect(session.getDeadline()).toBe(clock.now() + 15 * MINUTE), { timeout: 5000, interval: 10 });
    expect(session.getSnapshot().status).toBe('active');
  });
});
