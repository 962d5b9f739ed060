import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, waitFor } from 'storybook/test';

import { MINUTE, SECOND, SessionStory, renderSessionStory, sessionStoryParameters, storySession, clockStatus } from './support/index.ts';

/**
 * `session.busy(task)`: while a task the person waits for runs (an upload, a video, a long
 * report), they count as active. No warning opens and the session does not end however long the
 * task takes; once it settles, the idle time counts from that moment.
 *
 * The session: 5 minutes without activity end it, the warning opens 2 minutes before the end.
 */
const meta = {
  title: 'Session/Busy',
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

/** A 20-minute upload: no warning while it runs; afterwards the full 5 minutes from its end. */
export const LongUpload: Story = {
  play: async ({ canvasElement, id, step }) => {
    const { clock, session } = await storySession(id);
    const status = await clockStatus(canvasElement);
    let finish!: (value: string) => void;
    const upload = session.busy(new Promise<string>((resolve) => (finish = resolve)));

    await step('20 minutes of upload, four times the idle timeout: no warning, no end', async () => {
      for (let minute = 1; minute <= 20; minute++) clock.advance(MINUTE);
      await waitFor(() => expect(status).toHaveTextContent('Clock 09:20:00 (+20:00)'));
      await expect(status).toHaveTextContent('Session active, no end');
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });

    await step('the upload is done: the idle time counts from now', async () => {
      finish('invoice.pdf');
      await expect(upload).resolves.toBe('invoice.pdf');
      clock.advance(SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 4:59'));
    });

    await step('then nobody works: the warning opens as usual', async () => {
      clock.advance(3 * MINUTE);
      await expect(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
    });
  },
};
