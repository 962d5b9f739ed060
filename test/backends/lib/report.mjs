// The lines a scenario prints, which run.sh counts: "PASS <label>: <check> (<detail>)" or FAIL,
// and "NOTE <label>: ..." for what is measured but not judged.
export function createReport(label) {
  const started = Date.now();
  let failures = 0;
  const report = {
    check(title, ok, detail = '') {
      if (!ok) failures += 1;
      // A measurement (pings, seconds left) tells something on a pass too; a dump of the server's
      // counts only on a failure.
      const shown = detail && (!ok || detail.length <= 200);
      console.log(`${ok ? 'PASS' : 'FAIL'} ${label}: ${title}${shown ? ` (${detail})` : ''}`);
      return ok;
    },
    /** A check the rest of the scenario depends on: on failure it stops there. */
    mustHold(title, ok, detail) {
      if (!report.check(title, ok, detail)) throw new Error(`stopped after "${title}"`);
    },
    note(text) {
      console.log(`NOTE ${label}: ${text}`);
    },
    /** Seconds since the scenario began, for the notes. */
    elapsed() {
      return `${((Date.now() - started) / 1000).toFixed(1)} s`;
    },
    /** A scenario that threw: one FAIL line with where it stopped. */
    stopped(error) {
      const where = String(error?.stack ?? error)
        .split('\n')
        .slice(0, 4)
        .join(' ');
      report.check(`the scenario ran to its end (stopped at ${report.elapsed()})`, false, where);
    },
    get failed() {
      return failures > 0;
    },
  };
  return report;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
