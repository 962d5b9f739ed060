import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { StrictMode, useRef, version } from 'react';
import { version as domVersion } from 'react-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  ReloginModal,
  SessionProvider,
  SessionTimeoutDialog,
  createSession,
  useRemainingTime,
  useSession,
  type Session,
  type SessionOptions,
} from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, respond } from '../support/session.ts';

afterEach(cleanup);

function newSession(options: SessionOptions = {}) {
  const clock = createTestClock();
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, clock, ...options });
  return { clock, session };
}

/** Equal when both have the same own keys with `Object.is`-equal values (what Zustand calls `shallow`). */
function shallowEqual<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as (keyof T)[];
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && Object.is(a[key], b[key]));
}

/** Counts its own renders into `counts[name]`. */
function useRenderCount(counts: Record<string, number>, name: string) {
  const renders = useRef(0);
  renders.current++;
  counts[name] = renders.current;
}

// The projects unit (React 19, the root's) and unit-react18 (test/react18) run this file.
describe(`on React ${process.env.REACT_MAJOR ?? '19'}`, () => {
  it('runs the React and ReactDOM the project says', () => {
    expect(version.split('.')[0]).toBe(process.env.REACT_MAJOR ?? '19');
    expect(domVersion).toBe(version);
  });
});

describe('useSession', () => {
  it('outside a provider, says to wrap the app in SessionProvider', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    function Orphan() {
      useSession();
      return null;
    }
    expect(() => render(<Orphan />)).toThrow('useSession must be used inside <SessionProvider>. Wrap your app in <SessionProvider session={session}>.');
    error.mockRestore();
  });

  it('gives the snapshot and the actions', async () => {
    const { session, clock } = newSession();
    function Status() {
      const { status, extend } = useSession();
      return (
        <button type="button" onClick={() => void extend()}>
          {status}
        </button>
      );
    }
    render(
      <SessionProvider session={session}>
        <Status />
      </SessionProvider>,
    );
    act(() => clock.advance(9 * MINUTE));
    expect(screen.getByRole('button').textContent).toBe('warning');
    await act(async () => screen.getByRole('button').click());
    expect(screen.getByRole('button').textContent).toBe('active');
  });

  it('with a selector, re-renders only when the selected value changes', async () => {
    let answer!: () => void;
    const { session, clock } = newSession({ keepalive: () => new Promise<Response>((resolve) => (answer = () => resolve(respond(204)))) });
    const counts: Record<string, number> = {};
    function StatusOnly() {
      useRenderCount(counts, 'selector');
      return <p>{useSession((snapshot) => snapshot.status)}</p>;
    }
    function Everything() {
      useRenderCount(counts, 'whole');
      useSession();
      return null;
    }
    render(
      <SessionProvider session={session}>
        <StatusOnly />
        <Everything />
      </SessionProvider>,
    );
    act(() => clock.advance(8 * MINUTE));
    expect(counts).toEqual({ selector: 1, whole: 1 });
    let extended!: Promise<unknown>;
    act(() => void (extended = session.extend())); // extending: true, status unchanged
    expect(counts).toEqual({ selector: 1, whole: 2 });
    await act(async () => {
      answer();
      await extended;
    });
    expect(counts).toEqual({ selector: 1, whole: 3 });
  });

  it('with a selector that builds a new object, renders once, without a loop or a warning', () => {
    const { session } = newSession();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const counts: Record<string, number> = {};
    function Summary() {
      useRenderCount(counts, 'summary');
      const { status, parked } = useSession((snapshot) => ({ status: snapshot.status, parked: snapshot.parked }));
      return (
        <p>
          {status}, {parked} waiting
        </p>
      );
    }
    render(
      <SessionProvider session={session}>
        <Summary />
      </SessionProvider>,
    );
    expect(screen.getByText('active, 0 waiting')).toBeTruthy();
    expect(counts.summary).toBe(1);
    expect(error).not.toHaveBeenCalled(); // "The result of getSnapshot should be cached", "Maximum update depth"
    error.mockRestore();
  });

  it('with an object selector and an equality function, re-renders only when a selected field changes', async () => {
    let answer!: () => void;
    const { session, clock } = newSession({ keepalive: () => new Promise<Response>((resolve) => (answer = () => resolve(respond(204)))) });
    const counts: Record<string, number> = {};
    const seen: unknown[] = [];
    function Summary() {
      useRenderCount(counts, 'summary');
      const summary = useSession((snapshot) => ({ status: snapshot.status, parked: snapshot.parked }), shallowEqual);
      seen.push(summary);
      return <p>{summary.status}</p>;
    }
    render(
      <SessionProvider session={session}>
        <Summary />
      </SessionProvider>,
    );
    act(() => clock.advance(9 * MINUTE)); // warning: a selected field
    expect(counts.summary).toBe(2);
    let extended!: Promise<unknown>;
    act(() => void (extended = session.extend())); // extending: true, not selected
    expect(counts.summary).toBe(2);
    await act(async () => {
      answer();
      await extended;
    });
    expect(counts.summary).toBe(3); // back to active
    expect(screen.getByText('active')).toBeTruthy();
    expect(seen[1]).not.toBe(seen[0]);
  });

  it('keeps the previous selection while the equality function says it is equal', () => {
    const { session, clock } = newSession();
    const isEqual = vi.fn((a: { ended: boolean }, b: { ended: boolean }) => a.ended === b.ended);
    const seen: { ended: boolean }[] = [];
    function Ended() {
      const selection = useSession((snapshot) => ({ ended: snapshot.status === 'expired' || snapshot.status === 'signedOut' }), isEqual);
      seen.push(selection);
      return <p>{String(selection.ended)}</p>;
    }
    const view = render(
      <SessionProvider session={session}>
        <Ended />
      </SessionProvider>,
    );
    act(() => clock.advance(9 * MINUTE)); // warning: ended is still false
    view.rerender(
      <SessionProvider session={session}>
        <Ended />
      </SessionProvider>,
    ); // a render for another reason, with a new selector function
    expect(isEqual).toHaveBeenCalled();
    expect(new Set(seen).size).toBe(1); // the very same object each time
    act(() => clock.advance(MINUTE)); // expired
    expect(screen.getByText('true')).toBeTruthy();
    expect(new Set(seen).size).toBe(2);
  });
});

