import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, within } from 'storybook/test';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, useSession, type SessionStatus } from '../src/index.ts';
import { createRequestLog, newRequestId, REQUEST_ID, RequestLogList, useParkedMarks } from './live/shared/request-log.tsx';
import { DemoFrame, sessionStoryParameters, storySession, useStorySession, type SessionStoryProps, clockStatus, signInAgain } from './support/index.ts';

/**
 * A pretend server at the network edge (the session's `fetch` option), with a request log. Its
 * session can end (an expired access token, a restart); `POST /auth/refresh` starts a new one
 * while the refresh token is good, `POST /login` with the password always does.
 */
function createServer() {
  const log = createRequestLog();
  let state = { session: true, refreshToken: true, invoices: [] as readonly string[] };
  const listeners = new Set<() => void>();
  const update = (patch: Partial<typeof state>) => {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener();
  };

  async function answer(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (request.method !== 'POST') return Response.json({ error: 'Method not allowed' }, { status: 405 });
    if (path === '/auth/refresh') {
      if (!state.refreshToken) return Response.json({ error: 'The refresh token has expired.' }, { status: 401 });
      update({ session: true });
      return Response.json({ renewed: true });
    }
    if (path === '/login') {
      const { password } = (await request.json()) as { password?: string };
      if (password !== 'lovelace') return Response.json({ error: 'Wrong password.' }, { status: 401 });
      update({ session: true, refreshToken: true });
      return Response.json({ user: 'ada' });
    }
    if (!state.session) return new Response('Login Timeout', { status: 440 });
    if (path === '/api/invoices') {
      const { title } = (await request.json()) as { title: string };
      update({ invoices: [...state.invoices, title] });
      return Response.json({ title }, { status: 201 });
    }
    return Response.json({ error: 'Not found' }, { status: 404 });
  }

  return {
    log,
    fetch: async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      const response = await answer(request.clone());
      log.record(request, response.status);
      return response;
    },
    /** The server forgets the session: API calls answer 440 (the refresh token still works). */
    endSession: () => update({ session: false }),
    /** The refresh token runs out too: only a sign-in with the password helps. */
    expireRefreshToken: () => update({ refreshToken: false }),
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
  };
}

/** This story's server: a new one before each story. */
let server = createServer();

/** The app's `refresh` option: one call to the refresh endpoint (plain fetch, never `session.fetch`). */
async function refresh(signal: AbortSignal): Promise<boolean> {
  const response = await server.fetch('/auth/refresh', { method: 'POST', signal });
  return response.ok;
}

/** The re-login modal's sign-in. */
async function signIn({ username, password }: { username: string; password: string }) {
  const response = await server.fetch('/login', { method: 'POST', body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error('Sign-in failed. Check your username and password and try again.');
  return { user: username };
}

function InvoiceForm() {
  const { fetch } = useSession();
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState('');
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage('Saving…');
    try {
      const response = await fetch('/api/invoices', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [REQUEST_ID]: newRequestId() },
        body: JSON.stringify({ title }),
      });
      setMessage(response.ok ? `Invoice “${title}” saved.` : `Saving failed (${response.status}).`);
    } catch {
      setMessage('Saving failed.');
    }
  };
  return (
    <form className="demo-form" onSubmit={save}>
      <label>
        Invoice title
        <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <button type="submit">Save</button>
      <p className="demo-saved" role="status">
        {message}
      </p>
    </form>
  );
}

function ServerPanel() {
  const { session, refreshToken, invoices } = useSyncExternalStore(server.subscribe, server.getSnapshot);
  return (
    <aside className="demo-main" aria-labelledby="server-heading">
      <section className="demo-card">
        <h2 id="server-heading">Pretend server</h2>
        <p>
          Server session: {session ? 'active' : 'ended'}. Refresh token: {refreshToken ? 'valid' : 'expired'}.
        </p>
        <div className="demo-form">
          <button type="button" onClick={server.endSession}>
            Server: end the session
          </button>
          <button type="button" onClick={server.expireRefreshToken}>
            Server: expire the refresh token
          </button>
        </div>
        <h3 id="invoices-heading">Saved invoices</h3>
        <ul aria-labelledby="invoices-heading">
          {invoices.map((title, index) => (
            <li key={index}>{title}</li>
          ))}
        </ul>
        <h3 id="log-heading">Request log</h3>
        <RequestLogList log={server.log} labelledBy="log-heading" />
      </section>
    </aside>
  );
}

function RefreshStory({ onRelogin, ...options }: SessionStoryProps) {
  const { session, generation } = useStorySession(options);
  useParkedMarks(session, server.log);
  return (
    <SessionProvider key={generation} session={session}>
      <DemoFrame heading="New invoice" afterMain={<ServerPanel />}>
        <InvoiceForm />
      </DemoFrame>
      <SessionTimeoutDialog />
      <ReloginModal
        onRelogin={onRelogin}
        messages={{ instructions: 'Sign in again to continue where you left off. Nothing you entered is lost. (Demo: ada / lovelace)' }}
      />
    </SessionProvider>
  );
}

