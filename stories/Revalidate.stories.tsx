import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, waitFor } from 'storybook/test';

import { MINUTE, SessionStory, renderSessionStory, sessionStoryParameters, storySession, clockStatus } from './support/index.ts';

/**
 * A pretend server at the network edge (the session's `fetch` option): `GET /api/session` tells
 * whether its session is still there without extending it: `204` with `Session-Expires` while it
 * is, `440 Login Timeout` once it was ended (a restart, an admin, a sign-out on another device).
 */
const server = {
  ended: false,
  /** The `Session-Expires` of its answers, in seconds. */
  expiresIn: 10 * 60,
  fetch: async (): Promise<Response> => {
    if (server.ended) return new Response('Login Timeout', { status: 440 });
    return new Response(null, { status: 204, headers: { 'Session-Expires': String(server.expiresIn) } });
  },
};

/** The tab in the background or back in view, as the browser tells the page. */
function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

/**
 * `revalidate: '/api/session'`: a tab that comes back after a minute or more in the background
 * (or a browser back online) does not trust what it knew. It asks the server with a `GET` that
 * does not extend the server session, and reads the answer as any response: a 440 opens the
 * re-login at once, a `Session-Expires` sets the countdown right. Without it, a laptop that slept
 * or a tab left behind shows "active, 25 minutes left" until the person's next request fails.
 *
 * The session: 30 minutes without activity end it, the warning opens 2 minutes before the end.
 * The play function hides the tab by telling the page so (`document.visibilityState`) and moves the
 * story clock; in a browser of your own, switching tabs does the same, without the time passing.
 */
const meta = {
  title: 'Session/Revalidate',
  component: SessionStory,
  render: renderSessionStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  args: {
    idleTimeout: 30 * MINUTE,
    revalidate: '/api/session',
    fetch: fn(server.fetch),
    onRelogin: fn(async () => {
      server.ended = false;
      return { user: 'ada' };
    }),
  },
  beforeEach: () => {
    server.ended = false;
    return () => {
      Reflect.deleteProperty(document, 'visibilityState');
      Reflect.deleteProperty(document, 'hidden');
    };
  },
} satisfies Meta<typeof SessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Five minutes in the background while the server ended the session: back in view, the re-login opens at once. */
export const EndedOnTheServer: Story = {
  play: async ({ args, canvasElement, id, step }) => {
    const { clock } = await storySession(id);
    // Found now: once a dialog is open, the page behind is inert and hidden from role queries.
    const status = await clockStatus(canvasElement);

    await step('the tab is in the background for 5 minutes; meanwhile the server ends the session', async () => {
      setVisibility('hidden');
      server.ended = true;
      clock.advance(5 * MINUTE);
      await waitFor(() => expect(status).toHaveTextContent('Clock 09:05:00 (+5:00)'));
      await expect(status).toHaveTextContent('Session active, ends in 25:00'); // what the tab knew
      await expect(args.fetch).not.toHaveBeenCalled();
    });

    await step('back in view: one GET, the server answers 440, the re-login opens', async () => {
      setVisibility('visible');
      await expect(await screen.findByRole('dialog', { name: 'Your session has expired' })).toBeVisible();
      await expect(status).toHaveTextContent('Session expired, ended (response)');
      await expect(args.fetch).toHaveBeenCalledOnce();
      await expect(args.fetch).toHaveBeenCalledWith('/api/session', expect.objectContaining({ method: 'GET' }));
    });
  },
};

/** Five minutes in the background, the server session still there: nothing opens, and the countdown is the server's. */
export const StillSignedIn: Story = {
  play: async ({ args, canvasElement, id }) => {
    const { clock, session } = await storySession(id);
    const status = await clockStatus(canvasElement);

    setVisibility('hidden');
    clock.advance(5 * MINUTE);
    await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 25:00'));
    setVisibility('visible');

    // The server's Session-Expires (10 minutes) is sooner than the 25 idle minutes left. A moving
    // deadline notifies no one while active (the panel reads it again when the clock moves).
    await waitFor(() => expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE));
    clock.advance(MINUTE);
    await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 9:00'));
    await expect(args.fetch).toHaveBeenCalledOnce();
    await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  },
};
