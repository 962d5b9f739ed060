// Can the person trust it? Real headless Chromium against a real cookie-session server on loopback:
// the page and the API share one origin, the server knows who each request was sent as from its
// HttpOnly `sid` cookie, and tabs are pages of one browser context (one cookie jar, one localStorage).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { bundleHarness, launchChromium } from './chromium.ts';
import { startCookieServer, type CookieServer } from '../support/cookie-server.ts';

let server: CookieServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  const script = await bundleHarness('test/e2e/trust-harness.ts');
  server = await startCookieServer({ script });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(() => server.reset());

afterEach(async () => {
  await context?.close();
  context = undefined;
});

type Outcome =
  | { state: 'pending'; startedAt: number }
  | { state: 'fulfilled'; startedAt: number; settledAt: number; value: unknown }
  | { state: 'rejected'; startedAt: number; settledAt: number; error: { name: string; reason?: unknown; message: string } };

type Harness = {
  log: Array<{ status: string; reason: string | null; at: number }>;
  outcomes: Record<string, Outcome>;
  extras: Record<string, unknown>;
  signOutCalls(): number;
  status(): string;
  snapshot(): { status: string; parked: number };
  timeLeft(): number;
  fetch(id: string, url: string, init?: RequestInit): void;
  login(user: string): Promise<number>;
  resume(id: string, user?: string): void;
  extend(id: string): void;
  signOut(id: string): void;
};
declare const harness: Harness;

/** A fresh browser (one cookie jar, one localStorage) where `user` has signed in. */
async function signedIn(user: string): Promise<BrowserContext> {
  context = await browser.newContext();
  const response = await context.request.post(`${server.origin}/login`, { data: user });
  expect(response.status()).toBe(200);
  return context;
}

/** Opens the app in a new page (tab) of `ctx`, its session made with these options. */
async function openApp(ctx: BrowserContext, options: Record<string, string | number>): Promise<Page> {
  const page = await ctx.newPage();
  const query = new URLSearchParams(Object.entries(options).map(([key, value]) => [key, String(value)]));
  await page.goto(`${server.origin}/app?${query}`);
  await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 15_000 });
  return page;
}

const channel = () => `trust-${Math.random().toString(36).slice(2)}`;
const outcome = (page: Page, id: string) => page.evaluate((key) => harness.outcomes[key], id);
const log = (page: Page) => page.evaluate(() => harness.log);

/** Waits (bounded) until the call `id` settled; returns its outcome, still 'pending' if it never did. */
async function settled(page: Page, id: string, timeout: number): Promise<Outcome | undefined> {
  await page
    .waitForFunction((key) => harness.outcomes[key] !== undefined && harness.outcomes[key].state !== 'pending', id, { timeout, polling: 50 })
    .catch(() => {});
  return outcome(page, id);
}

async function reached(page: Page, expected: string, timeout = 10_000) {
  await page.waitForFunction((s) => harness.status() === s, expected, { timeout, polling: 20 });
}

describe('a re-login as another person in one tab', () => {
  /** Tabs A and B signed in as ada; the server session dies; A's transfer meets 440 and parks. */
  async function parkedTransfer() {
    const ctx = await signedIn('ada');
    const crossTab = channel();
    const a = await openApp(ctx, { user: 'ada', channel: crossTab });
    const b = await openApp(ctx, { user: 'ada', channel: crossTab });
    server.kill();
    await a.evaluate(() => harness.fetch('transfer', '/api/transfer', { method: 'POST', body: 'transfer-1' }));
    await a.waitForFunction(() => harness.snapshot().parked === 1, undefined, { timeout: 10_000 });
    await reached(b, 'expired'); // B shows the re-login too
    expect(server.find('transfer-1')).toMatchObject([{ user: 'ada', status: 440 }]);
    return { a, b };
  }

  it("A re-login as another person in one tab never sends this tab's parked request as them", async () => {
    const { a, b } = await parkedTransfer();
    expect(await b.evaluate(() => harness.login('bob'))).toBe(200);
    await b.evaluate(() => harness.resume('resume', 'bob'));

    const transfer = await settled(a, 'transfer', 10_000);
    // What the server did is what matters most: ada's transfer is never carried out as bob.
    expect
      .soft(
        server.find('transfer-1').filter((r) => r.user === 'bob'),
        'transfer-1 received as bob',
      )
      .toEqual([]);
    expect.soft(server.find('transfer-1'), "transfer-1: only ada's refused attempt").toMatchObject([{ user: 'ada', status: 440 }]);
    expect.soft(transfer).toMatchObject({ state: 'rejected', error: { name: 'SessionExpiredError', reason: 'userChanged' } });
  });

  it("A re-login as the same person in another tab replays this tab's parked request once, as them", async () => {
    const { a, b } = await parkedTransfer();
    expect(await b.evaluate(() => harness.login('ada'))).toBe(200);
    await b.evaluate(() => harness.resume('resume', 'ada'));

    const transfer = await settled(a, 'transfer', 10_000);
    expect(transfer).toMatchObject({ state: 'fulfilled', value: { status: 200 } });
    const carriedOut = server.find('transfer-1').filter((r) => r.status === 200);
    expect(carriedOut).toMatchObject([{ user: 'ada', alive: true }]);
    expect(server.find('transfer-1')).toHaveLength(2); // the refusal and the one replay
  });
});

