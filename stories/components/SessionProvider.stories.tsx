import { useEffect, useRef, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent, waitFor, within } from 'storybook/test';

import {
  createSession,
  formatCountdown,
  SessionProvider,
  SessionTimeoutDialog,
  SessionTimeoutNotice,
  type SessionReason,
  useRemainingTime,
  useSession,
} from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
// No `import '../../src/styles.css'`: the preview's withSessionTheme decorator themes every story
// (see stories/support/theme.tsx for why a global import is avoided).

const MINUTE = 60_000;

/** What the app shows of its session, through the hooks the provider serves. */
function SessionBar() {
  const status = useSession((snapshot) => snapshot.status);
  const remaining = useRemainingTime();
  return (
    <p data-testid="session-bar">
      Session <strong>{status}</strong>, {formatCountdown(remaining)} left
    </p>
  );
}

function Page() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '1.5rem' }}>
      <h1 style={{ marginTop: 0 }}>Acme Invoicing</h1>
      <SessionBar />
      <SessionTimeoutNotice />
    </main>
  );
}

/**
 * The recommended way: the app makes the session (code outside React can then use
 * `session.fetch`) and hands it to the provider, which starts it on mount and stops it on unmount.
 * Here it runs on a test clock moved `at` ms with nobody at the page.
 */
function WithSession({ at }: { at: number }) {
  const [session] = useState(() => {
    const clock = createTestClock();
    const session = createSession({ idleTimeout: 5 * MINUTE, warningBefore: 2 * MINUTE, crossTab: false, activityEvents: [], clock });
    session.reportActivity(); // the person's last touch; the session's time begins here
    clock.advance(at);
    return session;
  });
  return (
    <SessionProvider session={session}>
      <Page />
      <SessionTimeoutDialog />
    </SessionProvider>
  );
}

// Typed by the component, not `satisfies`: the stories render their own provider, so no story
// needs args for its `session` | `options` union.
const meta: Meta<typeof SessionProvider> = {
  title: 'Components/SessionProvider',
  component: SessionProvider,
  tags: ['autodocs'],
  argTypes: {
    session: {
      control: false,
      description: 'A session made with `createSession`. The provider starts it on mount and stops it on unmount; it does not own it.',
    },
    options: {
      control: false,
      description: '`createSession` options instead of `session`: the provider makes and owns a session, reading the options once.',
    },
    children: { control: false, description: 'The app, and the dialogs (`SessionTimeoutDialog`, `ReloginModal`) anywhere inside it.' },
    onSignedOut: {
      control: false,
      description:
        "`(reason) => void`, the reason `'user'` or `'remote'`: where the person goes once signed out, e.g. `() => window.location.assign('/login')`. " +
        'Called once each time the status becomes `signedOut` (“Sign out” here, or another tab), after the server call of the `signOut` option ' +
        'answered; never on mount, nor on expiry.',
    },
  },
  parameters: {
    layout: 'fullscreen',
    docs: {
      // The warning renders in a portal on document.body over the whole page: give each story a frame.
      story: { inline: false, iframeHeight: 480 },
      description: {
        component:
          'Gives the app its session: `useSession`, `useRemainingTime` and the dialogs read it from here. Pass ' +
          '`session` (made with `createSession`) or `options`. It also owns the one modal layer both dialogs render ' +
          'into: the page behind is made `inert`, and focus returns to where it was when the dialog closes.',
      },
    },
  },
};

export default meta;

type Story = StoryObj<typeof SessionProvider>;

/** One minute in: the session is active and the hooks show it. */
export const Active: Story = {
  render: () => <WithSession at={MINUTE} />,
  parameters: { docs: { story: { inline: false, iframeHeight: 220 } } }, // no dialog: a shorter frame
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await expect(page.getByRole('heading', { name: 'Acme Invoicing', level: 1 })).toBeVisible();
    await expect(page.getByTestId('session-bar')).toHaveTextContent('Session active, 4 minutes left');
    await expect(page.getByText('If you do nothing for 5 minutes, we will sign you out.')).toBeVisible();
    await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  },
};

/** 3 min 30 s in: the status is `warning`, and the dialog opens over the page, which the provider made inert. */
export const Warning: Story = {
  render: () => <WithSession at={3.5 * MINUTE} />,
  play: async ({ canvasElement }) => {
    await expect(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
    await expect(within(canvasElement).getByTestId('session-bar')).toHaveTextContent('Session warning, 2 minutes left');
    await expect(canvasElement).toHaveAttribute('inert');
  },
};

/** `options` instead of `session`: the provider makes its own (on the real clock here), read once. */
export const WithOptions: Story = {
  parameters: { docs: { story: { inline: false, iframeHeight: 220 } } }, // no dialog: a shorter frame
  render: () => (
    <SessionProvider options={{ idleTimeout: 10 * MINUTE, crossTab: false, activityEvents: [] }}>
      <Page />
    </SessionProvider>
  ),
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await expect(page.getByTestId('session-bar')).toHaveTextContent('Session active, 10 minutes left');
    await expect(page.getByText('If you do nothing for 10 minutes, we will sign you out.')).toBeVisible();
  },
};

/**
 * Where the person goes after "Sign out": `onSignedOut` leaves the editable page for the sign-in
 * page, here a pretend router's `replace('/login')`; in an app `router.replace('/login')` or
 * `window.location.assign('/login')`. It also runs when another tab signs out (reason `remote`).
 */
function LeavesOnSignOut({ at }: { at: number }) {
  const [{ session, clock }] = useState(() => {
    const clock = createTestClock();
    return { clock, session: createSession({ idleTimeout: 5 * MINUTE, warningBefore: 2 * MINUTE, crossTab: false, activityEvents: [], clock }) };
  });
  // Nobody at the page for `at` ms once the provider (a child: its effect runs first) started the session.
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) return;
    moved.current = true;
    clock.advance(at);
  }, [clock, at]);
  const [route, setRoute] = useState<{ path: '/invoices/new' } | { path: '/login'; reason: SessionReason }>({ path: '/invoices/new' });
  if (route.path === '/login') {
    return (
      <main style={{ fontFamily: 'system-ui, sans-serif', padding: '1.5rem' }}>
        <h1 style={{ marginTop: 0 }}>You are signed out</h1>
        <p>{route.reason === 'remote' ? 'You signed out in another tab.' : 'Thanks for using Acme Invoicing.'}</p>
        <a href="#sign-in">Sign in again</a>
      </main>
    );
  }
  return (
    <SessionProvider session={session} onSignedOut={(reason) => setRoute({ path: '/login', reason })}>
      <Page />
      <SessionTimeoutDialog />
    </SessionProvider>
  );
}

/** "Sign out" in the warning: `onSignedOut` takes the person to a "You are signed out" page. */
export const SignOutLeavesThePage: Story = {
  render: () => <LeavesOnSignOut at={3.5 * MINUTE} />,
  play: async ({ canvasElement }) => {
    const dialog = await screen.findByRole('alertdialog', { name: 'Your session is about to expire' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    const page = within(canvasElement);
    await expect(await page.findByRole('heading', { name: 'You are signed out', level: 1 })).toBeVisible();
    await expect(page.getByText('Thanks for using Acme Invoicing.')).toBeVisible();
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await expect(page.queryByRole('heading', { name: 'Acme Invoicing' })).not.toBeInTheDocument();
  },
};
