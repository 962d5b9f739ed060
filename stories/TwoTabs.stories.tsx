import { useEffect, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';

import { clearChannel, TAB_IDLE_TIMEOUT, TAB_WARNING_BEFORE, TabPanel, uniqueChannel } from './live/tabs/TabPanel.tsx';
import './live/shared/live-base.css';
import './live/tabs/two-tabs.css';

/**
 * Cross-tab behaviour, live: tabs of one app share one session through localStorage and a
 * BroadcastChannel named by the `crossTab` option. Every tab runs its own session with the real
 * clock and the real transport; nothing is simulated but the server (a fetch double per tab that
 * keeps its "server session" flag in localStorage, so all tabs talk to the same pretend server).
 *
 * Three stories:
 * - `InTwoIframes`, for people: two same-origin iframes, each loading the `Tab` story standalone
 *   (`iframe.html?id=…&args=name:A;channel:…`), so each tab has its own document, window, JavaScript
 *   realm, activity listeners and BroadcastChannel, as two browser tabs would.
 * - `SideBySide`, the tested proof: two sessions in one page, side by side, on one channel name.
 *   BroadcastChannel does not deliver a message to the object that posted it, but does deliver it
 *   to every other BroadcastChannel object of the same name, in this page or another: the two
 *   sessions reach each other through the very path two tabs use.
 * - `Tab`: one tab on its own, the page the iframes load. Open
 *   `iframe.html?id=live-two-tabs--tab&args=name:A;channel:my-demo` in two real browser tabs (B in
 *   the second) to try it with real tabs.
 *
 * Why `InTwoIframes` is not in the Vitest run (`!test`): Vitest renders each story in its own test
 * page, where Storybook's `iframe.html` does not exist, so the frames would have nothing to load.
 * Its play function still runs in Storybook (dev and static build), and SideBySide gives the same
 * assertions to Vitest.
 *
 * Every render gets a channel name of its own (no two stories or test runs hear each other), and
 * unmounting stops the sessions (listeners, timers, the channel) and removes what they stored.
 */
const meta = {
  title: 'Live/Two tabs',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;

export default meta;

const seconds = (ms: number) => `${ms / 1000} seconds`;

interface Timings {
  /** Milliseconds without activity in any tab before the session ends. */
  idleTimeout: number;
  /** Milliseconds before the end when both tabs show the warning. */
  warningBefore: number;
}

function Explanation({ channel, idleTimeout, warningBefore }: { channel: string } & Timings) {
  return (
    <div className="live-tabs-intro">
      <p>
        Both tabs below run their own session on the channel <code>{channel}</code>: what one does, the other shows within milliseconds.{' '}
        <strong>Sign out</strong> in one tab signs out both. <strong>Server says 440</strong> makes the pretend server end its session and answer a request from
        that tab with 440: the request is parked there and both tabs show the session expired; <strong>Sign in again</strong> in either tab resumes both, and
        the tab that parked the request replays it.
      </p>
      <p>
        Timings are short: after {seconds(idleTimeout - warningBefore)} without activity in either tab both show <strong>warning</strong>, and{' '}
        {seconds(warningBefore)} later the session ends. Moving the pointer over a tab is activity and keeps both alive; during a warning only{' '}
        <strong>Stay signed in</strong> (in either tab) brings both back.
      </p>
    </div>
  );
}

/**
 * A channel for this render, whose stored state is removed when the story unmounts or the page
 * goes away (a reload unmounts nothing).
 */
function useChannel(given?: string): string {
  const [channel] = useState(() => given || uniqueChannel());
  useEffect(() => {
    if (given) return; // the page that made the channel cleans up after it
    const clear = () => clearChannel(channel);
    window.addEventListener('pagehide', clear);
    return () => {
      window.removeEventListener('pagehide', clear);
      clear();
    };
  }, [channel, given]);
  return channel;
}

/** Two iframes, each loading the Tab story standalone on the same channel. */
function TwoTabsInIframes({ tabStoryId }: { tabStoryId: string }) {
  const channel = useChannel();
  // Relative to the preview's own iframe.html: the same origin, in `storybook dev` and in a static build.
  const src = (name: string) => `iframe.html?id=${tabStoryId}&viewMode=story&args=name:${name};channel:${channel}`;
  return (
    // Named: with the frames, axe and screen readers see three main landmarks on one page.
    <main className="live-tabs" aria-labelledby="live-two-tabs-heading">
      <h1 id="live-two-tabs-heading">Two tabs, one session</h1>
      <Explanation channel={channel} idleTimeout={TAB_IDLE_TIMEOUT} warningBefore={TAB_WARNING_BEFORE} />
      <div className="live-tabs-grid">
        {['A', 'B'].map((name) => (
          <div className="live-tabs-frame" key={name}>
            <div className="live-tabs-chrome" aria-hidden="true">
              Tab {name}
            </div>
            <iframe title={`Tab ${name}`} src={src(name)} />
          </div>
        ))}
      </div>
    </main>
  );
}

/** Two sessions in one page on one channel: two SessionProviders side by side. */
function TwoTabsSideBySide(timings: Timings) {
  const channel = useChannel();
  return (
    <main className="live-tabs" aria-labelledby="live-two-tabs-heading">
      <h1 id="live-two-tabs-heading">Two sessions, one channel</h1>
      <Explanation channel={channel} {...timings} />
      <div className="live-tabs-grid">
        <TabPanel name="A" channel={channel} {...timings} />
        <TabPanel name="B" channel={channel} {...timings} />
      </div>
    </main>
  );
}

interface TabArgs {
  /** "A" or "B": the tab's name. */
  name: string;
  /** The `crossTab` channel; empty: a new one for this render. */
  channel: string;
}

function StandaloneTab({ name, channel: given }: TabArgs) {
  const channel = useChannel(given);
  return (
    <main className="live-tab-page" aria-label={`Tab ${name}`}>
      <TabPanel name={name} channel={channel} level={1} />
    </main>
  );
}

/** The tab a person types in: the `within` of its iframe's document, once the story has rendered there. */
async function tabInFrame(canvasElement: HTMLElement, title: string) {
  const frame = within(canvasElement).getByTitle<HTMLIFrameElement>(title);
  await waitFor(
    () => {
      const body = frame.contentDocument?.body;
      if (!body) throw new Error(`${title} has no document yet`);
      return expect(within(body).getByTestId('tab-status')).toBeInTheDocument();
    },
    { timeout: 30_000, interval: 100 },
  );
  return within(frame.contentDocument!.body);
}

/**
 * For people: two iframes, two documents, two sessions. The play function signs out in tab A and
 * waits for tab B to show it.
 */
export const InTwoIframes: StoryObj = {
  tags: ['!test'], // see the comment at the top: Vitest has no iframe.html to load in the frames
  render: (_args, { id }) => <TwoTabsInIframes tabStoryId={`${id.slice(0, id.indexOf('--'))}--tab`} />,
  play: async ({ canvasElement, step }) => {
    const tabA = await tabInFrame(canvasElement, 'Tab A');
    const tabB = await tabInFrame(canvasElement, 'Tab B');
    await expect(tabA.getByTestId('tab-status')).toHaveTextContent('active');
    await expect(tabB.getByTestId('tab-status')).toHaveTextContent('active');

    await step('sign out in tab A: tab B is signed out too', async () => {
      await userEvent.click(tabA.getByRole('button', { name: 'Sign out' }));
      await waitFor(() => expect(tabB.getByTestId('tab-status')).toHaveTextContent('signedOut'));
      await expect(tabB.getByText(/another tab/)).toBeVisible();
    });

    await step('sign in again in tab B: tab A is back too', async () => {
      await userEvent.click(tabB.getByRole('button', { name: 'Sign in again' }));
      await waitFor(() => expect(tabA.getByTestId('tab-status')).toHaveTextContent('active'));
    });
  },
};

/** The tested proof: two sessions on one channel in one page. */
export const SideBySide: StoryObj<Timings> = {
  args: { idleTimeout: TAB_IDLE_TIMEOUT, warningBefore: TAB_WARNING_BEFORE },
  // A new pair of sessions when the timings change in the Controls panel.
  render: (args) => <TwoTabsSideBySide key={`${args.idleTimeout}/${args.warningBefore}`} {...args} />,
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const tabA = within(page.getByRole('region', { name: 'Tab A' }));
    const tabB = within(page.getByRole('region', { name: 'Tab B' }));
    const statusA = tabA.getByTestId('tab-status');
    const statusB = tabB.getByTestId('tab-status');
    await expect(statusA).toHaveTextContent('active');
    await expect(statusB).toHaveTextContent('active');

    await step('sign out in tab A: tab B is signed out too', async () => {
      await userEvent.click(tabA.getByRole('button', { name: 'Sign out' }));
      await waitFor(() => expect(statusB).toHaveTextContent('signedOut'));
      await expect(tabB.getByText(/another tab/)).toBeVisible();
      await expect(statusA).toHaveTextContent('signedOut');
    });

    await step('sign in again in tab B: tab A is back too', async () => {
      await userEvent.click(tabB.getByRole('button', { name: 'Sign in again' }));
      await waitFor(() => expect(statusA).toHaveTextContent('active'));
      await expect(statusB).toHaveTextContent('active');
    });

    await step('the server says 440 to tab A: both expire, A parks its request', async () => {
      await userEvent.click(tabA.getByRole('button', { name: 'Server says 440' }));
      await waitFor(() => expect(statusA).toHaveTextContent('expired'));
      await waitFor(() => expect(statusB).toHaveTextContent('expired'));
      const logA = tabA.getByRole('list', { name: 'Requests from tab A' });
      await waitFor(() => expect(logA).toHaveTextContent('POST /api/drafts 440 parked'));
      await expect(tabA.getByText(/1 request parked here/)).toBeVisible();
    });

    await step('sign in again in tab B: both resume, tab A replays its own request', async () => {
      await userEvent.click(tabB.getByRole('button', { name: 'Sign in again' }));
      await waitFor(() => expect(statusA).toHaveTextContent('active'));
      await expect(statusB).toHaveTextContent('active');
      const logA = tabA.getByRole('list', { name: 'Requests from tab A' });
      await waitFor(() => expect(logA).toHaveTextContent('POST /api/drafts 200 replayed'));
      await expect(tabA.getByText('Draft saved.')).toBeVisible();
      // B only signed in: it parked nothing, so it replays nothing.
      const logB = tabB.getByRole('list', { name: 'Requests from tab B' });
      await expect(
        within(logB)
          .getAllByTestId('log-entry')
          .map((entry) => entry.textContent),
      ).toEqual(['POST /login 200', 'POST /login 200']);
    });
  },
};

/**
 * The warning in both tabs, two seconds after the last activity (the session ends 25 seconds
 * later): "Stay signed in" in one tab brings both back. Activity in a warned tab does not dismiss
 * its warning (WCAG 2.2.1), so tab B returning to active is tab A's doing.
 */
export const WarningInBoth: StoryObj<Timings> = {
  args: { idleTimeout: 27_000, warningBefore: 25_000 },
  render: SideBySide.render,
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const tabA = within(page.getByRole('region', { name: 'Tab A' }));
    const statusA = tabA.getByTestId('tab-status');
    const statusB = within(page.getByRole('region', { name: 'Tab B' })).getByTestId('tab-status');

    await step('nobody moves for two seconds: both tabs warn', async () => {
      await waitFor(() => expect(statusA).toHaveTextContent('warning'), { timeout: 10_000 });
      await waitFor(() => expect(statusB).toHaveTextContent('warning'));
    });

    await step('"Stay signed in" in tab A: tab B is back to active too', async () => {
      await userEvent.click(tabA.getByRole('button', { name: 'Stay signed in' }));
      await waitFor(() => expect(statusB).toHaveTextContent('active'), { timeout: 1_000 });
      await expect(statusA).toHaveTextContent('active');
    });
  },
};

/** One tab on its own: the page each iframe of InTwoIframes loads. */
export const Tab: StoryObj<TabArgs> = {
  args: { name: 'A', channel: '' },
  // A new session when the channel changes in the Controls panel.
  render: (args) => <StandaloneTab key={args.channel} {...args} />,
  // Read-only: this story also runs inside InTwoIframes' frames, where it must not click anything.
  play: async ({ canvasElement, args }) => {
    const page = within(canvasElement);
    await expect(page.getByRole('heading', { level: 1, name: `Tab ${args.name}` })).toBeVisible();
    await expect(page.getByTestId('tab-status')).toHaveTextContent('active');
  },
};
