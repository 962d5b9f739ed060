// The demo (examples/) end to end: the expense app built with Vite, served by the reference server
// (express-session, real Redis, real HAProxy), driven in the Debian Chromium. Issue 14's journeys.
// Each journey starts its own servers on free loopback ports and stops them.
// DEMO_SCREENSHOTS=1 also writes examples/screenshots/*.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import { launchChromium } from './chromium.ts';

// The examples are plain JavaScript run by Node; loaded by URL, typed here.
type Received = { at: number; method: string; path: string; status: number; user: string | null; ref: string | null; server: string | null };
type Running = { stop(): Promise<void> };
type ClusterModule = {
  startProcess(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv): Promise<Running & { match: RegExpMatchArray }>;
  startCluster(options: {
    redis?: boolean;
    sticky?: boolean;
    lb?: 'haproxy' | 'nginx';
    distDir: string;
    env?: NodeJS.ProcessEnv;
  }): Promise<Running & { origin: string; servers: Array<{ name: string; origin: string }>; setSticky(on: boolean): Promise<void> }>;
};
const serverDir = new URL('../../examples/server/', import.meta.url);
const load = async <T>(file: string) => (await import(new URL(file, serverDir).href)) as T;

const SCREENSHOTS = process.env.DEMO_SCREENSHOTS ? path.resolve('examples/screenshots') : null;

let cluster: ClusterModule;
let distDir: string;
let browser: Browser;
let context: BrowserContext | undefined;
const running: Running[] = [];
const timings: string[] = [];

