// Drives the page the ASP.NET app serves, in headless Chromium with real time, and checks what the
// server processed (its own counts, read from /test/counts.ashx), not what the page believes.
//
//   node scenario.mjs <base URL> <redirect|440|401> [full]
//
// Prints one PASS or FAIL line per check (lib/report.mjs; run.sh counts them). "full" adds
// the long part: the keepalive holding the one-minute ticket through 90 s of work, nothing sent
// while idle, the warning before the server's end, the end itself and a request parked meanwhile;
// without it, the page idles until the warning and the person answers "Stay signed in". Both end
// with the server revoking the ticket: a Save meets the configured signal, parks, and is replayed.
//
// It shares the report, the browser, the person's work and sign-in, and the whole-run checks with
// Django and PHP (lib/), not their steps: this app's page signs in through ReloginForm and has one
// Save, its server reports the ticket's expiry and counts by request, and its steps differ (the
// "Stay signed in" path, the cookie probe of the server's end, the page's end timed against it).
import { openPage, pageRecord, sessionSnapshot } from '../lib/browser.mjs';
import { fillSignIn, personWorks } from '../lib/person.mjs';
import { createReport, sleep } from '../lib/report.mjs';
import { judgeTheWholeRun } from '../lib/whole-run.mjs';

const [base, signal, full] = process.argv.slice(2);
const TIMEOUT_S = 60; // <forms timeout="1">
const report = createReport(`aspnet (${signal})`);
const { check, mustHold, note } = report;
/** Whether the locator shows up within the time (a check's condition, not a crash). */
const appears = (locator, timeout = 10_000) =>
  locator.waitFor({ timeout }).then(
    () => true,
    () => false,
  );

async function server() {
  const response = await fetch(`${base}/test/counts.ashx`, { cache: 'no-store' });
  return response.json();
}
const count = (state, name) => state.counts[name] ?? 0;

