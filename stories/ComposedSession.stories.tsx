import { useEffect, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { ComposedSessionProvider, ReloginModal, SessionTimeoutDialog, composeSession, useSession, type AnySession } from '../src/index.ts';
import { createTestClock } from '../src/testing/index.ts';
import { MINUTE } from './support/index.ts';
import './demo-page.css';

/** The page of the story: the status, and buttons that move the session's clock. */
function Page({ clock }: { clock: ReturnType<typeof createTestClock> }) {
  const { status, reason } = useSession();
  return (
    <div className="demo-app">
      <header className="demo-bar">
        <span className="demo-brand">Acme Notes</span>
      </header>
      <main className="demo-main">
        <section className="demo-card" aria-labelledby="composed-heading">
          <h1 id="composed-heading">A session of the kernel alone</h1>
          <p role="status" aria-label="Session status">
            Session {status}
            {reason ? ` (${reason})` : ''}
          </p>
          <p>
            <code>{'composeSession({ idleTimeout: 5 * 60_000, warningBefore: 2 * 60_000 }, [])'}</code>: idle time, the warning and the server&apos;s expiry, in
            one tab, with no keepalive and nothing parked. The dialogs need nothing more.
          </p>
          <div className="demo-form">
            <button type="button" onClick={() => clock.advance(MINUTE)}>
              Wait a minute
            </button>
          </div>
        </section>
      </main>
    </div>
  );
}

/** The clock of the story on screen, for its play function (the page is inert while a dialog is open). */
let shownClock: ReturnType<typeof createTestClock> | null = null;

function ComposedSessionStory({ onRelogin }: { onRelogin: () => Promise<{ user: string }> }) {
  // Made once, like a module-level session: the kernel alone, on a clock the buttons move.
  const [{ clock, session }] = useState(() => {
    const made = createTestClock(Date.UTC(2026, 0, 1, 9, 0));
    const kernelOnly: AnySession = composeSession({ idleTimeout: 5 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], crossTab: false, clock: made }, []);
    return { clock: made, session: kernelOnly };
  });
  useEffect(() => {
    shownClock = clock;
  }, [clock]);
  return (
    <ComposedSessionProvider session={session}>
      <Page clock={clock} />
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={onRelogin} />
    </ComposedSessionProvider>
  );
}

/**
 * `composeSession(options, features)`: a session of the kernel and only the features an app names,
 * so its bundler leaves out the rest (see "Pay only for what you use" in docs/core.md). Here the
 * kernel alone: the warning, "Stay signed in" (without a keepalive it restarts the idle time) and
 * the re-login work as with `createSession`.
 */
const meta = {
  title: 'Session/Composed session',
  component: ComposedSessionStory,
  parameters: { layout: 'fullscreen' },
  args: { onRelogin: fn(async () => ({ user: 'ada' })) },
} satisfies Meta<typeof ComposedSessionStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Three minutes idle: the warning; "Stay signed in"; five more: the re-login, and back. */
export const KernelAlone: Story = {
  play: async ({ args, canvasElement, step }) => {
    const canvas = within(canvasElement);
    const statusLine = () => canvasElement.querySelector('[role="status"][aria-label="Session status"]');
    const wait = async (minutes: number) => {
      for (let i = 0; i < minutes; i++) await userEvent.click(canvas.getByRole('button', { name: 'Wait a minute' }));
    };

    await step('three minutes without activity: the warning opens', async () => {
      await expect(statusLine()).toHaveTextContent('Session active');
      await wait(3);
      await expect(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
    });

    await step('"Stay signed in": the warning closes and the idle time starts again', async () => {
      await userEvent.click(screen.getByRole('button', { name: 'Stay signed in' }));
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      await expect(statusLine()).toHaveTextContent('Session active');
    });

    await step('five minutes more without activity: the session ends and the re-login opens; signing in resumes it', async () => {
      shownClock!.advance(3 * MINUTE); // the page is inert while the warning is open: the clock moves on its own
      await expect(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
      shownClock!.advance(2 * MINUTE);
      const relogin = await screen.findByRole('dialog', { name: 'Your session has expired' });
      await expect(statusLine()).toHaveTextContent('Session expired (idle)');
      await userEvent.type(within(relogin).getByLabelText('Username'), 'ada');
      await userEvent.type(within(relogin).getByLabelText('Password'), 'secret');
      await userEvent.click(within(relogin).getByRole('button', { name: 'Sign in' }));
      await expect(args.onRelogin).toHaveBeenCalledOnce();
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      await waitFor(() => expect(statusLine()).toHaveTextContent('Session active'));
    });
  },
};
