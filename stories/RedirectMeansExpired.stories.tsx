import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, useSession } from '../src/index.ts';
import { DemoFrame, sessionStoryParameters, storySession, useStorySession, type SessionStoryProps, signInAgain } from './support/index.ts';

/** Where the gateway sends a person whose session is gone: its login page, on another origin. */
const LOGIN = 'https://login.example/Account/Login?ReturnUrl=%2Fapi%2Fexpenses';

/**
 * A pretend server behind an IIS forms-authentication or SSO gateway, at the network edge (the
 * session's `fetch` option). While its session is there, `POST /api/expenses` saves and answers
 * `201`. Once it is gone, the gateway answers `302` to its login page on another origin:
 * - to a request sent with `redirect: 'manual'` (what `redirectMeansExpired` does), the `302`
 *   itself, as Node gives it (a browser gives an opaque redirect; the library counts both);
 * - to a request sent with the default `redirect: 'follow'`, fetch follows the redirect to the
 *   login page on another origin, which sends no CORS headers: a bare `TypeError`, exactly what
 *   fetch says when the network is down.
 */
const server = {
  sessionAlive: false,
  /**
   * The login page is on the page's own origin, as with Django's `@login_required` or ASP.NET's
   * `loginUrl`: fetch follows the 302 to it (a 200 with the login form), and a save that worked
   * is answered with a redirect to the saved record (post/redirect/get), which fetch follows too.
   */
  sameOrigin: false,
  /** What was saved, in order. */
  saved: [] as string[],
  /** One line per request that reached it: what it was and what it got. */
  log: [] as readonly string[],
  listeners: new Set<() => void>(),
  reset() {
    server.sessionAlive = false;
    server.sameOrigin = false;
    server.saved = [];
    server.publish([]);
  },
  publish(log: readonly string[]) {
    server.log = log;
    for (const listener of [...server.listeners]) listener();
  },
  note(request: Request, answer: string) {
    server.publish([...server.log, `${request.method} ${new URL(request.url).pathname} (redirect: ${request.redirect}) → ${answer}`]);
  },
  subscribe(listener: () => void) {
    server.listeners.add(listener);
    return () => server.listeners.delete(listener);
  },
  endSession() {
    server.sessionAlive = false;
    server.publish([...server.log]);
  },
  fetch: async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (server.sameOrigin) return server.sameOriginAnswer(request);
    if (!server.sessionAlive) {
      if (request.redirect === 'manual') {
        server.note(request, '302 to login.example');
        return Response.redirect(LOGIN, 302);
      }
      server.note(request, 'network error (TypeError)');
      throw new TypeError('Failed to fetch');
    }
    const { description } = (await request.json()) as { description: string };
    server.saved.push(description);
    server.note(request, '201 Created');
    return Response.json({ id: server.saved.length, description }, { status: 201 });
  },
  /** What fetch gives for a same-origin redirect it followed: the final answer, `redirected`, its URL. */
  async sameOriginAnswer(request: Request): Promise<Response> {
    const followed = (response: Response, path: string) =>
      Object.defineProperties(response, { redirected: { value: true }, url: { value: new URL(path, request.url).href } });
    if (!server.sessionAlive) {
      server.note(request, '302 to /Account/Login, followed: the login form');
      return followed(new Response('<form>Sign in</form>', { headers: { 'Content-Type': 'text/html' } }), '/Account/Login?ReturnUrl=%2Fapi%2Fexpenses');
    }
    const { description } = (await request.json()) as { description: string };
    server.saved.push(description);
    const id = server.saved.length;
    server.note(request, `302 to /expenses/${id}/, followed: the saved expense`);
    return followed(Response.json({ id, description }), `/expenses/${id}/`);
  },
};

type Saving = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; description: string } | { state: 'failed' };

/** The expense form: its save goes through `session.fetch`, so a save that meets an expiry waits for the re-login. */
function ExpenseForm() {
  const { fetch } = useSession();
  const [description, setDescription] = useState('');
  const [saving, setSaving] = useState<Saving>({ state: 'idle' });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving({ state: 'saving' });
    try {
      const response = await fetch('/api/expenses', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ description }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const saved = (await response.json()) as { description: string };
      setSaving({ state: 'saved', description: saved.description });
    } catch {
      // What every app does with a TypeError from fetch: the network must be down.
      setSaving({ state: 'failed' });
    }
  };
  return (
    <form className="demo-form" onSubmit={save}>
      <label>
        Description
        <input name="description" value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <button type="submit">Save expense</button>
      <p className="demo-saved" role="status" data-testid="save-status" style={saving.state === 'failed' ? { color: '#b91c1c' } : undefined}>
        {saving.state === 'saving' && 'Saving…'}
        {saving.state === 'saved' && `Saved “${saving.description}”.`}
        {saving.state === 'failed' && 'Could not reach the server. Check your connection and try again.'}
      </p>
    </form>
  );
}

