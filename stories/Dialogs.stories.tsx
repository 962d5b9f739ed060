import { useEffect, useState, type FormEvent } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import {
  createSession,
  ReloginModal,
  SessionProvider,
  SessionTimeoutDialog,
  SessionTimeoutNotice,
  useSession,
  type ReloginModalProps,
  type SessionOptions,
} from '../src/index.ts';
import { createTestClock, type TestClock } from '../src/testing/index.ts';
import '../src/styles.css';
import './demo-page.css';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** The test clock's start: when the page was served. */
const SERVED = Date.UTC(2026, 0, 1, 9, 0);
const IDLE_TIMEOUT = 5 * MINUTE;
const WARNING_BEFORE = 2 * MINUTE;

/** Each story's clock, for the play functions that move time themselves. */
const clocks = new Map<string, TestClock>();

function clockOf(storyId: string): TestClock {
  const clock = clocks.get(storyId);
  if (!clock) throw new Error(`No test clock for ${storyId}`);
  return clock;
}

interface DemoAppProps {
  /** Where the test clock stands once the page has loaded: milliseconds after it was served. */
  at: number;
  /** The server's `Session-Expires` (seconds) on the page's first response, e.g. a hard session limit. */
  serverExpires?: number;
  keepalive?: SessionOptions['keepalive'];
  onRelogin: NonNullable<ReloginModalProps['onRelogin']>;
  /** Set by the render function: the key of this story's clock. */
  storyId?: string;
}

function Header() {
  const status = useSession((snapshot) => snapshot.status);
  return (
    <header className="demo-bar">
      <span className="demo-brand">Acme Invoicing</span>
      <p className="demo-user">{status === 'signedOut' ? 'You are signed out.' : 'Signed in as Ada Lovelace'}</p>
    </header>
  );
}

/** The page a person works in when the session runs out: a draft they must not lose. */
function InvoicePage() {
  const [title, setTitle] = useState('');
  const [saved, setSaved] = useState('');
  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(`Draft “${title}” saved.`);
  };
  return (
    <main className="demo-main">
      <section className="demo-card" aria-labelledby="invoice-heading">
        <h1 id="invoice-heading">New invoice</h1>
        <SessionTimeoutNotice />
        <form className="demo-form" onSubmit={save}>
          <label>
            Invoice title
            <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} />
          </label>
          <button type="submit">Save</button>
          <p className="demo-saved" role="status">
            {saved}
          </p>
        </form>
      </section>
    </main>
  );
}

/** A small app with a session on a test clock, moved to `at` once the provider has started it. */
function DemoApp({ at, serverExpires, keepalive, onRelogin, storyId = 'default' }: DemoAppProps) {
  const [{ clock, session }] = useState(() => {
    const clock = createTestClock(SERVED);
    const session = createSession({
      idleTimeout: IDLE_TIMEOUT,
      warningBefore: WARNING_BEFORE,
      crossTab: false,
      // Off: the play functions type and click, which would count as activity.
      activityEvents: [],
      keepalive,
      clock,
    });
    if (serverExpires !== undefined) {
      session.handleResponse(new Response(null, { status: 204, headers: { 'Session-Expires': String(serverExpires) } }));
    }
    return { clock, session };
  });

  // Runs after SessionProvider's own effect (children first) has started the session; advanceTo
  // is idempotent, so StrictMode's second run changes nothing.
  useEffect(() => {
    clocks.set(storyId, clock);
    clock.advanceTo(SERVED + at);
    return () => {
      if (clocks.get(storyId) === clock) clocks.delete(storyId);
    };
  }, [clock, at, storyId]);

  return (
    <SessionProvider session={session}>
      <div className="demo-app">
        <Header />
        <InvoicePage />
      </div>
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={onRelogin} />
    </SessionProvider>
  );
}

const meta = {
  title: 'Components/Dialogs',
  component: DemoApp,
  // A new session (and clock) whenever the args change in the Controls panel.
  render: (args, { id }) => <DemoApp key={JSON.stringify([args.at, args.serverExpires])} {...args} storyId={id} />,
  parameters: { layout: 'fullscreen' },
  args: {
    at: 0,
    onRelogin: fn(async () => ({ user: 'ada' })),
  },
  argTypes: {
    storyId: { table: { disable: true } },
    keepalive: { table: { disable: true } },
  },
} satisfies Meta<typeof DemoApp>;

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
      clockOf(id).advance(6 * MINUTE);
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
 * The server ends every session 150 s after sign-in, whatever the person does. 90 s in, the
 * warning shows; "Stay signed in" pings the server, which answers with the same end: the dialog
 * says the session cannot be extended.
 */
export const HardLimit: Story = {
  args: {
    at: 90 * SECOND,
    serverExpires: 150,
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
