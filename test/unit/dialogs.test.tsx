import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  ReloginForm,
  ReloginModal,
  SessionProvider,
  SessionTimeoutDialog,
  SessionTimeoutNotice,
  createSession,
  useSession,
  type ReloginFormProps,
  type ReloginModalProps,
  type SessionOptions,
} from '../../src/index.ts';
import { createMemoryTabs, createTestClock } from '../../src/testing/index.ts';
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

  it.each([
    ['refuses to extend (a 403)', async () => new Response(null, { status: 403 }), 'The server would not extend your session.'],
    ['cannot be reached', async () => Promise.reject(new TypeError('Failed to fetch')), "We couldn't reach the server. Try again."],
  ])('keeps the warning and says so when the server %s', async (_, keepalive, said) => {
    const onStay = vi.fn();
    const { advance, session } = renderApp({ keepalive }, { onStay });
    advance(8 * MINUTE);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' })));
    expect(screen.getByRole('alert').textContent).toBe(said);
    expect(screen.getByRole('alertdialog', { name: 'Your session is about to expire' })).toBeTruthy();
    expect(session.getSnapshot().status).toBe('warning');
    expect(onStay).toHaveBeenCalledExactlyOnceWith(said.startsWith('The server would not') ? 'refused' : 'offline');
  });

  it('speaks in another language with locale and messages', () => {
    const { advance } = renderApp(
      {},
      { locale: 'de', messages: { title: 'Ihre Sitzung läuft bald ab', stay: 'Angemeldet bleiben', announcement: (time) => `Wir melden Sie in ${time} ab.` } },
    );
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

  describe('says why the session ended in its own sentence, never repeating the title', () => {
    const description = () => document.querySelector('[data-rst="description"]')!.textContent;
    const instructions = 'Sign in again to continue where you left off. Nothing you entered is lost.';

    it('a response said 440 Login Timeout: the server ended it', () => {
      const { session } = renderApp();
      act(() => void session.handleResponse(new Response(null, { status: 440 })));
      expect(session.getSnapshot().reason).toBe('response');
      expect(description()).toBe(`The server ended your session. ${instructions}`);
    });

    it("the server's Session-Expires time passed: it reached the longest the server allows", () => {
      const { session, advance } = renderApp();
      act(() => void session.handleResponse(new Response(null, { status: 204, headers: { 'Session-Expires': '180' } })));
      advance(3 * MINUTE);
      expect(session.getSnapshot().reason).toBe('server');
      expect(description()).toBe(`Your session reached the longest time the server allows. ${instructions}`);
    });

    it('the session ended in another tab', async () => {
      const clock = createTestClock();
      const tabs = createMemoryTabs();
      const open = () => createSession({ clock, crossTab: tabs.transport, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, activityEvents: [] });
      const [here, other] = [open(), open()];
      other.start();
      render(
        <SessionProvider session={here}>
          <ReloginModal onRelogin={async () => {}} />
        </SessionProvider>,
      );
      await act(async () => {
        other.handleResponse(new Response(null, { status: 440 }));
        await tabs.flush();
      });
      expect(here.getSnapshot()).toMatchObject({ status: 'expired', reason: 'remote' });
      expect(description()).toBe(`Your session ended in another tab. ${instructions}`);
      other.stop();
    });

    it('in the words an app gives, one message per reason', () => {
      const clock = createTestClock();
      const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, activityEvents: [], clock });
      render(
        <SessionProvider session={session}>
          <ReloginModal
            onRelogin={async () => {}}
            messages={{ responseReason: 'Der Server hat Ihre Sitzung beendet.', instructions: 'Bitte melden Sie sich erneut an.' }}
          />
        </SessionProvider>,
      );
      act(() => void session.handleResponse(new Response(null, { status: 440 })));
      expect(description()).toBe('Der Server hat Ihre Sitzung beendet. Bitte melden Sie sich erneut an.');
    });
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
    expect(screen.getByRole('dialog').textContent).toContain('The server ended your session.');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Continue with SSO' })));
    expect(session.getSnapshot().status).toBe('active');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it.each([
    ['null', null],
    ['false (what `reason === "remote" && <Sso />` gives)', false],
  ])('shows the form, for the reasons the app’s own sign-in renders nothing for: %s', (_, nothing) => {
    const clock = createTestClock();
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock });
    render(
      <SessionProvider session={session}>
        <ReloginModal onRelogin={async () => {}}>
          {({ reason }) => (reason === 'remote' ? <button type="button">Continue with SSO</button> : nothing)}
        </ReloginModal>
      </SessionProvider>,
    );
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByLabelText('Username')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Continue with SSO' })).toBeNull();
  });
});

