// <SessionDevtools />: the toggle and its panel, read from a real session on a test clock.
import { Profiler, type ReactNode } from 'react';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SessionDevtools } from '../../src/devtools/index.ts';
import { clockTime, describeEvent } from '../../src/devtools/describe-event.ts';
import type { RecordedEvent } from '../../src/devtools/recorder.ts';
import { SessionProvider, createSession, useSession, type SessionOptions } from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, answer, settle } from '../support/session.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const api = (path: string) => `${location.origin}${path}`;

/**
 * A pretend server: answers 200 with `Session-Expires: 1200` (20 minutes), or 440 to everything
 * but the keepalive once its session is `gone`.
 */
function pretendServer() {
  const server = {
    gone: false,
    fetch: vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (server.gone && !request.url.endsWith('/keepalive')) return answer(440, request.url);
      return answer(200, request.url, { 'Session-Expires': '1200' });
    }),
  };
  return server;
}

function makeSession(options: SessionOptions = {}) {
  const clock = createTestClock();
  // Clicks on the panel are not activity here, so the recorded order is the script's alone.
  const session = createSession({ crossTab: false, idleTimeout: 10 * MINUTE, warningBefore: MINUTE, activityEvents: [], clock, ...options });
  return { clock, session };
}

function renderWithDevtools(session: ReturnType<typeof createSession>, app: ReactNode = <main>The app</main>) {
  return render(
    <SessionProvider session={session}>
      {app}
      <SessionDevtools />
    </SessionProvider>,
  );
}

const toggle = () => screen.getByRole('button', { name: 'Session devtools' });
const panel = () => screen.getByRole('region', { name: 'Session devtools' });

async function openPanel() {
  fireEvent.click(toggle());
  return screen.findByRole('region', { name: 'Session devtools' });
}

/** jsdom's Blob has no text(): read it as a browser's FileReader would. */
function readText(blob: Blob) {
  return new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });
}

/** The events list's labels, in the order shown, without their times. */
function listedLabels(region: HTMLElement) {
  const list = within(region).getByRole('list', { name: 'Events' });
  return within(list)
    .getAllByRole('listitem')
    .map((item) => item.querySelector('[data-event-label]')!.textContent);
}

describe('<SessionDevtools />: the toggle', () => {
  it('is one button while closed; it opens the region, says so in aria-expanded, and closes it again', async () => {
    const { session } = makeSession();
    renderWithDevtools(session);
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Session devtools' })).toBeNull();

    const region = await openPanel();
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    expect(toggle().getAttribute('aria-controls')).toBe(region.id);

    fireEvent.click(toggle());
    expect(screen.queryByRole('region', { name: 'Session devtools' })).toBeNull();
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
  });

  it('closes with Close or Escape, and gives focus back to the toggle', async () => {
    const { session } = makeSession();
    renderWithDevtools(session);
    await openPanel();
    fireEvent.click(within(panel()).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: 'Session devtools' })).toBeNull();
    expect(document.activeElement).toBe(toggle());

    await openPanel();
    within(panel()).getByRole('button', { name: 'Export JSON' }).focus();
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Session devtools' })).toBeNull();
    expect(document.activeElement).toBe(toggle());
  });

  it('opens and resizes where sessionStorage is unavailable (a sandboxed frame, privacy settings), at its default height', async () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const { session } = makeSession();
    renderWithDevtools(session);
    const handle = within(await openPanel()).getByRole('separator', { name: 'Resize the panel' });
    const before = Number(handle.getAttribute('aria-valuenow'));
    expect(before).toBeGreaterThanOrEqual(Number(handle.getAttribute('aria-valuemin')));
    expect(before).toBeLessThanOrEqual(Number(handle.getAttribute('aria-valuemax')));
    fireEvent.keyDown(handle, { key: 'ArrowDown' });
    expect(Number(handle.getAttribute('aria-valuenow'))).toBeLessThan(before);
  });

  it('opens on mount with initialIsOpen, and leaves focus where the page has it', async () => {
    const { session } = makeSession();
    render(
      <SessionProvider session={session}>
        <input aria-label="Search" autoFocus />
        <SessionDevtools initialIsOpen position="bottom-left" />
      </SessionProvider>,
    );
    expect((await screen.findByRole('region', { name: 'Session devtools' })).style.left).toBe('16px');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Search' }));
  });
});