/**
 * `refresh`: silent renewal. When the server says the session is gone (a 440, or its
 * `Session-Expires` passing while the person works), the app's refresh (a refresh token, an
 * `/auth/refresh` call, an OIDC silent renew) is tried first. It resolves `true` (or `{ user }`):
 * the session goes on, and the requests that met the 440 are sent again, with no re-login. It
 * resolves `false` or rejects: the re-login opens as it would without it, and the requests wait
 * for it. An idle person is never renewed: they sign in again.
 *
 * ```ts
 * createSession({
 *   refresh: async (signal) => (await fetch('/auth/refresh', { method: 'POST', signal })).ok,
 * });
 * ```
 *
 * Try it: type a title, press "Server: end the session", then "Save". The request log shows the
 * 440, the refresh, and the same save sent again. Expire the refresh token as well and the
 * re-login opens instead (demo sign-in: ada / lovelace).
 */
const meta = {
  title: 'Session/Refresh',
  component: RefreshStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  args: {
    user: 'ada',
    fetch: fn((input: RequestInfo | URL, init?: RequestInit) => server.fetch(input, init)),
    refresh: fn(refresh),
    onRelogin: fn(signIn),
  },
  beforeEach: () => {
    server = createServer();
  },
} satisfies Meta<typeof RefreshStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** The statuses the session goes through from now on. */
function recordStatuses(session: { subscribe(listener: () => void): () => void; getSnapshot(): { status: SessionStatus } }) {
  const statuses: SessionStatus[] = [];
  session.subscribe(() => {
    const { status } = session.getSnapshot();
    if (statuses.at(-1) !== status) statuses.push(status);
  });
  return statuses;
}

/**
 * The page's request log (its lines) and saved invoices. Found at once: once a dialog is open,
 * the page behind is inert and hidden from role queries.
 */
function pageLists(canvas: ReturnType<typeof within>) {
  const log = canvas.getByRole('list', { name: 'Request log' });
  const invoices = canvas.getByRole('list', { name: 'Saved invoices' });
  const entries = () =>
    within(log)
      .queryAllByTestId('log-entry')
      .map((entry) => entry.textContent);
  return { invoices, entries };
}

/** The server session ended, the refresh token is good: the save goes through on its own, saved once, and nobody is asked to sign in. */
export const RenewedSilently: Story = {
  play: async ({ args, canvasElement, id, step }) => {
    const { session } = await storySession(id);
    const canvas = within(canvasElement);
    const status = await clockStatus(canvasElement);
    const { invoices, entries } = pageLists(canvas);
    const statuses = recordStatuses(session);

    await step('the person types a title; meanwhile the server session ends', async () => {
      await userEvent.type(canvas.getByRole('textbox', { name: 'Invoice title' }), 'Quarterly report');
      await userEvent.click(canvas.getByRole('button', { name: 'Server: end the session' }));
      await expect(canvas.getByText(/Server session: ended/)).toBeVisible();
    });

    await step('save: 440, the refresh renews the session, the same save is sent again and succeeds', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
      await expect(await canvas.findByText('Invoice “Quarterly report” saved.')).toBeVisible();
      await expect(entries()).toEqual(['POST /api/invoices 440 parked', 'POST /auth/refresh 200', 'POST /api/invoices 201 replayed']);
      await expect(args.refresh).toHaveBeenCalledOnce();
    });

    await step('no re-login at any point, and the invoice is saved once', async () => {
      await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      await expect(statuses).not.toContain('expired');
      await expect(status).toHaveTextContent('Session active');
      await expect(args.onRelogin).not.toHaveBeenCalled();
      await expect(
        within(invoices)
          .getAllByRole('listitem')
          .map((item) => item.textContent),
      ).toEqual(['Quarterly report']);
    });
  },
};

/** The refresh token has expired too: the refresh fails, the re-login opens as usual, and after it the save goes through once. */
export const RefreshFails: Story = {
  play: async ({ args, canvasElement, step }) => {
    const canvas = within(canvasElement);
    const status = await clockStatus(canvasElement);
    const { invoices, entries } = pageLists(canvas);

    await step('the person types a title; the server session ends and the refresh token expires', async () => {
      await userEvent.type(canvas.getByRole('textbox', { name: 'Invoice title' }), 'Quarterly report');
      await userEvent.click(canvas.getByRole('button', { name: 'Server: end the session' }));
      await userEvent.click(canvas.getByRole('button', { name: 'Server: expire the refresh token' }));
      await expect(canvas.getByText(/Refresh token: expired/)).toBeVisible();
    });

    await step('save: 440, the refresh is refused, the re-login opens', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
      await expect(await screen.findByRole('dialog', { name: 'Your session has expired' })).toBeVisible();
      await expect(entries()).toEqual(['POST /api/invoices 440 parked', 'POST /auth/refresh 401']);
      await expect(args.refresh).toHaveBeenCalledOnce();
      await expect(status).toHaveTextContent('Session expired, ended (response)');
      await expect(invoices).toBeEmptyDOMElement();
    });

    await step('the person signs in again', async () => {
      await signInAgain();
    });

    await step('the save is sent again and saved once', async () => {
      await expect(await canvas.findByText('Invoice “Quarterly report” saved.')).toBeVisible();
      await expect(entries()).toEqual(['POST /api/invoices 440 parked', 'POST /auth/refresh 401', 'POST /login 200', 'POST /api/invoices 201 replayed']);
      await expect(
        within(invoices)
          .getAllByRole('listitem')
          .map((item) => item.textContent),
      ).toEqual(['Quarterly report']);
      await expect(status).toHaveTextContent('Session active, ends in 5:00');
      await expect(args.refresh).toHaveBeenCalledOnce();
    });
  },
};
