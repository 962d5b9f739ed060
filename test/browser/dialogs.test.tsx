// Both dialogs in real Chromium: roles, names, focus, keyboard, the re-login path, and axe.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, createSession, type ReloginModalProps, type SessionOptions } from '../../src/index.ts';
import theme from '../../src/styles.css?inline';
import { createTestClock } from '../../src/testing/index.ts';
import { expectNoAxeViolations } from '../support/axe.ts';

const MINUTE = 60_000;

afterEach(async () => {
  cleanup();
  await page.viewport(1280, 800);
});

function renderApp(options: SessionOptions = {}, onRelogin: ReloginModalProps['onRelogin'] = async () => {}) {
  const clock = createTestClock(Date.now());
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], clock, ...options });
  render(
    <SessionProvider session={session}>
      <header>
        <h1>Expense report</h1>
      </header>
      <main>
        <label>
          Description <input name="description" />
        </label>
        <button type="button">Save</button>
      </main>
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={onRelogin} />
    </SessionProvider>,
  );
  const advance = (ms: number) => act(() => clock.advance(ms));
  return { clock, session, advance };
}

const warning = () => page.getByRole('alertdialog', { name: 'Your session is about to expire' });
const relogin = () => page.getByRole('dialog', { name: 'Your session has expired' });
const description = () => page.getByLabelText('Description');

describe('the countdown warning in Chromium', () => {
  it('opens as a labelled alert dialog with focus on "Stay signed in", and is axe clean', async () => {
    const { advance } = renderApp();
    advance(8 * MINUTE);
    await expect.element(warning()).toBeVisible();
    const dialog = warning().element();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toContain('we will sign you out');
    await expect.element(page.getByRole('button', { name: 'Stay signed in' })).toHaveFocus();
    expect(document.querySelector('main')!.closest('[inert]')).not.toBeNull(); // the page behind is inert
    await expectNoAxeViolations('warning');
    await page.viewport(320, 640);
    await expectNoAxeViolations('warning at 320 px');
  });

  it('takes Escape as "Stay signed in": one keepalive however often it is pressed, then focus returns', async () => {
    let answer!: () => void;
    const keepalive = vi.fn(() => new Promise<Response>((resolve) => (answer = () => resolve(new Response(null, { status: 204 })))));
    const { advance, session } = renderApp({ keepalive });
    await userEvent.click(description());
    await userEvent.keyboard('Lunch with client');
    advance(8 * MINUTE);
    await expect.element(warning()).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await userEvent.keyboard('{Escape}');
    await userEvent.keyboard('{Escape}');
    await expect.element(page.getByRole('button', { name: 'Staying signed in…' })).toHaveAttribute('aria-busy', 'true');
    await act(async () => answer());
    await expect.element(warning()).not.toBeInTheDocument();
    expect(keepalive).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot().status).toBe('active');
    await expect.element(description()).toHaveFocus();
    await expect.element(description()).toHaveValue('Lunch with client');
  });

  it('announces on a coarse cadence from a live region inside the dialog, never each second', async () => {
    const { advance } = renderApp();
    advance(8 * MINUTE);
    await expect.element(warning()).toBeVisible();
    const live = () => warning().element().querySelector('[aria-live="polite"]')!;
    const spoken = [live().textContent];
    for (let second = 0; second < 119; second++) {
      advance(1000);
      if (live().textContent !== spoken.at(-1)) spoken.push(live().textContent);
    }
    expect(spoken).toEqual([
      '',
      'For your security, we will sign you out in 2 minutes.',
      'For your security, we will sign you out in 1 minute.',
      'For your security, we will sign you out in 40 seconds.',
      'For your security, we will sign you out in 20 seconds.',
    ]);
  });

  it('does nothing on a click outside', async () => {
    const { advance } = renderApp();
    advance(8 * MINUTE);
    await expect.element(warning()).toBeVisible();
    await userEvent.click(page.getByRole('heading', { name: 'Expense report', includeHidden: true }), { force: true });
    await expect.element(warning()).toBeVisible();
  });

  it('keeps the warning and the countdown when the server cannot be reached, and says so', async () => {
    const { advance } = renderApp({ keepalive: async () => Promise.reject(new TypeError('Failed to fetch')) });
    advance(8 * MINUTE);
    await userEvent.click(page.getByRole('button', { name: 'Stay signed in' }));
    await expect.element(page.getByRole('alert')).toHaveTextContent("We couldn't reach the server. Try again.");
    await expect.element(warning()).toBeVisible();
    await expectNoAxeViolations('offline');
  });

  it('asks to save work instead of offering a "Stay signed in" that cannot work (hard server limit)', async () => {
    const { advance, session } = renderApp({ keepalive: async () => new Response(null, { status: 204, headers: { 'Session-Expires': '60' } }) });
    act(() => void session.handleResponse(new Response(null, { status: 204, headers: { 'Session-Expires': '180' } })));
    advance(MINUTE + 30_000);
    await act(async () => void (await session.extend()));
    const dialog = page.getByRole('alertdialog', { name: 'Your session is ending' });
    await expect.element(dialog).toHaveTextContent('cannot be extended. Save your work now.');
    expect(page.getByRole('button', { name: 'Stay signed in' }).query()).toBeNull();
    await expectNoAxeViolations('hard limit');
    await userEvent.click(page.getByRole('button', { name: 'I will save my work' }));
    await expect.element(dialog).not.toBeInTheDocument();
  });
});

