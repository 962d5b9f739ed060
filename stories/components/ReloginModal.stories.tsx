import { useState, type ComponentType, type ReactNode } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { createSession, ReloginModal, SessionProvider, type ReloginModalProps } from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
// No `import '../../src/styles.css'`: the preview's withSessionTheme decorator themes every story
// (see stories/support/theme.tsx for why a global import is avoided).

const MINUTE = 60_000;

interface SceneProps {
  /** How the session ended: nobody used the page for 6 minutes, or the server answered a request with 440. */
  ended: 'idle' | 'response';
  /** A pretend server that answers 440 to every request, a save parked on it: a sign-in that never reached it. */
  stuck?: boolean;
  children: ReactNode;
}

/** A page in a provider whose session (5 minutes idle) runs on a test clock and has ended. */
function Scene({ ended, stuck = false, children }: SceneProps) {
  const [session] = useState(() => {
    const clock = createTestClock();
    const fetch = stuck ? async () => new Response(null, { status: 440 }) : undefined;
    const session = createSession({ idleTimeout: 5 * MINUTE, crossTab: false, activityEvents: [], clock, fetch, user: 'ada' });
    if (stuck)
      void session.fetch(new URL('/api/invoices', location.href), { method: 'POST' }).catch(() => {}); // parked, replayed after the sign-in
    else if (ended === 'idle') {
      session.reportActivity(); // the person's last touch; the session's time begins here
      clock.advance(6 * MINUTE); // the provider's start() finds the deadline passed
    } else session.handleResponse(new Response(null, { status: 440 })); // "440 Login Timeout"
    return session;
  });
  return (
    <SessionProvider session={session}>
      <main style={{ fontFamily: 'system-ui, sans-serif', padding: '1.5rem' }}>
        <h1 style={{ marginTop: 0 }}>Acme Invoicing</h1>
        <p>The page stays mounted behind the modal: nothing typed here is lost.</p>
      </main>
      {children}
    </SessionProvider>
  );
}

/** The type of `onRelogin`, so a story may answer with a `Response` where the default resolves `{ user }`. */
type OnRelogin = NonNullable<ReloginModalProps['onRelogin']>;

/**
 * The stories' args: one flat record, since Storybook's controls set each prop on its own (its
 * types cannot follow ReloginModalProps's "onRelogin, children or both"). The meta's args give
 * `onRelogin`; SingleSignOn swaps it for `children`.
 */
type ReloginModalArgs = Omit<ReloginModalProps, 'onRelogin' | 'children'> & { onRelogin?: OnRelogin; children?: ReloginModalProps['children'] };

const meta = {
  title: 'Components/ReloginModal',
  component: ReloginModal as ComponentType<ReloginModalArgs>,
  tags: ['autodocs'],
  decorators: [
    (Story, { parameters }) => (
      <Scene ended={(parameters.ended as SceneProps['ended'] | undefined) ?? 'idle'} stuck={parameters.stuck === true}>
        <Story />
      </Scene>
    ),
  ],
  args: {
    // The assertion widens the mock's type, so a story may answer with a Response (ESLint sees no need for it; tsc does).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    onRelogin: fn(async () => ({ user: 'ada' })) as OnRelogin,
  },
  argTypes: {
    children: { control: false },
    locale: { description: 'BCP 47 locale for the idle time in the reason ("5 minutes"); also the dialog\'s `lang`.' },
    className: { description: 'A class for the dialog card (`data-rst="dialog"`).' },
    overlayClassName: { description: 'A class for the overlay behind the card (`data-rst="overlay"`).' },
    messages: { description: 'Any text, in your words or language (`defaultReloginMessages` has them all).' },
  },
  parameters: {
    layout: 'fullscreen',
    docs: {
      // The modal renders in a portal on document.body over the whole page: give each story a frame,
      // tall enough for the form (at 480 px the card scrolls and hides its buttons).
      story: { inline: false, iframeHeight: 600 },
      description: {
        component:
          "Re-login over the untouched page. It opens while the session's status is `expired`; Escape and clicks " +
          'outside do nothing. It says why the session ended, then offers a username and password form that calls ' +
          '`onRelogin`; success resumes the session and replays the requests the server refused. `onRelogin` resolves ' +
          'when the person is signed in (with nothing, `{ user }`, or an OK `Response`) and rejects, or resolves with a ' +
          'non-OK `Response` (a 401), when not: the form then says so and stays. `children` hosts your ' +
          'own sign-in (SSO, OTP) instead of the form, which stands in wherever they render nothing. It takes ' +
          '`onRelogin`, `children` or both; with neither it does not type-check, and from JavaScript it warns in development. ' +
          'Render it once, anywhere inside `SessionProvider`.',
      },
    },
  },
} satisfies Meta<ReloginModalArgs>;