// The browser logs each 440 and 401 answer: the ends this scenario provokes.
const { browser, page, consoleErrors, warnings } = await openPage({ expectedErrors: /status of (440|401)\b/ });
try {
  const snapshot = () => sessionSnapshot(page);
  const signIn = (scope, password) => fillSignIn(scope, { username: 'ada', password });
  const textarea = page.getByLabel('Note');
  const relogin = page.getByRole('dialog');

  await page.goto(`${base}/index.html?signal=${signal}`);
  await page.getByLabel('Username').waitFor();

  // A wrong password, through the page: refused, and the person stays signed out.
  await signIn(page, 'wrong');
  const refusedShown = await appears(page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }));
  let state = await server();
  mustHold(
    'a wrong password is refused (the page shows it, nobody is signed in)',
    refusedShown && count(state, 'login refused') === 1 && count(state, 'login ok') === 0 && (await snapshot()).status === 'signedOut',
    JSON.stringify(state.counts),
  );
  // What a plain `response.ok` check sees for that wrong password.
  const plain = await page.evaluate(async () => {
    const response = await fetch('/api/login.ashx', { method: 'POST', body: new URLSearchParams({ username: 'ada', password: 'wrong' }) });
    return { ok: response.ok, status: response.status, redirected: response.redirected, path: new URL(response.url).pathname };
  });
  const expectedPlain = {
    redirect: { ok: true, status: 200, redirected: true, path: '/Login.aspx' },
    440: { ok: false, status: 440, redirected: false, path: '/api/login.ashx' },
    401: { ok: false, status: 401, redirected: false, path: '/api/login.ashx' },
  }[signal];
  check(
    signal === 'redirect'
      ? 'a wrong password answers a redirect to Login.aspx that fetch follows to a 200 (a response.ok check alone would accept it)'
      : `a wrong password answers ${signal} (not a redirect)`,
    JSON.stringify(plain) === JSON.stringify(expectedPlain),
    JSON.stringify(plain),
  );

  // Sign in, then an authenticated POST with the CSRF token.
  await signIn(page, 'correct horse');
  await page.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 10_000 });
  state = await server();
  check('sign in through the page', count(state, 'login ok') === 1 && (await snapshot()).status === 'active', JSON.stringify(state.counts));

  await textarea.fill('first note');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved: first note' }).waitFor({ timeout: 10_000 });
  state = await server();
  check(
    'an authenticated POST is processed (CSRF token valid)',
    count(state, 'saved') === 1 && state.notes[0] === 'first note' && !Object.keys(state.counts).some((k) => k.startsWith('csrf refused')),
    JSON.stringify(state),
  );

  if (!full) {
    // Idle until the warning, then "Stay signed in": the keepalive lands past half, where the
    // ticket renews, so the session goes on a full minute and hardLimit stays false.
    const warning = page.getByRole('alertdialog');
    await warning.waitFor({ timeout: (TIMEOUT_S + 5) * 1000 });
    const atWarning = await server();
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'detached', timeout: 10_000 });
    await sleep(500);
    state = await server();
    const after = await snapshot();
    check(
      '"Stay signed in" in the warning renews the ticket for a full minute (hardLimit false)',
      count(state, 'keepalive') === count(atWarning, 'keepalive') + 1 &&
        after.status === 'active' &&
        !after.hardLimit &&
        state.lastExpiry > Date.now() + 50_000,
      JSON.stringify({ after, counts: state.counts, left: state.lastExpiry - Date.now() }),
    );
  }

  if (full) {
    // The person works for 1.5x the ticket's timeout: a key or a mouse move every 3 s, real time.
    const workStart = Date.now();
    const before = await server();
    await personWorks(page, textarea, 1.5 * TIMEOUT_S * 1000);
    const afterWork = await server();
    const statuses = (await pageRecord(page)).snapshots.filter((s) => s.t >= workStart).map((s) => s.status);
    const pings = count(afterWork, 'keepalive') - count(before, 'keepalive');
    note(`${pings} keepalives processed in ${Math.round((Date.now() - workStart) / 1000)} s of work`);
    check(
      'while the person works, the keepalive holds the 1-minute ticket through 90 s (no warning, no end, nothing refused)',
      pings >= 2 &&
        statuses.every((status) => status === 'active') &&
        count(afterWork, 'refused POST /api/keepalive.ashx') === 0 &&
        (await snapshot()).status === 'active' &&
        afterWork.lastExpiry > Date.now() + 10_000,
      JSON.stringify({ pings, statuses: [...new Set(statuses)], counts: afterWork.counts, left: afterWork.lastExpiry - Date.now() }),
    );
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: first note' }).waitFor({ timeout: 10_000 });
    state = await server();
    check('after 90 s of work a POST is still processed, not parked', count(state, 'saved') === 2, JSON.stringify(state.counts));

    // Idle: nothing is sent, the warning opens before the server's end, then the server ends it.
    const idleStart = Date.now();
    const atIdle = await server();
    const arrived = (s) =>
      Object.entries(s.counts)
        .filter(([k]) => k.startsWith('arrived '))
        .reduce((n, [, v]) => n + v, 0);
    const serverEnd = atIdle.lastExpiry;
    note(`idle from ${Math.round((serverEnd - idleStart) / 1000)} s before the server's end`);
    const warning = page.getByRole('alertdialog');
    await warning.waitFor({ timeout: (TIMEOUT_S + 5) * 1000 });
    const warnedAt = Date.now();
    note(`the warning opened ${Math.round((serverEnd - warnedAt) / 1000)} s before the server's end`);
    check('the warning (alertdialog) opens before the server ends the session', warnedAt < serverEnd - 15_000, `${serverEnd - warnedAt} ms before`);
    await relogin.waitFor({ timeout: (TIMEOUT_S + 5) * 1000 });
    const endedAt = Date.now();
    const idleState = await server();
    note(`the page ended the session ${endedAt - serverEnd} ms after the server's expiry`);
    check(
      'while idle, nothing is sent to the server',
      arrived(idleState) === arrived(atIdle),
      JSON.stringify({ atIdle: atIdle.counts, now: idleState.counts }),
    );
    check(
      'the page ends the session at the server end (re-login opens)',
      Math.abs(endedAt - serverEnd) < 3000 && (await snapshot()).status === 'expired',
      `${endedAt - serverEnd} ms`,
    );
    // The server has ended it indeed: once its expiry has passed, the page's own cookies, sent
    // again from outside the browser (so nothing the answer sets reaches the page), meet the redirect.
    await sleep(Math.max(0, serverEnd + 1000 - Date.now()));
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const probe = await fetch(`${base}/api/keepalive.ashx`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    check(
      "the server has ended the session (the page's cookie meets the redirect to Login.aspx)",
      cookie.includes('.MONOAUTH=') && probe.status === 302 && /\/Login\.aspx/i.test(probe.headers.get('location') ?? ''),
      `${probe.status} ${probe.headers.get('location')}`,
    );
    const probed = await server();
    await sleep(5000);
    check('an ended session stays ended without a sign-in', (await snapshot()).status === 'expired');

    // An autosave while ended waits for the sign-in, unsent; then is replayed once.
    const typed = await textarea.inputValue();
    const saving = page.evaluate(() => window.__rst.save('autosave while signed out'));
    await page.waitForFunction(() => window.__rst.session.getSnapshot().parked === 1);
    await sleep(1000);
    state = await server();
    check(
      'a POST made after the end parks, unsent',
      count(state, 'arrived POST /api/notes.ashx') === count(probed, 'arrived POST /api/notes.ashx') && (await textarea.inputValue()) === typed,
    );
    await signIn(relogin, 'correct horse');
    await saving;
    await relogin.waitFor({ state: 'detached', timeout: 10_000 });
    await sleep(2000);
    state = await server();
    check(
      'after the sign-in the parked POST reaches the server exactly once, with a valid CSRF token',
      count(state, 'saved') === 3 &&
        state.notes.filter((n) => n === 'autosave while signed out').length === 1 &&
        !Object.keys(state.counts).some((k) => k.startsWith('csrf refused')),
      JSON.stringify(state),
    );
  }

  // The server ends a session the page believes alive (every ticket revoked): Save meets the
  // configured signal, parks, the re-login opens over the typed text, and the replay runs once.
  await textarea.fill('typed before the server ended it');
  const saved = count(await server(), 'saved');
  await fetch(`${base}/test/counts.ashx?revoke=1`, { method: 'POST' });
  await page.getByRole('button', { name: 'Save' }).click();
  const parkedShown = await appears(relogin);
  state = await server();
  mustHold(
    `the server's end (${signal === 'redirect' ? 'the 302 to Login.aspx' : signal}) parks the POST: the re-login opens, what was typed is still there`,
    parkedShown &&
      count(state, 'refused POST /api/notes.ashx') === 1 &&
      count(state, 'saved') === saved &&
      (await textarea.inputValue()) === 'typed before the server ended it' &&
      (await snapshot()).parked === 1,
    JSON.stringify(state.counts),
  );
  await sleep(3000);
  check('nothing revived without a sign-in', (await snapshot()).status === 'expired');
  await signIn(relogin, 'correct horse');
  await page.getByRole('status').filter({ hasText: 'Saved: typed before the server ended it' }).waitFor({ timeout: 10_000 });
  await sleep(2000);
  state = await server();
  check(
    'after the sign-in the replay reaches the server exactly once, with a valid CSRF token',
    count(state, 'saved') === saved + 1 &&
      state.notes.filter((n) => n === 'typed before the server ended it').length === 1 &&
      !Object.keys(state.counts).some((k) => k.startsWith('csrf refused')) &&
      (await snapshot()).status === 'active',
    JSON.stringify(state),
  );

  // Over the whole run: hardLimit never true, every return to a live session came after a sign-in.
  await judgeTheWholeRun({ page, report, consoleErrors, warnings });
} catch (error) {
  report.stopped(error);
} finally {
  await browser.close();
}
process.exit(report.failed ? 1 : 0);
