import { useLayoutEffect, type ReactNode } from 'react';
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { SessionDevtools } from '../src/devtools/index.ts';
import { ReloginModal, SessionProvider, SessionTimeoutDialog } from '../src/index.ts';
import { DemoPage, MINUTE, SECOND, sessionStoryParameters, storySession, useStorySession, type SessionStoryProps } from './support/index.ts';

/**
 * A pretend server at the network edge (the session's `fetch` option). `answer` decides each
 * response; `at(url)` gives it the URL fetch would report, and `redirected` when a gateway
 * redirected it: a made-up Response has neither.
 */
const server = {
  /** What the next responses are: its session alive (200), gone (440), or a login redirect. */
  mode: 'alive' as 'alive' | 'gone' | 'loginRedirect',
  /** Extra headers on every response (a skewed `Date`, `Session-Expires`). */
  headers: {} as Record<string, string>,
  reset() {
    server.mode = 'alive';
    server.headers = {};
  },
  fetch: async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (server.mode === 'gone') return at(new Response(null, { status: 440 }), request.url);
    if (server.mode === 'loginRedirect') {
      // What fetch gives after following a 302 to the login page: a 200, redirected, at /login.
      return at(
        new Response('<form>…</form>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
        `${location.origin}/login?next=%2Fapi%2Fexpenses`,
        true,
      );
    }
    return at(new Response(null, { status: 204, headers: server.headers }), request.url);
  },
};

function at(response: Response, url: string, redirected = false): Response {
  Object.defineProperty(response, 'url', { value: url });
  Object.defineProperty(response, 'redirected', { value: redirected });
  return response;
}

interface DevtoolsStoryProps extends SessionStoryProps {
  /** The warning and re-login dialogs: off in the finding stories, where only the panel matters. */
  dialogs?: boolean;
  /** The demo app behind the panel; false: a bare page of the system's colours (the dark story). */
  demoPage?: boolean;
}

function DevtoolsStory({ onRelogin, dialogs = true, demoPage = true, ...options }: DevtoolsStoryProps) {
  const { session, generation } = useStorySession(options);
  return (
    <SessionProvider key={generation} session={session}>
      {demoPage ? (
        <DemoPage />
      ) : (
        <main style={{ padding: '8px 24px', font: '16px system-ui, sans-serif' }}>
          <h1>Expense report</h1>
        </main>
      )}
      {dialogs && <SessionTimeoutDialog />}
      {dialogs && <ReloginModal onRelogin={onRelogin} />}
      <SessionDevtools initialIsOpen />
    </SessionProvider>
  );
}

/**
 * `<SessionDevtools />` from `react-session-timeout/devtools`: a "Session devtools" button that
 * opens a panel on what the session decided and why. The findings and their fixes come first,
 * then the status with the live deadline and what binds it, a timeline with one lane per source,
 * the events in words, the requests waiting for a re-login, and an export of the timeline as JSON
 * for a bug report. Paths and methods only: never a body, a query or anything typed.
 *
 * `import { SessionDevtools } from 'react-session-timeout/devtools'` and render it inside the
 * SessionProvider, in development. Closed it is one button; the panel loads when opened.
 *
 * The session: 5 minutes without activity end it, the warning opens 2 minutes before the end.
 */
const meta = {
  title: 'Devtools/SessionDevtools',
  component: DevtoolsStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
    controls: { include: [] },
  },
  args: {
    user: 'ada',
    fetch: fn(server.fetch),
    onRelogin: fn(async () => {
      server.mode = 'alive';
      return { user: 'ada' };
    }),
  },
  beforeEach: () => {
    server.reset();
  },
} satisfies Meta<typeof DevtoolsStory>;

export default meta;

type Story = StoryObj<typeof meta>;

const panel = () => screen.findByRole('region', { name: 'Session devtools' });

/** The events list's lines, without their times. */
function listed(region: HTMLElement): string[] {
  return [...region.querySelectorAll('ol[aria-labelledby] [data-event-label]')].map((label) => label.textContent ?? '');
}

/** The findings, title and fix, at the top of the panel. */
/** The person works for a minute; 20 seconds later the server has ended the session, and a save meets it. */
async function serverEndsWhileWorking(id: string) {
  const { clock, session } = await storySession(id);
  clock.advance(MINUTE);
  session.reportActivity();
  clock.advance(20 * SECOND);
  server.mode = 'gone';
  void session.fetch('/api/expenses', { method: 'POST' });
}

async function expectFinding(cause: string, title: string | RegExp, fix: string | RegExp) {
  const region = await panel();
  const findings = await within(region).findByRole('list', { name: 'Findings' });
  // First below the title bar, before the status, the timeline and the events.
  await expect(within(region).getByRole('group', { name: 'Details' }).firstElementChild).toHaveTextContent('Findings');
  const item = within(findings).getByText(cause).closest('li')!;
  await expect(item).toHaveTextContent(title);
  await expect(item).toHaveTextContent(fix);
}

/**
 * A whole session life with the panel open, on the story clock: work, the warning, "Stay signed
 * in", a save the server answers 440 (parked), the re-login and the save sent again.
 */
