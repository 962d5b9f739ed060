import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { ReloginModal, SessionExpiredError, SessionProvider, SessionTimeoutDialog, useSession } from '../src/index.ts';
import { DemoPage, MINUTE, SECOND, sessionStoryParameters, storySession, useStorySession, type SessionStoryProps, clockStatus } from './support/index.ts';
import './demo-page.css';

/**
 * A pretend server at the network edge (the session's `fetch` option): `GET /api/me` answers
 * `440 Login Timeout` until someone signed in with `POST /login`.
 */
const server = {
  signedIn: false,
  fetch: async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === '/login' && request.method === 'POST') {
      server.signedIn = true;
      return Response.json({ user: 'ada' });
    }
    if (!server.signedIn) return new Response('Login Timeout', { status: 440 });
    return Response.json({ user: 'ada', name: 'Ada Lovelace' });
  },
};

/**
 * The sign-in page, under the same provider as the rest of the app. On load it asks the server
 * whether the person still has a session, as many sign-in pages do; while nobody is signed in the
 * 440 rejects with a `SessionExpiredError` (reason `signedOut`) instead of opening the re-login.
 */
function SignInPage() {
  const { fetch, resume } = useSession();
  const [message, setMessage] = useState('Checking whether you are signed in…');
  const [username, setUsername] = useState('');
  const asked = useRef(false); // once, StrictMode or not

  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    fetch('/api/me').then(
      () => setMessage('You are signed in.'),
      (error: unknown) => {
        if (error instanceof SessionExpiredError && error.reason === 'signedOut') setMessage('You are not signed in. Sign in to see your invoices.');
        else setMessage('We could not reach the server. Try again later.');
      },
    );
  }, [fetch]);

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    // park: false: a sign-in never waits for a re-login.
    const response = await fetch('/login', { method: 'POST', body: JSON.stringify({ username }), park: false });
    const { user } = (await response.json()) as { user: string };
    await resume({ user }); // the session starts now
  };

  return (
    <div className="demo-app">
      <header className="demo-bar">
        <span className="demo-brand">Acme Invoicing</span>
      </header>
      <main className="demo-main">
        <section className="demo-card" aria-labelledby="sign-in-heading">
          <h1 id="sign-in-heading">Sign in</h1>
          <p role="status">{message}</p>
          <form className="demo-form" onSubmit={signIn}>
            <label>
              Username
              <input name="username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} />
            </label>
            <button type="submit">Sign in</button>
          </form>
        </section>
      </main>
    </div>
  );
}

/** The sign-in page while nobody is signed in, the invoice page after. */
function Pages() {
  const signedOut = useSession((snapshot) => snapshot.status === 'signedOut');
  return signedOut ? <SignInPage /> : <DemoPage />;
}

function SignedOutStartStory({ onRelogin, ...options }: SessionStoryProps) {
  const { session, generation } = useStorySession(options);
  return (
    <SessionProvider key={generation} session={session}>
      <Pages />
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={onRelogin} />
    </SessionProvider>
  );
}

/**
 * `createSession({ initialStatus: 'signedOut' })`: for a provider that also wraps the sign-in
 * page (a Next.js root layout, one provider for the whole app). Nobody is signed in yet, so
 * nothing is tracked: no warning and no end however long the sign-in page stays open, no
 * keepalive, and a request the server answers with 440 is rejected with a `SessionExpiredError`
 * (reason `signedOut`) instead of opening the re-login over the sign-in page. Once the person
 * signs in, the app calls `session.resume({ user })` and the session starts from that moment
 * (a sign-in in another tab of the app does the same).
 *
 * The session once signed in: 5 minutes without activity end it, the warning opens 2 minutes
 * before the end.
 */
const meta = {
  title: 'Session/Initial status signed out',
  component: SignedOutStartStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  args: {
    initialStatus: 'signedOut',
    fetch: fn(server.fetch),
    onRelogin: fn(async () => ({ user: 'ada' })),
  },
  beforeEach: () => {
    server.signedIn = false;
  },
} satisfies Meta<typeof SignedOutStartStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Half an hour on the sign-in page: nothing opens, and a 440 is only a "not signed in". */
export const OnTheSignInPage: Story = {
  play: async ({ args, canvasElement, id, step }) => {
    const { clock } = await storySession(id);
    const canvas = within(canvasElement);
    const status = await clockStatus(canvasElement);

    await step('the sign-in page asks the server about a session: 440, shown as "not signed in", no re-login', async () => {
      await expect(await canvas.findByText('You are not signed in. Sign in to see your invoices.')).toBeVisible();
      await expect(args.fetch).toHaveBeenCalledOnce();
      await expect(args.fetch).toHaveBeenCalledWith(expect.objectContaining({ url: `${location.origin}/api/me` }));
      await expect(status).toHaveTextContent('Session signed out');
      await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });

    await step('30 minutes on the sign-in page, six times the idle timeout: no warning, no end, no request', async () => {
      for (let minute = 1; minute <= 30; minute++) clock.advance(MINUTE);
      await waitFor(() => expect(status).toHaveTextContent('Clock 09:30:00 (+30:00)'));
      await expect(status).toHaveTextContent('Session signed out');
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      await expect(args.fetch).toHaveBeenCalledOnce();
      await expect(args.onRelogin).not.toHaveBeenCalled();
      await expect(canvas.getByText('You are not signed in. Sign in to see your invoices.')).toBeVisible();
    });
  },
};

/** The same half hour, then the person signs in: the countdown starts from the sign-in, and the warning opens on time. */
export const SignInAfterHalfAnHour: Story = {
  play: async (context) => {
    await OnTheSignInPage.play?.(context);
    const { canvasElement, id, step } = context;
    const { clock } = await storySession(id);
    const canvas = within(canvasElement);
    const status = await clockStatus(canvasElement);

    await step('the person signs in: the session starts now, with the full 5 minutes', async () => {
      await userEvent.type(canvas.getByRole('textbox', { name: 'Username' }), 'ada');
      await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }));
      await expect(await canvas.findByRole('heading', { name: 'New invoice' })).toBeVisible();
      await expect(canvas.getByText('Signed in as Ada Lovelace')).toBeVisible();
      await expect(canvas.getByText('If you do nothing for 5 minutes, we will sign you out.')).toBeVisible();
      await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 5:00'));
    });

    await step('then nobody works: the warning opens 3 minutes after the sign-in, not before', async () => {
      clock.advance(3 * MINUTE - SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Clock 09:32:59 (+32:59)'));
      await expect(status).toHaveTextContent('Session active, ends in 2:01');
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      clock.advance(SECOND);
      await expect(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
      await expect(status).toHaveTextContent('Session warning, ends in 2:00');
    });
  },
};
