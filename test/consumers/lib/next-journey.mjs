// A Server Action and a navigation through an expired session, in a built Next.js app
// (`next build && next start`), in Chromium. The app's server counts what it processed
// (GET /api/test): the action's saved notes with their arguments, and each render of the archive.
// Usage: node ../lib/next-journey.mjs   (run in the fixture's folder, after `next build`)
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

import { freePort, launchChromium } from './chromium.mjs';

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn('node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(port)], {
  detached: true, // its own process group, so the whole server goes when it is stopped
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
if (process.env.RST_PIDS) appendFileSync(process.env.RST_PIDS, `${server.pid}\n`);
let serverLog = '';
server.stdout.on('data', (chunk) => (serverLog += chunk));
server.stderr.on('data', (chunk) => (serverLog += chunk));

const failures = [];
/** One step of the scenario: what the person (or the server) sees, checked. */
function expect(what, ok, detail = '') {
  console.log(`NOTE ${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures.push(what);
}
/** What the page shows, on one line: for a failure's note. */
const bodyText = async (page) =>
  (
    await page
      .locator('body')
      .innerText()
      .catch(() => '')
  )
    .replace(/\s+/g, ' ')
    .slice(0, 160);
const processed = async () => (await fetch(`${base}/api/test`)).json();
/** Signs in through the re-login; when it did not open (the failure this checks), the cookie is set so the scenario goes on. */
async function signIn(context, relogin, opened) {
  if (!opened) return context.addCookies([{ name: 'session', value: 'ada', url: base }]);
  await relogin.getByLabel('Username').fill('ada');
  await relogin.getByLabel('Password').fill('secret');
  await relogin.getByRole('button', { name: 'Sign in' }).click();
}
const visible = (locator, timeout = 10_000) =>
  locator
    .waitFor({ state: 'visible', timeout })
    .then(() => true)
    .catch(() => false);

let browser;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/test`)).ok) break;
    } catch {}
    if (i > 300 || server.exitCode !== null) throw new Error(`next start did not answer on ${base}:\n${serverLog}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  browser = await launchChromium();
  const context = await browser.newContext();
  await context.addCookies([{ name: 'session', value: 'ada', url: base }]); // ada is signed in
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message.split('\n')[0]}`));
  const answers = [];
  page.on('response', (answer) => {
    const headers = answer.request().headers();
    if (headers['next-action']) answers.push(`action ${answer.status()}`);
    else if (headers.rsc === '1' && !headers['next-router-prefetch'] && !headers['next-router-segment-prefetch'])
      answers.push(`navigation ${new URL(answer.url()).pathname} ${answer.status()}`);
  });

  // --- The control: the same form and link with the router not connected (app/plain) -----------
  // What Next does alone, on this build: if it ever stopped losing the action or reloading, these
  // notes would say so, and the steps below would no longer prove the glue.
  const plain = await context.newPage();
  await plain.goto(`${base}/plain`);
  await plain.getByTestId('status').filter({ hasText: 'active' }).waitFor({ timeout: 10_000 });
  await plain.evaluate(() => (window.__sameDocument = true));
  await plain.getByLabel('Title', { exact: true }).fill('Lost note');
  await plain.getByLabel('Tags', { exact: true }).fill('control');
  await context.clearCookies({ name: 'session' });
  await plain.getByRole('button', { name: 'Save note' }).click();
  const failed = await visible(plain.getByRole('alert').filter({ hasText: 'Your session has expired.' }));
  expect('control, without connectNextRouter: the save fails with the 440 text as its error', failed, failed ? '' : await bodyText(plain));
  expect('control: no re-login opens', (await plain.getByRole('dialog').count()) === 0);
  expect('control: the server never saves that note', (await processed()).notes.length === 0);
  await plain.getByRole('link', { name: 'Archive' }).click();
  await plain.waitForURL(`${base}/plain/archive`, { waitUntil: 'load', timeout: 10_000 }).catch(() => {});
  const reloaded = !(await plain.evaluate(() => window.__sameDocument === true).catch(() => false));
  expect(
    'control: the link reloads the whole page onto the 440',
    reloaded && (await bodyText(plain)) === 'Your session has expired.',
    `${plain.url()} shows ${await bodyText(plain)}`,
  );
  await plain.close();
  await context.addCookies([{ name: 'session', value: 'ada', url: base }]);

  await page.goto(`${base}/notes`);
  await page.getByTestId('status').filter({ hasText: 'active' }).waitFor({ timeout: 10_000 });
  // A mark only this page load has: a full reload would lose it.
  await page.evaluate(() => (window.__sameDocument = true));
  const sameDocument = () => page.evaluate(() => window.__sameDocument === true).catch(() => false);

  // --- A Server Action after the server session ended -------------------------------------------
  await page.getByLabel('Title', { exact: true }).fill('Quarterly report');
  await page.getByLabel('Tags', { exact: true }).fill('work, q3');
  await context.clearCookies({ name: 'session' }); // the server session ends (its cookie expired)
  await page.getByRole('button', { name: 'Save note' }).click();
  const relogin = page.getByRole('dialog', { name: 'Your session has expired' });
  const opened = await visible(relogin);
  expect('the save opens the re-login over the page', opened);
  expect(
    'the form keeps what was typed',
    (await page
      .getByLabel('Title', { exact: true })
      .inputValue()
      .catch(() => '')) === 'Quarterly report',
  );
  expect('no error is shown', (await page.getByRole('alert').count()) === 0, await page.getByRole('alert').allTextContents().then(String));
  expect('the server processed nothing yet', (await processed()).notes.length === 0);
  await signIn(context, relogin, opened);
  const saved = await visible(page.getByRole('status').filter({ hasText: 'Saved "Quarterly report" (#1)' }));
  expect('after the sign-in, the action resolves with the saved note', saved, saved ? '' : await bodyText(page));
  const { notes } = await processed();
  expect(
    'the server processed the action exactly once, with the same arguments',
    JSON.stringify(notes) === JSON.stringify([{ id: 1, title: 'Quarterly report', tags: ['work', 'q3'] }]),
    JSON.stringify(notes),
  );
  expect('the page was never reloaded', await sameDocument());

  // --- The same with <form action> and useActionState: the action's arguments are FormData -------
  await page.getByLabel('Quick title', { exact: true }).fill('Standup');
  await page.getByLabel('Quick tags', { exact: true }).fill('team, daily');
  await context.clearCookies({ name: 'session' });
  await page.getByRole('button', { name: 'Save quick note' }).click();
  const formOpened = await visible(relogin);
  expect('a <form action> save opens the re-login over the page', formOpened);
  expect(
    'its fields keep what was typed',
    (await page
      .getByLabel('Quick title', { exact: true })
      .inputValue()
      .catch(() => '')) === 'Standup',
  );
  await signIn(context, relogin, formOpened);
  const formSaved = await visible(page.getByRole('status').filter({ hasText: 'Saved "Standup" (#2)' }));
  expect('after the sign-in, useActionState shows the saved note', formSaved, formSaved ? '' : await bodyText(page));
  const fromForm = (await processed()).notes.slice(1);
  expect(
    'the server processed it exactly once, with the same fields',
    JSON.stringify(fromForm) === JSON.stringify([{ id: 2, title: 'Standup', tags: ['team', 'daily'] }]),
    JSON.stringify(fromForm),
  );

  // --- The server ends the session in its store; the cookie stays, and the action itself says so -
  await fetch(`${base}/api/test`, { method: 'POST', body: JSON.stringify({ end: 'ada' }) });
  await page.getByLabel('Title', { exact: true }).fill('Budget');
  await page.getByLabel('Tags', { exact: true }).fill('money');
  await page.getByRole('button', { name: 'Save note' }).click();
  const refusedByAction = await visible(relogin);
  expect("the action's own unauthorized() (401) opens the re-login over the page", refusedByAction);
  expect(
    'the form keeps what was typed',
    (await page
      .getByLabel('Title', { exact: true })
      .inputValue()
      .catch(() => '')) === 'Budget',
  );
  expect('the server saved nothing more', (await processed()).notes.length === 2);
  await signIn(context, relogin, refusedByAction);
  if (!refusedByAction) await fetch(`${base}/api/login`, { method: 'POST', body: JSON.stringify({ username: 'ada', password: 'secret' }) });
  expect('after the sign-in, the action resolves with the saved note', await visible(page.getByRole('status').filter({ hasText: 'Saved "Budget" (#3)' })));
  const second = (await processed()).notes.slice(2);
  expect(
    'the server processed it exactly once, with the same arguments',
    JSON.stringify(second) === JSON.stringify([{ id: 3, title: 'Budget', tags: ['money'] }]),
    JSON.stringify(second),
  );

  // --- A navigation after the server session ended ----------------------------------------------
  await context.clearCookies({ name: 'session' });
  const before = (await processed()).renders.archive ?? [];
  await page.getByRole('link', { name: 'Archive' }).click();
  const reopened = await visible(relogin);
  expect('the navigation opens the re-login over the page', reopened);
  const stayed = new URL(page.url()).pathname === '/notes' && (await sameDocument());
  expect('the page stays where it was', stayed, stayed ? page.url() : `${page.url()} shows ${await bodyText(page)}`);
  await signIn(context, relogin, reopened);
  expect('after the sign-in, the navigation completes', await visible(page.getByRole('heading', { name: 'Archive of ada' })), page.url());
  expect('without a reload', await sameDocument());
  const after = (await processed()).renders.archive ?? [];
  // One request, sent again once after the sign-in. (Next 16 with Cache Components may render a
  // page twice for one request: the count of requests is the browser's, whom it rendered for the server's.)
  const rendered = after.slice(before.length);
  expect(
    'the server rendered the archive only after the sign-in, for ada',
    rendered.length > 0 && rendered.every((user) => user === 'ada'),
    JSON.stringify(rendered),
  );
  const navigations = answers.filter((answer) => answer.startsWith('navigation /notes/archive'));
  expect(
    'the navigation was refused once and sent once more',
    JSON.stringify(navigations) === '["navigation /notes/archive 440","navigation /notes/archive 200"]',
    navigations.join(', '),
  );

  // --- A link shown after the server session ended: Next prefetches it ---------------------------
  await page.goBack(); // to the notes, signed in
  await page.getByRole('heading', { name: 'Notes of ada' }).waitFor({ timeout: 10_000 });
  await context.clearCookies({ name: 'session' });
  const tagsBefore = (await processed()).renders.tags ?? [];
  await page.getByText('More').click(); // shows the Tags link, which Next prefetches
  const prefetchOpened = await visible(relogin);
  expect('its prefetch, refused, opens the re-login (the server said the session is gone)', prefetchOpened);
  await signIn(context, relogin, prefetchOpened);
  await relogin.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  await page.getByRole('link', { name: 'Tags' }).click();
  expect('after the sign-in, the link navigates in place', await visible(page.getByRole('heading', { name: 'Tags of ada' })), page.url());
  expect('without a reload (Next 15 alone reloads onto the 440 it kept for the prefetch)', await sameDocument());
  const tagsRendered = ((await processed()).renders.tags ?? []).slice(tagsBefore.length);
  expect('the server rendered the tags only for ada', tagsRendered.length > 0 && tagsRendered.every((user) => user === 'ada'), JSON.stringify(tagsRendered));

  const actions = answers.filter((answer) => answer.startsWith('action'));
  expect(
    'each action was refused once and sent once more',
    JSON.stringify(actions) === '["action 440","action 200","action 440","action 200","action 401","action 200"]',
    actions.join(', '),
  );
  expect('no page error', problems.length === 0, problems.join(' | '));
} catch (error) {
  console.error(error.stack ?? error.message);
  failures.push('(setup)');
} finally {
  await browser?.close();
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
}
if (failures.length && serverLog.trim()) console.log(`next start logged:\n${serverLog.trim()}`);
process.exit(failures.length ? 1 : 0);