describe('<SessionDevtools />: the panel reads a whole session life', () => {
  it('lists the events in order with plain labels, shows the parked request, then the replay; the status line follows', async () => {
    const server = pretendServer();
    const { clock, session } = makeSession({ keepalive: api('/keepalive'), fetch: server.fetch });
    renderWithDevtools(session);
    await act(async () => {}); // the recorder attaches in an effect, before the panel ever opens

    const start = clock.now();
    await act(async () => {
      clock.advance(SECOND);
      session.reportActivity();
      clock.advance(9 * MINUTE);
      await session.extend();
      server.gone = true;
    });
    let saved!: Promise<Response>;
    await act(async () => {
      saved = session.fetch(api('/api/expenses?draft=1'), { method: 'POST', body: 'lunch' });
      await settle();
    });

    // Opened only now: what happened before is there all the same.
    const region = await openPanel();
    expect(within(region).getByRole('heading', { name: 'Parked requests' }).nextElementSibling?.textContent).toContain('POST /api/expenses');
    expect(within(region).getByTestId('session-devtools-status').textContent).toContain('Status expired, reason response');

    await act(async () => {
      server.gone = false;
      await session.resume({ user: 'ada' });
      await saved;
    });
    await waitFor(() => expect(within(region).getByText('Nothing waits.')).toBeTruthy());

    const deadlineIdle = (at: number) => `Deadline ${clockTime(at)}, bound by idle time`;
    const extendedAt = start + SECOND + 9 * MINUTE;
    await waitFor(() => expect(listedLabels(region)).toContain('Request replayed: POST /api/expenses'));
    await waitFor(() =>
      expect(listedLabels(region)).toEqual([
        'Recording began: status active',
        deadlineIdle(start + 10 * MINUTE),
        'Activity taken (report)', // the idle deadline moves with it, without an event of its own
        'Status active → warning (check)',
        'Keepalive sent for Stay signed in',
        'Response 200 /keepalive (keepalive)',
        `Session-Expires "1200": taken, expires ${clockTime(extendedAt + 20 * MINUTE)}`,
        'Keepalive answered 200: extended',
        'Status warning → active (extended)',
        deadlineIdle(extendedAt + 10 * MINUTE),
        'Response 440 POST /api/expenses: expired',
        'Status active → expired (expiredResponse)',
        'No deadline',
        'Request parked: POST /api/expenses',
        'Signed in (re-login)',
        'Status expired → active (resume)',
        deadlineIdle(extendedAt + 10 * MINUTE),
        'Request replayed: POST /api/expenses',
        'Response 200 POST /api/expenses',
        `Session-Expires "1200": taken, expires ${clockTime(extendedAt + 20 * MINUTE)}`,
      ]),
    );
    expect(within(region).getByTestId('session-devtools-status').textContent).toContain(
      `Status active, reason none. Deadline ${clockTime(extendedAt + 10 * MINUTE)}, bound by idle time. Time left 10:00.`,
    );

    // The timeline names each mark as the list does, with its time.
    expect(within(region).getByRole('img', { name: `${clockTime(extendedAt)} Response 440 POST /api/expenses: expired` })).toBeTruthy();
  });

  it('ticks the time left each second while open', async () => {
    const { clock, session } = makeSession();
    renderWithDevtools(session);
    const region = await openPanel();
    await waitFor(() => expect(within(region).getByTestId('session-devtools-status').textContent).toContain('Time left 10:00.'));
    act(() => clock.advance(SECOND));
    expect(within(region).getByTestId('session-devtools-status').textContent).toContain('Time left 9:59.');
  });

  it('puts the findings first, each with its fix and its cause id', async () => {
    const { clock, session } = makeSession({
      fetch: async (input, init) => answer(200, new Request(input, init).url, { Date: new Date(clock.now() - 5 * MINUTE).toUTCString() }),
    });
    renderWithDevtools(session);
    const region = await openPanel();
    await act(async () => {
      await session.fetch(api('/api/a'));
      clock.advance(10 * SECOND);
      await session.fetch(api('/api/b'));
    });
    const finding = await within(region).findByText("The server's clock is 5 min behind this browser");
    expect(finding.closest('li')?.textContent).toContain("Set the server's clock");
    expect(finding.closest('li')?.textContent).toContain('clock-skew');
    // Findings come first below the title bar: before the status, the timeline and the list.
    expect(within(region).getByRole('group', { name: 'Details' }).firstElementChild?.textContent).toBe('Findings');
  });
});