describe('the dialogs without the optional theme (no styles.css on the page)', () => {
  it('pass axe as they ship: the warning, its offline error, the re-login and its error, also at 320 px', async () => {
    expect(getComputedStyle(document.documentElement).getPropertyValue('--rst-color-primary')).toBe(''); // no theme here
    const { advance, session } = renderApp({ keepalive: async () => Promise.reject(new TypeError('Failed to fetch')) }, async () => {
      throw new Error('Wrong password. Try again.');
    });
    advance(8 * MINUTE);
    await expect.element(warning()).toBeVisible();
    await expectNoAxeViolations('unstyled warning');
    await userEvent.click(page.getByRole('button', { name: 'Stay signed in' }));
    await expect.element(page.getByRole('alert')).toHaveTextContent("We couldn't reach the server.");
    await expectNoAxeViolations('unstyled warning, offline');

    advance(2 * MINUTE);
    await expect.element(relogin()).toBeVisible();
    expect(session.getSnapshot().status).toBe('expired');
    await expectNoAxeViolations('unstyled re-login');
    await userEvent.fill(page.getByLabelText('Username'), 'ada');
    await userEvent.fill(page.getByLabelText('Password'), 'wrong');
    await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
    await expect.element(page.getByRole('alert')).toHaveTextContent('Wrong password. Try again.');
    await expectNoAxeViolations('unstyled re-login, error');
    await page.viewport(320, 640);
    await expectNoAxeViolations('unstyled re-login at 320 px');
  });

  it('give every button at least 24 by 24 px (WCAG 2.5.8), side by side or not', async () => {
    const { advance } = renderApp();
    const expectTargets = () => {
      for (const button of document.querySelectorAll<HTMLElement>("[data-rst='dialog'] button")) {
        const box = button.getBoundingClientRect();
        expect([button.textContent, box.width >= 24 && box.height >= 24]).toEqual([button.textContent, true]);
      }
    };
    advance(8 * MINUTE);
    await expect.element(warning()).toBeVisible();
    expectTargets();
    advance(2 * MINUTE);
    await expect.element(relogin()).toBeVisible();
    expectTargets();
  });
});

