import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, SessionTimeoutNotice, createSession, type SessionOptions } from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND } from '../support/session.ts';

afterEach(cleanup);

function renderApp(options: SessionOptions = {}, dialogProps: Parameters<typeof SessionTimeoutDialog>[0] = {}) {
  const clock = createTestClock();
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], clock, ...options });
  const view = render(
    <SessionProvider session={session}>
      <label>
        Comment <input />
      </label>
      <SessionTimeoutDialog {...dialogProps} />
      <ReloginModal onRelogin={async () => {}} />
    </SessionProvider>,
  );
  const advance = (ms: number) => act(() => clock.advance(ms));
  return { clock, session, view, advance };
}

const liveText = () => document.querySelector('[data-rst="live"]')?.textContent ?? null;

describe('the countdown warning', () => {
  it('announces on a coarse cadence: a moment after opening, each minute, then every 20 seconds', () => {
    const { advance } = renderApp();
    advance(8 * MINUTE);
    expect(screen.getByRole('alertdialog', { name: 'Your session is about to expire' })).toBeTruthy();
    const spoken: string[] = [liveText()!];
    for (let second = 0; second < 2 * 60 - 1; second++) {
      advance(SECOND);
      if (liveText() !== spoken.at(-1)) spoken.push(liveText()!);
    }
    expect(spoken).toEqual([
      '',
      'For your security, we will sign you out in 2 minutes.',
      'For your security, we will sign you out in 1 minute.',
      'For your security, we will sign you out in 40 seconds.',
      'For your security, we will sign you out in 20 seconds.',
    ]);
  });

  it('announces on another cadence when asked', () => {
    const { advance } = renderApp({}, { announceEvery: 30 });
    advance(8 * MINUTE + 61 * SECOND);
    const spoken: string[] = [liveText()!];
    for (let second = 0; second < 58; second++) {
      advance(SECOND);
      if (liveText() !== spoken.at(-1)) spoken.push(liveText()!);
    }
    expect(spoken).toEqual(['', 'For your security, we will sign you out in 1 minute.', 'For your security, we will sign you out in 30 seconds.']);
  });

  it('shows whole minutes rounded up, then every second of the last minute, never below zero', () => {
    const { advance } = renderApp();
    const countdown = () => document.querySelector('[data-rst="countdown"]')!;
    advance(8 * MINUTE);
    expect(countdown().textContent).toBe('2 minutes');
    expect(countdown().getAttribute('aria-hidden')).toBe('true');
    advance(59 * SECOND);
    expect(countdown().textContent).toBe('2 minutes');
    advance(SECOND);
    expect(countdown().textContent).toBe('1 minute');
    advance(SECOND);
    expect(countdown().textContent).toBe('59 seconds');
    advance(58 * SECOND);
    expect(countdown().textContent).toBe('1 second');
  });

  it('gives the full interval back each time, ten times in a row', async () => {
    const { advance, session } = renderApp();
    for (let round = 0; round < 10; round++) {
      advance(8 * MINUTE);
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' })));
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(session.getDeadline() - session.clock.now()).toBe(10 * MINUTE);
    }
  });

  it('speaks in another language with locale and messages', () => {
    const { advance } = renderApp({}, { locale: 'de', messages: { title: 'Ihre Sitzung läuft bald ab', stay: 'Angemeldet bleiben', announcement: (time) => `Wir melden Sie in ${time} ab.` } });
    advance(8 * MINUTE + 61 * SECOND);
    advance(SECOND);
    expect(screen.getByRole('alertdialog', { name: 'Ihre Sitzung läuft bald ab' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Angemeldet bleiben' })).toBeTruthy();
    expect(document.querySelector('[data-rst="countdown"]')!.textContent).toBe('58 Sekunden');
    expect(liveText()).toBe('Wir melden Sie in 1 Minute ab.');
  });
});

describe('the notice', () => {
  it('tells the limit before the task starts (WCAG 2.2.6)', () => {
    const session = createSession({ crossTab: false, idleTimeout: 15 * MINUTE });
    render(
      <SessionProvider session={session}>
        <SessionTimeoutNotice />
      </SessionProvider>,
    );
    expect(screen.getByText('If you do nothing for 15 minutes, we will sign you out.')).toBeTruthy();
  });
});

describe('the re-login modal', () => {
  it('names the reason in words', () => {
    const { advance } = renderApp();
    advance(10 * MINUTE);
    expect(screen.getByRole('dialog', { name: 'Your session has expired' }).textContent).toContain('You were signed out after 10 minutes without activity.');
  });

  it.each([
    ['the typed username when onRelogin resolves nothing', async () => {}, 'bob'],
    ['the user onRelogin resolves', async () => ({ user: 'u-42' }), 'u-42'],
  ])('resumes the session as %s, so parked requests are never replayed as someone else', async (_, onRelogin, expected) => {
    const clock = createTestClock();
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock, user: 'ada' });
    const resume = vi.spyOn(session, 'resume');
    render(
      <SessionProvider session={session}>
        <ReloginModal onRelogin={onRelogin} />
      </SessionProvider>,
    );
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'bob' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }).closest('form')!));
    expect(resume).toHaveBeenCalledWith({ user: expected });
    expect(session.getSnapshot().status).toBe('active');
  });

  it('hosts the app’s own sign-in, which gets resume, signOut and the reason', async () => {
    const clock = createTestClock();
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock });
    const seen = vi.fn();
    render(
      <SessionProvider session={session}>
        <ReloginModal>
          {({ resume, reason }) => {
            seen(reason);
            return (
              <button type="button" onClick={() => void resume({ user: 'ada' })}>
                Continue with SSO
              </button>
            );
          }}
        </ReloginModal>
      </SessionProvider>,
    );
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    expect(seen).toHaveBeenLastCalledWith('response');
    expect(screen.getByRole('dialog').textContent).toContain('Your session has expired.');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Continue with SSO' })));
    expect(session.getSnapshot().status).toBe('active');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
