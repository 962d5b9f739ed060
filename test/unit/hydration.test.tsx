// A server-rendered page hydrated in the browser, as Next.js does it: the HTML from the server
// must match the first client render exactly, so nothing may read the clock during render on the
// server or during hydration; the live time comes after mount.
import { act, cleanup } from '@testing-library/react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SessionProvider, SessionTimeoutNotice, createSession, useRemainingTime, useSession, type Session, type SessionOptions } from '../../src/index.ts';
import type { Clock } from '../../src/core/clock.ts';
import { createTestClock, type TestClock } from '../../src/testing/index.ts';
import { MINUTE } from '../support/session.ts';

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = '';
  cleanup();
  vi.restoreAllMocks();
});

/** A test clock that counts how often it is read. */
function countingClock(): { clock: Clock; test: TestClock; reads: () => number } {
  const test = createTestClock();
  let reads = 0;
  return {
    test,
    reads: () => reads,
    clock: {
      now: () => {
        reads++;
        return test.now();
      },
      setTimeout: (callback, ms) => test.setTimeout(callback, ms),
      clearTimeout: (handle) => test.clearTimeout(handle),
    },
  };
}

function TimeLeft() {
  return <p>time left: {Math.ceil(useRemainingTime() / 1000)} s</p>;
}

function Status() {
  const status = useSession((snapshot) => snapshot.status);
  const { parked } = useSession();
  return (
    <p>
      status: {status}, {parked} waiting
    </p>
  );
}

/** A selector that builds a new object on each call. */
function Summary() {
  const { status, parked } = useSession((snapshot) => ({ status: snapshot.status, parked: snapshot.parked }));
  return (
    <p>
      summary: {status}, {parked}
    </p>
  );
}

/** Rendered last: how many clock reads the render phase made before it. */
function ReadsSoFar({ reads, seen }: { reads: () => number; seen: number[] }) {
  seen.push(reads());
  return null;
}

function Page({ children }: { children?: React.ReactNode }) {
  return (
    <main>
      <SessionTimeoutNotice />
      <TimeLeft />
      <Status />
      <Summary />
      {children}
    </main>
  );
}

const options = (clock: Clock): SessionOptions => ({ clock, crossTab: false, idleTimeout: 15 * MINUTE, warningBefore: 2 * MINUTE });

/** Server HTML in a container, then the browser's hydration of the same tree. */
async function hydrate(html: string, app: React.ReactElement) {
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const recoverable: unknown[] = [];
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  await act(async () => {
    root = hydrateRoot(container, app, { onRecoverableError: (error) => recoverable.push(error) });
  });
  return { container, recoverable, consoleErrors: () => consoleError.mock.calls };
}

describe('a server-rendered page (Next.js)', () => {
  it('renders on the server without reading the clock, for a session made with createSession', () => {
    const { clock, reads } = countingClock();
    const session = createSession(options(clock));
    const html = renderToString(
      <SessionProvider session={session}>
        <Page />
      </SessionProvider>,
    );
    expect(html).toContain('time left: <!-- -->900<!-- --> s');
    expect(reads()).toBe(0);
  });

  it("renders on the server without reading the clock, for the provider's own session", () => {
    const { clock, reads } = countingClock();
    renderToString(
      <SessionProvider options={options(clock)}>
        <Page />
      </SessionProvider>,
    );
    expect(reads()).toBe(0);
  });

  it('hydrates the time left and the status without a mismatch, then counts down live', async () => {
    const server = createSession(options(createTestClock()));
    const html = renderToString(
      <SessionProvider session={server}>
        <Page />
      </SessionProvider>,
    );

    // The browser made its session when the module loaded; the page hydrated 5 s later.
    const clock = createTestClock();
    const session: Session = createSession(options(clock));
    clock.advance(5_000);
    const { container, recoverable, consoleErrors } = await hydrate(
      html,
      <SessionProvider session={session}>
        <Page />
      </SessionProvider>,
    );

    expect(recoverable).toEqual([]);
    expect(consoleErrors()).toEqual([]);
    expect(container.textContent).toContain('If you do nothing for 15 minutes, we will sign you out.');
    expect(container.textContent).toContain('status: active, 0 waiting');
    expect(container.textContent).toContain('summary: active, 0');
    expect(container.textContent).toContain('time left: 900 s');
    await act(async () => clock.advance(1_000));
    expect(container.textContent).toContain('time left: 899 s');
  });

  it("reads no clock while hydrating, for the provider's own session either", async () => {
    const html = renderToString(
      <SessionProvider options={options(createTestClock())}>
        <Page />
      </SessionProvider>,
    );
    const { clock, test, reads } = countingClock();
    const seen: number[] = [];
    const { container, recoverable } = await hydrate(
      html,
      <SessionProvider options={options(clock)}>
        <Page>
          <ReadsSoFar reads={reads} seen={seen} />
        </Page>
      </SessionProvider>,
    );

    expect(recoverable).toEqual([]);
    expect(seen[0]).toBe(0); // the hydration render read nothing; the effects after it start the session
    expect(reads()).toBeGreaterThan(0);
    await act(async () => test.advance(60_000));
    expect(container.textContent).toContain('time left: 840 s');
  });
});
