// Starting a backend's server from a scenario, and never waiting for ever.
import { spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { sleep } from './report.mjs';

/**
 * Starts the server in its own process group, its output appended to `logFile`. The group ends
 * with the scenario, and run.sh ends it (RST_PIDS) should the scenario be cut short. Returns stop().
 */
export function startServer(command, args, { env, logFile }) {
  const log = openSync(logFile, 'a');
  const server = spawn(command, args, { env, detached: true, stdio: ['ignore', log, log] });
  if (process.env.RST_PIDS) appendFileSync(process.env.RST_PIDS, `${server.pid}\n`);
  const stop = () => {
    try {
      process.kill(-server.pid);
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  process.on('SIGTERM', () => process.exit(143));
  return stop;
}

/** Waits until `read()` (a request to the server) resolves: about 10 s, then its error. */
export async function waitUntilAnswering(read) {
  for (let i = 0; ; i += 1) {
    try {
      return await read();
    } catch (error) {
      if (i > 100) throw error;
      await sleep(100);
    }
  }
}

/** A parked promise that never settles would wait for ever: after `minutes`, fail and exit. */
export function giveUpAfter(minutes, report) {
  setTimeout(() => {
    report.check(`the scenario ran to its end within ${minutes} minutes (stopped at ${report.elapsed()})`, false);
    process.exit(1);
  }, minutes * 60_000).unref();
}
