import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { IDLE_TIMEOUT, MINUTE, SECOND, SessionStory, renderSessionStory, sessionStoryParameters, storySession } from './support/index.ts';

/**
 * The demo page on a test clock (stories/support): each story moves the clock to its moment, and
 * the clock panel or the toolbar's "Clock" menu moves it on from there.
 */
const meta = {
  title: 'Components/Dialogs',
  component: SessionStory,
  render: renderSessionStory,
  parameters: {
    ...sessionStoryParameters,
    // `docs` as a literal too: addon-docs puts the comment above in parameters.docs.description,
    // and when it finds no literal `docs` (or `parameters`) here it adds its own, which replaces ours.
    docs: { ...sessionStoryParameters.docs },
  },
  args: {
    at: 0,
    onRelogin: fn(async () => ({ user: 'ada' })),
  },
} satisfies Meta<typeof SessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

const warningDialog = (name = 'Your session is about to expire') => screen.findByRole('alertdialog', { name });
const reloginDialog = () => screen.findByRole('dialog', { name: 'Your session has expired' });

/** 3 min 30 s in: 90 seconds left, shown in whole minutes rounded up. */
export const Warning: Story = {
  args: { at: 3 * MINUTE + 30 * SECOND },
  play: async () => {
    const dialog = await warningDialog();
    await expect(dialog).toBeVisible();
    const body = within(dialog);
    await expect(body.getByText('2 minutes')).toBeVisible();
    await waitFor(() => expect(body.getByRole('button', { name: 'Stay signed in' })).toHaveFocus());
    await expect(body.getByRole('button', { name: 'Sign out' })).toBeVisible();
  },
};

/** 10 seconds before the end: the countdown is in seconds. */
export const WarningLastSeconds: Story = {
  args: { at: IDLE_TIMEOUT - 10 * SECOND },
  play: async () => {
    const dialog = await warningDialog();
    await expect(within(dialog).getByText('10 seconds')).toBeVisible();
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Stay signed in' })).toHaveFocus());
  },
};

/**
 * The person types a title, leaves, and comes back after the end: they sign in again over the
 * page, and the title they typed is still there.
 */
export const Relogin: Story = {
  play: async ({ canvasElement, args, id, step }) => {
    const page = within(canvasElement);
    const title = page.getByRole('textbox', { name: 'Invoice title' });

    await step('the person types, then leaves the page for 6 minutes', async () => {
      await userEvent.type(title, 'Website redesign, phase 2');
      (await storySession(id)).clock.advance(6 * MINUTE);
    });

    const dialog = await reloginDialog();
    const form = within(dialog);
    await expect(form.getByText(/You were signed out after 5 minutes without activity/)).toBeVisible();
    const username = form.getByRole('textbox', { name: 'Username' });
    await waitFor(() => expect(username).toHaveFocus());
    await expect(form.getByLabelText('Password')).toBeVisible();

    await step('sign in again', async () => {
      await userEvent.type(username, 'ada');
      await userEvent.type(form.getByLabelText('Password'), 'correct horse battery staple');
      await userEvent.click(form.getByRole('button', { name: 'Sign in' }));
    });

    await expect(args.onRelogin).toHaveBeenCalledWith({ username: 'ada', password: 'correct horse battery staple' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await expect(title).toHaveValue('Website redesign, phase 2');
    await waitFor(() => expect(title).toHaveFocus());
    await expect(screen.getByText('You are signed in again.')).toBeInTheDocument();
  },
};

/** The server refuses the password: the form says why and stays. */
export const ReloginError: Story = {
  args: {
    at: 6 * MINUTE,
    onRelogin: fn(async () => {
      throw new Error('Wrong password');
    }),
  },
  play: async ({ args }) => {
    const dialog = await reloginDialog();
    const form = within(dialog);
    const username = form.getByRole('textbox', { name: 'Username' });
    await waitFor(() => expect(username).toHaveFocus());
    await userEvent.type(username, 'ada');
    await userEvent.type(form.getByLabelText('Password'), 'hunter2');
    await userEvent.click(form.getByRole('button', { name: 'Sign in' }));

    await expect(args.onRelogin).toHaveBeenCalledOnce();
    await waitFor(() => expect(form.getByRole('alert')).toHaveTextContent('Wrong password'));
    await expect(dialog).toBeVisible();
    await expect(form.getByRole('button', { name: 'Sign in' })).toBeVisible();
  },
};

/**
 * The server ends every session 4 minutes after sign-in, whatever the person does. 3 minutes in,
 * the warning shows; "Stay signed in" pings the server, which answers with the same end: the dialog
 * says the session cannot be extended.
 */
export const HardLimit: Story = {
  args: {
    at: 3 * MINUTE,
    serverExpires: 240,
    keepalive: async () => new Response(null, { status: 204, headers: { 'Session-Expires': '60' } }),
  },
  play: async () => {
    const dialog = await warningDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Stay signed in' }));

    const ending = await warningDialog('Your session is ending');
    const body = within(ending);
    await expect(body.getByText(/cannot be extended/)).toBeVisible();
    await expect(body.getByText('1 minute')).toBeVisible();
    await waitFor(() => expect(body.getByRole('button', { name: 'I will save my work' })).toHaveFocus());
  },
};

/** "Sign out" in the warning: the dialog closes and the app shows the person signed out. */
export const SignedOut: Story = {
  args: { at: 3 * MINUTE + 30 * SECOND },
  play: async ({ canvasElement }) => {
    const dialog = await warningDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await expect(within(canvasElement).getByText('You are signed out.')).toBeVisible();
  },
};
