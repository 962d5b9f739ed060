// The steps of the Notes scenario that the Django and PHP checks share, in the order a person meets
// them. Each takes the scene { page, counts, report, sessionAge, warningBefore }: counts() reads what
// the server processed (its own record, never the page's), sessionAge is the server's session in
// seconds, warningBefore the page's. Each backend's scenario.mjs adds the ways its own server ends
// a session the page still believes alive.
import { pageRecord, sessionSnapshot } from './browser.mjs';
import { fillSignIn, personWorks } from './person.mjs';
import { sleep } from './report.mjs';

const ada = { username: 'ada', password: 'lovelace' };

const status = async (page) => (await sessionSnapshot(page)).status;
const signInForm = (page) => page.getByRole('form', { name: 'Sign in to Notes' });
export const noteBox = (page) => page.getByRole('textbox', { name: 'Note' });
/** The note as it stands behind an open modal (which hides the page from assistive technology). */
export const typedNote = (page) => page.getByRole('textbox', { name: 'Note', includeHidden: true });
export const expiredDialog = (page) => page.getByRole('dialog', { name: 'Your session has expired' });
export const savedShown = (page) =>
  page
    .getByRole('status')
    .filter({ hasText: /^Saved$/ })
    .waitFor({ timeout: 10_000 });

export async function aWrongPasswordIsRefused({ page, counts, report }) {
  const form = signInForm(page);
  await form.getByLabel('Your username').fill(ada.username);
  await form.getByLabel('Your password').fill('wrong');
  await form.getByRole('button', { name: 'Sign in to Notes' }).click();
  await form.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor({ timeout: 10_000 });
  const c = await counts();
  const [wrong] = (await pageRecord(page)).loginAnswers;
  report.check(
    'a wrong password is refused',
    c.loginFailed === 1 && c.loginOk === 0 && c.alive.length === 0 && (await status(page)) === 'signedOut',
    `answered ${wrong?.status}, ok ${wrong?.ok}${wrong?.ok ? ': a response.ok check would have taken it for a sign-in' : ''}`,
  );
}

export async function signInThroughThePage({ page, counts, report }) {
  const form = signInForm(page);
  await form.getByLabel('Your password').fill(ada.password);
  await form.getByRole('button', { name: 'Sign in to Notes' }).click();
  await page.getByRole('heading', { name: 'Notes' }).waitFor({ timeout: 10_000 });
  const c = await counts();
  report.check('sign in through the page', c.loginOk === 1 && c.alive.length === 1 && (await status(page)) === 'active');
}

/** Save (JSON) and Save as form; the form's answer is post/redirect/get: each processed once. */
export async function anAuthenticatedPostIsProcessedOnce({ page, counts, report }) {
  await noteBox(page).fill('first');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await savedShown(page);
  await page.getByRole('button', { name: 'Save as form' }).click();
  for (let i = 0; i < 50 && (await counts()).formSaves === 0; i += 1) await sleep(100);
  await savedShown(page);
  await sleep(500);
  const c = await counts();
  report.check(
    'an authenticated POST (JSON, and a form answered with post/redirect/get, each processed once)',
    c.jsonSaves === 1 && c.formSaves === 1 && c.csrfFailures === 0 && (await status(page)) === 'active',
    `json ${c.jsonSaves}, form ${c.formSaves}, CSRF failures ${c.csrfFailures}`,
  );
}

/** The person works for 1.5x the server's session; returns what the note holds by then. */
export async function theKeepaliveHoldsWhileThePersonWorks({ page, counts, report, sessionAge }) {
  const workStart = Date.now();
  const keepalivesBefore = (await counts()).keepalives;
  const { sawWarning } = await personWorks(page, noteBox(page), 1.5 * sessionAge * 1000);
  const c = await counts();
  const pings = c.keepalives - keepalivesBefore;
  report.check(
    `the keepalive holds the server session through 1.5x its timeout (${sessionAge} s) while the person works`,
    c.alive.length === 1 && c.alive[0] - c.now > 0 && pings >= 2 && !sawWarning && (await status(page)) === 'active',
    `${pings} pings in ${((Date.now() - workStart) / 1000).toFixed(0)} s, ${c.alive.length ? (c.alive[0] - c.now).toFixed(1) : '-'} s left, warning shown: ${sawWarning}`,
  );
  return noteBox(page).inputValue();
}