describe('the re-login on a shared computer (hidePage)', () => {
  /** The person's page with a half-written comment, and the re-login over it. */
  function renderPage(hidePage?: ReloginModalProps['hidePage']) {
    const clock = createTestClock();
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], clock, user: 'ada' });
    render(
      <SessionProvider session={session}>
        <main>
          <h1>Patient record</h1>
          <label>
            Note <input />
          </label>
        </main>
        <ReloginModal onRelogin={async () => {}} hidePage={hidePage} />
      </SessionProvider>,
    );
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'Allergic to penicillin' } });
    return {
      session,
      walkAway: () => act(() => clock.advance(10 * MINUTE)),
      serverEnds: () => act(() => void session.handleResponse(new Response(null, { status: 440 }))),
    };
  }

  /** Whether someone passing by could read the page: nothing of it is laid out visibly. */
  const pageReadable = () => {
    for (let node: Element | null = screen.getByText('Patient record', { ignore: false }); node; node = node.parentElement) {
      if (getComputedStyle(node).visibility === 'hidden') return false;
    }
    return true;
  };

  async function signIn() {
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'ada' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }).closest('form')!));
  }

  it('hides the page after the person walked away (an idle expiry), and gives it back, typed text and all, after the sign-in', async () => {
    const { walkAway, session } = renderPage();
    expect(pageReadable()).toBe(true);
    walkAway();
    expect(screen.getByRole('dialog', { name: 'Your session has expired' })).toBeTruthy();
    expect(pageReadable()).toBe(false);
    expect(document.querySelector('[data-rst="overlay"]')!.getAttribute('data-hide-page')).toBe('');

    await signIn();
    expect(session.getSnapshot().status).toBe('active');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(pageReadable()).toBe(true);
    expect(screen.getByLabelText('Note')).toHaveProperty('value', 'Allergic to penicillin');
  });

  it('keeps the page in view when the server ends the session while the person is working (a 440)', () => {
    const { serverEnds } = renderPage();
    serverEnds();
    expect(screen.getByRole('dialog', { name: 'Your session has expired' })).toBeTruthy();
    expect(pageReadable()).toBe(true);
    expect(document.querySelector('[data-rst="overlay"]')!.hasAttribute('data-hide-page')).toBe(false);
  });

  it('hides the page for every expiry with hidePage="always", a 440 included', async () => {
    const { serverEnds } = renderPage('always');
    serverEnds();
    expect(pageReadable()).toBe(false);
    await signIn();
    expect(pageReadable()).toBe(true);
    expect(screen.getByLabelText('Note')).toHaveProperty('value', 'Allergic to penicillin');
  });

  it('never hides the page with hidePage="never", not even after an idle expiry', () => {
    const { walkAway } = renderPage('never');
    walkAway();
    expect(screen.getByRole('dialog', { name: 'Your session has expired' })).toBeTruthy();
    expect(pageReadable()).toBe(true);
  });

  it('puts back the page’s own inline visibility when it comes back', async () => {
    const { walkAway } = renderPage();
    const main = document.querySelector('main')!;
    const root = main.parentElement!;
    root.style.setProperty('visibility', 'visible');
    walkAway();
    expect(pageReadable()).toBe(false);
    await signIn();
    expect(root.style.getPropertyValue('visibility')).toBe('visible');
    expect(root.style.getPropertyPriority('visibility')).toBe('');
  });
});