describe('<SessionDevtools />: closed, it costs nothing', () => {
  /** 30 minutes of a session: five of work, the warning, Stay signed in, idle to the end, a re-login. */
  async function liveThirtyMinutes(withDevtools: boolean) {
    const { clock, session } = makeSession();
    let appRenders = 0;
    let devtoolsCommits = 0;
    function App() {
      const status = useSession((snapshot) => snapshot.status); // the app's own reason to render
      appRenders += 1;
      return <main>Status {status}</main>;
    }
    render(
      <SessionProvider session={session}>
        <App />
        {withDevtools && (
          <Profiler id="devtools" onRender={() => (devtoolsCommits += 1)}>
            <SessionDevtools />
          </Profiler>
        )}
      </SessionProvider>,
    );
    await act(async () => {});
    const afterMount = devtoolsCommits;
    for (let minute = 0; minute < 5; minute++) {
      await act(async () => {
        session.reportActivity();
        clock.advance(MINUTE);
      });
    }
    await act(async () => {
      clock.advance(8 * MINUTE + 30 * SECOND); // into the warning
      await session.extend();
      clock.advance(11 * MINUTE); // nobody: the session ends
      await session.resume();
      clock.advance(5 * MINUTE + 30 * SECOND);
    });
    return { appRenders, devtoolsCommitsAfterMount: devtoolsCommits - afterMount, status: session.getSnapshot().status };
  }

  it('re-renders neither the app nor itself while the recorder records 30 minutes of session life', async () => {
    const without = await liveThirtyMinutes(false);
    cleanup();
    const withClosedDevtools = await liveThirtyMinutes(true);
    expect(withClosedDevtools.appRenders).toBe(without.appRenders);
    expect(withClosedDevtools.devtoolsCommitsAfterMount).toBe(0);

    // It did record all along: the panel opened now shows the life from the start.
    const region = await openPanel();
    const labels = listedLabels(region);
    expect(labels[0]).toBe('Recording began: status active');
    expect(labels.filter((label) => label.startsWith('Status'))).toEqual([
      'Status active → warning (check)',
      'Status warning → active (extended)',
      'Status active → warning (check)',
      'Status warning → expired (check)',
      'Status expired → active (resume)',
    ]);
  });
});

describe('<SessionDevtools />: nothing typed or sent appears', () => {
  it('shows and exports paths and methods, never a typed value, a body or a query', async () => {
    const server = pretendServer();
    server.gone = true;
    const { session } = makeSession({ fetch: server.fetch, activityEvents: ['input', 'keydown'] });
    renderWithDevtools(
      session,
      <main>
        <label>
          Password <input type="password" />
        </label>
      </main>,
    );
    await act(async () => {});
    const input = screen.getByLabelText('Password');
    fireEvent.keyDown(input, { key: 'c' });
    fireEvent.input(input, { target: { value: 'correct horse' } });
    await act(async () => {
      void session.fetch(api('/api/orders?card=4242424242424242'), {
        method: 'POST',
        headers: { Authorization: 'Bearer secret-token' },
        body: JSON.stringify({ password: 'correct horse' }),
      });
      await settle();
    });

    const region = await openPanel();
    const shown = region.textContent ?? '';
    expect(shown).toContain('Activity taken (dom)');
    expect(shown).toContain('Request parked: POST /api/orders');

    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => (blobs.push(blob), 'blob:session-timeline'));
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    fireEvent.click(within(region).getByRole('button', { name: 'Export JSON' }));
    expect(downloads).toEqual(['session-timeline.json']);
    const exported = await readText(blobs[0]!);
    expect(JSON.parse(exported)).toMatchObject({ version: 1, events: expect.any(Array), findings: expect.any(Array) });
    expect(exported).toContain('/api/orders');

    for (const secret of ['correct horse', '4242', 'card=', 'secret-token']) {
      expect(shown).not.toContain(secret);
      expect(exported).not.toContain(secret);
    }
  });
});