/** Idle: nothing is sent, the warning opens before the server's end, then the server ends the session. */
export async function idleTheWarningThenTheServersEnd({ page, counts, report, sessionAge, warningBefore }) {
  await sleep(1500); // a ping already on its way
  let c = await counts();
  const idleKeepalives = c.keepalives;
  const serverEnd = c.alive[0];
  await page.getByRole('alertdialog').waitFor({ timeout: (sessionAge + 5) * 1000 });
  const warnedAt = Date.now() / 1000;
  report.check(
    'the warning (alertdialog) opens before the server ends the session',
    serverEnd - warnedAt > warningBefore - 5,
    `${(serverEnd - warnedAt).toFixed(1)} s before the server's end`,
  );
  while (Date.now() / 1000 < serverEnd + 1) await sleep(250);
  c = await counts();
  await expiredDialog(page).waitFor({ timeout: 5000 });
  report.check('while idle it sends nothing', c.keepalives === idleKeepalives, `${c.keepalives - idleKeepalives} pings while idle`);
  report.check('the server ends the session, and the page knows', c.alive.length === 0 && (await status(page)) === 'expired');
}

/**
 * A save while expired parks; what was typed is still there. Returns { answered }: the parked
 * save's answer, to come after the sign-in (wrapped, or this step itself would wait for it).
 */
export async function aSaveAfterTheEndParks({ page, counts, report }, typed) {
  const answered = page.evaluate(() => window.__rst.save('json', 'parked while expired').then((response) => response.status));
  answered.catch(() => {}); // awaited later; a scenario cut short must not end in an unhandled rejection
  await sleep(1000);
  const c = await counts();
  const snapshot = await sessionSnapshot(page);
  report.check(
    'a POST made after the end parks (the re-login is open, the note is still there)',
    snapshot.parked === 1 && c.jsonSaves === 1 && (await typedNote(page).inputValue()) === typed && typed.length > 5,
  );
  return { answered };
}

/** Signs in again in the re-login modal, and waits for it to close. */
export async function signInAgain(page) {
  const modal = expiredDialog(page);
  await fillSignIn(modal, ada);
  await modal.waitFor({ state: 'detached', timeout: 15_000 });
}

/** Sign in again in the re-login modal; the parked save's replay reaches the server once with a valid token. */
export async function signInAgainAndTheReplayArrivesOnce({ page, counts, report }, { answered }) {
  await signInAgain(page);
  const replayStatus = await answered;
  await sleep(2000);
  const c = await counts();
  report.check('sign in again', c.loginOk === 2 && c.alive.length === 1 && (await status(page)) === 'active');
  report.check(
    'the replay reaches the server exactly once with a valid CSRF token',
    replayStatus === 200 && c.jsonSaves === 2 && c.saved.filter((s) => s.text === 'parked while expired').length === 1 && c.csrfFailures === 0,
    `answered ${replayStatus}, json saves ${c.jsonSaves}, CSRF failures ${c.csrfFailures}`,
  );
}

/**
 * What a person meets on every Notes backend, from the sign-in page to the first replay: a wrong
 * password, the sign-in, both saves, work through the server's timeout, idle until the server's
 * end, a save that parks, and its replay after signing in again.
 */
export async function fromSignInToTheFirstReplay(scene) {
  await aWrongPasswordIsRefused(scene);
  await signInThroughThePage(scene);
  await anAuthenticatedPostIsProcessedOnce(scene);
  const typed = await theKeepaliveHoldsWhileThePersonWorks(scene);
  await idleTheWarningThenTheServersEnd(scene);
  const parked = await aSaveAfterTheEndParks(scene, typed);
  await signInAgainAndTheReplayArrivesOnce(scene, parked);
}