it('A tab opened after a short-lived session ended starts signed in', async () => {
  const ctx = await signedIn('ada');
  server.expiresIn = 3;
  const crossTab = channel();
  const first = await openApp(ctx, { user: 'ada', channel: crossTab });
  await first.evaluate(() => harness.fetch('x', '/api/x'));
  expect(await settled(first, 'x', 10_000)).toMatchObject({ state: 'fulfilled', value: { status: 200 } }); // Session-Expires: 3
  await first.close();

  await new Promise((resolve) => setTimeout(resolve, 3500)); // that session is over, here and on the server
  expect((await ctx.request.post(`${server.origin}/api/x`, { data: 'old' })).status()).toBe(440);
  expect((await ctx.request.post(`${server.origin}/login`, { data: 'ada' })).status()).toBe(200); // signs in again
  const signedInAt = Date.now();

  const second = await openApp(ctx, { user: 'ada', channel: crossTab });
  const changes = (await log(second)).map((entry) => `${entry.status} (reason ${entry.reason})`);
  expect.soft(changes, 'status changes of the new tab').toEqual(['active (reason null)']);
  await second.evaluate(() => harness.fetch('first', '/api/x'));
  const first2 = await settled(second, 'first', 5000);
  const sent = server.received.filter((r) => r.path === '/api/x' && r.at >= signedInAt);
  expect.soft(sent, 'its first request reached the server').toMatchObject([{ user: 'ada', status: 200 }]);
  expect.soft(first2, 'its first request').toMatchObject({ state: 'fulfilled', value: { status: 200 } });
});

describe('a replay that never answers', () => {
  /** ada's session dies, a request to a route that hangs meets 440 and parks, ada signs in again. */
  async function hangingReplay(options: Record<string, number>) {
    const ctx = await signedIn('ada');
    const page = await openApp(ctx, { user: 'ada', channel: channel(), ...options });
    server.kill();
    await page.evaluate(() => harness.fetch('report', '/api/report?hold=never', { method: 'POST', body: 'report-1' }));
    await page.waitForFunction(() => harness.snapshot().parked === 1, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => harness.login('ada'))).toBe(200);
    await page.evaluate(() => harness.resume('resume', 'ada'));
    // The replay reached the server, alive now: it hangs there.
    await expect.poll(() => server.find('report-1').map((r) => r.status), { timeout: 10_000 }).toEqual([440, undefined]);
    return page;
  }

  it('A replay that never answers does not hold the app hostage', async () => {
    const page = await hangingReplay({ replayTimeout: 1500 });
    const replayStarted = server.find('report-1')[1]!.at;

    const report = await settled(page, 'report', 6000);
    expect.soft(report, 'the hanging replay').toMatchObject({ state: 'rejected', error: { name: 'SessionExpiredError', reason: 'replayTimeout' } });
    if (report?.state === 'rejected') {
      const waited = report.settledAt - replayStarted;
      expect.soft(waited, 'ms the replay was waited for').toBeGreaterThanOrEqual(1200);
      expect.soft(waited, 'ms the replay was waited for').toBeLessThan(5000);
    }

    await page.evaluate(() => harness.fetch('after', '/api/after', { method: 'POST', body: 'after-1' }));
    const after = await settled(page, 'after', 4000);
    expect.soft(after, 'a request made after it').toMatchObject({ state: 'fulfilled', value: { status: 200 } });
    expect.soft(server.find('after-1'), 'received').toMatchObject([{ user: 'ada', status: 200 }]);
  });

  it('A request made after signing out settles, even while a replay hangs', async () => {
    const page = await hangingReplay({}); // the default bound (30 s) is far beyond this test
    await page.evaluate(() => harness.signOut('signOut'));
    await reached(page, 'signedOut');
    await page.evaluate(() => harness.fetch('later', '/api/later', { method: 'POST', body: 'later-1' }));
    const later = await settled(page, 'later', 5000);
    expect(later?.state, 'a session.fetch made after signOut()').not.toBe('pending');
  });
});

it('Stay signed in pressed in time keeps the person signed in when the server answers slowly', async () => {
  const ctx = await signedIn('ada');
  const page = await openApp(ctx, {
    user: 'ada',
    channel: channel(),
    idle: 6000,
    warning: 4000,
    keepalive: '/api/keepalive?delay=2500', // answers 2.5 s later, with a fresh Session-Expires
  });
  await reached(page, 'warning');
  // The person presses "Stay signed in" with about a second left.
  await page.waitForFunction(() => harness.timeLeft() <= 1000, undefined, { timeout: 10_000, polling: 20 });
  await page.evaluate(() => harness.extend('extend'));
  const timeLeft = (await page.evaluate(() => harness.extras['extend:timeLeft'])) as number;
  expect(timeLeft, 'ms left when pressed').toBeGreaterThan(0);

  const result = await settled(page, 'extend', 10_000);
  const keepalives = server.received.filter((r) => r.path.startsWith('/api/keepalive'));
  expect(keepalives).toHaveLength(1);
  expect(keepalives[0]!.answeredAt! - keepalives[0]!.at, 'ms to the answer').toBeGreaterThan(timeLeft); // after the deadline
  expect.soft(keepalives, 'the keepalive: received as ada, answered 200').toMatchObject([{ user: 'ada', status: 200 }]);
  expect.soft(result, 'extend()').toMatchObject({ state: 'fulfilled', value: 'extended' });
  const changes = (await log(page)).map((entry) => `${entry.status} (reason ${entry.reason})`);
  expect
    .soft(
      changes.filter((change) => /^(expired|signedOut)/.test(change)),
      'ended on the way',
    )
    .toEqual([]);
  expect.soft(await page.evaluate(() => harness.status()), 'status at the end').toBe('active');
  expect.soft(await page.evaluate(() => harness.signOutCalls()), 'calls of the signOut option').toBe(0);
  expect
    .soft(
      server.received.filter((r) => r.path === '/logout'),
      'server sign-outs',
    )
    .toEqual([]);
});