describe('describeEvent: one plain line per event, from its own fields only', () => {
  const at = Date.UTC(2026, 0, 1, 10, 42, 5);
  const cases: Array<[RecordedEvent, string]> = [
    [{ type: 'activity', source: 'dom', outcome: 'taken', throttled: 0, at, count: 12, until: at + 30 * SECOND }, 'Activity taken (dom) ×12'],
    [
      { type: 'activity', source: 'dom', outcome: 'duringWarning', throttled: 40, at, count: 3 },
      'Activity ignored (dom): the warning is open ×3 (+40 within a second, unseen)',
    ],
    [{ type: 'activity', source: 'otherTab', outcome: 'notRunning', throttled: 0, at }, 'Activity ignored (otherTab): the session is not running'],
    [
      { type: 'deadline', deadline: at + 9 * MINUTE, binds: 'server', idleDeadline: at + 15 * MINUTE, serverExpiry: at + 9 * MINUTE, at },
      `Deadline ${clockTime(at + 9 * MINUTE)}, bound by the server`,
    ],
    [{ type: 'deadline', deadline: null, binds: null, idleDeadline: null, serverExpiry: null, at }, 'No deadline'],
    [{ type: 'keepalive', phase: 'answered', trigger: 'background', status: 200, result: 'extended', at }, 'Keepalive answered 200: extended'],
    [{ type: 'keepalive', phase: 'failed', trigger: 'extend', status: null, result: null, at }, 'Keepalive failed: no answer'],
    [
      {
        type: 'response',
        via: 'fetch',
        method: 'POST',
        path: '/api/expenses',
        sameOrigin: true,
        status: 440,
        expired: true,
        redirected: false,
        expiryHeader: false,
        dateSkew: null,
        current: true,
        at,
      },
      'Response 440 POST /api/expenses: expired',
    ],
    [
      {
        type: 'response',
        via: 'revalidate',
        method: 'GET',
        path: '/Account/Login',
        sameOrigin: false,
        status: 200,
        expired: false,
        redirected: true,
        expiryHeader: false,
        dateSkew: 5 * MINUTE,
        current: false,
        at,
      },
      'Response 200 GET /Account/Login (revalidate): redirected, cross-origin, sent before the latest sign-in, server clock 5 min behind',
    ],
    [{ type: 'request', phase: 'parked', method: 'POST', path: '/api/expenses', reason: null, at }, 'Request parked: POST /api/expenses'],
    [{ type: 'request', phase: 'rejected', method: 'PUT', path: '/api/a', reason: 'userChanged', at }, 'Request rejected: PUT /api/a (userChanged)'],
    [{ type: 'status', from: 'active', to: 'expired', reason: 'response', event: 'expiredResponse', at }, 'Status active → expired (expiredResponse)'],
    [
      { type: 'expiryHeader', header: 'Session-Expires', value: 'soon', expiry: null, skew: null, outcome: 'malformed', at },
      'Session-Expires "soon": ignored (malformed)',
    ],
    [{ type: 'tab', direction: 'in', kind: 'activity', at }, 'Tab message received: activity'],
    [{ type: 'signedIn', via: 'otherTab', userChanged: false, at }, 'Signed in in another tab'],
    [
      { type: 'configure', from: 'here', idleTimeout: 30 * MINUTE, warningBefore: 2 * MINUTE, keepaliveInterval: 5 * MINUTE, keepalive: true, at },
      'Configured here: idle 30 min, warning 2 min, keepalive every 5 min',
    ],
    [{ type: 'busy', phase: 'ended', at }, 'Busy: the last task settled'],
    [{ type: 'refresh', phase: 'elsewhere', at }, 'Refreshed in another tab'],
  ];

  it.each(cases)('%#: %j reads "%s"', (event, label) => {
    expect(describeEvent(event)).toBe(label);
  });

  it('prints no field the event does not have: an extra property on an event never reaches the label', () => {
    const event = { type: 'request', phase: 'parked', method: 'POST', path: '/api/a', reason: null, at, body: 'correct horse' } as RecordedEvent;
    expect(describeEvent(event)).toBe('Request parked: POST /api/a');
  });

  it('writes the local time of day as hh:mm:ss', () => {
    const local = new Date(2026, 0, 1, 7, 5, 9).getTime();
    expect(clockTime(local)).toBe('07:05:09');
  });
});