describe('signing in again when the sign-in did not work', () => {
  /** A session whose server answers 440 to every request, with one request parked and the modal open. */
  function renderExpiredWithParkedRequest(onRelogin: NonNullable<Parameters<typeof ReloginModal>[0]['onRelogin']>) {
    const clock = createTestClock();
    const server = vi.fn(async () => new Response(null, { status: 440 }));
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock, user: 'ada', fetch: server });
    render(
      <SessionProvider session={session}>
        <label>
          Comment <input defaultValue="Half-written comment" />
        </label>
        <ReloginModal onRelogin={onRelogin} />
      </SessionProvider>,
    );
    return { session, server };
  }

  async function signIn(username = 'ada', password = 'secret') {
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }).closest('form')!));
  }

  it('says so when the login answers 401: the session stays expired and nothing is replayed', async () => {
    const login = vi.fn(async () => new Response('Unauthorized', { status: 401 }));
    const { session, server } = renderExpiredWithParkedRequest(login);
    const saving = session.fetch(new URL('/api/comments', location.href), { method: 'POST' });
    await act(async () => {});
    expect(screen.getByRole('dialog', { name: 'Your session has expired' })).toBeTruthy();

    await signIn('ada', 'wrong');

    expect(login).toHaveBeenCalledOnce();
    expect(screen.getByRole('alert').textContent).toBe('Sign-in failed. Check your username and password and try again.');
    expect(session.getSnapshot().status).toBe('expired');
    expect(session.getSnapshot().parked).toBe(1);
    expect(server).toHaveBeenCalledOnce(); // the first attempt only: no replay
    void saving.catch(() => {});
  });

  it('resumes when the login answers 200, as the typed username', async () => {
    const { session } = renderExpiredWithParkedRequest(async () => new Response(null, { status: 200 }));
    const resume = vi.spyOn(session, 'resume');
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    await signIn('bob');
    expect(resume).toHaveBeenCalledWith({ user: 'bob' });
    expect(session.getSnapshot().status).toBe('active');
  });

  it('says the server still sees the session ended when the replay meets 440 again, instead of a silently cleared form', async () => {
    // A login that "succeeds" without reaching the server session (e.g. it ignored a 401).
    const { session, server } = renderExpiredWithParkedRequest(async () => {});
    const saving = session.fetch(new URL('/api/comments', location.href), { method: 'POST' });
    void saving.catch(() => {});
    await act(async () => {});
    expect(session.getSnapshot().status).toBe('expired');

    await signIn();

    expect(server).toHaveBeenCalledTimes(2); // the request, then its replay after the sign-in
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response', parked: 1 });
    const dialog = screen.getByRole('dialog', { name: 'Your session has expired' });
    expect(dialog.querySelector('[role="alert"]')!.textContent).toBe('You signed in, but the server still says your session has ended. Sign in again.');
    expect(screen.getByLabelText('Comment')).toHaveProperty('value', 'Half-written comment');

    // Signing in again for real clears the message.
    server.mockImplementation(async () => new Response('saved', { status: 200 }));
    await signIn();
    expect(session.getSnapshot().status).toBe('active');
    expect(await saving.then((response) => response.text())).toBe('saved');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows no such message after a sign-in that worked, when the session ends much later', async () => {
    const { session, server } = renderExpiredWithParkedRequest(async () => {});
    server.mockImplementationOnce(async () => new Response(null, { status: 440 }));
    server.mockImplementation(async () => new Response('ok', { status: 200 }));
    void session.fetch(new URL('/api/comments', location.href), { method: 'POST' });
    await act(async () => {});
    await signIn();
    expect(session.getSnapshot().status).toBe('active');
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    expect(screen.getByRole('dialog', { name: 'Your session has expired' }).querySelector('[role="alert"]')!.textContent).toBe('');
  });
});