export default meta;

type Story = StoryObj<typeof meta>;

// The play functions run in the docs page's frames too, and leave each frame as the docs show it.
// They check what a person sees, not focus: with several frames on one docs page, only one
// holds focus. Focus on open and return is checked by Components/Dialogs and test/browser.

const relogin = () => screen.findByRole('dialog', { name: 'Your session has expired' });

/** Nobody used the page for longer than the idle timeout: the reason names it. */
export const AfterIdleTimeout: Story = {
  play: async () => {
    const dialog = await relogin();
    const form = within(dialog);
    await expect(dialog).toHaveAccessibleDescription(/You were signed out after 5 minutes without activity\./);
    await expect(form.getByRole('textbox', { name: 'Username' })).toHaveAttribute('autocomplete', 'username');
    await expect(form.getByLabelText('Password')).toHaveAttribute('autocomplete', 'current-password');
    await expect(form.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(form.getByRole('button', { name: 'Sign out' })).toBeVisible();
  },
};

/** The server answered a request with 440: no idle time to speak of. */
export const ServerEndedTheSession: Story = {
  parameters: { ended: 'response' },
  play: async () => {
    const dialog = await relogin();
    await expect(dialog).toHaveAccessibleDescription(/^The server ended your session\. Sign in again to continue/);
  },
};

/** `onRelogin` rejects: its message shows in an alert, and the form stays. */
export const SignInFails: Story = {
  args: {
    onRelogin: fn(async () => {
      throw new Error('Wrong username or password.');
    }),
  },
  play: async ({ args }) => {
    const dialog = await relogin();
    const form = within(dialog);
    await userEvent.type(form.getByRole('textbox', { name: 'Username' }), 'ada');
    await userEvent.type(form.getByLabelText('Password'), 'hunter2');
    await userEvent.click(form.getByRole('button', { name: 'Sign in' }));
    await expect(args.onRelogin).toHaveBeenCalledWith({ username: 'ada', password: 'hunter2' });
    await waitFor(() => expect(form.getByRole('alert')).toHaveTextContent('Wrong username or password.'));
    await expect(dialog).toBeVisible();
  },
};

/** `children` as a function of `{ resume, signOut, reason }`: the app's own sign-in instead of the form. */
export const SingleSignOn: Story = {
  args: {
    onRelogin: undefined,
    children: ({ resume }) => (
      <div data-rst="actions">
        <button type="button" data-rst="primary" onClick={() => void resume({ user: 'ada' })}>
          Sign in with Acme SSO
        </button>
      </div>
    ),
  },
  play: async () => {
    const dialog = await relogin();
    await expect(within(dialog).getByRole('button', { name: 'Sign in with Acme SSO' })).toBeVisible();
    await expect(within(dialog).queryByRole('textbox', { name: 'Username' })).not.toBeInTheDocument();
  },
};

/**
 * `onRelogin` is the sign-in request itself: `fetch('/api/login', ...)`. Its `Response` is the
 * answer: a 401 is a failed sign-in, not a success that would replay into the ended session.
 */
export const SignInAnswers401: Story = {
  parameters: { ended: 'response' },
  args: {
    onRelogin: fn(async () => new Response('Unauthorized', { status: 401 })),
  },
  play: async () => {
    const dialog = await relogin();
    const form = within(dialog);
    await userEvent.type(form.getByRole('textbox', { name: 'Username' }), 'ada');
    await userEvent.type(form.getByLabelText('Password'), 'hunter2');
    await userEvent.click(form.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(form.getByRole('alert')).toHaveTextContent('Sign-in failed. Check your username and password and try again.'));
    await expect(dialog).toBeVisible();
  },
};

/**
 * `onRelogin` resolved, but the server still answers the replayed save with 440 (the sign-in
 * never reached the server session): the modal stays and says so, instead of coming back empty.
 */
export const SignedInButServerStillSaysExpired: Story = {
  parameters: { ended: 'response', stuck: true },
  args: { onRelogin: fn(async () => ({ user: 'ada' })) },
  play: async ({ args }) => {
    const form = within(await relogin());
    await userEvent.type(form.getByRole('textbox', { name: 'Username' }), 'ada');
    await userEvent.type(form.getByLabelText('Password'), 'correct horse battery staple');
    await userEvent.click(form.getByRole('button', { name: 'Sign in' }));
    await expect(args.onRelogin).toHaveBeenCalledOnce();
    await waitFor(() =>
      expect(within(screen.getByRole('dialog', { name: 'Your session has expired' })).getByRole('alert')).toHaveTextContent(
        'You signed in, but the server still says your session has ended. Sign in again.',
      ),
    );
  },
};
