import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';

import { createSession } from '../src/core/index.ts';
import { createTestClock } from '../src/testing/index.ts';

interface SessionStatusProps {
  /** Milliseconds without activity before the session ends. */
  idleTimeout: number;
  /** Milliseconds before the end when the status becomes `warning`. */
  warningBefore: number;
}

const MINUTE = 60_000;

function formatLeft(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A live status panel for a core session, driven by a test clock instead of real time. */
function SessionStatus({ idleTimeout, warningBefore }: SessionStatusProps) {
  const [{ clock, session }] = useState(() => {
    const clock = createTestClock();
    const session = createSession({
      idleTimeout,
      warningBefore,
      keepalive: null,
      crossTab: false,
      clock,
      // Off in this demo: each click on its buttons would count as activity, so the
      // session could never go idle.
      activityEvents: [],
    });
    return { clock, session };
  });
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);

  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  // The test clock moves only on "Advance", so re-render then to show the time left.
  const [now, setNow] = useState(() => clock.now());
  const running = snapshot.status === 'active' || snapshot.status === 'warning';

  return (
    <section aria-labelledby="session-status-title" style={{ fontFamily: 'system-ui, sans-serif', color: '#111', background: '#fff', padding: '1rem' }}>
      <h2 id="session-status-title" style={{ marginTop: 0 }}>
        Session
      </h2>
      <p role="status">
        Status: <strong data-testid="session-status">{snapshot.status}</strong>
        {snapshot.reason !== null && ` (${snapshot.reason})`}
      </p>
      <p>Time left: {running ? formatLeft(Math.max(0, session.getDeadline() - now)) : '—'}</p>
      <div style={{ display: 'flex', gap: '0.5rem' }}>
        <button
          type="button"
          onClick={() => {
            clock.advance(MINUTE);
            setNow(clock.now());
          }}
        >
          Advance 1 minute
        </button>
        <button type="button" disabled={!running} onClick={() => void session.extend()}>
          Stay signed in
        </button>
        <button type="button" disabled={snapshot.status === 'signedOut'} onClick={() => void session.signOut()}>
          Sign out
        </button>
      </div>
    </section>
  );
}

const meta = {
  title: 'Core/SessionStatus',
  component: SessionStatus,
  // A new session when the timings change in the Controls panel.
  render: (args) => <SessionStatus key={`${args.idleTimeout}/${args.warningBefore}`} {...args} />,
  args: {
    idleTimeout: 5 * MINUTE,
    warningBefore: 1 * MINUTE,
  },
} satisfies Meta<typeof SessionStatus>;

export default meta;

type Story = StoryObj<typeof meta>;

export const Live: Story = {
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const status = canvas.getByTestId('session-status');
    await expect(status).toHaveTextContent('active');

    await step('advance the clock until the warning', async () => {
      // 5 min idle timeout, warning 1 min before: the 4th minute brings the warning.
      for (let minute = 0; minute < 10 && status.textContent !== 'warning'; minute++) {
        await userEvent.click(canvas.getByRole('button', { name: 'Advance 1 minute' }));
      }
      await expect(status).toHaveTextContent('warning');
      await expect(canvas.getByText('Time left: 1:00')).toBeInTheDocument();
    });

    await step('stay signed in', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Stay signed in' }));
      await expect(status).toHaveTextContent('active');
      await expect(canvas.getByText('Time left: 5:00')).toBeInTheDocument();
    });

    await step('sign out', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Sign out' }));
      await expect(status).toHaveTextContent('signedOut');
      await expect(canvas.getByRole('button', { name: 'Stay signed in' })).toBeDisabled();
    });
  },
};
