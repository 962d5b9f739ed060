import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, waitFor, within } from 'storybook/test';

import { MINUTE, SECOND, SessionStory, renderSessionStory, sessionStoryParameters, storySession, clockStatus } from './support/index.ts';

/**
 * `session.configure(change)`: the timeouts change while the app runs, for the cases where the
 * app only learns them after the page has loaded. The server's answer to the sign-in says this
 * person ticked "Remember me" (30 minutes instead of 5), or the person opens the admin area,
 * where a stricter limit applies:
 *
 * ```ts
 * const me = await (await session.fetch('/api/me')).json();
 * session.configure({ idleTimeout: me.idleTimeoutMinutes * 60_000 });
 * ```
 *
 * `idleTimeout`, `warningBefore`, `keepalive` and `keepaliveInterval` can change; each is checked
 * as `createSession` checks it (a `TypeError` naming the option, and nothing changes). The
 * deadline moves at once, from the last activity: a limit shorter than the time already idle
 * opens the warning (or ends the session) now. The notice on the page follows, since the session's
 * snapshot carries the timeouts. The other tabs of the app take the new timeouts too.
 *
 * The session as the page starts it: 5 minutes without activity end it, the warning opens 2
 * minutes before the end. The play functions stand in for the app and call `configure`.
 */
const meta = {
  title: 'Session/Configure',
  component: SessionStory,
  render: renderSessionStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  args: {
    onRelogin: fn(async () => ({ user: 'ada' })),
  },
} satisfies Meta<typeof SessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** "Remember me": 30 minutes instead of 5. The notice says so, and the warning opens at minute 28, not 3. */
export const RememberMe: Story = {
  play: async ({ canvasElement, id, step }) => {
    const { clock, session } = await storySession(id);
    const canvas = within(canvasElement);
    const status = await clockStatus(canvasElement);
    // Found now: once a dialog is open, the page behind is inert and hidden from role queries.
    const main = canvas.getByRole('main');

    await step('the page starts with the 5 minutes it was built with', async () => {
      await expect(main).toHaveTextContent('If you do nothing for 5 minutes, we will sign you out.');
      await expect(status).toHaveTextContent('Session active, ends in 5:00');
    });

    await step('the server says this person chose "Remember me": the app configures 30 minutes', async () => {
      session.configure({ idleTimeout: 30 * MINUTE });
      await waitFor(() => expect(main).toHaveTextContent('If you do nothing for 30 minutes, we will sign you out.'));
      await expect(main).not.toHaveTextContent('5 minutes');
      await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 30:00'));
    });

    await step('minute 4, when the 5-minute session would be warning: no warning', async () => {
      for (let minute = 1; minute <= 4; minute++) clock.advance(MINUTE);
      await waitFor(() => expect(status).toHaveTextContent('Clock 09:04:00 (+4:00)'));
      await expect(status).toHaveTextContent('Session active, ends in 26:00');
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    });

    await step('on to minute 27, long past the old end: still nothing opens', async () => {
      for (let minute = 5; minute <= 27; minute++) clock.advance(MINUTE);
      await waitFor(() => expect(status).toHaveTextContent('Clock 09:27:00 (+27:00)'));
      await expect(status).toHaveTextContent('Session active, ends in 3:00');
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });

    await step('minute 28, two minutes before the new end: the warning opens', async () => {
      clock.advance(MINUTE - SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 2:01'));
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      clock.advance(SECOND);
      await expect(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
      await expect(status).toHaveTextContent('Session warning, ends in 2:00');
    });
  },
};

/**
 * The person opens the admin area after two and a quarter idle minutes, and the app applies its
 * stricter limit: 3 minutes, warned 1 minute before. Only 45 seconds of it are left, so the
 * warning opens at once.
 */
export const StricterLimitForAdmins: Story = {
  play: async ({ canvasElement, id, step }) => {
    const { clock, session } = await storySession(id);
    const canvas = within(canvasElement);
    const status = await clockStatus(canvasElement);
    const main = canvas.getByRole('main');

    await step('two and a quarter minutes without activity: 2:45 of the 5 minutes are left, no warning yet', async () => {
      clock.advance(2 * MINUTE + 15 * SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 2:45'));
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    });

    await step('the admin area configures 3 minutes, warned 1 minute before: the warning opens at once', async () => {
      session.configure({ idleTimeout: 3 * MINUTE, warningBefore: MINUTE });
      const warning = await screen.findByRole('alertdialog', { name: 'Your session is about to expire' });
      await expect(warning).toBeVisible();
      await expect(within(warning).getByText('45 seconds')).toBeVisible();
      await expect(status).toHaveTextContent('Session warning, ends in 0:45');
      await expect(main).toHaveTextContent('If you do nothing for 3 minutes, we will sign you out.');
    });

    await step('nobody answers: the session ends 3 minutes after the last activity', async () => {
      clock.advance(45 * SECOND);
      await expect(await screen.findByRole('dialog', { name: 'Your session has expired' })).toBeVisible();
      await expect(status).toHaveTextContent('Clock 09:03:00 (+3:00)');
      await expect(status).toHaveTextContent('Session expired, ended (idle)');
    });
  },
};
