// Runs in each page of the trust test, served by the cookie server from the API's own origin: one
// session per page, options from the query string. Every call the test starts is tracked by an id,
// so a promise that never settles is seen as 'pending' instead of hanging the test.
import { createSession } from '../../src/core/index.ts';

const params = new URLSearchParams(location.search);
const number = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined);

let signOutCalls = 0;
const options: Record<string, unknown> = {
  idleTimeout: number('idle'),
  warningBefore: number('warning'),
  keepalive: params.get('keepalive'),
  keepaliveInterval: number('keepaliveInterval'),
  crossTab: params.get('channel') ?? true,
  user: params.get('user') ?? undefined,
  // The app's own server sign-out: the test counts the calls.
  signOut: async () => {
    signOutCalls++;
    await fetch('/logout', { method: 'POST' });
  },
};
// A bounded wait for each replay (being added to the core); the old core ignores it.
if (params.has('replayTimeout')) options.replayTimeout = number('replayTimeout');
for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
const session = createSession(options);

type Outcome =
  | { state: 'pending'; startedAt: number }
  | { state: 'fulfilled'; startedAt: number; settledAt: number; value: unknown }
  | { state: 'rejected'; startedAt: number; settledAt: number; error: { name: string; reason?: unknown; message: string } };

const outcomes: Record<string, Outcome> = {};
const extras: Record<string, unknown> = {};

function track(id: string, promise: Promise<unknown>) {
  const startedAt = Date.now();
  outcomes[id] = { state: 'pending', startedAt };
  promise.then(
    (value) => (outcomes[id] = { state: 'fulfilled', startedAt, settledAt: Date.now(), value }),
    (error: unknown) => {
      const { name = 'unknown', reason, message = String(error) } = (error ?? {}) as { name?: string; reason?: unknown; message?: string };
      outcomes[id] = { state: 'rejected', startedAt, settledAt: Date.now(), error: { name, reason, message } };
    },
  );
}

const log: Array<{ status: string; reason: string | null; at: number }> = [];
const note = () => {
  const { status, reason } = session.getSnapshot();
  if (log.at(-1)?.status !== status) log.push({ status, reason, at: Date.now() });
};
session.subscribe(note);
session.start();
note(); // the status the page starts with

const responseOf = async (response: Response) => ({ status: response.status, body: await response.text() });

Object.assign(window, {
  harness: {
    log,
    outcomes,
    extras,
    signOutCalls: () => signOutCalls,
    status: () => session.getSnapshot().status,
    snapshot: () => session.getSnapshot(),
    /** Milliseconds to the live deadline. */
    timeLeft: () => session.getDeadline() - Date.now(),
    fetch: (id: string, url: string, init?: RequestInit) => track(id, session.fetch(url, init).then(responseOf)),
    /** The app's sign-in call: never parked. */
    login: async (user: string) => (await session.fetch('/login', { method: 'POST', body: user, park: false })).status,
    resume: (id: string, user?: string) => track(id, session.resume(user === undefined ? {} : { user })),
    extend: (id: string) => {
      extras[`${id}:timeLeft`] = session.getDeadline() - Date.now();
      track(id, session.extend());
    },
    signOut: (id: string) => track(id, session.signOut()),
  },
});
document.title = 'ready';
