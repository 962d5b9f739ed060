import { useState, type ReactNode } from 'react';
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';

import { createSession, ReloginForm, SessionProvider, useSession } from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
// Themed by the preview's withSessionTheme decorator, like every story (see stories/support/theme.tsx).

/** The person's status, shown on the page: the form resumes the session itself. */
function Status() {
  const status = useSession((snapshot) => snapshot.status);
  return <p data-testid="status">Session: {status}</p>;
}

/** An app's own signed-out page, in a provider whose session was signed out. */
function SignedOutPage({ children }: { children: ReactNode }) {
  const [session] = useState(() => {
    const session = createSession({ crossTab: false, activityEvents: [], clock: createTestClock(), user: 'ada' });
    void session.signOut();
    return session;
  });
  return (
    <SessionProvider session={session}>
      <main style={{ fontFamily: 'system-ui, sans-serif', padding: '1.5rem', maxWidth: '24rem' }}>
        <h1 style={{ marginTop: 0 }}>You are signed out</h1>
        <Status />
        {children}
      </main>
    </SessionProvider>
  );
}

const withSignedOutPage: Decorator = (Story) => (
  <SignedOutPage>
    <Story />
  </SignedOutPage>
);

const meta = {
  title: 'Components/ReloginForm',
  component: ReloginForm,
  tags: ['autodocs'],
  decorators: [withSignedOutPage],
  args: {
    onRelogin: fn(async ({ password }: { username: string; password: string }) => {
      if (password !== 'lovelace') throw new Error('Wrong username or password.');
    }),
  },
  argTypes: {
    messages: { description: 'Any text, in your words or language (`defaultReloginMessages` has them all).' },
    className: { description: 'A class for the form (`data-rst="form"`).' },
  },
  parameters: {
    docs: {
      description: {
        component:
          "The re-login modal's username and password form on its own, for the app's own signed-out page or custom " +
          're-login content: the same fields, the same `onRelogin` contract (resolve when signed in, reject when not) ' +
          'and `messages`, and it resumes the session itself, so parked requests are replayed for the same person only. ' +
          'No "Sign out" unless `signOut`; no focus taken unless `autoFocus`. Render it inside `SessionProvider`. ' +
          'Sign in here with any username and the password `lovelace`.',
      },
    },
  },
} satisfies Meta<typeof ReloginForm>;

export default meta;

type Story = StoryObj<typeof meta>;

/** On a signed-out page: a good sign-in resumes the session. */
export const OnASignedOutPage: Story = {
  play: async ({ canvasElement, args }) => {
    const page = within(canvasElement);
    await expect(page.getByTestId('status')).toHaveTextContent('signedOut');
    await expect(page.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
    await userEvent.type(page.getByRole('textbox', { name: 'Username' }), 'ada');
    await userEvent.type(page.getByLabelText('Password'), 'lovelace');
    await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
    await expect(args.onRelogin).toHaveBeenCalledWith({ username: 'ada', password: 'lovelace' });
    await waitFor(() => expect(page.getByTestId('status')).toHaveTextContent('active'));
  },
};

/** A refused sign-in: the reason in an alert, the person still signed out. */
export const SignInFails: Story = {
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await userEvent.type(page.getByRole('textbox', { name: 'Username' }), 'ada');
    await userEvent.type(page.getByLabelText('Password'), 'hunter2');
    await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(page.getByRole('alert')).toHaveTextContent('Wrong username or password.'));
    await expect(page.getByTestId('status')).toHaveTextContent('signedOut');
  },
};

/** In German, with "Sign out" offered beside "Sign in". */
export const GermanWithSignOut: Story = {
  args: {
    signOut: true,
    messages: { username: 'Benutzername', password: 'Passwort', signIn: 'Anmelden', signingIn: 'Anmeldung läuft…', signOut: 'Abmelden' },
  },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await expect(page.getByRole('textbox', { name: 'Benutzername' })).toBeVisible();
    await expect(page.getByLabelText('Passwort')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  },
};