beforeAll(async () => {
  cluster = await load<ClusterModule>('cluster.js');
  const { buildClient } = await load<{ buildClient(outDir: string): Promise<string> }>('build-client.js');
  const started = Date.now();
  distDir = await buildClient(mkdtempSync(path.join(os.tmpdir(), 'expenses-dist-')));
  timings.push(`vite build of the demo: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  browser = await launchChromium();
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
  while (running.length) await running.pop()!.stop();
});

afterAll(async () => {
  await browser?.close();
  if (distDir) rmSync(distDir, { recursive: true, force: true });
  console.log(`demo journeys:\n  ${timings.join('\n  ')}`);
});

/** One reference server (`npm run demo` without the build) with these environment variables. */
async function startDemo(env: Record<string, string>): Promise<string> {
  const server = await cluster.startProcess(process.execPath, [new URL('main.js', serverDir).pathname, '--no-build'], /http:\/\/127\.0\.0\.1:\d+/, {
    ...process.env,
    PORT: '0',
    DIST: distDir,
    QUIET: '1',
    ...env,
  });
  running.push(server);
  return server.match[0];
}

async function received(origin: string): Promise<Received[]> {
  return (await (await fetch(`${origin}/demo/received`)).json()) as Received[];
}

async function timed(name: string, journey: () => Promise<void>) {
  const started = Date.now();
  await journey();
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function openApp(origin: string): Promise<Page> {
  context ??= await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(origin);
  return page;
}

/** Signs in on the app's sign-in page (status signedOut); returns when. */
async function signIn(page: Page): Promise<number> {
  await page.getByLabel('Username').fill('ada'); // there once the page asked the server who is signed in
  const at = Date.now();
  await page.getByLabel('Password').fill('lovelace');
  await page.getByLabel('Password').press('Enter'); // the keyboard: the open devtools panel may cover the button
  await page.getByRole('heading', { name: 'New expense' }).waitFor({ timeout: 10_000 });
  return at;
}

const warning = (page: Page) => page.getByRole('alertdialog', { name: 'Your session is about to expire' });
const relogin = (page: Page) => page.getByRole('dialog', { name: 'Your session has expired' });

/** Signs in again in the re-login modal. */
async function reloginIn(page: Page) {
  const dialog = relogin(page);
  await dialog.getByLabel('Username').fill('ada');
  await dialog.getByLabel('Password').fill('lovelace');
  await dialog.getByLabel('Password').press('Enter');
}

const FORM = { Merchant: 'Café Lumière', Amount: '42.50', 'Project code': 'APOLLO-11', Attendees: 'Grace Hopper, Alan Turing' };
const PURPOSE = 'Dinner with the compiler team after the design review of the session timeout library.';

async function fillForm(page: Page, fields: Record<string, string> = FORM) {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await page.getByLabel('Category').selectOption('Meals');
}

async function formValues(page: Page) {
  const values: Record<string, string> = {};
  for (const label of [...Object.keys(FORM), 'Business purpose', 'Category']) values[label] = await page.getByLabel(label).inputValue();
  return values;
}

/**
 * When the page saw its last key and when the warning appeared, on the page's own clock: the test's
 * clock would count the time its commands take to come back too, seconds under load.
 */
async function timeKeysAndWarning(page: Page) {
  await page.evaluate(() => {
    const times = { lastKey: 0, warned: 0 };
    Object.assign(window, { __times: times });
    window.addEventListener('keydown', () => (times.lastKey = performance.now()), true);
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[role="alertdialog"]')) return;
      times.warned = performance.now();
      observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { __times: { lastKey: number; warned: number } }).__times);
}

const saved = (page: Page, merchant: string) => page.getByRole('status').filter({ hasText: `Saved: ${merchant}` });
const expensePosts = (log: Received[]) => log.filter((r) => r.method === 'POST' && r.path === '/api/expenses');

async function screenshot(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, name), animations: 'disabled' }); // the dialogs' open animation at its end
}

it('1. A form typed for longer than the server TTL: the keepalive keeps the session and the submit succeeds the first time', async () => {
  await timed('1 long form, keepalive', async () => {
    const origin = await startDemo({ SESSION_TTL: '4', IDLE_TIMEOUT: '60', WARNING_BEFORE: '1', KEEPALIVE_INTERVAL: '1' });
    const page = await openApp(origin);
    const signedInAt = await signIn(page);
    await expect.poll(async () => (await received(origin)).some((r) => r.path === '/api/expenses')).toBe(true); // the list has loaded
    const startedTyping = Date.now();
    await fillForm(page);
    // Typed key by key, for twice the server's 4 s TTL, without one request of the app's own.
    await page.getByLabel('Business purpose').pressSequentially(PURPOSE, { delay: 95 });
    const typedFor = Date.now() - startedTyping;
    expect(typedFor).toBeGreaterThan(8000);
    await page.getByRole('button', { name: 'Add expense' }).click();
    await saved(page, FORM.Merchant).waitFor({ timeout: 5000 });

    const log = await received(origin);
    const during = log.filter((r) => r.at >= startedTyping && r.at <= startedTyping + typedFor);
    expect(during.filter((r) => r.path !== '/api/session/keepalive')).toEqual([]);
    expect(during.length, 'keepalives while typing').toBeGreaterThanOrEqual(3);
    expect(log.filter((r) => r.at >= signedInAt && r.status === 440)).toEqual([]);
    expect(expensePosts(log).map((r) => r.status)).toEqual([201]); // the first time
    await expect(relogin(page).count()).resolves.toBe(0);
  });
}, 60_000);

it('2. Idle: the warning on time, "Stay signed in" moves the server expiry, then the re-login keeps every typed value', async () => {
  await timed('2 idle, warning, stay, re-login', async () => {
    const origin = await startDemo({ SESSION_TTL: '30', IDLE_TIMEOUT: '6', WARNING_BEFORE: '3', KEEPALIVE_INTERVAL: '1' });
    const page = await openApp(origin);
    await signIn(page);
    await fillForm(page);
    await page.getByLabel('Business purpose').fill(PURPOSE.slice(0, -1));
    const timesInPage = await timeKeysAndWarning(page);
    await page.getByLabel('Business purpose').press(PURPOSE.at(-1)!); // a key: activity (fill is not)
    const typed = await formValues(page);

    await warning(page).waitFor({ timeout: 8000 });
    const { lastKey, warned } = await timesInPage();
    const warnedAfter = warned - lastKey;
    expect(warnedAfter, 'warning 3 s after the last activity (idle 6 s, warning 3 s before)').toBeGreaterThan(2500);
    expect(warnedAfter).toBeLessThan(4800);
    await screenshot(page, 'warning-over-form.png');

    const expiresAt = async () => ((await (await context!.request.get(`${origin}/api/session`)).json()) as { expiresAt: number }).expiresAt;
    const before = await expiresAt();
    expect(await expiresAt(), 'the status route does not slide').toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await warning(page).getByRole('button', { name: 'Stay signed in' }).click();
    await warning(page).waitFor({ state: 'detached', timeout: 5000 });
    const after = await expiresAt();
    expect(after - before, 'the server expiry moved by the time since sign-in').toBeGreaterThan(3000);

    // Idle to the end: the session expires (reason idle) and the re-login opens over the form.
    await relogin(page).waitFor({ timeout: 10_000 });
    await expect(relogin(page).getByText('without activity').count()).resolves.toBe(1);
    await reloginIn(page);
    await relogin(page).waitFor({ state: 'detached', timeout: 10_000 });
    expect(await formValues(page)).toEqual(typed);
    await page.getByRole('button', { name: 'Add expense' }).click();
    await saved(page, FORM.Merchant).waitFor({ timeout: 5000 });
    expect(expensePosts(await received(origin)).map((r) => r.status)).toEqual([201]);
  });
}, 60_000);

it('3. The server session killed behind the page: the submit parks, the re-login replays it, the server receives it once', async () => {
  await timed('3 killed session, park and replay', async () => {
    const origin = await startDemo({ SESSION_TTL: '60', IDLE_TIMEOUT: '60', WARNING_BEFORE: '20' });
    const page = await openApp(origin);
    await signIn(page);
    await fillForm(page);
    await page.getByLabel('Business purpose').fill(PURPOSE);
    // Behind the page's back (same cookie jar): the server forgets the session.
    expect((await context!.request.post(`${origin}/demo/end-session`)).status()).toBe(204);

    await page.getByRole('button', { name: 'Add expense' }).click();
    await relogin(page).waitFor({ timeout: 5000 });
    await expect(relogin(page).getByText('The server ended your session.').count()).resolves.toBe(1);
    await screenshot(page, 'relogin-over-form.png');
    const [refused] = expensePosts(await received(origin));
    expect(refused).toMatchObject({ status: 440 });

    await reloginIn(page);
    await saved(page, FORM.Merchant).waitFor({ timeout: 5000 });
    const posts = expensePosts(await received(origin));
    expect(posts.map((r) => [r.ref, r.status])).toEqual([
      [refused!.ref, 440],
      [refused!.ref, 201], // exactly once
    ]);
    await expect(page.getByRole('cell', { name: FORM.Merchant }).count()).resolves.toBe(1);
  });
}, 60_000);

it('4. Two tabs: "Stay signed in" in one keeps the other; signing out in one signs out the other', async () => {
  await timed('4 two tabs', async () => {
    const origin = await startDemo({ SESSION_TTL: '30', IDLE_TIMEOUT: '8', WARNING_BEFORE: '4', KEEPALIVE_INTERVAL: '1' });
    const a = await openApp(origin);
    await signIn(a);
    const b = await openApp(origin); // same browser: signed in already
    await b.getByRole('heading', { name: 'New expense' }).waitFor({ timeout: 5000 });

    await Promise.all([warning(a).waitFor({ timeout: 10_000 }), warning(b).waitFor({ timeout: 10_000 })]);
    await a.bringToFront(); // the person looks at tab A (a background tab's open animation never settles)
    await warning(a).getByRole('button', { name: 'Stay signed in' }).click();
    const stayed = Date.now();
    await warning(b).waitFor({ state: 'detached', timeout: 3000 });
    timings.push(`4 the other tab's warning closed ${Date.now() - stayed} ms after "Stay signed in"`);
    await expect(relogin(b).count()).resolves.toBe(0);

    await a.getByRole('button', { name: 'Sign out' }).click();
    await b.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 3000 });
    await a.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 3000 });
    // The app's signOut call (POST /api/logout) may still be on its way when the pages show it.
    await expect
      .poll(async () => (await context!.request.get(`${origin}/api/session`)).status(), { message: 'the server session is gone too', timeout: 3000 })
      .toBe(440);
  });
}, 60_000);