describe('the re-login modal in Chromium', () => {
  it('focuses the first control of custom sign-in content, and speaks the language of its locale', async () => {
    const clock = createTestClock(Date.now());
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], clock });
    render(
      <SessionProvider session={session}>
        <main>
          <h1>Reisekosten</h1>
        </main>
        <ReloginModal locale="de" messages={{ title: 'Ihre Sitzung ist abgelaufen' }}>
          {({ resume }) => (
            <button type="button" onClick={() => void resume()}>
              Mit Acme SSO fortfahren
            </button>
          )}
        </ReloginModal>
      </SessionProvider>,
    );
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    const dialog = page.getByRole('dialog', { name: 'Ihre Sitzung ist abgelaufen' });
    await expect.element(dialog).toHaveAttribute('lang', 'de');
    await expect.element(page.getByRole('button', { name: 'Mit Acme SSO fortfahren' })).toHaveFocus();
  });

  it('cannot be submitted twice while signing in', async () => {
    let finish!: () => void;
    const onRelogin = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { session } = renderApp({}, onRelogin);
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    await expect.element(relogin()).toHaveTextContent('The server ended your session.');
    await userEvent.fill(page.getByLabelText('Username'), 'ada');
    await userEvent.fill(page.getByLabelText('Password'), 'secret');
    await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
    await userEvent.click(page.getByRole('button', { name: 'Signing in…' }), { force: true }); // aria-disabled: clicks still arrive
    await userEvent.keyboard('{Enter}');
    expect(onRelogin).toHaveBeenCalledTimes(1);
    await act(async () => finish());
    await expect.element(relogin()).not.toBeInTheDocument();
  });

  it('keeps the page and the request: warning, expiry, a failed and a good sign-in, then everything is back', async () => {
    const attempts: string[] = [];
    const onRelogin = vi.fn(async ({ username, password }: { username: string; password: string }) => {
      attempts.push(`${username}/${password}`);
      if (password !== 'correct horse') throw new Error('Wrong password. Try again.');
    });
    let serverAlive = true;
    const sent: string[] = [];
    const { advance, session } = renderApp(
      {
        fetch: async (input, init) => {
          const request = new Request(input, init);
          if (!serverAlive) return new Response(null, { status: 440 });
          sent.push(await request.text());
          return new Response('{}', { status: 200 });
        },
      },
      onRelogin,
    );
    await userEvent.click(description());
    await userEvent.keyboard('Taxi to airport');
    advance(8 * MINUTE);
    await expect.element(warning()).toBeVisible();
    advance(2 * MINUTE);
    serverAlive = false;
    const saving = session.fetch(`${location.origin}/api/expenses`, { method: 'POST', body: 'Taxi to airport' });

    await expect.element(relogin()).toBeVisible();
    await expect.element(relogin()).toHaveTextContent('You were signed out after 10 minutes without activity.');
    await expect.element(page.getByLabelText('Username')).toHaveFocus();
    expect(page.getByLabelText('Username').element().getAttribute('autocomplete')).toBe('username');
    expect(page.getByLabelText('Password').element().getAttribute('autocomplete')).toBe('current-password');
    await expectNoAxeViolations('re-login');
    await userEvent.keyboard('{Escape}');
    await expect.element(relogin()).toBeVisible(); // not dismissable

    await userEvent.keyboard('ada');
    await userEvent.click(page.getByLabelText('Password'));
    await userEvent.keyboard('wrong');
    await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
    await expect.element(page.getByRole('alert')).toHaveTextContent('Wrong password. Try again.');
    expect(session.getSnapshot().parked).toBe(1);
    await expectNoAxeViolations('re-login error');
    await page.viewport(320, 640);
    await expectNoAxeViolations('re-login error at 320 px');

    await userEvent.fill(page.getByLabelText('Password'), 'correct horse');
    serverAlive = true;
    await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
    await expect.element(relogin()).not.toBeInTheDocument();
    expect(attempts).toEqual(['ada/wrong', 'ada/correct horse']);
    expect((await saving).status).toBe(200);
    expect(sent).toEqual(['Taxi to airport']);
    await expect.element(page.getByRole('status').filter({ hasText: 'You are signed in again.' })).toBeInTheDocument();
    await expect.element(description()).toHaveValue('Taxi to airport'); // the page stayed (WCAG 2.2.5)
    await expect.element(description()).toHaveFocus();
    expect(getComputedStyle(document.body).pointerEvents).not.toBe('none');
    expect(document.querySelector('[inert]')).toBeNull();
    await userEvent.click(page.getByRole('button', { name: 'Save' })); // the page is clickable again
    await expect.element(page.getByRole('button', { name: 'Save' })).toHaveFocus();
  });
});

describe('the re-login on a shared computer in Chromium (hidePage)', () => {
  /**
   * The colours on screen where the page's heading is, from a real screenshot: one colour when
   * nothing of it can be read; its text, sharp or blurred, makes many.
   */
  async function coloursAtHeading() {
    const base64 = await page.screenshot({ save: false });
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [image.width, image.height];
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const scale = image.width / innerWidth;
    const box = document.querySelector('h1')!.getBoundingClientRect();
    const { data } = context.getImageData(box.left * scale, box.top * scale, box.width * scale, box.height * scale);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return colours.size;
  }

  it.each([
    ['without the optional theme', ''],
    ['with the optional theme', theme],
  ])('hides the page behind after an idle expiry %s, and gives it back with what was typed', async (_, css) => {
    const style = document.head.appendChild(document.createElement('style'));
    style.textContent = css;
    try {
      const { advance, session } = renderApp();
      await userEvent.click(description());
      await userEvent.keyboard('Taxi to airport');
      expect(await coloursAtHeading()).toBeGreaterThan(1); // "Expense report" can be read

      advance(10 * MINUTE);
      await expect.element(relogin()).toBeVisible();
      expect(session.getSnapshot().reason).toBe('idle');
      expect(await coloursAtHeading()).toBe(1);
      expect(document.querySelector('h1')!.checkVisibility({ visibilityProperty: true })).toBe(false);
      expect(description().element().checkVisibility({ visibilityProperty: true })).toBe(false);
      await expect.element(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expectNoAxeViolations(`hidden page, ${css ? 'themed' : 'unstyled'}`);

      await userEvent.fill(page.getByLabelText('Username'), 'ada');
      await userEvent.fill(page.getByLabelText('Password'), 'secret');
      await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
      await expect.element(relogin()).not.toBeInTheDocument();
      expect(await coloursAtHeading()).toBeGreaterThan(1);
      await expect.element(page.getByRole('status').filter({ hasText: 'You are signed in again.' })).toBeInTheDocument();
      await expect.element(description()).toHaveValue('Taxi to airport');
      await expect.element(description()).toHaveFocus();
    } finally {
      style.remove();
    }
  });

  it('keeps the page in view behind the re-login when the server ends the session (a 440) while the person works', async () => {
    const { session } = renderApp();
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    await expect.element(relogin()).toBeVisible();
    expect(await coloursAtHeading()).toBeGreaterThan(1);
    expect(document.querySelector('h1')!.checkVisibility({ visibilityProperty: true })).toBe(true);
  });
});
