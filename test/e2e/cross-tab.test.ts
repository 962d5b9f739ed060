// Cross-tab sync in real Chromium: several pages of one browser context, each with its own
// session, talking through the real localStorage, BroadcastChannel and Web Locks.
import { createServer, type Server } from 'node:http';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { bundleHarness, launchChromium } from './chromium.ts';
import { listenOnLoopback, closeServer } from '../support/loopback.ts';
// Seconds, not minutes, yet with room for a busy machine: a page's timer can run late by a second.
const IDLE = 8000;
const WARNING = 4000;

let server: Server;
let browser: Browser;
let context: BrowserContext;
let origin: string;
/** The pretend server's session: gone until a refresh renews it; it counts the refreshes. */
const backend = { gone: false, refreshes: 0 };
const latencies: Record<string, number[]> = {};

beforeAll(async () => {
  const script = await bundleHarness('test/e2e/tab-harness.ts');
  server = createServer((request, response) => {
    if (request.url?.startsWith('/harness.js')) {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    } else if (request.url === '/auth/refresh') {
      backend.refreshes++;
      backend.gone = false;
      setTimeout(() => response.writeHead(204).end(), 300); // a refresh takes a moment: the other tab's 440 comes meanwhile
    } else if (request.url?.startsWith('/api/')) {
      response.writeHead(backend.gone ? 440 : 200, { 'Content-Type': 'text/plain' }).end(backend.gone ? 'expired' : `data for ${request.url}`);
    } else {
      response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><title>loading</title><script type="module" src="/harness.js"></script><p>tab</p>');
    }
  });
  origin = await listenOnLoopback(server);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  for (const [name, values] of Object.entries(latencies)) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      `cross-tab latency, ${name}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (${sorted.length} samples)`,
    );
  }
});

afterEach(async () => {
  await context?.close();
});

/** Opens `count` pages (tabs) of the app in one fresh browser context. */
async function openTabs(count: number, { broadcastChannel = true, refresh = false } = {}): Promise<Page[]> {
  context = await browser.newContext();
  if (!broadcastChannel) await context.addInitScript(() => Reflect.deleteProperty(window, 'BroadcastChannel'));
  const channel = `e2e-${Math.random().toString(36).slice(2)}`;
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(`${origin}/?idle=${IDLE}&warning=${WARNING}&channel=${channel}${refresh ? '&refresh' : ''}`);
    await page.waitForFunction(() => document.title === 'ready');
    pages.push(page);
  }
  // Loading pages can take seconds on a busy machine: start every session together afterwards.
  await Promise.all(pages.map((page) => page.evaluate(() => harness.start())));
  return pages;
}

type Harness = {
  start(): void;
  now(): number;
  log: Array<{ status: string; reason: string | null; at: number }>;
  status(): string;
  extend(): Promise<string>;
  signOut(): Promise<void>;
  resume(): Promise<void>;
  serverSaysExpired(): boolean;
  load(path: string): Promise<string>;
  configure(idleTimeout: number, warningBefore: number): void;
  timing(): { idleTimeout: number; warningBefore: number };
};
declare const harness: Harness;

const status = (page: Page) => page.evaluate(() => harness.status());
const log = (page: Page) => page.evaluate(() => harness.log);

/** Runs `action` in `page` and returns when it started, on the machine's clock. */
const act = (page: Page, action: 'extend' | 'signOut' | 'resume' | 'serverSaysExpired') =>
  page.evaluate(async (name) => {
    const at = harness.now();
    await harness[name]();
    return at;
  }, action);

/** Waits until `page` shows `expected`; returns when it got there. */
async function reached(page: Page, expected: string): Promise<number> {
  await page.waitForFunction((s) => harness.status() === s, expected, { timeout: 10_000, polling: 10 });
  const entries = await log(page);
  return entries.findLast((entry) => entry.status === expected)!.at;
}

function record(name: string, from: number, to: number) {
  (latencies[name] ??= []).push(to - from);
}

describe('in Chromium, pages of one browser context', () => {
  it('"Stay signed in" in page A closes the warning in page B', async () => {
    const [a, b] = await openTabs(2);
    await Promise.all([reached(a!, 'warning'), reached(b!, 'warning')]);
    const at = await act(a!, 'extend');
    record('extend A -> B active', at, await reached(b!, 'active'));
    expect(await status(a!)).toBe('active');
  });

  it('signing out in page A signs out page B', async () => {
    const [a, b] = await openTabs(2);
    const at = await act(a!, 'signOut');
    record('sign-out A -> B signedOut', at, await reached(b!, 'signedOut'));
    expect((await log(b!)).at(-1)).toMatchObject({ status: 'signedOut', reason: 'remote' });
  });

  it('falls back to storage events where there is no BroadcastChannel', async () => {
    const [a, b] = await openTabs(2, { broadcastChannel: false });
    expect(await b!.evaluate(() => typeof BroadcastChannel)).toBe('undefined');
    const at = await act(a!, 'signOut');
    record('sign-out A -> B signedOut (storage events)', at, await reached(b!, 'signedOut'));
  });

  it('an expiry in page A shows re-login (expired) in page B, and a re-login in A resumes B, five times over', async () => {
    const [a, b] = await openTabs(2);
    for (let round = 0; round < 5; round++) {
      const expiredAt = await act(a!, 'serverSaysExpired');
      record('440 in A -> B expired', expiredAt, await reached(b!, 'expired'));
      expect((await log(b!)).at(-1)).toMatchObject({ status: 'expired', reason: 'remote' });
      const resumedAt = await act(a!, 'resume');
      record('re-login in A -> B active', resumedAt, await reached(b!, 'active'));
    }
  });

  it('a 440 in two pages at once is renewed by one refresh for both, and both requests succeed', async () => {
    const [a, b] = await openTabs(2, { refresh: true });
    Object.assign(backend, { gone: true, refreshes: 0 });
    const loads = await Promise.all([a!.evaluate(() => harness.load('/api/a')), b!.evaluate(() => harness.load('/api/b'))]);
    expect(loads).toEqual(['data for /api/a', 'data for /api/b']);
    expect(backend.refreshes).toBe(1);
    for (const page of [a!, b!]) expect((await log(page)).map((entry) => entry.status)).not.toContain('expired'); // no re-login
  });

  it('timeouts configured in page A reach page B and a page opened later', async () => {
    const [a, b] = await openTabs(2);
    await a!.evaluate(() => harness.configure(60_000, 20_000));
    await b!.waitForFunction(() => harness.timing().idleTimeout === 60_000, null, { timeout: 5000, polling: 10 });
    const later = await context.newPage();
    await later.goto(a!.url());
    await later.waitForFunction(() => document.title === 'ready');
    await later.evaluate(() => harness.start());
    expect(await later.evaluate(() => harness.timing())).toEqual({ idleTimeout: 60_000, warningBefore: 20_000 });
  });

  it('activity in page A keeps pages B and C active well past their own idle deadlines', async () => {
    const [a, b, c] = await openTabs(3);
    const started = Date.now();
    let x = 10;
    while (Date.now() - started < 1.5 * IDLE) {
      x = x === 10 ? 200 : 10;
      await a!.mouse.move(x, 50); // real pointer movement in A only
      await a!.waitForTimeout(250);
    }
    for (const page of [a!, b!, c!]) expect(await log(page)).toEqual([]); // never left active
    // Once the person stops, all three warn and then expire together.
    await Promise.all([reached(a!, 'expired'), reached(b!, 'expired'), reached(c!, 'expired')]);
  });
});
