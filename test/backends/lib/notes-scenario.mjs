// The frame of the Django and PHP scenarios: a browser page on the server's origin, the backend's
// steps, the whole run judged at the end, and what a scenario that stopped halfway leaves to read.
import { openPage, pageRecord } from './browser.mjs';
import { judgeTheWholeRun } from './whole-run.mjs';

/**
 * Plays `steps(scene)` against the server at `origin`, then judges the whole run; always closes the
 * browser and stops the server, and exits 0 only when every check passed.
 * `expectedErrors`: the console errors the backend's answers cause on purpose (440, a refused 401).
 */
export async function playNotesScenario({ report, origin, counts, stopServer, expectedErrors, sessionAge, warningBefore }, steps) {
  const { browser, page, consoleErrors, warnings } = await openPage({ expectedErrors });
  try {
    await page.goto(origin);
    await steps({ page, counts, report, sessionAge, warningBefore });
    await judgeTheWholeRun({ page, report, consoleErrors, warnings });
  } catch (error) {
    report.stopped(error);
    console.log(`console: ${consoleErrors.join(' | ')}`);
    console.log(`snapshots: ${JSON.stringify((await pageRecord(page).catch(() => ({ snapshots: [] }))).snapshots.slice(-8))}`);
    console.log(`server: ${JSON.stringify(await counts().catch((error) => String(error)))}`);
  } finally {
    await browser.close();
    stopServer();
  }
  process.exit(report.failed ? 1 : 0);
}
