// The PHP check: starts `php -S`, drives the Notes page in headless Chromium with real time, reads
// what the server processed from the server, prints PASS/FAIL per check. The steps a person meets
// are shared with Django (lib/notes-steps.mjs); PHP's own are its server, and its two ends of a
// session the page believes alive: 440 at the end, then 401 once the session is gone.
//
//   node scenario.mjs WORKDIR     (run.sh sets RST_CLIENT_DIR, RST_PIDS, RST_REPO)
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../consumers/lib/chromium.mjs';
import * as steps from '../lib/notes-steps.mjs';
import { playNotesScenario } from '../lib/notes-scenario.mjs';
import { sessionSnapshot } from '../lib/browser.mjs';
import { createReport, sleep } from '../lib/report.mjs';
import { giveUpAfter, startServer, waitUntilAnswering } from '../lib/server.mjs';

const [dir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const sessionAge = 60; // s: the app's session length
const report = createReport('php (native sessions)');
giveUpAfter(4, report);

// --- the server ----------------------------------------------------------------------------------
mkdirSync(join(dir, 'sessions'), { recursive: true });
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const stopServer = startServer('php', ['-S', `127.0.0.1:${port}`, join(here, 'index.php')], {
  env: { ...process.env, RST_DIR: dir, RST_SESSION_AGE: String(sessionAge) },
  logFile: join(dir, 'server.log'),
});
const counts = async () => (await fetch(`${origin}/test/counts`)).json();
await waitUntilAnswering(counts);

// --- the scenario --------------------------------------------------------------------------------
await playNotesScenario(
  // The browser logs every 440 and 401 answer: the session's end and a wrong password, expected here.
  { report, origin, counts, stopServer, sessionAge, warningBefore: 20, expectedErrors: /\b(440|401)\b/ },
  async (scene) => {
    // The wrong password meets the app's 401.
    await steps.fromSignInToTheFirstReplay(scene);
    // The app's clock moves on past the end the page has not heard of: Save meets 440 and parks.
    await anEndThePageHasNotHeardOf(scene, `${origin}/test/advance?s=${sessionAge}`, {
      via: 'json',
      text: 'after the end, unheard',
      answer: 'expired440',
      loginOk: 3,
    });
    // Then the session files go: Save as form meets 401 and parks.
    await anEndThePageHasNotHeardOf(scene, `${origin}/test/end-sessions`, { via: 'form', text: 'after the files went', answer: 'refused401', loginOk: 4 });
  },
);

/**
 * The server ends the session (a POST to `end`) while the page believes it alive: a save sent
 * `via` json or form meets the `answer` (the server's count of 440s or 401s), parks with the note
 * still there, and is replayed once after the sign-in (the `loginOk`th).
 */
async function anEndThePageHasNotHeardOf({ page, counts, report }, end, { via, text, answer, loginOk }) {
  await fetch(end, { method: 'POST' });
  await steps.noteBox(page).fill(text);
  await page.getByRole('button', { name: via === 'json' ? 'Save' : 'Save as form', exact: true }).click();
  await steps.expiredDialog(page).waitFor({ timeout: 10_000 });
  await sleep(500);
  const seen = await counts();
  const snapshot = await sessionSnapshot(page);
  report.check(
    `a POST answered ${answer === 'expired440' ? 440 : 401} parks (reason response, the note is still there)`,
    snapshot.status === 'expired' &&
      snapshot.reason === 'response' &&
      snapshot.parked === 1 &&
      seen[answer] === 1 &&
      seen.saved.every((s) => s.text !== text) &&
      (await steps.typedNote(page).inputValue()) === text,
    `status ${snapshot.status}, reason ${snapshot.reason}, parked ${snapshot.parked}, ${answer} ${seen[answer]}`,
  );
  await steps.signInAgain(page);
  await steps.savedShown(page);
  await sleep(1500);
  const c = await counts();
  const replayed = c.saved.filter((s) => s.text === text);
  report.check(
    `its replay (${via === 'json' ? 'header' : 'form-body'} token) reaches the server exactly once`,
    c.loginOk === loginOk && replayed.length === 1 && replayed[0].via === via && c.csrfFailures === 0,
    `processed ${replayed.length}; CSRF failures ${c.csrfFailures}`,
  );
}