describe("the re-login form on the app's own signed-out page", () => {
  /** An app that shows its own page once signed out, with the same form the re-login modal has. */
  function renderSignedOutApp(form: Partial<ReloginFormProps> = {}) {
    const clock = createTestClock();
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, activityEvents: [], clock, user: 'ada' });
    const resume = vi.spyOn(session, 'resume');
    const onRelogin = vi.fn(async ({ password }: { username: string; password: string }) => {
      if (password !== 'lovelace') throw new Error('Wrong username or password.');
    });
    function Page() {
      const signedOut = useSession((snapshot) => snapshot.status === 'signedOut');
      return signedOut ? (
        <main>
          <h1>You are signed out</h1>
          <ReloginForm onRelogin={onRelogin} {...form} />
        </main>
      ) : (
        <main>
          <h1>Expenses</h1>
        </main>
      );
    }
    render(
      <SessionProvider session={session}>
        <Page />
      </SessionProvider>,
    );
    return { session, resume, onRelogin };
  }

  async function signIn(username: string, password: string) {
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }).closest('form')!));
  }

  it('signs the person in and resumes the session as the typed username', async () => {
    const { session, resume, onRelogin } = renderSignedOutApp();
    await act(async () => void (await session.signOut()));
    expect(screen.getByRole('heading', { name: 'You are signed out' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull(); // nothing to sign out of here
    await signIn('ada', 'lovelace');
    expect(onRelogin).toHaveBeenCalledExactlyOnceWith({ username: 'ada', password: 'lovelace' });
    expect(resume).toHaveBeenCalledWith({ user: 'ada' });
    expect(session.getSnapshot().status).toBe('active');
    expect(screen.getByRole('heading', { name: 'Expenses' })).toBeTruthy();
  });

  it('shows why a sign-in failed in an alert and stays signed out', async () => {
    const { session, resume } = renderSignedOutApp();
    await act(async () => void (await session.signOut()));
    await signIn('ada', 'hunter2');
    expect(screen.getByRole('alert').textContent).toBe('Wrong username or password.');
    expect(resume).not.toHaveBeenCalled();
    expect(session.getSnapshot().status).toBe('signedOut');
  });

  it('speaks in the words it is given, and offers "Sign out" when asked', async () => {
    const { session } = renderSignedOutApp({
      messages: { username: 'Benutzername', password: 'Passwort', signIn: 'Anmelden', signOut: 'Abmelden' },
      signOut: true,
    });
    await act(async () => void (await session.signOut()));
    expect(screen.getByLabelText('Benutzername')).toBeTruthy();
    expect(screen.getByLabelText('Passwort')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Anmelden' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Abmelden' })).toBeTruthy();
  });
});