describe('useRemainingTime', () => {
  it('ticks only in the component that asks, aligned to whole seconds, and stops when unmounted', () => {
    const { session, clock } = newSession();
    const counts: Record<string, number> = {};
    const seen: number[] = [];
    function Countdown() {
      const left = useRemainingTime(1000);
      seen.push(left);
      return <p>{Math.ceil(left / 1000)}</p>;
    }
    function Sibling() {
      useRenderCount(counts, 'sibling');
      return <p>form</p>;
    }
    session.start(); // its time begins now
    clock.advance(500); // mounted off the second: the first tick waits for the next whole second
    const view = render(
      <SessionProvider session={session}>
        <Sibling />
        <Countdown />
      </SessionProvider>,
    );
    for (let second = 0; second < 60; second++) act(() => clock.advance(SECOND));
    expect(counts.sibling).toBe(1);
    expect(seen[0]).toBe(10 * MINUTE - 500);
    expect(seen.slice(1).every((left) => left % 1000 === 0)).toBe(true);
    expect(seen.at(-1)).toBe(9 * MINUTE);
    expect(clock.pendingTimers()).toBe(2); // the session's one timer and the countdown's tick
    view.rerender(
      <SessionProvider session={session}>
        <Sibling />
      </SessionProvider>,
    );
    expect(clock.pendingTimers()).toBe(1);
  });

  it('never goes below zero', () => {
    const { session, clock } = newSession();
    let last = Infinity;
    function Countdown() {
      last = useRemainingTime();
      return null;
    }
    render(
      <SessionProvider session={session}>
        <Countdown />
      </SessionProvider>,
    );
    act(() => clock.advance(20 * MINUTE));
    expect(last).toBe(0);
  });
});

