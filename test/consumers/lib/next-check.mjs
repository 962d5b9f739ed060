// `next start` on a free loopback port, then each route in Chromium: no hydration error, no console
// error, no page error, and the session's status and time left rendered.
// Usage: node ../lib/next-check.mjs <route>...   (run in the fixture's folder, after `next build`)
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

import { freePort, launchChromium } from './chromium.mjs';

const routes = process.argv.slice(2);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn('node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(port)], {
  detached: true, // its own process group, so the whole server goes when it is stopped
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
// run.sh stops whatever is left in this list when it exits, however it exits.
if (process.env.RST_PIDS) appendFileSync(process.env.RST_PIDS, `${server.pid}\n`);
let serverLog = '';
server.stdout.on('data', (chunk) => (serverLog += chunk));
server.stderr.on('data', (chunk) => (serverLog += chunk));
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
};

const HYDRATION = /Minified React error #(418|423|425)|Hydration failed|hydrat|did not match|server rendered (HTML|text) didn't match/i;
const failures = [];
let browser;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).status < 500) break;
    } catch {}
    if (i > 300 || server.exitCode !== null) throw new Error(`next start did not answer on ${base}:\n${serverLog}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // A server that has served before, as in production: each route once, then more than a second
  // later the browser. A clock read while rendering shows up as a mismatch between the two.
  for (const route of routes) await (await fetch(base + route, { headers: { cookie: 'visit=warm-up' } })).text();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  browser = await launchChromium();
  const context = await browser.newContext();
  await context.addCookies([{ name: 'visit', value: 'cookie-42', url: base }]);
  for (const route of routes) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message.split('\n')[0]}`));
    page.on('response', (answer) => {
      if (answer.status() >= 400) errors.push(`HTTP ${answer.status()} for ${answer.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text().split('\n')[0]}`);
    });
    const response = await page.goto(base + route, { waitUntil: 'load' });
    const html = response ? await response.text() : '';
    await page
      .getByTestId('status')
      .waitFor({ timeout: 10_000 })
      .catch(() => {});
    await page.waitForTimeout(2_500); // hydration, recoverable errors, and two ticks of the countdown
    const status = await page
      .getByTestId('status')
      .textContent()
      .catch(() => null);
    const remaining = Number(
      await page
        .getByTestId('remaining')
        .textContent()
        .catch(() => 'NaN'),
    );
    const problems = [];
    if (response?.status() !== 200) problems.push(`HTTP ${response?.status()}`);
    if (!html.includes('data-testid="status"')) problems.push('the server HTML has no session status');
    if (status !== 'active') problems.push(`status after hydration: ${status}`);
    if (!(remaining > 0)) problems.push(`time left after hydration: ${remaining}`);
    if (route === '/dynamic' && !(await page.getByTestId('cookie').textContent())?.includes('cookie-42')) problems.push('cookies() not read per request');
    const hydration = errors.filter((line) => HYDRATION.test(line));
    if (hydration.length) problems.push(`HYDRATION ERROR: ${hydration.join(' | ')}`);
    const others = errors.filter((line) => !HYDRATION.test(line));
    if (others.length) problems.push(`console/page errors: ${others.join(' | ')}`);
    console.log(`NOTE ${route}: ${problems.length ? problems.join('; ') : `clean (status ${status}, ${remaining} s left)`}`);
    if (problems.length) failures.push(route);
    await page.close();
  }
} catch (error) {
  console.error(error.message);
  failures.push('(setup)');
} finally {
  await browser?.close();
  stop();
}
if (/error/i.test(serverLog)) console.log(`NOTE next start logged:\n${serverLog.trim()}`);
process.exit(failures.length ? 1 : 0);
