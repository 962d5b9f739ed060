// The app on the Vite dev server (`vite`, not a build: its dependency pre-bundling is esbuild), in
// Chromium. Each check starts its own server; a server that exits fails the check with its output.
//
//   node dev.mjs devtools   devtools.html: the server stays up after the first page load, the page
//                           renders, "Session devtools" opens the panel; no page or console error
//   node dev.mjs journey    index.html, the README's quick start around src/App.tsx: save (200), the
//                           server ends the session, save (440), the re-login modal, sign in, the
//                           save is replayed once; no console warning or error all along
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

import { freePort, launchChromium } from '../lib/chromium.mjs';

const PASSWORD = 'correct horse'; // as vite.config.ts's /api/login wants it
const which = process.argv[2];
if (which !== 'devtools' && which !== 'journey') throw new TypeError(`dev.mjs: expected devtools or journey, got ${which}`);

/** `vite` on a free port; resolves once it printed its URL ("ready"), rejects if it exits first. */
async function startDevServer() {
  const port = await freePort();
  // --force: pre-bundle from scratch, as on a first start; detached: its own process group.
  const child = spawn('node_modules/.bin/vite', ['--port', String(port), '--strictPort', '--host', '127.0.0.1', '--force'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (process.env.RST_PIDS) appendFileSync(process.env.RST_PIDS, `${child.pid}\n`);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(`exit ${code ?? signal}`)));
  const ready = new Promise((resolve) => {
    const poll = setInterval(() => output.includes(`http://127.0.0.1:${port}/`) && (clearInterval(poll), resolve('ready')), 50);
  });
  const first = await Promise.race([ready, exited, new Promise((resolve) => setTimeout(resolve, 30_000, 'timeout'))]);
  if (first !== 'ready') throw new Error(`vite dev server did not start (${first}):\n${output}`);
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

const server = await startDevServer();
const browser = await launchChromium();
const problems = [];
const findings = [];
const DEVTOOLS_FINDING = /^\[react-session-timeout\] The server ended the session while the person was active \(server-timeout-shorter\)/;
let step = 'start';
let ok = false;
const started = Date.now();
const timings = [];
const mark = (name) => timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
const expect = (condition, what) => {
  if (!condition) throw new Error(what);
};
const serverLog = async () => (await fetch(`${server.url}/__test/log`)).json();
const saves = async () => (await serverLog()).filter((entry) => entry.path === '/api/save').map((entry) => entry.status);

try {
  const page = await browser.newPage();
  // A page that throws while rendering fails the step at once instead of at its timeout.
  let failPage;
  const pageFailed = new Promise((_, reject) => (failPage = reject));
  pageFailed.catch(() => {});
  const rendered = (locator) => Promise.race([locator.waitFor({ timeout: 20_000 }), pageFailed]);
  page.on('pageerror', (error) => {
    problems.push(`pageerror: ${error.message}`);
    failPage(new Error(`the page threw: ${error.message}`));
  });
  page.on('console', (message) => {
    const type = message.type();
    const text = message.text();
    // Chromium itself logs a response with an error status as a failed load: the 440 is the journey.
    if (type === 'error' && /^Failed to load resource: the server responded with a status of 440\b/.test(text)) return;
    // The devtools' finding for what the journey stages: the server ending the session of a person
    // who just clicked Save. It is the devtools working (counted and printed), not the quick start.
    if (type === 'warning' && DEVTOOLS_FINDING.test(text)) return void findings.push(text);
    if (type === 'error' || (which === 'journey' && type === 'warning')) problems.push(`console.${type}: ${text}`);
  });

  if (which === 'devtools') {
    step = 'the page renders with the devtools imported';
    await page.goto(`${server.url}/devtools.html`);
    await rendered(page.getByRole('heading', { name: 'Devtools in the dev server' }));
    mark('rendered');

    step = '"Session devtools" opens the panel (a region named "Session devtools")';
    await page.getByRole('button', { name: 'Session devtools' }).click();
    await page.getByRole('region', { name: 'Session devtools' }).waitFor();
    mark('panel');

    step = 'the dev server is still up after the first page load';
    await page.waitForTimeout(1500);
    expect(server.running(), 'vite exited');
    expect((await fetch(`${server.url}/devtools.html`)).ok, 'vite no longer answers');
    expect(!/error/i.test(server.output()), 'vite printed an error');
  } else {
    step = 'the README quick start renders the app';
    await page.goto(server.url);
    const save = page.getByRole('button', { name: 'Save' });
    await rendered(save);
    // A quick start that starts signedOut asks GET /api/session who is signed in, then resumes.
    await page
      .getByTestId('status')
      .filter({ hasText: /^active$/ })
      .waitFor();
    mark('rendered');

    step = 'a save while signed in (200)';
    await save.click();
    await page.getByTestId('result').filter({ hasText: 'Saved (1 so far).' }).waitFor();
    expect(JSON.stringify(await saves()) === '[200]', `saves: ${JSON.stringify(await saves())}`);

    step = 'the server ends the session; the next save meets 440 and the re-login modal opens';
    await fetch(`${server.url}/__test/end-session`, { method: 'POST' });
    await save.click();
    const relogin = page.getByRole('dialog', { name: 'Your session has expired' });
    await relogin.waitFor();
    expect(JSON.stringify(await saves()) === '[200,440]', `saves: ${JSON.stringify(await saves())}`);
    mark('relogin');

    step = 'the person signs in; the parked save is replayed exactly once';
    await relogin.getByLabel('Username').fill('ada');
    await relogin.getByLabel('Password').fill(PASSWORD);
    await relogin.getByRole('button', { name: 'Sign in' }).click();
    await relogin.waitFor({ state: 'detached' });
    await page.getByTestId('result').filter({ hasText: 'Saved (2 so far).' }).waitFor();
    await page.waitForTimeout(500); // a second replay would have arrived by now
    expect(JSON.stringify(await saves()) === '[200,440,200]', `saves: ${JSON.stringify(await saves())}`);
    mark('replayed');
    expect(server.running(), 'vite exited');
  }

  step = which === 'journey' ? 'no console warning or error' : 'no page error or console error';
  expect(problems.length === 0, problems.join(' | '));
  ok = true;
} catch (error) {
  console.error(`  at step "${step}": ${error.message.split('\n')[0]}`);
  if (problems.length) console.error(`  page/console: ${problems.join(' | ')}`);
  console.error(`  vite output:\n${server.output().replace(/^/gm, '    ')}`);
} finally {
  await browser.close();
  server.stop();
}
console.log(`NOTE dev server ${which} ${ok ? 'passed' : 'failed'}: ${timings.join(', ')}`);
if (findings.length) console.log(`NOTE the devtools logged the staged end as server-timeout-shorter (${findings.length}x)`);
process.exit(ok ? 0 : 1);
