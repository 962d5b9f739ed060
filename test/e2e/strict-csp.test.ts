// Enterprise pages in real Chromium: the warning and the re-login on pages served with a strict
// Content-Security-Policy (no 'unsafe-inline'), with a nonce, and with Trusted Types required.
// The page records every `securitypolicyviolation` from a same-origin script that runs before
// anything else; the test also hears the console's errors. Whatever the library would inject (a
// <style> element, a style attribute, an HTML string) shows up as a violation.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { bundleHarness, launchChromium } from './chromium.ts';
import { listenOnLoopback, closeServer } from '../support/loopback.ts';

// On the page's test clock: the test moves it.
const IDLE = 10 * 60_000;
const WARNING = 2 * 60_000;
const NONCE = 'r4nd0mN0nce';
const STRICT = "default-src 'self'; style-src 'self'; script-src 'self'";

/** The pages, by name: their policy, and whether they link the optional theme. */
const pages = {
  strict: { policy: STRICT, theme: false, nonce: false },
  nonce: { policy: `default-src 'self'; style-src 'self' 'nonce-${NONCE}'; script-src 'self' 'nonce-${NONCE}'`, theme: true, nonce: true },
  'trusted-types': { policy: `${STRICT}; require-trusted-types-for 'script'; trusted-types 'none'`, theme: false, nonce: false },
} as const;
type PageName = keyof typeof pages;

// Runs first, as its own same-origin file (an inline script would itself be a violation).
const LISTEN = `window.violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample, source: event.sourceFile, line: event.lineNumber });
});`;

// The page's own styles, from 'self': tall enough to scroll.
const PAGE_CSS = 'main { min-height: 500vh; }';

function html(name: PageName): string {
  const { theme, nonce } = pages[name];
  const n = nonce ? ` nonce="${NONCE}"` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>loading</title>
<script src="/listen.js"${n}></script>
<link rel="stylesheet" href="/page.css"${n}>${theme ? `\n<link rel="stylesheet" href="/styles.css"${n}>` : ''}
<script type="module" src="/harness.js"${n}></script>
</head><body><div id="root"></div></body></html>`;
}

let server: Server;
let browser: Browser;
let context: BrowserContext | undefined;
let origin: string;

beforeAll(async () => {
  const [script, theme] = await Promise.all([bundleHarness('test/e2e/csp-harness.tsx'), readFile('src/styles.css', 'utf8')]);
  const files: Record<string, [string, string]> = {
    '/listen.js': ['text/javascript', LISTEN],
    '/harness.js': ['text/javascript', script],
    '/page.css': ['text/css', PAGE_CSS],
    '/styles.css': ['text/css', theme],
  };
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = files[url.pathname];
    if (file) {
      response.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end(); // not a console error
      return;
    }
    const name = url.searchParams.get('page') as PageName | null;
    if (url.pathname !== '/' || name === null || !(name in pages)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': pages[name].policy }).end(html(name));
  });
  origin = await listenOnLoopback(server);
  browser = await launchChromium({ scrollbars: true }); // the lock must not shift the page sideways
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

type Violation = { directive: string; blocked: string; sample: string; source: string; line: number };
declare const harness: { advance(ms: number): void; status(): string };
declare global {
  interface Window {
    violations: Violation[];
  }
}

async function open(name: PageName): Promise<{ page: Page; consoleErrors: string[] }> {
  context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  const response = await page.goto(`${origin}/?page=${name}&idle=${IDLE}&warning=${WARNING}`);
  expect(response?.headers()['content-security-policy']).toBe(pages[name].policy);
  await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 15_000 });
  return { page, consoleErrors };
}

const scrollY = (page: Page) => page.evaluate(() => Math.round(window.scrollY));

/** How far the page moved for each: a real wheel down and up over the middle of the page, then a real PageDown and PageUp. */
async function tryToScroll(page: Page): Promise<{ wheelDown: number; wheelUp: number; pageDown: number; pageUp: number }> {
  // From the middle of the page, so that each way is open. (A script may scroll a locked page;
  // the person may not.)
  await page.evaluate(() => window.scrollTo(0, 1000));
  const moved = async (act: () => Promise<void>) => {
    const start = await scrollY(page);
    await act();
    await page.waitForTimeout(300); // wheel and key scrolling are animated
    return (await scrollY(page)) - start;
  };
  await page.mouse.move(500, 350);
  return {
    wheelDown: await moved(() => page.mouse.wheel(0, 400)),
    wheelUp: await moved(() => page.mouse.wheel(0, -400)),
    pageDown: await moved(() => page.keyboard.press('PageDown')),
    pageUp: await moved(() => page.keyboard.press('PageUp')),
  };
}

/** Each way moved the page (down: more than 0; up: less than 0). */
function scrolledEachWay(moves: Awaited<ReturnType<typeof tryToScroll>>) {
  return { wheelDown: moves.wheelDown > 0, wheelUp: moves.wheelUp < 0, pageDown: moves.pageDown > 0, pageUp: moves.pageUp < 0 };
}
const everyWay = { wheelDown: true, wheelUp: true, pageDown: true, pageUp: true };
const still = { wheelDown: 0, wheelUp: 0, pageDown: 0, pageUp: 0 };

describe.each(Object.keys(pages) as PageName[])('on a page served with the %s policy', (name) => {
  it('The warning and the re-login open, lock the page behind and close again, with no policy violation', async () => {
    const { page, consoleErrors } = await open(name);
    const seen = () => page.evaluate(() => window.violations.slice());
    // The page's layout width: what moves sideways when a scrollbar goes.
    const width = () => page.evaluate(() => document.body.getBoundingClientRect().width);

    expect(scrolledEachWay(await tryToScroll(page)), 'the page scrolls before the dialogs').toEqual(everyWay);
    const widthBefore = await width();
    expect(widthBefore, 'the layout width beside a classic scrollbar').toBeLessThan(1000 - 16); // the body's margins too

    await page.evaluate((ms) => harness.advance(ms), IDLE - WARNING);
    await expect.poll(() => page.getByRole('alertdialog', { name: 'Your session is about to expire' }).isVisible()).toBe(true);
    await page.waitForTimeout(200); // the open animation and anything it may inject
    expect.soft(await seen(), 'violations while the warning is open').toEqual([]);
    expect.soft(await tryToScroll(page), 'the page behind the warning scrolled').toEqual(still);
    expect.soft(await width(), 'the layout width while the warning is open').toBe(widthBefore);

    await page.evaluate((ms) => harness.advance(ms), WARNING);
    const relogin = page.getByRole('dialog', { name: 'Your session has expired' });
    await expect.poll(() => relogin.isVisible()).toBe(true);
    await page.waitForTimeout(200);
    expect.soft(await seen(), 'violations while the re-login is open').toEqual([]);
    expect.soft(await tryToScroll(page), 'the page behind the re-login scrolled').toEqual(still);

    await relogin.getByLabel('Username').fill('ada');
    await relogin.getByLabel('Password').fill('secret');
    await relogin.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.evaluate(() => harness.status())).toBe('active');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    expect(scrolledEachWay(await tryToScroll(page)), 'the page scrolls after signing in').toEqual(everyWay);
    expect(await width(), 'the layout width after signing in').toBe(widthBefore);
    expect(await seen(), 'violations after signing in').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
  });
});