it('5a. Cluster with Redis: 50 requests round-robin over two processes, no 440', async () => {
  await timed('5a cluster, Redis, 50 requests', async () => {
    const lb = await cluster.startCluster({ redis: true, distDir });
    running.push(lb);
    const page = await openApp(lb.origin);
    const signedInAt = await signIn(page);
    await page.getByRole('button', { name: 'Send 50 requests' }).click();
    await page.getByTestId('burst').filter({ hasText: '50 requests' }).waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('burst').textContent()).resolves.toBe('50 requests: 50 × 200; served by a and b');

    const logs = await Promise.all(lb.servers.map((s) => received(s.origin)));
    for (const log of logs) expect(log.filter((r) => r.path === '/api/expenses').length, 'each process served its share').toBeGreaterThanOrEqual(25);
    expect(logs.flat().filter((r) => r.at >= signedInAt && r.status === 440)).toEqual([]);
    await expect(relogin(page).count()).resolves.toBe(0);
  });
}, 60_000);

it('5b. Cluster with the memory store: 440s right after each sign-in, nothing lost, the devtools name the cause; sticky sessions fix it', async () => {
  await timed('5b cluster, memory store, diagnosis and fix', async () => {
    // Sticky sessions first: the person signs in and works; then the load balancer loses them.
    const lb = await cluster.startCluster({ redis: false, sticky: true, distDir, env: { IDLE_TIMEOUT: '120', WARNING_BEFORE: '20' } });
    running.push(lb);
    const page = await openApp(lb.origin);
    await page.getByRole('button', { name: 'Session devtools' }).click();
    // By CSS, not by role: while the re-login is open the page is inert, out of the accessibility tree.
    const devtools = page.locator('section[aria-label="Session devtools"]');
    await devtools.waitFor();
    await signIn(page);
    await page.getByText('No expenses yet.').waitFor();
    await lb.setSticky(false); // plain round-robin over two processes, each with its own memory store
    const finding = devtools.getByText('sessions-not-shared');
    const refused = async () => expensePosts((await Promise.all(lb.servers.map((s) => received(s.origin)))).flat()).filter((r) => r.status === 440).length;

    // A person working on: sign in again when asked, else add an expense.
    const submitted: string[] = [];
    for (let step = 0; step < 12 && !((await finding.count()) > 0 && (await refused()) > 0); step += 1) {
      await relogin(page)
        .waitFor({ timeout: 1500 })
        .catch(() => {}); // a 440 may be on its way
      if (await relogin(page).isVisible()) {
        await reloginIn(page);
        // Either the replays went through (the modal closes) or they met the other process again.
        await Promise.race([
          relogin(page).waitFor({ state: 'detached', timeout: 3000 }),
          relogin(page).getByText('the server still says your session has ended').waitFor({ timeout: 3000 }),
        ]).catch(() => {});
      } else {
        const merchant = `Taxi ${submitted.length + 1}`;
        await fillForm(page, { ...FORM, Merchant: merchant });
        await page.getByRole('button', { name: 'Add expense' }).click();
        submitted.push(merchant);
        await Promise.race([saved(page, merchant).waitFor({ timeout: 3000 }), relogin(page).waitFor({ timeout: 3000 })]).catch(() => {});
      }
    }
    await finding.waitFor({ timeout: 1000 });
    await relogin(page)
      .waitFor({ timeout: 3000 })
      .catch(() => {});
    await screenshot(page, 'devtools-sessions-not-shared.png');
    const before = (await Promise.all(lb.servers.map((s) => received(s.origin)))).flat();
    expect(before.filter((r) => r.status === 440).length, 'the classic 440s').toBeGreaterThanOrEqual(2);
    expect(await refused(), 'a submission met a 440').toBeGreaterThan(0);

    // The fix, live: sticky sessions at the load balancer. One more sign-in and everything parked goes through.
    await lb.setSticky(true);
    if (await relogin(page).isVisible()) await reloginIn(page);
    await relogin(page).waitFor({ state: 'detached', timeout: 10_000 });
    for (const merchant of submitted) await page.getByRole('cell', { name: merchant, exact: true }).waitFor({ timeout: 10_000 });
    await expect(page.getByText('Not saved').count()).resolves.toBe(0);

    // Nothing lost, nothing twice: every submission reached a server that knew the session exactly once.
    const posts = expensePosts((await Promise.all(lb.servers.map((s) => received(s.origin)))).flat());
    const refs = [...new Set(posts.map((r) => r.ref))];
    expect(refs).toHaveLength(submitted.length);
    for (const ref of refs)
      expect(
        posts.filter((r) => r.ref === ref && r.status === 201),
        `${ref} saved once`,
      ).toHaveLength(1);
    timings.push(`5b ${submitted.length} submissions, ${before.filter((r) => r.status === 440).length} answers 440 before the fix`);
  });
}, 90_000);