describe('SessionProvider', () => {
  it('in StrictMode leaves one set of listeners and one timer, and loses no parked request', async () => {
    const { session, clock } = newSession({ fetch: async () => respond(440) });
    const parked = session.fetch(`${location.origin}/api/save`, { method: 'POST', body: 'draft' }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(session.getSnapshot().parked).toBe(1));
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    render(
      <StrictMode>
        <SessionProvider session={session}>
          <p>app</p>
        </SessionProvider>
      </StrictMode>,
    );
    const live = (type: string) => added.mock.calls.filter(([t]) => t === type).length - removed.mock.calls.filter(([t]) => t === type).length;
    expect(live('pointermove')).toBe(1);
    expect(live('focus')).toBe(1);
    expect(session.getSnapshot().parked).toBe(1);
    expect(clock.pendingTimers()).toBe(0); // expired: no timer
    await act(async () => {
      await session.signOut();
    });
    expect(await parked).toMatchObject({ name: 'SessionExpiredError' });
  });

  it('reads options once: an inline object does not make a new session on each render', () => {
    const sessions = new Set<unknown>();
    function Probe() {
      sessions.add(useSession().extend);
      return null;
    }
    const clock = createTestClock();
    const view = render(
      <SessionProvider options={{ crossTab: false, clock }}>
        <Probe />
      </SessionProvider>,
    );
    for (let i = 0; i < 3; i++) {
      view.rerender(
        <SessionProvider options={{ crossTab: false, clock }}>
          <Probe />
        </SessionProvider>,
      );
    }
    expect(sessions.size).toBe(1);
    expect(clock.pendingTimers()).toBe(1);
    view.unmount();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('moves cleanly to a new session prop: the old one stops, the new one starts', () => {
    const first = newSession();
    const second = newSession();
    const view = render(<SessionProvider session={first.session} />);
    expect([first.clock.pendingTimers(), second.clock.pendingTimers()]).toEqual([1, 0]);
    view.rerender(<SessionProvider session={second.session} />);
    expect([first.clock.pendingTimers(), second.clock.pendingTimers()]).toEqual([0, 1]);
  });

  it('hands the same session to code outside React', async () => {
    const { session } = newSession();
    let seen: Session['fetch'] | undefined;
    function Probe() {
      seen = useSession().fetch;
      return null;
    }
    render(
      <SessionProvider session={session}>
        <Probe />
      </SessionProvider>,
    );
    expect(seen).toBe(session.fetch);
  });

  it('lets a component keep the person active while its upload runs (useSession().busy)', () => {
    const { session } = newSession();
    let upload: Promise<string> | undefined;
    function Uploader() {
      const { busy } = useSession();
      return <button onClick={() => (upload = busy(new Promise<string>(() => {})))}>Upload</button>;
    }
    render(
      <SessionProvider session={session}>
        <Uploader />
      </SessionProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));
    expect(upload).toBeInstanceOf(Promise);
    expect(session.getDeadline()).toBe(Infinity);
  });
});

describe('messages for the developer', () => {
  it('name the component outside a provider', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<SessionTimeoutDialog />)).toThrow('[react-session-timeout] SessionTimeoutDialog must be used inside <SessionProvider>.');
    error.mockRestore();
  });

  describe('a re-login modal rendered from JavaScript with neither onRelogin nor children', () => {
    const NOTHING_TO_SIGN_IN_WITH =
      '[react-session-timeout] <ReloginModal> needs onRelogin (for its form) or children (your own sign-in): without either, it opens with nothing to sign in with.';
    let warn: ReturnType<typeof vi.spyOn>;
    beforeEach(() => {
      warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    });
    afterEach(() => warn.mockRestore());

    it('warns once, through the library helper, however often it renders (StrictMode included)', () => {
      const { session } = newSession();
      const app = (locale: string) => (
        <StrictMode>
          <SessionProvider session={session}>
            {/* @ts-expect-error JavaScript: the types ask for onRelogin or children */}
            <ReloginModal locale={locale} />
          </SessionProvider>
        </StrictMode>
      );
      const { rerender } = render(app('en'));
      rerender(app('de'));
      act(() => void session.handleResponse(respond(440)));
      expect(screen.getByRole('dialog', { name: 'Your session has expired' })).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull(); // what the warning is about
      expect(warn.mock.calls).toEqual([[NOTHING_TO_SIGN_IN_WITH]]);
    });

    it.each([
      ['null', null],
      ['false (a condition that did not hold)', false],
    ])('warns as well for children that render nothing: %s', (_, children) => {
      const { session } = newSession();
      render(
        <SessionProvider session={session}>
          {/* @ts-expect-error JavaScript: children that render nothing and no onRelogin */}
          <ReloginModal>{children}</ReloginModal>
        </SessionProvider>,
      );
      expect(warn).toHaveBeenCalledExactlyOnceWith(NOTHING_TO_SIGN_IN_WITH);
    });

    it('says nothing with onRelogin, with children, or with both', () => {
      const { session } = newSession();
      render(
        <SessionProvider session={session}>
          <ReloginModal onRelogin={async () => {}} />
          <ReloginModal>{({ resume }) => <button onClick={() => void resume()}>Continue with SSO</button>}</ReloginModal>
          <ReloginModal onRelogin={async () => {}}>{({ reason }) => (reason === 'remote' ? <p>Signed out in another tab</p> : null)}</ReloginModal>
        </SessionProvider>,
      );
      expect(warn).not.toHaveBeenCalled();
    });
  });
});
