// What every scenario judges over its whole run, from the page's record.
import { pageRecord } from './browser.mjs';

/**
 * Snapshots that brought the session back to life (active, warning) after it ended (expired,
 * signedOut) with no sign-in between. The record begins with the page's first snapshot, so a page
 * that loads signed out needs a sign-in before it may be active.
 */
export function revivedWithoutSignIn({ snapshots, signIns }) {
  const revived = [];
  let endedAt = null;
  for (const s of snapshots) {
    if (s.status === 'expired' || s.status === 'signedOut') endedAt ??= s.t;
    else if (endedAt !== null) {
      if (!signIns.some((t) => t >= endedAt && t <= s.t)) revived.push(`${s.status} at ${new Date(s.t).toISOString()}`);
      endedAt = null;
    }
  }
  return revived;
}

/** The statuses the page went through, in order, each with its reason: "signedOut > active > warning > expired(idle) > ...". */
function statusPath(snapshots) {
  return snapshots
    .map((s) => s.status + (s.reason ? `(${s.reason})` : ''))
    .filter((s, k, all) => s !== all[k - 1])
    .join(' > ');
}

/** hardLimit never true, nothing revived without a sign-in, no console error the scenario did not provoke. */
export async function judgeTheWholeRun({ page, report, consoleErrors, warnings }) {
  const record = await pageRecord(page);
  const { snapshots } = record;
  const limited = snapshots.filter((s) => s.hardLimit);
  report.check(
    'hardLimit never true under sliding expiration',
    snapshots.length > 0 && limited.length === 0,
    `${snapshots.length} snapshots${limited.length ? `, hardLimit in ${JSON.stringify(limited.slice(0, 3))}` : ''}`,
  );
  const revived = revivedWithoutSignIn(record);
  report.check('nothing revived without a sign-in (over the whole run)', revived.length === 0, revived.join('; '));
  report.check('no unexpected console errors', consoleErrors.length === 0, consoleErrors.slice(0, 3).join(' | ').slice(0, 1000));
  report.note(`${report.elapsed()}, ${snapshots.length} snapshots, statuses ${statusPath(snapshots)}`);
  for (const text of new Set(warnings)) report.note(`console warning: ${text.slice(0, 300)}`);
}