export const WholeSessionLife: Story = {
  args: { keepalive: async () => new Response(null, { status: 204 }) },
  play: async ({ canvasElement, id, step }) => {
    const { clock, session } = await storySession(id);
    const region = await panel();

    await step('a minute of work', async () => {
      session.reportActivity();
      clock.advance(30 * SECOND);
      session.reportActivity();
      clock.advance(30 * SECOND);
    });

    await step('nobody works: the warning, and Stay signed in', async () => {
      clock.advanceTo(session.getDeadline() - session.warningBefore);
      const warning = await screen.findByRole('alertdialog', { name: 'Your session is about to expire' });
      await userEvent.click(within(warning).getByRole('button', { name: 'Stay signed in' }));
      await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    });

    await step('the server has ended the session: the save meets a 440 and waits', async () => {
      server.mode = 'gone';
      clock.advance(MINUTE);
      void session.fetch('/api/expenses?draft=1', { method: 'POST', body: JSON.stringify({ description: 'Lunch with client' }) });
      await screen.findByRole('dialog', { name: 'Your session has expired' });
      await waitFor(() => expect(listed(region)).toContain('Request parked: POST /api/expenses'));
      await expect(region).toHaveTextContent('POST /api/expenses');
    });

    await step('the re-login, and the save sent again', async () => {
      const form = within(await screen.findByRole('dialog', { name: 'Your session has expired' }));
      await userEvent.type(form.getByRole('textbox', { name: 'Username' }), 'ada');
      await userEvent.type(form.getByLabelText('Password'), 'correct horse battery staple');
      await userEvent.click(form.getByRole('button', { name: 'Sign in' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    });

    await waitFor(() => expect(listed(region)).toContain('Request replayed: POST /api/expenses'));
    const lines = listed(region);
    const inOrder = [
      'Recording began: status active',
      'Activity taken (report) ×2',
      'Status active → warning (check)',
      'Keepalive sent for Stay signed in',
      'Keepalive answered 204: extended',
      'Status warning → active (extended)',
      'Response 440 POST /api/expenses: expired',
      'Status active → expired (expiredResponse)',
      'Request parked: POST /api/expenses',
      'Signed in (re-login)',
      'Status expired → active (resume)',
      'Request replayed: POST /api/expenses',
      'Response 204 POST /api/expenses',
    ];
    const positions = inOrder.map((line) => lines.indexOf(line));
    await expect(positions).not.toContain(-1);
    await expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    await expect(within(region).getByText('Nothing waits.')).toBeVisible();
    // Nothing typed reaches the panel: not the password, not the body of the save.
    await expect(canvasElement.ownerDocument.body.querySelector('section[aria-label="Session devtools"]')).not.toHaveTextContent(/correct horse|Lunch/);
  },
};

/** The load balancer's servers do not share the session: two sign-ins, each met by "expired" at once. */
async function sessionsNotShared(id: string) {
  const { session } = await storySession(id);
  server.mode = 'gone';
  void session.fetch('/api/expenses', { method: 'POST' });
  await waitFor(() => expect(session.getSnapshot().status).toBe('expired'));
  // Each sign-in "works", and the next server the balancer picks knows nothing of it.
  await session.resume({ user: 'ada' });
  await session.resume({ user: 'ada' });
  await expectFinding(
    'sessions-not-shared',
    'Right after a sign-in the server said the session had expired, 2 times',
    'Make every server see the same session: sticky sessions at the load balancer, or a shared session store (Redis, SQL).',
  );
}

/** Right after each sign-in the server says the session has expired: the servers do not share it. */
export const SessionsNotShared: Story = {
  args: { dialogs: false },
  play: async ({ id }) => sessionsNotShared(id),
};

/** The screens the panel is laid out for: a short laptop screen and a small phone. */
const viewports = {
  shortLaptop: { name: 'Short laptop screen (1280 x 760)', styles: { width: '1280px', height: '760px' }, type: 'desktop' },
  phone: { name: 'Phone (320 x 640)', styles: { width: '320px', height: '640px' }, type: 'mobile' },
} as const;

/** The title bar says where the session stands, and Export JSON, Clear and Close show without scrolling. */
async function expectFits() {
  const region = await panel();
  await expect(within(region).getByTestId('session-devtools-summary')).toHaveTextContent(/Expired \(expired response\), 1 parked/);
  for (const name of ['Export JSON', 'Clear', 'Close']) {
    const { bottom, right } = within(region).getByRole('button', { name }).getBoundingClientRect();
    await expect(bottom).toBeLessThanOrEqual(window.innerHeight);
    await expect(right).toBeLessThanOrEqual(document.documentElement.clientWidth);
  }
}

/**
 * On a short laptop screen (1280 x 760): the title bar with the status at a glance, the finding
 * and its fix first, one scroll container, the action row always in view. Drag the handle at the
 * top left (or focus it and use the arrow keys) to make the panel taller or shorter.
 */
export const ShortLaptopScreen: Story = {
  args: { dialogs: false },
  parameters: { viewport: { options: viewports } },
  globals: { viewport: { value: 'shortLaptop', isRotated: false } },
  play: async ({ id }) => {
    await sessionsNotShared(id);
    await expectFits();
  },
};

/** On a 320 px wide phone: the title bar wraps, nothing scrolls sideways, the timeline is drawn to the width. */
export const Phone: Story = {
  args: { dialogs: false },
  parameters: { viewport: { options: viewports } },
  globals: { viewport: { value: 'phone', isRotated: false } },
  play: async ({ id }) => {
    await sessionsNotShared(id);
    await expectFits();
  },
};

/** The page dark through the theme (`<html data-rst-theme="dark">`), while this story is mounted. */
function DarkPage({ children }: { children: ReactNode }) {
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.setAttribute('data-rst-theme', 'dark');
    // The page's own colours, which the theme leaves alone: the system's dark canvas and text.
    Object.assign(root.style, { colorScheme: 'dark', background: 'Canvas', color: 'CanvasText' });
    Object.assign(document.body.style, { background: 'Canvas', color: 'CanvasText' });
    return () => {
      root.removeAttribute('data-rst-theme');
      Object.assign(root.style, { colorScheme: '', background: '', color: '' });
      Object.assign(document.body.style, { background: '', color: '' });
    };
  }, []);
  return children;
}
const darkPage: Decorator = (Story) => (
  <DarkPage>
    <Story />
  </DarkPage>
);

/**
 * Dark: the panel follows the theme's `data-rst-theme` when styles.css is on the page, else the
 * system's light or dark setting (prefers-color-scheme).
 */
export const Dark: Story = {
  args: { dialogs: false, demoPage: false },
  decorators: [darkPage],
  parameters: { viewport: { options: viewports } },
  globals: { viewport: { value: 'shortLaptop', isRotated: false } },
  play: async ({ id }) => {
    await sessionsNotShared(id);
    await expectFits();
    await expect(getComputedStyle(await panel()).colorScheme).toBe('dark');
  },
};

/** The server ends the session while the person works: its timeout is shorter than the app's. */
export const ServerTimeoutShorter: Story = {
  args: { dialogs: false, keepalive: async () => new Response(null, { status: 204 }) },
  play: async ({ id }) => {
    await serverEndsWhileWorking(id);
    await expectFinding(
      'server-timeout-shorter',
      'The server ended the session while the person was active',
      /Raise the server's session timeout above idleTimeout \(5 min\) or lower idleTimeout; a keepalive is configured/,
    );
  },
};

/** Requests meet an expired session while the person works, and nothing keeps the server's session alive. */
export const NoKeepalive: Story = {
  args: { dialogs: false },
  play: async ({ id }) => {
    await serverEndsWhileWorking(id);
    await expectFinding(
      'no-keepalive',
      'Requests met an expired session while the person was active, and no keepalive is configured',
      'Configure the `keepalive` option (a URL the server answers, or a function) so activity in the page also extends the server session.',
    );
  },
};

/** The server's "session gone" is a redirect to its login page, which fetch followed unnoticed. */
export const LoginRedirect: Story = {
  args: { dialogs: false },
  play: async ({ id }) => {
    const { session } = await storySession(id);
    server.mode = 'loginRedirect';
    await session.fetch('/api/expenses', { method: 'POST' });
    await expectFinding(
      'login-redirect',
      'Responses were redirected to a login page (/login) and not counted as expired',
      "Name the login page, `redirectMeansExpired: '/login'` (or an `isExpired` that recognises it), so the re-login opens and the request is sent again; other redirects stay ordinary answers.",
    );
  },
};

/** The API on another origin sends Session-Expires, but CORS hides it from the page. */
export const ExpiryHeaderHidden: Story = {
  args: { dialogs: false },
  play: async ({ id }) => {
    const { clock, session } = await storySession(id);
    server.headers = { 'Session-Expires': '300' };
    await session.fetch('/api/me');
    // Cross-origin: the browser shows only the headers CORS exposes, and Session-Expires is not one.
    server.headers = {};
    clock.advance(10 * SECOND);
    await session.fetch('https://api.example.com/expenses');
    clock.advance(10 * SECOND);
    await session.fetch('https://api.example.com/invoices');
    await expectFinding(
      'expiry-header-hidden',
      'Cross-origin responses never expose Session-Expires, while same-origin ones do',
      'Have the cross-origin server send `Access-Control-Expose-Headers: Session-Expires, Date`.',
    );
  },
};

/** The server's clock is five minutes behind this browser's. */
export const ClockSkew: Story = {
  args: { dialogs: false },
  play: async ({ id }) => {
    const { clock, session } = await storySession(id);
    server.headers = { Date: new Date(clock.now() - 5 * MINUTE).toUTCString() };
    await session.fetch('/api/me');
    clock.advance(30 * SECOND);
    server.headers = { Date: new Date(clock.now() - 5 * MINUTE).toUTCString() };
    await session.fetch('/api/expenses');
    await expectFinding(
      'clock-skew',
      "The server's clock is 5 min behind this browser",
      "Set the server's clock (or this computer's, if it is the one that is off) by NTP; until then keep the `Date` header readable so the session can correct for it.",
    );
  },
};
