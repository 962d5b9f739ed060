// Runs in each page of the cross-tab test: one session per page, its status changes timestamped
// on the shared high-resolution clock of the machine, so latency between pages can be measured.
import { createSession } from '../../src/core/index.ts';

const params = new URLSearchParams(location.search);
const session = createSession({
  idleTimeout: Number(params.get('idle')),
  warningBefore: Number(params.get('warning')),
  crossTab: params.get('channel') ?? true,
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
  },
});
document.title = 'ready';
