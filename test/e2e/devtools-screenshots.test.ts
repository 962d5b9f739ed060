// The devtools panel in real Chromium as a person meets it, light and dark, on a short laptop
// screen and a phone: the finding first, the action row in view. DEVTOOLS_SCREENSHOTS=1 also
// writes docs/screenshots/devtools-*.png, the pictures the README shows.
import { createServer, type Server } from 'node:http';
import path from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bundleHarness, launchChromium } from './chromium.ts';
import { closeServer, listenOnLoopback } from '../support/loopback.ts';

const SCREENSHOTS = process.env.DEVTOOLS_SCREENSHOTS ? path.resolve('docs/screenshots') : null;

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  const script = await bundleHarness('test/e2e/devtools-harness.tsx');
  server = createServer((request, response) => {
    if (request.url === '/harness.js') response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    else if (request.url === '/') {
      response
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>loading</title><script type="module" src="/harness.js"></script></head><body style="margin:0"><div id="root"></div></body></html>',
        );
    } else response.writeHead(404).end();
  });
  origin = await listenOnLoopback(server);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server) await closeServer(server);
});

describe('the devtools panel with a finding, in Chromium', () => {
  it.each([
    ['light', 1280, 760, 'devtools-sessions-not-shared.png'],
    ['dark', 1280, 760, 'devtools-dark.png'],
    ['light', 320, 640, 'devtools-phone.png'],
    ['dark', 320, 640, 'devtools-phone-dark.png'],
  ] as const)('%s at %i x %i: the finding with its fix on top, the action row in view', async (colorScheme, width, height, file) => {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme });
    try {
      const page = await context.newPage();
      await page.goto(origin);
      await page.waitForFunction(() => document.title === 'ready');
      await page.getByRole('button', { name: 'Session devtools' }).click();
      const panel = page.getByRole('region', { name: 'Session devtools' });
      await panel.getByRole('list', { name: 'Findings' }).waitFor(); // the panel's chunk loads on the first open
      await expect(panel.getByRole('heading').allTextContents()).resolves.toEqual([
        'Session devtools',
        'Findings',
        'Status',
        'Timeline',
        'Events',
        'Parked requests',
      ]);
      await expect(panel.locator('header').textContent()).resolves.toMatch(/Expired \(expired response\), 1 parked/);
      await expect(panel.getByRole('list', { name: 'Findings' }).textContent()).resolves.toMatch(
        /Right after a sign-in the server said the session had expired, 2 times/,
      );
      for (const name of ['Export JSON', 'Clear', 'Close']) await expect(panel.getByRole('button', { name }).isVisible()).resolves.toBe(true);
      const bottom = await panel.getByRole('button', { name: 'Close' }).evaluate((button) => button.getBoundingClientRect().bottom);
      expect(bottom).toBeLessThanOrEqual(height);
      if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, file) });
    } finally {
      await context.close();
    }
  });
});
