// The optional theme as a Vite 8 app ships it: `vite build` with the default CSS target lowers
// modern colour syntax through Lightning CSS. The dialogs must still be opaque and readable, in a
// light and a dark system, and under <html data-rst-theme>.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from './chromium.ts';
import { listenOnLoopback, closeServer } from '../support/loopback.ts';

let css: string;
let server: Server;
let origin: string;
let browser: Browser;

/** The theme built by Vite as an app importing it would be, with Vite's defaults. */
async function builtTheme(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'rst-theme-'));
  try {
    await writeFile(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
    await writeFile(path.join(root, 'main.js'), `import ${JSON.stringify(path.resolve('src/styles.css'))};`);
    await build({ root, logLevel: 'silent', configFile: false, build: { outDir: 'dist' } });
    const assets = path.join(root, 'dist', 'assets');
    const file = (await readdir(assets)).find((name) => name.endsWith('.css'))!;
    return await readFile(path.join(assets, file), 'utf8');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  css = await builtTheme();
  server = createServer((request, response) => {
    if (request.url === '/theme.css') return void response.writeHead(200, { 'Content-Type': 'text/css' }).end(css);
    const theme = new URL(request.url!, 'http://x').searchParams.get('theme');
    response.writeHead(200, { 'Content-Type': 'text/html' }).end(
      `<!doctype html><html lang="en"${theme ? ` data-rst-theme="${theme}"` : ''}><link rel="stylesheet" href="/theme.css">
      <div data-rst="overlay"></div>
      <div data-rst="dialog" role="alertdialog" aria-label="Warning"><h2 data-rst="title">Your session is about to expire</h2>
      <button data-rst="primary">Stay signed in</button></div>`,
    );
  });
  origin = await listenOnLoopback(server);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
});

async function colours(scheme: 'light' | 'dark', theme?: 'light' | 'dark') {
  const page = await browser.newPage({ colorScheme: scheme });
  try {
    await page.goto(`${origin}/${theme ? `?theme=${theme}` : ''}`);
    return await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        surface: style('[data-rst="dialog"]').backgroundColor,
        text: style('[data-rst="dialog"]').color,
        primary: style('[data-rst="primary"]').backgroundColor,
        overlay: style('[data-rst="overlay"]').backgroundColor,
      };
    });
  } finally {
    await page.close();
  }
}

describe('the optional theme after a default Vite 8 build', () => {
  it.each([
    ['a light system', 'light', undefined, 'rgb(255, 255, 255)', 'rgb(17, 24, 39)'],
    ['a dark system', 'dark', undefined, 'rgb(30, 36, 48)', 'rgb(243, 244, 246)'],
    ['a dark system, the page kept light', 'dark', 'light', 'rgb(255, 255, 255)', 'rgb(17, 24, 39)'],
    ['a light system, the page made dark', 'light', 'dark', 'rgb(30, 36, 48)', 'rgb(243, 244, 246)'],
  ] as const)('draws an opaque, readable dialog in %s', async (_, scheme, theme, surface, text) => {
    const seen = await colours(scheme, theme);
    expect(seen.surface).toBe(surface);
    expect(seen.text).toBe(text);
    expect(seen.primary).not.toBe('rgba(0, 0, 0, 0)');
    expect(seen.overlay).not.toBe('rgba(0, 0, 0, 0)');
  });
});