/** The server's side: whether its session is there, a button that ends it, and what reached it. */
function ServerPanel() {
  const log = useSyncExternalStore(server.subscribe, () => server.log);
  const alive = useSyncExternalStore(server.subscribe, () => server.sessionAlive);
  return (
    <section className="demo-card" aria-labelledby="server-heading" style={{ marginTop: '1.5rem' }}>
      <h2 id="server-heading" style={{ margin: '0 0 0.5rem', fontSize: '1.125rem' }}>
        Pretend server behind the gateway
      </h2>
      <p style={{ margin: '0 0 0.75rem' }}>Server session: {alive ? 'signed in' : 'gone'}</p>
      <div className="demo-form" style={{ marginTop: 0 }}>
        <button type="button" onClick={() => server.endSession()}>
          Server: end the session
        </button>
      </div>
      <h3 id="log-heading" style={{ margin: '1rem 0 0.25rem', fontSize: '1rem' }}>
        Request log
      </h3>
      <ol aria-labelledby="log-heading" style={{ margin: 0, paddingLeft: '1.5rem', fontSize: '0.875rem' }}>
        {log.map((line, index) => (
          <li key={index} data-testid="log-entry">
            {line}
          </li>
        ))}
      </ol>
    </section>
  );
}

function RedirectStory({ onRelogin, ...options }: SessionStoryProps) {
  const { session, generation } = useStorySession(options);
  return (
    <SessionProvider key={generation} session={session}>
      <DemoFrame brand="Acme Expenses" heading="New expense" besideCard={<ServerPanel />}>
        <ExpenseForm />
      </DemoFrame>
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={onRelogin} />
    </SessionProvider>
  );
}

/**
 * `redirectMeansExpired: true`: for apps behind IIS forms authentication or an SSO gateway. When
 * your session there is gone, the gateway does not answer 440: it redirects (302) to its login
 * page, usually on another origin. `fetch` follows that redirect, the login page sends no CORS
 * headers, and all the app gets is a bare `TypeError`, the same error as being offline. The
 * person sees "Could not reach the server" while their network is fine, and what they were saving
 * is gone.
 *
 * With the option, `session.fetch` sends the requests that would park (same origin, by default)
 * with `redirect: 'manual'`, so the redirect is seen instead of followed, and a redirect in answer
 * means the session has expired: the request waits, the re-login opens over the page, and once
 * the person has signed in the request is sent again and the save goes through. A request whose
 * caller chose a `redirect` mode, and a sign-in call made with `park: false`, are left alone.
 *
 * The pretend server starts with its session gone; "Server: end the session" ends it again.
 */
