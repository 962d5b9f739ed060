import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { MINUTE, SessionStory, renderSessionStory, sessionStoryParameters, storySession, clockStatus } from './support/index.ts';

/** The token the pretend server issued with the page (a real app reads it from a meta tag or a cookie). */
const CSRF_TOKEN = 'c5rf-7f3a9e';
const csrfToken = () => CSRF_TOKEN;

/**
 * A pretend server at the network edge (the session's `fetch` option) with CSRF protection, as
 * Django, Rails, Spring Security, Laravel and ASP.NET have by default: a `POST` without the
 * right `X-CSRF-Token` header is refused with 403.
 */
async function csrfProtectedServer(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(new URL(String(input), location.href), init);
  if (request.method === 'POST' && request.headers.get('X-CSRF-Token') !== CSRF_TOKEN) {
    return new Response('CSRF token missing or incorrect.', { status: 403 });
  }
  return new Response(null, { status: 204 });
}

/**
 * A keepalive on a server with CSRF protection. Its `POST` needs the CSRF token, or the server
 * refuses it (403) and "Stay signed in" cannot extend the session: the warning says "The server
 * would not extend your session.", and in development the console says that CSRF protection is the
 * usual cause.
 *
 * Send the token with the keepalive's object form; `headers` as a function is called at each
 * ping, so a token that changes is always sent fresh:
 *
 * ```ts
 * keepalive: {
 *   url: '/api/session/keepalive',
 *   headers: () => ({ 'X-CSRF-Token': document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content }),
 * }
 * ```
 *
 * The session: 5 minutes without activity end it, the warning opens 2 minutes before the end.
 */
const meta = {
  title: 'Session/CSRF keepalive',
  component: SessionStory,
  render: renderSessionStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  args: {
    fetch: fn(csrfProtectedServer),
    onRelogin: fn(async () => ({ user: 'ada' })),
  },
} satisfies Meta<typeof SessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Three minutes without activity, then "Stay signed in". */
async function pressStaySignedIn(id: string) {
  const { clock } = await storySession(id);
  clock.advance(3 * MINUTE);
  const dialog = await screen.findByRole('alertdialog', { name: 'Your session is about to expire' });
  await userEvent.click(within(dialog).getByRole('button', { name: 'Stay signed in' }));
  return dialog;
}

/** The keepalive as a bare URL: the server refuses it, and the warning says so. */
export const WithoutTheToken: Story = {
  args: { keepalive: '/api/session/keepalive' },
  play: async ({ args, id, step }) => {
    await step('"Stay signed in": the keepalive goes without the token and is refused (403)', async () => {
      const dialog = await pressStaySignedIn(id);
      await waitFor(() => expect(within(dialog).getByText('The server would not extend your session.')).toBeVisible());
      await expect(args.fetch).toHaveBeenCalledOnce();
      const response = await (args.fetch as ReturnType<typeof fn>).mock.results[0]!.value;
      await expect(response).toMatchObject({ status: 403 });
    });

    await step('the warning stays open and the session still ends', async () => {
      const { session } = await storySession(id);
      await expect(session.getSnapshot().status).toBe('warning');
      await expect(screen.getByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
    });
  },
};

/** The keepalive's object form with the token in `headers`: the server accepts it and the session goes on. */
export const WithTheToken: Story = {
  args: { keepalive: { url: '/api/session/keepalive', headers: () => ({ 'X-CSRF-Token': csrfToken() }) } },
  play: async ({ args, canvasElement, id, step }) => {
    await step('"Stay signed in": the keepalive carries the token and is accepted', async () => {
      await pressStaySignedIn(id);
      await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
      await expect(args.fetch).toHaveBeenCalledOnce();
      await expect(args.fetch).toHaveBeenCalledWith(
        '/api/session/keepalive',
        expect.objectContaining({ method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': CSRF_TOKEN } }),
      );
      const response = await (args.fetch as ReturnType<typeof fn>).mock.results[0]!.value;
      await expect(response).toMatchObject({ status: 204 });
    });

    await step('the session goes on: the full 5 minutes from now', async () => {
      const status = await clockStatus(canvasElement);
      await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 5:00'));
      const { session } = await storySession(id);
      await expect(session.getSnapshot().status).toBe('active');
    });
  },
};
