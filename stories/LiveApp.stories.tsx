import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent, waitFor, within } from 'storybook/test';

import { DEMO_PASSWORD, DEMO_USERNAME, ExpenseApp } from './live/expense/ExpenseApp.tsx';
// The library's theme comes from the preview's withSessionTheme decorator (stories/support/theme.tsx);
// the app's own styles come with its components (live/expense/expense-app.css, live/shared/).

/**
 * A small app on the real library, with a pretend server at the network edge (the session's
 * `fetch` option; see live/expense/expense-backend.ts). Nothing of the library is stubbed: the session,
 * `session.fetch`, its parking and replay, and both dialogs are the shipped code, on the real
 * clock (15 minutes idle) with no cross-tab sync.
 *
 * Try it: type an expense, press "Server: end the session", then "Save expense". The server
 * answers 440, the session parks the request and asks you to sign in again over the page; sign in
 * with the demo credentials and the very same request goes out again and is saved once.
 */
const meta = {
  title: 'Live/Expense app',
  component: ExpenseApp,
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof ExpenseApp>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Save → 440 → parked → re-login → the parked request replayed → saved, exactly once. */
export const ParkAndReplay: Story = {
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    // Found now: once a dialog is open, the page behind is inert and hidden from role queries.
    const log = page.getByRole('list', { name: 'Request log' });
    const table = await page.findByRole('table', { name: 'Your expenses' });
    const save = page.getByRole('button', { name: 'Save expense' });
    const entries = () =>
      within(log)
        .queryAllByTestId('log-entry')
        .map((entry) => entry.textContent ?? '');

    await step('fill in an expense', async () => {
      await userEvent.type(page.getByRole('textbox', { name: 'Description' }), 'Taxi to the airport');
      await userEvent.type(page.getByRole('textbox', { name: 'Amount (£)' }), '42.50');
    });

    await step('the server ends the session', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Server: end the session' }));
      await expect(page.getByRole('button', { name: 'Server: end the session' })).toBeDisabled();
    });

    await step('save: the server answers 440 and the request is parked', async () => {
      await userEvent.click(save);
      const dialog = await screen.findByRole('dialog', { name: 'Your session has expired' });
      await expect(dialog).toBeVisible();
      await waitFor(() => expect(entries()).toContain('POST /api/expenses 440 parked'));
      await expect(page.getByTestId('page-session')).toHaveTextContent('expired');
    });

    await step('sign in again with the demo credentials', async () => {
      const form = within(await screen.findByRole('dialog', { name: 'Your session has expired' }));
      const username = form.getByRole('textbox', { name: 'Username' });
      await waitFor(() => expect(username).toHaveFocus());
      await userEvent.type(username, DEMO_USERNAME);
      await userEvent.type(form.getByLabelText('Password'), DEMO_PASSWORD);
      await userEvent.click(form.getByRole('button', { name: 'Sign in' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    });

    await step('the parked request is replayed and saved once', async () => {
      await waitFor(() => expect(entries()).toContain('POST /api/expenses 200 replayed'));
      await expect(entries().filter((entry) => entry.startsWith('POST /login'))).toEqual(['POST /login 200']);
      // The save went over the wire twice: refused once, replayed once.
      await expect(entries().filter((entry) => entry.startsWith('POST /api/expenses'))).toEqual([
        'POST /api/expenses 440 parked',
        'POST /api/expenses 200 replayed',
      ]);
      await waitFor(() => expect(within(table).getAllByText('Taxi to the airport')).toHaveLength(1));
      await expect(within(table).getByText('£42.50')).toBeVisible();
      await expect(page.getByText('Saved “Taxi to the airport”, £42.50.')).toBeVisible();
      await expect(page.getByTestId('page-session')).toHaveTextContent('active');
      await waitFor(() => expect(save).toHaveFocus());
    });
  },
};

/**
 * The person signs out instead of signing in: the parked save is dropped, never sent again, and
 * the app shows its signed-out page; signing in there brings the app back without the dropped
 * record.
 */
export const SignOutInstead: Story = {
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const log = page.getByRole('list', { name: 'Request log' });
    await page.findByRole('table', { name: 'Your expenses' });
    const entries = () =>
      within(log)
        .queryAllByTestId('log-entry')
        .map((entry) => entry.textContent ?? '');

    await step('save after the server ended the session: parked', async () => {
      await userEvent.type(page.getByRole('textbox', { name: 'Description' }), 'Hotel, two nights');
      await userEvent.type(page.getByRole('textbox', { name: 'Amount (£)' }), '238');
      await userEvent.click(page.getByRole('button', { name: 'Server: end the session' }));
      await userEvent.click(page.getByRole('button', { name: 'Save expense' }));
      await screen.findByRole('dialog', { name: 'Your session has expired' });
      await waitFor(() => expect(entries()).toContain('POST /api/expenses 440 parked'));
    });

    await step('sign out in the dialog: the parked save is dropped', async () => {
      const dialog = within(screen.getByRole('dialog', { name: 'Your session has expired' }));
      await userEvent.click(dialog.getByRole('button', { name: 'Sign out' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      await expect(await page.findByRole('heading', { level: 1, name: 'You are signed out' })).toBeVisible();
      await expect(page.getByTestId('page-session')).toHaveTextContent('signedOut');
    });

    await step('sign in on the signed-out page: the app is back, without the dropped record', async () => {
      await userEvent.type(page.getByRole('textbox', { name: 'Username' }), DEMO_USERNAME);
      await userEvent.type(page.getByLabelText('Password'), DEMO_PASSWORD);
      await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
      const table = await page.findByRole('table', { name: 'Your expenses' });
      await expect(within(table).getByText('Team lunch with the Leeds office')).toBeVisible();
      await expect(within(table).queryByText('Hotel, two nights')).not.toBeInTheDocument();
      await expect(entries().filter((entry) => entry.startsWith('POST /api/expenses'))).toEqual(['POST /api/expenses 440 parked']);
      await expect(page.getByTestId('page-session')).toHaveTextContent('active');
    });
  },
};
