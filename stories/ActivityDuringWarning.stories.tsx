import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { MINUTE, SECOND, SessionStory, renderSessionStory, sessionStoryParameters, storySession, clockStatus } from './support/index.ts';

/** The library's default activity events: this story is about real activity on the page. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'];

/**
 * `activityDuringWarning`: what happens when the person moves the mouse or presses keys while the
 * warning is open. The warning is modal, so their keys go to it, not to the page behind.
 *
 * - `'ignore'` (the default): nothing. The warning stays until the person chooses "Stay signed
 *   in" or "Sign out": a mouse that slides over the screen or a cat on the keyboard does not
 *   answer a question about their session for them (WCAG 2.2.1 asks for a deliberate choice).
 * - `'extend'`: any activity answers it as "Stay signed in" does (keepalive included, once
 *   however many events come): the warning closes and the countdown starts over. WCAG 2.2.1
 *   allows it ("a simple action"), for apps where any sign of life should count.
 *
 * The session: 5 minutes without activity end it, the warning opens 2 minutes before the end.
 * Activity on the page counts here (the default activity events), so a click on the clock panel
 * is activity too: move time with "Clock" in the Storybook toolbar.
 */
const meta = {
  title: 'Session/Activity during warning',
  component: SessionStory,
  render: renderSessionStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  args: {
    activityEvents: ACTIVITY_EVENTS,
    onRelogin: fn(async () => ({ user: 'ada' })),
  },
} satisfies Meta<typeof SessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** The person types a title, stops for 3 minutes, and the warning opens. */
async function toTheWarning({ canvasElement, id }: { canvasElement: HTMLElement; id: string }) {
  const { clock } = await storySession(id);
  const canvas = within(canvasElement);
  const status = await clockStatus(canvasElement);
  const title = canvas.getByRole('textbox', { name: 'Invoice title' });

  clock.advance(MINUTE);
  await userEvent.type(title, 'Quarterly report');
  clock.advance(SECOND);
  await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 4:59')); // typing counted
  clock.advance(3 * MINUTE - SECOND);
  const warning = await screen.findByRole('alertdialog', { name: 'Your session is about to expire' });
  await waitFor(() => expect(within(warning).getByRole('button', { name: 'Stay signed in' })).toHaveFocus());
  await expect(status).toHaveTextContent('Session warning, ends in 2:00');
  return { clock, status, title, warning };
}

/** The default: moving the mouse and typing while the warning is open change nothing; only "Stay signed in" does. */
export const Ignore: Story = {
  play: async ({ canvasElement, id, step }) => {
    let page!: Awaited<ReturnType<typeof toTheWarning>>;
    await step('the person types a title, then stops: the warning opens', async () => {
      page = await toTheWarning({ canvasElement, id });
    });
    const { clock, status, title, warning } = page;

    await step('the person moves the mouse and goes on typing: the warning stays, the countdown goes on', async () => {
      clock.advance(10 * SECOND);
      await userEvent.pointer([
        { target: warning, coords: { clientX: 300, clientY: 200 } },
        { target: warning, coords: { clientX: 340, clientY: 220 } },
      ]);
      await userEvent.keyboard('Draft');
      clock.advance(10 * SECOND);
      await userEvent.pointer({ target: warning, coords: { clientX: 380, clientY: 240 } });
      await userEvent.keyboard('Total');
      clock.advance(SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Session warning, ends in 1:39'));
      await expect(screen.getByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
      await expect(title).toHaveValue('Quarterly report'); // the keys went to the warning, not the page
    });

    await step('a deliberate choice: "Stay signed in" closes it and the countdown starts over', async () => {
      await userEvent.click(within(warning).getByRole('button', { name: 'Stay signed in' }));
      await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
      await expect(status).toHaveTextContent('Session active, ends in 5:00');
    });
  },
};

/** `activityDuringWarning: 'extend'`: the same keys close the warning, and the countdown starts over from them. */
export const Extend: Story = {
  args: { activityDuringWarning: 'extend' },
  play: async ({ canvasElement, id, step }) => {
    let page!: Awaited<ReturnType<typeof toTheWarning>>;
    await step('the person types a title, then stops: the warning opens', async () => {
      page = await toTheWarning({ canvasElement, id });
    });
    const { clock, status, title } = page;

    await step('20 seconds later the person presses a key: the warning closes, the full 5 minutes again', async () => {
      clock.advance(20 * SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Session warning, ends in 1:40'));
      await userEvent.keyboard('D');
      await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
      await expect(status).toHaveTextContent('Session active, ends in 5:00');
      await expect(title).toHaveValue('Quarterly report');
    });

    await step('the countdown runs from that key: the next warning opens 3 minutes later', async () => {
      clock.advance(3 * MINUTE - SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 2:01'));
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      clock.advance(SECOND);
      await expect(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
    });
  },
};
