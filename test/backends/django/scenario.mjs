// One configuration of the Django check: starts the server, drives the page in headless Chromium
// with real time, reads what the server processed from the server, prints PASS/FAIL per check.
//
//   node scenario.mjs cookie|session WORKDIR     (run.sh sets RST_CLIENT_DIR, RST_PIDS, RST_REPO)
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launchChromium } from '../../consumers/lib/chromium.mjs';

const [mode, dir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const sessionAge = 60; // s: SESSION_COOKIE_AGE (40 s leaves no room for a ping before a 20 s warning: see the report)
const warningBefore = 20; // s: the page's warningBefore
const name = `django (${mode === 'session' ? 'CSRF_USE_SESSIONS' : 'CSRF cookie'})`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const started = Date.now();
const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let failures = 0;
function check(title, ok, detail = '') {
  if (!ok) failures += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${title}${detail ? ` (${detail})` : ''}`);
}
const note = (text) => console.log(`NOTE ${name}: ${text}`);

// --- the server ----------------------------------------------------------------------------------
mkdirSync(dir, { recursive: true });
const env = { ...process.env, RST_DIR: dir, RST_SESSION_AGE: String(sessionAge), RST_CSRF_SESSIONS: mode === 'session' ? '1' : '0' };
execFileSync('/usr/bin/python3', [join(here, 'app.py'), 'setup'], { env, stdio: 'inherit' });
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const log = openSync(join(dir, 'server.log'), 'a');
const server = spawn('/usr/bin/python3', [join(here, 'app.py'), 'runserver', '--noreload', `127.0.0.1:${port}`], {
  env,
  detached: true, // its own process group, stopped as one
  stdio: ['ignore', log, log],
});
if (process.env.RST_PIDS) appendFileSync(process.env.RST_PIDS, `${server.pid}\n`);
const stopServer = () => {
  try {
    process.kill(-server.pid);
  } catch {
    // already gone
  }
};
process.on('exit', stopServer);
process.on('SIGTERM', () => process.exit(143));
// Nothing here may wait for ever: a parked promise that never settles would.
setTimeout(() => {
  check(`the scenario ran to its end within 4 minutes (stopped at ${at()})`, false);
  process.exit(1);
}, 240_000).unref();

async function counts() {
  const response = await fetch(`${origin}/test/counts/`);
  return response.json();
}
for (let i = 0; ; i += 1) {
  try {
    await counts();
    break;
  } catch (error) {
    if (i > 100) throw error;
    await sleep(100);
  }
}

// --- the browser -----------------------------------------------------------------------------------
const browser = await launchChromium();
const page = await browser.newPage();
const consoleErrors = [];
page.on('console', (message) => {
  if (message.type() === 'error' && !/\b440\b/.test(message.text())) consoleErrors.push(message.text());
});
page.on('pageerror', (error) => consoleErrors.push(String(error)));
const record = () => page.evaluate(() => ({ snapshots: window.__rst.snapshots, signIns: window.__rst.signIns, loginAnswers: window.__rst.loginAnswers }));
const status = () => page.evaluate(() => window.__rst.session.getSnapshot().status);
const note_ = page.getByRole('textbox', { name: 'Note' });
// The note as it stands behind an open modal (which hides the page from assistive technology).
const typedNote = page.getByRole('textbox', { name: 'Note', includeHidden: true });

try {
  await page.goto(origin);

  // A wrong password: Django's LoginView answers 200 and the form again.
  const form = page.getByRole('form', { name: 'Sign in to Notes' });
  await form.getByLabel('Your username').fill('ada');
  await form.getByLabel('Your password').fill('wrong');
  await form.getByRole('button', { name: 'Sign in to Notes' }).click();
  await form.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor({ timeout: 10_000 });
  let c = await counts();
  const [wrong] = (await record()).loginAnswers;
  check(
    'a wrong password is refused',
    c.loginFailed === 1 && c.loginOk === 0 && c.alive.length === 0 && (await status()) === 'signedOut',
    `LoginView answered ${wrong?.status}, ok ${wrong?.ok}: a response.ok check would have taken it for a sign-in`,
  );

  await form.getByLabel('Your password').fill('lovelace');
  await form.getByRole('button', { name: 'Sign in to Notes' }).click();
  await page.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 10_000 });
  c = await counts();
  check('sign in through the page', c.loginOk === 1 && c.alive.length === 1 && (await status()) === 'active');

  // An authenticated POST, both ways; the form's answer is post/redirect/get: processed once.
  await note_.fill('first');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /^Saved$/ })
    .waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Save as form' }).click();
  for (let i = 0; i < 50 && (await counts()).formSaves === 0; i += 1) await sleep(100);
  await page
    .getByRole('status')
    .filter({ hasText: /^Saved$/ })
    .waitFor({ timeout: 10_000 });
  await sleep(500);
  c = await counts();
  check(
    'an authenticated POST (JSON, and a form answered with post/redirect/get, each processed once)',
    c.jsonSaves === 1 && c.formSaves === 1 && c.csrfFailures === 0 && (await status()) === 'active',
    `json ${c.jsonSaves}, form ${c.formSaves}, CSRF failures ${c.csrfFailures}`,
  );

  // The person works: a move and a key every 3 s for 1.5x the server's session.
  const workStart = Date.now();
  const keepalivesBefore = c.keepalives;
  let sawWarningWhileWorking = false;
  for (let i = 0; Date.now() - workStart < 1.5 * sessionAge * 1000; i += 1) {
    await page.mouse.move(100 + (i % 7) * 20, 200 + (i % 5) * 10);
    await note_.press('End');
    await page.keyboard.type(String(i % 10));
    if (await page.getByRole('alertdialog').isVisible()) sawWarningWhileWorking = true;
    await sleep(3000);
  }
  c = await counts();
  const pings = c.keepalives - keepalivesBefore;
  check(
    `the keepalive holds the server session through 1.5x its timeout (${sessionAge} s) while the person works`,
    c.alive.length === 1 && c.alive[0] - c.now > 0 && pings >= 2 && !sawWarningWhileWorking && (await status()) === 'active',
    `${pings} pings in ${((Date.now() - workStart) / 1000).toFixed(0)} s, ${c.alive.length ? (c.alive[0] - c.now).toFixed(1) : '-'} s left, warning shown: ${sawWarningWhileWorking}`,
  );
  const typed = await note_.inputValue();

  // Idle: nothing sent, the warning before the server's end, then the server ends the session.
  await sleep(1500); // a ping already on its way
  c = await counts();
  const idleKeepalives = c.keepalives;
  const serverEnd = c.alive[0];
  await page.getByRole('alertdialog').waitFor({ timeout: (sessionAge + 5) * 1000 });
  const warnedAt = Date.now() / 1000;
  check(
    'the warning (alertdialog) opens before the server ends the session',
    serverEnd - warnedAt > warningBefore - 5,
    `${(serverEnd - warnedAt).toFixed(1)} s before the server's end`,
  );
  while (Date.now() / 1000 < serverEnd + 1) await sleep(250);
  c = await counts();
  await page.getByRole('dialog', { name: 'Your session has expired' }).waitFor({ timeout: 5000 });
  check('while idle it sends nothing', c.keepalives === idleKeepalives, `${c.keepalives - idleKeepalives} pings while idle`);
  check('the server ends the session, and the page knows', c.alive.length === 0 && (await status()) === 'expired');

  // A save while expired parks; what was typed is still there.
  const saved = page.evaluate(() => window.__rst.save('json', 'parked while expired').then((response) => response.status));
  saved.catch(() => {}); // awaited below; a scenario cut short must not end in an unhandled rejection
  await sleep(1000);
  c = await counts();
  const parkedSnapshot = await page.evaluate(() => window.__rst.session.getSnapshot());
  check(
    'a POST made after the end parks (the re-login is open, the note is still there)',
    parkedSnapshot.parked === 1 && c.jsonSaves === 1 && (await typedNote.inputValue()) === typed && typed.length > 5,
  );

  // Sign in again in the re-login modal; the replay reaches the server once with a valid token.
  const relogin = async () => {
    const modal = page.getByRole('dialog', { name: 'Your session has expired' });
    await modal.getByLabel('Username').fill('ada');
    await modal.getByLabel('Password').fill('lovelace');
    await modal.getByRole('button', { name: 'Sign in' }).click();
    await modal.waitFor({ state: 'detached', timeout: 15_000 });
  };
  await relogin();
  const replayStatus = await saved;
  await sleep(2000);
  c = await counts();
  check('sign in again', c.loginOk === 2 && c.alive.length === 1 && (await status()) === 'active');
  check(
    'the replay reaches the server exactly once with a valid CSRF token',
    replayStatus === 200 && c.jsonSaves === 2 && c.saved.filter((s) => s.text === 'parked while expired').length === 1 && c.csrfFailures === 0,
    `answered ${replayStatus}, json saves ${c.jsonSaves}, CSRF failures ${c.csrfFailures}`,
  );

  // The server ends the session while the page still thinks it is alive: Save and Save as form
  // meet @login_required's redirect to /accounts/login/, park, and are replayed once after the sign-in.
  await fetch(`${origin}/test/end-sessions/`, { method: 'POST' });
  await note_.fill('after the server forgot');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('dialog', { name: 'Your session has expired' }).waitFor({ timeout: 10_000 });
  await page.evaluate(() => {
    void window.__rst.save('form', 'after the server forgot'); // parked: its promise waits for the sign-in
  });
  await sleep(1000);
  const before = await counts();
  const snapshot = await page.evaluate(() => window.__rst.session.getSnapshot());
  check(
    'a POST the server redirects to the login page parks (reason response, the note is still there)',
    snapshot.status === 'expired' &&
      snapshot.reason === 'response' &&
      snapshot.parked === 2 &&
      before.jsonSaves === 2 &&
      before.formSaves === 1 &&
      (await typedNote.inputValue()) === 'after the server forgot',
    `status ${snapshot.status}, reason ${snapshot.reason}, parked ${snapshot.parked}`,
  );
  await relogin();
  await page
    .getByRole('status')
    .filter({ hasText: /^Saved$/ })
    .waitFor({ timeout: 10_000 });
  await sleep(2000);
  c = await counts();
  const replayed = c.saved.filter((s) => s.text === 'after the server forgot');
  check(
    'both replays (header token and form-body token) reach the server exactly once',
    c.loginOk === 3 && replayed.length === 2 && replayed.some((s) => s.via === 'json') && replayed.some((s) => s.via === 'form') && c.csrfFailures === 0,
    `processed ${replayed.map((s) => s.via).join(', ')}; CSRF failures ${c.csrfFailures}, refused while signed out ${c.csrfAnonymous}`,
  );

  // Over the whole run.
  const { snapshots, signIns } = await record();
  check('hardLimit never true under sliding expiration', snapshots.length > 0 && snapshots.every((s) => !s.hardLimit), `${snapshots.length} snapshots`);
  const revived = [];
  let endedAt = null;
  for (const s of snapshots) {
    if (s.status === 'expired' || s.status === 'signedOut') endedAt ??= s.t;
    else if (endedAt !== null) {
      if (!signIns.some((t) => t >= endedAt && t <= s.t)) revived.push(`${s.status} at ${new Date(s.t).toISOString()}`);
      endedAt = null;
    }
  }
  check('nothing revived without a sign-in', revived.length === 0, revived.join('; '));
  check('no unexpected console errors', consoleErrors.length === 0, consoleErrors.slice(0, 3).join(' | '));
  note(`${at()}, ${snapshots.length} snapshots, statuses ${[...new Set(snapshots.map((s) => s.status))].join(' ')}`);
} catch (error) {
  check(
    `the scenario ran to its end (stopped at ${at()})`,
    false,
    String(error?.stack ?? error)
      .split('\n')
      .slice(0, 4)
      .join(' '),
  );
  console.log(`console: ${consoleErrors.join(' | ')}`);
  console.log(`snapshots: ${JSON.stringify((await record().catch(() => ({ snapshots: [] }))).snapshots.slice(-8))}`);
  try {
    console.log(JSON.stringify(await counts()));
  } catch {
    // the server is gone
  }
} finally {
  await browser.close();
  stopServer();
}
process.exit(failures === 0 ? 0 : 1);
