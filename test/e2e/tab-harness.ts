// Runs in each page of the cross-tab test: one session per page, its status changes timestamped
// on the shared high-resolution clock of the machine, so latency between pages can be measured.
import { createSession } from '../../src/core/index.ts';

const params = new URLSearchParams(location.search);
const session = createSession({
  idleTimeout: Number(params.get('idle')),
  warningBefore: Number(params.get('warning')),
  crossTab: params.get('channel') ?? true,
  // Silent renewal against the test's server, which counts the calls.
  refresh: params.has('refresh') ? async (signal) => (await fetch('/auth/refresh', { method: 'POST', signal })).ok : undefined,
});
const log: Array<{ status: string; reason: string | null; at: number }> = [];
const now = () => performance.timeOrigin + performance.now();
session.subscribe(() => {
  const { status, reason } = session.getSnapshot();
  if (log.at(-1)?.status !== status) log.push({ status, reason, at: now() });
});

Object.assign(window, {
  harness: {
    /** The test starts every page's session together, once all pages have loaded. */
    start: () => session.start(),
    now,
    log,
    status: () => session.getSnapshot().status,
    deadline: () => session.getDeadline(),
    extend: () => session.extend(),
    signOut: () => session.signOut(),
    resume: () => session.resume(),
    serverSaysExpired: () => session.handleResponse(new Response(null, { status: 440 })),
    load: async (path: string) => (await session.fetch(path)).text(),
    configure: (idleTimeout: number, warningBefore: number) => session.configure({ idleTimeout, warningBefore }),
    timing: () => ({ idleTimeout: session.getSnapshot().idleTimeout, warningBefore: session.getSnapshot().warningBefore }),
  },
});
document.title = 'ready';
