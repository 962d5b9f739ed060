// One configuration of the Django check: starts the server, drives the Notes page in headless
// Chromium with real time, reads what the server processed from the server, prints PASS/FAIL per
// check. The steps a person meets are shared with PHP (lib/notes-steps.mjs); Django's own are its
// server, and its end of a session the page believes alive: @login_required's redirect.
//
//   node scenario.mjs cookie|session WORKDIR     (run.sh sets RST_CLIENT_DIR, RST_PIDS, RST_REPO)
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../consumers/lib/chromium.mjs';
import * as steps from '../lib/notes-steps.mjs';
import { playNotesScenario } from '../lib/notes-scenario.mjs';
import { sessionSnapshot } from '../lib/browser.mjs';
import { createReport, sleep } from '../lib/report.mjs';
import { giveUpAfter, startServer, waitUntilAnswering } from '../lib/server.mjs';

const [mode, dir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const sessionAge = 60; // s: SESSION_COOKIE_AGE (40 s leaves no room for a ping before a 20 s warning: see the report)
const report = createReport(`django (${mode === 'session' ? 'CSRF_USE_SESSIONS' : 'CSRF cookie'})`);
giveUpAfter(4, report);

// --- the server ----------------------------------------------------------------------------------
mkdirSync(dir, { recursive: true });
const env = { ...process.env, RST_DIR: dir, RST_SESSION_AGE: String(sessionAge), RST_CSRF_SESSIONS: mode === 'session' ? '1' : '0' };
execFileSync('/usr/bin/python3', [join(here, 'app.py'), 'setup'], { env, stdio: 'inherit' });
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const stopServer = startServer('/usr/bin/python3', [join(here, 'app.py'), 'runserver', '--noreload', `127.0.0.1:${port}`], {
  env,
  logFile: join(dir, 'server.log'),
});
const counts = async () => (await fetch(`${origin}/test/counts/`)).json();
await waitUntilAnswering(counts);

// --- the scenario --------------------------------------------------------------------------------
await playNotesScenario({ report, origin, counts, stopServer, sessionAge, warningBefore: 20, expectedErrors: /\b440\b/ }, async (scene) => {
  // The wrong password meets LoginView's 200 and the form again (client.mjs tells it apart).
  await steps.fromSignInToTheFirstReplay(scene);
  await bothSavesMeetTheLoginRedirect(scene);
});

/**
 * The server ends the session while the page still thinks it is alive: Save and Save as form meet
 * @login_required's redirect to /accounts/login/, park, and are replayed once after the sign-in.
 */
async function bothSavesMeetTheLoginRedirect({ page, counts, report }) {
  await fetch(`${origin}/test/end-sessions/`, { method: 'POST' });
  await steps.noteBox(page).fill('after the server forgot');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await steps.expiredDialog(page).waitFor({ timeout: 10_000 });
  await page.evaluate(() => {
    void window.__rst.save('form', 'after the server forgot'); // parked: its promise waits for the sign-in
  });
  await sleep(1000);
  const before = await counts();
  const snapshot = await sessionSnapshot(page);
  report.check(
    'a POST the server redirects to the login page parks (reason response, the note is still there)',
    snapshot.status === 'expired' &&
      snapshot.reason === 'response' &&
      snapshot.parked === 2 &&
      before.jsonSaves === 2 &&
      before.formSaves === 1 &&
      (await steps.typedNote(page).inputValue()) === 'after the server forgot',
    `status ${snapshot.status}, reason ${snapshot.reason}, parked ${snapshot.parked}`,
  );
  await steps.signInAgain(page);
  await steps.savedShown(page);
  await sleep(2000);
  const c = await counts();
  const replayed = c.saved.filter((s) => s.text === 'after the server forgot');
  report.check(
    'both replays (header token and form-body token) reach the server exactly once',
    c.loginOk === 3 && replayed.length === 2 && replayed.some((s) => s.via === 'json') && replayed.some((s) => s.via === 'form') && c.csrfFailures === 0,
    `processed ${replayed.map((s) => s.via).join(', ')}; CSRF failures ${c.csrfFailures}, refused while signed out ${c.csrfAnonymous}`,
  );
}