describe('leaving after "Sign out"', () => {
  /** The app in one tab: its provider leaves for the sign-in page through `onSignedOut`. */
  function renderTab(options: SessionOptions = {}) {
    const clock = createTestClock();
    const onSignedOut = vi.fn();
    const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], clock, ...options });
    render(
      <SessionProvider session={session} onSignedOut={onSignedOut}>
        <SessionTimeoutDialog />
        <ReloginModal onRelogin={async () => {}} />
      </SessionProvider>,
    );
    return { clock, session, onSignedOut, advance: (ms: number) => act(() => clock.advance(ms)) };
  }

  it('leaves once, as the person’s own choice, after "Sign out" in the warning', async () => {
    const { advance, onSignedOut } = renderTab();
    advance(8 * MINUTE);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign out' })));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onSignedOut).toHaveBeenCalledExactlyOnceWith('user');
  });

  it('leaves after "Sign out" in the re-login modal', async () => {
    const { onSignedOut, session } = renderTab();
    act(() => void session.handleResponse(new Response(null, { status: 440 })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign out' })));
    expect(onSignedOut).toHaveBeenCalledExactlyOnceWith('user');
  });

  it('leaves only once the server sign-out has answered, so leaving the page cannot cut it short', async () => {
    let answer!: () => void;
    const { advance, onSignedOut } = renderTab({ signOut: () => new Promise<void>((resolve) => (answer = resolve)) });
    advance(8 * MINUTE);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign out' })));
    expect(onSignedOut).not.toHaveBeenCalled();
    await act(async () => answer());
    expect(onSignedOut).toHaveBeenCalledExactlyOnceWith('user');
  });

  it('leaves when the person signs out in another tab', async () => {
    const clock = createTestClock();
    const tabs = createMemoryTabs();
    const open = () => createSession({ clock, crossTab: tabs.transport, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, activityEvents: [] });
    const [here, other] = [open(), open()];
    other.start();
    const onSignedOut = vi.fn();
    render(
      <SessionProvider session={here} onSignedOut={onSignedOut}>
        <p>Invoice draft</p>
      </SessionProvider>,
    );
    await act(async () => {
      await other.signOut();
      await tabs.flush();
    });
    expect(here.getSnapshot().status).toBe('signedOut');
    expect(onSignedOut).toHaveBeenCalledExactlyOnceWith('remote');
    other.stop();
  });

  it('does not leave while nothing changes, nor for a session that was already signed out when the page opened', async () => {
    const { advance, onSignedOut, session } = renderTab();
    advance(8 * MINUTE);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' })));
    advance(10 * MINUTE); // expired by idleness: the re-login modal, not a sign-out
    expect(session.getSnapshot().status).toBe('expired');
    expect(onSignedOut).not.toHaveBeenCalled();
    cleanup();

    const signedOutBefore = vi.fn();
    const ended = createSession({ crossTab: false, activityEvents: [] });
    await ended.signOut();
    render(<SessionProvider session={ended} onSignedOut={signedOutBefore} />);
    await act(async () => {});
    expect(signedOutBefore).not.toHaveBeenCalled();
  });
});

describe("a provider over the sign-in page (initialStatus: 'signedOut')", () => {
  it('shows no dialog while nobody is signed in, and the warning on time once they have', async () => {
    const onSignedOut = vi.fn();
    const clock = createTestClock();
    const session = createSession({
      crossTab: false,
      idleTimeout: 10 * MINUTE,
      warningBefore: 2 * MINUTE,
      activityEvents: [],
      clock,
      initialStatus: 'signedOut',
    });
    render(
      <SessionProvider session={session} onSignedOut={onSignedOut}>
        <SessionTimeoutDialog />
        <ReloginModal onRelogin={async () => {}} />
      </SessionProvider>,
    );
    act(() => clock.advance(30 * MINUTE));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onSignedOut).not.toHaveBeenCalled(); // nobody signed out: nobody had signed in

    await act(() => session.resume({ user: 'ada' }));
    act(() => clock.advance(8 * MINUTE));
    expect(screen.getByRole('alertdialog', { name: 'Your session is about to expire' })).toBeTruthy();
  });
});

describe('timeouts changed at run time (session.configure)', () => {
  it('tells the new limit in the notice, and opens the warning by it', () => {
    const { session, advance } = renderApp();
    render(
      <SessionProvider session={session}>
        <SessionTimeoutNotice />
      </SessionProvider>,
    );
    expect(screen.getByText('If you do nothing for 10 minutes, we will sign you out.')).toBeTruthy();
    act(() => session.configure({ idleTimeout: 30 * MINUTE }));
    expect(screen.getByText('If you do nothing for 30 minutes, we will sign you out.')).toBeTruthy();
    advance(20 * MINUTE);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    advance(8 * MINUTE);
    expect(screen.getByRole('alertdialog', { name: 'Your session is about to expire' })).toBeTruthy();
  });
});
