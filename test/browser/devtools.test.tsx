// <SessionDevtools /> in real Chromium: the keyboard path, a scripted session read in order, axe.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { SessionDevtools } from '../../src/devtools/index.ts';
import { SessionProvider, createSession } from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { expectNoAxeViolations } from '../support/axe.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

afterEach(async () => {
  cleanup();
  await page.viewport(1280, 800);
});

/** A pretend server: 200 with `Session-Expires` until its session is gone, then 440. */
function renderApp() {
  const server = { gone: false };
  const clock = createTestClock(Date.now());
  const session = createSession({
    crossTab: false,
    idleTimeout: 10 * MINUTE,
    warningBefore: 2 * MINUTE,
    activityEvents: [], // the keyboard and clicks of the test are not the script's activity
    clock,
    fetch: async (input, init) => {
      const response = new Response(null, { status: server.gone ? 440 : 204, headers: server.gone ? {} : { 'Session-Expires': '1200' } });
      // A made-up Response has no URL; fetch's has the one it answered for.
      Object.defineProperty(response, 'url', { value: new Request(input, init).url });
      return response;
    },
  });
  render(
    <SessionProvider session={session}>
      <header>
        <h1>Expense report</h1>
      </header>
      <main>
        <label>
          Description <input name="description" />
        </label>
      </main>
      <SessionDevtools />
    </SessionProvider>,
  );
  return { clock, session, server };
}

const toggle = () => page.getByRole('button', { name: 'Session devtools' });
const region = () => page.getByRole('region', { name: 'Session devtools' });
const labels = () => [...region().element().querySelectorAll('ol[aria-labelledby] [data-event-label]')].map((label) => label.textContent);

describe('<SessionDevtools /> in Chromium', () => {
  it('opens from the keyboard, lists a scripted session in order, is axe clean, and Escape gives focus back', async () => {
    const { clock, session, server } = renderApp();
    await act(async () => {
      clock.advance(SECOND);
      session.reportActivity();
      clock.advance(8 * MINUTE + SECOND); // the warning
      await session.extend();
      server.gone = true;
    });
    const saved = session.fetch('/api/expenses?draft=1', { method: 'POST', body: 'lunch' });
    await vi.waitFor(() => expect(session.getSnapshot().parked).toBe(1));

    await userEvent.click(page.getByLabelText('Description'));
    await userEvent.tab();
    await expect.element(toggle()).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.element(region()).toBeVisible();
    await expect.element(toggle()).toHaveAttribute('aria-expanded', 'true');

    await expect.element(region().getByRole('list', { name: 'Parked requests' })).toHaveTextContent('POST /api/expenses');
    expect(labels()).toEqual([
      'Recording began: status active',
      expect.stringMatching(/^Deadline \d\d:\d\d:\d\d, bound by idle time$/),
      'Activity taken (report)',
      'Status active → warning (check)',
      'Status warning → active (extended)',
      expect.stringMatching(/^Deadline \d\d:\d\d:\d\d, bound by idle time$/),
      'Response 440 POST /api/expenses: expired',
      'Status active → expired (expiredResponse)',
      'No deadline',
      'Request parked: POST /api/expenses',
    ]);
    await expect.element(region().getByRole('img', { name: /Response 440 POST \/api\/expenses: expired$/ })).toBeInTheDocument();
    await expectNoAxeViolations('panel open, a request parked');

    server.gone = false;
    await act(async () => {
      await session.resume();
      await saved;
    });
    await expect.element(region().getByText('Nothing waits.')).toBeVisible();
    await expect
      .poll(() => labels().slice(-3))
      .toEqual(['Request replayed: POST /api/expenses', 'Response 204 POST /api/expenses', expect.stringMatching(/^Session-Expires "1200": taken/)]);
    await page.viewport(320, 640);
    await expectNoAxeViolations('panel open at 320 px');

    // Into the panel with Tab, then Escape from inside it.
    await userEvent.tab();
    expect(region().element().contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    await expect.element(region()).not.toBeInTheDocument();
    await expect.element(toggle()).toHaveFocus();
    await expect.element(toggle()).toHaveAttribute('aria-expanded', 'false');
  });

  it('is axe clean closed: one button in a landmark of its own, 24 px at least', async () => {
    renderApp();
    const { width, height } = toggle().element().getBoundingClientRect();
    expect(width).toBeGreaterThanOrEqual(24);
    expect(height).toBeGreaterThanOrEqual(24);
    await expectNoAxeViolations('closed');
  });
});
