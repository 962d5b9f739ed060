/**
 * The React layer over a composed session (issue 24): the provider, the hooks and both dialogs work
 * with a session of the kernel alone, and a method of a feature it lacks says which feature it needs.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { createRecorder } from '../../src/devtools/index.ts';
import {
  ComposedSessionProvider,
  ReloginModal,
  SessionTimeoutDialog,
  composeSession,
  useSession,
  type AnySession,
  type SessionValue,
} from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { MINUTE } from '../support/session.ts';

afterEach(cleanup);

function kernelOnly() {
  const clock = createTestClock();
  const session = composeSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: 2 * MINUTE, activityEvents: [], clock }, []);
  return { clock, session };
}

describe('a session of the kernel alone, in React', () => {
  it('opens the warning, and "Stay signed in" restarts the idle time', async () => {
    const { clock, session } = kernelOnly();
    render(
      <ComposedSessionProvider session={session}>
        <SessionTimeoutDialog />
        <ReloginModal onRelogin={async () => {}} />
      </ComposedSessionProvider>,
    );
    act(() => clock.advance(8 * MINUTE));
    expect(screen.getByRole('alertdialog', { name: 'Your session is about to expire' })).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' })));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(session.getSnapshot().status).toBe('active');
    act(() => clock.advance(10 * MINUTE));
    expect(screen.getByRole('dialog', { name: 'Your session has expired' })).toBeTruthy();
  });

  it('names the feature a method needs when the session was composed without it', () => {
    const { session } = kernelOnly();
    let value: SessionValue | undefined;
    function Probe() {
      value = useSession();
      return null;
    }
    render(
      <ComposedSessionProvider session={session}>
        <Probe />
      </ComposedSessionProvider>,
    );
    expect(() => value!.fetch('/api/notes')).toThrow(TypeError);
    expect(() => value!.fetch('/api/notes')).toThrow(/session\.fetch needs the parking feature: add parking to composeSession's features/);
    expect(() => value!.busy(Promise.resolve())).toThrow(/session\.busy needs the busy feature/);
    expect(() => createRecorder(session as AnySession)).toThrow(/session\.inspect needs the inspect feature/);
  });
});