it('6. IIS mode: the 302 to the login page parks the submit and the re-login replays it', async () => {
  await timed('6 IIS mode, 302', async () => {
    const origin = await startDemo({ IIS: '1', SESSION_TTL: '60', IDLE_TIMEOUT: '60', WARNING_BEFORE: '20', KEEPALIVE_INTERVAL: '1' });
    const page = await openApp(origin);
    await signIn(page);
    await fillForm(page);
    expect((await context!.request.post(`${origin}/demo/end-session`)).status()).toBe(204);

    await page.getByRole('button', { name: 'Add expense' }).click();
    await relogin(page).waitFor({ timeout: 5000 });
    const [redirected] = expensePosts(await received(origin));
    expect(redirected).toMatchObject({ status: 302 });

    await reloginIn(page);
    await saved(page, FORM.Merchant).waitFor({ timeout: 5000 });
    expect(expensePosts(await received(origin)).map((r) => [r.ref, r.status])).toEqual([
      [redirected!.ref, 302],
      [redirected!.ref, 201],
    ]);
    // The keepalive (not parked, so it follows the redirect) lands on the login page's 200: the
    // app's isExpired recognises it, and typing alone brings the re-login.
    expect((await context!.request.post(`${origin}/demo/end-session`)).status()).toBe(204);
    await page.waitForTimeout(1100); // one keepalive interval
    await page.getByLabel('Attendees').pressSequentially('Ada', { delay: 50 });
    await relogin(page).waitFor({ timeout: 5000 });
    const log = await received(origin);
    expect(log.filter((r) => r.path === '/api/session/keepalive').at(-1)).toMatchObject({ method: 'POST', status: 302 });
    expect(log.at(-1)).toMatchObject({ method: 'GET', path: '/Account/Login', status: 200 });
  });
}, 60_000);
