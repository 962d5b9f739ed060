// The page behind the dialogs does not scroll, and gets back exactly the scrolling it had. (The
// real scrolling, and the scrollbar's gutter, are tested in Chromium: test/e2e/strict-csp.test.ts.)
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, createSession } from '../../src/index.ts';
import { lockScroll } from '../../src/react/scroll-lock.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { MINUTE } from '../support/session.ts';

const root = document.documentElement;

afterEach(() => {
  cleanup();
  root.removeAttribute('style');
  document.head.querySelectorAll('style').forEach((element) => element.remove());
});

function renderApp() {
  const clock = createTestClock();
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], clock });
  render(
    <SessionProvider session={session}>
      <main>Invoices</main>
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={async () => {}} />
    </SessionProvider>,
  );
  return { session, advance: (ms: number) => act(() => clock.advance(ms)) };
}

// jsdom keeps no `!important` priorities: the values only.
const inline = (name: string) => root.style.getPropertyValue(name);

it('locks the page behind the warning and the re-login without a <style> element, and gives back the overflow the app had set', async () => {
  root.style.setProperty('overflow-y', 'scroll'); // the app's own, inline on <html>
  root.style.setProperty('overflow-x', 'clip');
  const { session, advance } = renderApp();

  advance(8 * MINUTE); // the warning
  expect(inline('overflow-y')).toBe('hidden');
  expect(inline('overflow-x')).toBe('hidden');
  advance(2 * MINUTE); // the re-login
  expect(session.getSnapshot().status).toBe('expired');
  expect(inline('overflow-y')).toBe('hidden');
  expect(document.querySelectorAll('style')).toHaveLength(0);

  await act(() => session.resume());
  expect(inline('overflow-y')).toBe('scroll');
  expect(inline('overflow-x')).toBe('clip');
});

it('leaves nothing on <html> after the dialog closes when the app had set nothing there', async () => {
  const { session, advance } = renderApp();
  advance(8 * MINUTE);
  expect(root.getAttribute('style')).not.toBe(null);
  await act(() => session.extend());
  expect(session.getSnapshot().status).toBe('active');
  expect(root.style.length).toBe(0);
});

it('keeps the page locked until the last of two dialogs lets go', () => {
  const first = lockScroll();
  const second = lockScroll();
  first();
  first(); // a second undo of the same lock changes nothing
  expect(inline('overflow-y')).toBe('hidden');
  second();
  expect(root.style.length).toBe(0);
});