const meta = {
  title: 'Session/Redirect means expired',
  component: RedirectStory,
  // A new session when the option is switched: the session reads its options once.
  render: (args) => <RedirectStory key={String(args.redirectMeansExpired)} {...args} />,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
    controls: { include: ['redirectMeansExpired'] },
  },
  args: {
    redirectMeansExpired: true,
    user: 'ada',
    fetch: fn(server.fetch),
    onRelogin: fn(async ({ username }: { username: string }) => {
      server.sessionAlive = true;
      server.publish([...server.log]);
      return { user: username };
    }),
  },
  beforeEach: () => {
    server.reset();
  },
} satisfies Meta<typeof RedirectStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Save → 302 to the login page → parked → re-login → the same save sent again → saved, once. */
export const LoginRedirectParksAndReplays: Story = {
  play: async ({ args, canvasElement, id, step }) => {
    const { session } = await storySession(id);
    const page = within(canvasElement);
    // Found now: once a dialog is open, the page behind is inert and hidden from role queries.
    const description = await page.findByRole('textbox', { name: 'Description' });
    const save = page.getByRole('button', { name: 'Save expense' });
    const saving = page.getByTestId('save-status');
    const log = page.getByRole('list', { name: 'Request log' });
    const entries = () =>
      within(log)
        .queryAllByTestId('log-entry')
        .map((entry) => entry.textContent ?? '');

    await step('save an expense: the gateway answers 302 to its login page, and the re-login opens', async () => {
      await userEvent.type(description, 'Taxi to the airport');
      await userEvent.click(save);
      const dialog = await screen.findByRole('dialog', { name: 'Your session has expired' });
      await expect(dialog).toBeVisible();
      await expect(dialog).toHaveAccessibleDescription(/^The server ended your session\./);
      await expect(entries()).toEqual(['POST /api/expenses (redirect: manual) → 302 to login.example']);
      await expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response', parked: 1 });
      // The save waits behind the modal; nothing failed.
      await expect(saving).toHaveTextContent('Saving…');
    });

    await step('sign in again', async () => {
      await signInAgain();
      await expect(args.onRelogin).toHaveBeenCalledOnce();
    });

    await step('the parked save is sent again and saved, once', async () => {
      await waitFor(() => expect(saving).toHaveTextContent('Saved “Taxi to the airport”.'));
      await expect(page.getAllByText('Saved “Taxi to the airport”.')).toHaveLength(1);
      await expect(entries()).toEqual(['POST /api/expenses (redirect: manual) → 302 to login.example', 'POST /api/expenses (redirect: manual) → 201 Created']);
      await expect(args.fetch).toHaveBeenCalledTimes(2);
      await expect(server.saved).toEqual(['Taxi to the airport']);
      await expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
    });
  },
};

/**
 * `redirectMeansExpired: '/Account/Login'`: the login page on the app's own origin (Django's
 * `/accounts/login/`, ASP.NET's `loginUrl`). Fetch follows redirects as usual; an answer that was
 * redirected to the login page means expired, and any other redirect is an ordinary answer. So a
 * save the server carried out and answered with a redirect to the saved record (post/redirect/get)
 * is taken as it is, never parked and sent a second time.
 */
export const SameOriginLoginPage: Story = {
  args: { redirectMeansExpired: '/Account/Login' },
  beforeEach: () => {
    server.sameOrigin = true;
  },
  play: async ({ canvasElement, id, step }) => {
    const { session } = await storySession(id);
    const page = within(canvasElement);
    const description = await page.findByRole('textbox', { name: 'Description' });
    const saving = page.getByTestId('save-status');

    await step('save: redirected to the login page, so the re-login opens and the save waits', async () => {
      await userEvent.type(description, 'Taxi to the airport');
      await userEvent.click(page.getByRole('button', { name: 'Save expense' }));
      await expect(await screen.findByRole('dialog', { name: 'Your session has expired' })).toBeVisible();
      await expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 1 });
    });

    await step('sign in again: the save is sent again, and its post/redirect/get answer is taken, once', async () => {
      await signInAgain();
      await waitFor(() => expect(saving).toHaveTextContent('Saved “Taxi to the airport”.'));
      await expect(server.saved).toEqual(['Taxi to the airport']);
    });

    await step('save again while signed in: the redirect to the saved record is an ordinary answer', async () => {
      await userEvent.clear(description);
      await userEvent.type(description, 'Hotel');
      await userEvent.click(page.getByRole('button', { name: 'Save expense' }));
      await waitFor(() => expect(saving).toHaveTextContent('Saved “Hotel”.'));
      await expect(server.saved).toEqual(['Taxi to the airport', 'Hotel']);
      await expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
      await expect(screen.queryByRole('dialog')).toBeNull();
    });
  },
};

/**
 * The same server without the option: fetch follows the 302 to the login page on another origin,
 * which is a network error to the page. The app says the server cannot be reached, the session
 * never learns it has ended, and the expense is not saved.
 */
export const WithoutTheOption: Story = {
  args: { redirectMeansExpired: false },
  play: async ({ args, canvasElement, id }) => {
    const { session } = await storySession(id);
    const page = within(canvasElement);
    await userEvent.type(await page.findByRole('textbox', { name: 'Description' }), 'Taxi to the airport');
    await userEvent.click(page.getByRole('button', { name: 'Save expense' }));

    await expect(await page.findByText('Could not reach the server. Check your connection and try again.')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Request log' })).toHaveTextContent('POST /api/expenses (redirect: follow) → network error (TypeError)');
    await expect(args.fetch).toHaveBeenCalledOnce();
    await expect(server.saved).toEqual([]);
    // The session still believes it is active: no re-login, nothing parked.
    await expect(session.getSnapshot()).toMatchObject({ status: 'active', parked: 0 });
    await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  },
};
