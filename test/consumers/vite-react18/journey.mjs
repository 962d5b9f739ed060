// The journey of a person in the built app, in Chromium: warning, "Stay signed in", the server
// drops the session, a save meets 440, re-login (a wrong password first), the save is replayed
// once, and what the person typed is still there.
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../lib/chromium.mjs';
import { PASSWORD, startServer } from './server.mjs';

const root = fileURLToPath(new URL('./dist', import.meta.url));
const server = await startServer(root);
const browser = await launchChromium();
const errors = [];
let step = 'start';
let ok = false;
const started = Date.now();
const timings = [];
const mark = (name) => timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);

try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs the 440 and the wrong password's 401 as failed loads: those are the journey.
    const expected = /^Failed to load resource: the server responded with a status of (440|401)\b/.test(message.text());
    if ((message.type() === 'error' || message.type() === 'warning') && !expected) errors.push(`console.${message.type()}: ${message.text()}`);
  });
  const notes = () => server.state.log.filter((entry) => entry.path === '/api/notes');
  const expect = (condition, what) => {
    if (!condition) throw new Error(what);
  };

  step = 'the app renders, session active';
  await page.goto(server.url);
  await page.getByTestId('status').filter({ hasText: 'active' }).waitFor();
  expect(await page.getByText('we will sign you out').isVisible(), 'SessionTimeoutNotice not shown');

  step = 'the person types';
  await page.getByLabel('Title').fill('Groceries');
  await page.getByLabel('Note').click();
  await page.keyboard.type('milk, eggs, bread');
  mark('typed');

  step = 'the warning appears (role=alertdialog) with focus on "Stay signed in"';
  const warning = page.getByRole('alertdialog');
  await warning.waitFor({ timeout: 15_000 });
  mark('warning');
  const stay = warning.getByRole('button', { name: 'Stay signed in' });
  expect(await stay.evaluate((button) => button === document.activeElement), '"Stay signed in" is not focused');
  expect((await page.getByTestId('status').textContent()) === 'warning', 'status is not warning');

  step = '"Stay signed in" keeps the session (one keepalive POST)';
  const pingsBefore = server.state.log.filter((entry) => entry.path === '/api/session/keepalive').length;
  await stay.click();
  await warning.waitFor({ state: 'detached' });
  await page.getByTestId('status').filter({ hasText: 'active' }).waitFor();
  const pings = server.state.log.filter((entry) => entry.path === '/api/session/keepalive').slice(pingsBefore);
  expect(pings.length === 1 && pings[0].method === 'POST' && pings[0].status === 204, `keepalive after "Stay signed in": ${JSON.stringify(pings)}`);
  mark('stayed');

  step = 'the server drops the session; the save meets 440 and the re-login modal opens';
  server.expire();
  await page.getByRole('button', { name: 'Save' }).click();
  const relogin = page.getByRole('dialog');
  await relogin.getByLabel('Username').waitFor();
  expect(notes().length === 1 && notes()[0].status === 440, `first save: ${JSON.stringify(notes())}`);
  expect((await page.getByTestId('result').textContent()) === '', 'a result was shown before the re-login');
  mark('relogin');

  step = 'a wrong password: the login throws, its message shows, the request stays parked';
  await relogin.getByLabel('Username').fill('ada');
  await relogin.getByLabel('Password').fill('wrong');
  await relogin.getByRole('button', { name: 'Sign in' }).click();
  await relogin.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
  expect(notes().length === 1, 'the save was sent again after a failed sign-in');

  step = 'the person signs in; the parked save is replayed once and its result shows';
  await relogin.getByLabel('Password').fill(PASSWORD);
  await relogin.getByRole('button', { name: 'Sign in' }).click();
  await relogin.waitFor({ state: 'detached' });
  await page.getByTestId('result').filter({ hasText: 'Saved note 1: Groceries' }).waitFor();
  await page.waitForTimeout(500);
  expect(notes().length === 2 && notes()[1].status === 200, `saves: ${JSON.stringify(notes())}`);
  expect(JSON.parse(notes()[1].body).text === 'milk, eggs, bread', 'the replay did not carry the note');
  mark('replayed');

  step = 'what the person typed is still in the page';
  expect((await page.getByLabel('Title').inputValue()) === 'Groceries', 'title lost');
  expect((await page.getByLabel('Note').inputValue()) === 'milk, eggs, bread', 'note lost');
  expect((await page.getByTestId('status').textContent()) === 'active', 'status is not active after the re-login');

  step = 'no console error or page error';
  expect(errors.length === 0, errors.join(' | '));
  ok = true;
} catch (error) {
  console.error(`  at step "${step}": ${error.message.split('\n')[0]}`);
  if (errors.length) console.error(`  console/page errors: ${errors.join(' | ')}`);
} finally {
  await browser.close();
  await server.close();
}
console.log(`NOTE journey ${ok ? 'passed' : 'failed'}: ${timings.join(', ')}`);
process.exit(ok ? 0 : 1);
