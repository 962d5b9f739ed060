// session.onSignIn: who signed in, and whether it is someone else, told before the session runs
// again and before anything parked is replayed (what a query cache needs to clear itself in time).
import { afterEach, describe, expect, it, vi } from 'vitest';

import { composeSession, createSession, type Session, type SessionExpiredError, type SignIn } from '../../src/core/index.ts';
import { createMemoryTabs, createTestClock } from '../../src/testing/index.ts';
import { MINUTE, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

const opened: Array<{ stop(): void }> = [];
afterEach(() => {
  stopStartedSessions();
  for (const session of opened.splice(0)) session.stop();
  vi.restoreAllMocks();
});

const api = (path: string) => `${location.origin}${path}`;

/** A server whose session the test ends (`gone`: 440 to everything), recording what reached it. */
function server() {
  const state = { gone: false, received: [] as string[] };
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    state.received.push(`${request.method} ${new URL(request.url).pathname}`);
    return state.gone ? respond(440) : respond(200);
  });
  return { state, fetch };
}

/** Every sign-in `session` tells, with the status and the requests the server had received at that moment. */
function listen(session: Pick<Session, 'onSignIn' | 'getSnapshot'>, received: readonly string[] = []) {
  const heard: Array<SignIn & { status: string; receivedThen: number }> = [];
  const stop = session.onSignIn((signIn) => heard.push({ ...signIn, status: session.getSnapshot().status, receivedThen: received.length }));
  return { heard, stop };
}

describe('session.onSignIn: a re-login after the session expired', () => {
  it('as the same person: userChanged false, told while still expired and before the parked request is replayed', async () => {
    const backend = server();
    const { session } = startSession({ fetch: backend.fetch, user: 'ada' });
    const { heard } = listen(session, backend.state.received);
    backend.state.gone = true;
    const saved = session.fetch(api('/api/notes'), { method: 'POST', body: 'lunch' });
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 1 });

    backend.state.gone = false;
    await session.resume({ user: 'Ada ' }); // the same person, however the sign-in form spelt it
    await expect(saved).resolves.toMatchObject({ status: 200 });
    expect(heard).toEqual([{ via: 'resume', userChanged: false, status: 'expired', receivedThen: 1 }]);
    expect(backend.state.received).toEqual(['POST /api/notes', 'POST /api/notes']);
  });

  it('as someone else: userChanged true, told before the previous person\u2019s parked request is rejected (userChanged)', async () => {
    const backend = server();
    const { session } = startSession({ fetch: backend.fetch, user: 'ada' });
    const order: string[] = [];
    session.onSignIn(({ userChanged }) => order.push(`signIn userChanged=${userChanged}`));
    backend.state.gone = true;
    const saved = session.fetch(api('/api/notes'), { method: 'POST', body: 'lunch' });
    saved.catch((error: SessionExpiredError) => order.push(`rejected ${error.reason}`));
    await settle();

    backend.state.gone = false;
    await session.resume({ user: 'bob' });
    await settle();
    expect(order).toEqual(['signIn userChanged=true', 'rejected userChanged']);
    expect(backend.state.received).toEqual(['POST /api/notes']); // never sent as bob
  });

  it('after the person signed out, signing in as someone else is a change too', async () => {
    const { session } = startSession({ user: 'ada' });
    const { heard } = listen(session);
    await session.signOut();
    await session.resume({ user: 'bob' });
    await session.signOut();
    await session.resume({ user: 'bob' });
    expect(heard.map(({ userChanged }) => userChanged)).toEqual([true, false]);
  });
});

describe('session.onSignIn when the library cannot tell', () => {
  it('says null when no user was ever given, and when nobody was signed in before the first sign-in', async () => {
    const anonymous = startSession({ fetch: server().fetch });
    const { heard: anonymousHeard } = listen(anonymous.session);
    await anonymous.session.resume();
    expect(anonymousHeard).toEqual([expect.objectContaining({ via: 'resume', userChanged: null })]);

    const signInPage = startSession({ initialStatus: 'signedOut' });
    const { heard } = listen(signInPage.session);
    await signInPage.session.resume({ user: 'ada' }); // the first sign-in: nobody before it
    await signInPage.session.resume({ user: 'ada' });
    await signInPage.session.resume(); // no user said: the same person, as the replay takes it
    expect(heard.map(({ userChanged }) => userChanged)).toEqual([null, false, false]);
  });
});

describe('session.onSignIn and the other ways a session begins again', () => {
  it('hears a sign-in in another tab (via otherTab), as someone else, before its own parked request is rejected', async () => {
    const clock = createTestClock();
    const tabs = createMemoryTabs({ locks: true });
    const backend = server();
    const open = () => {
      const session = createSession({ clock, crossTab: tabs.transport, fetch: backend.fetch, user: 'ada', activityEvents: [], idleTimeout: 10 * MINUTE });
      session.start();
      opened.push(session);
      return session;
    };
    const [here, there] = [open(), open()];
    const { heard } = listen(here);
    const order: string[] = [];
    here.onSignIn(() => order.push('signIn'));
    backend.state.gone = true;
    here.fetch(api('/api/notes')).catch((error: SessionExpiredError) => order.push(`rejected ${error.reason}`));
    await tabs.flush();
    await settle();
    expect(here.getSnapshot().status).toBe('expired');

    backend.state.gone = false;
    await there.resume({ user: 'bob' });
    await tabs.flush();
    await settle();
    expect(heard).toEqual([expect.objectContaining({ via: 'otherTab', userChanged: true, status: 'expired' })]);
    expect(order).toEqual(['signIn', 'rejected userChanged']);
  });

  it('hears a silent refresh (via refresh): as whoever it says, or the same person when it does not say', async () => {
    const backend = server();
    let renewedAs: true | { user: string } = true;
    const refresh = async () => {
      backend.state.gone = false; // the refresh token bought a new server session
      return renewedAs;
    };
    const { session } = startSession({ fetch: backend.fetch, user: 'ada', refresh });
    const { heard } = listen(session);
    const expireOnce = async () => {
      backend.state.gone = true;
      await session.fetch(api('/api/notes')).catch(() => {});
      await session.fetch(api('/api/me')); // proves the renewal worked, so a later end may be renewed again
    };
    await expireOnce();
    renewedAs = { user: 'bob' };
    await expireOnce();
    expect(heard.map(({ via, userChanged }) => ({ via, userChanged }))).toEqual([
      { via: 'refresh', userChanged: false },
      { via: 'refresh', userChanged: true },
    ]);
  });

  it('is on every session, the kernel alone too', async () => {
    const session = composeSession({ user: 'ada' }, []);
    const { heard, stop } = listen(session);
    await session.resume({ user: 'bob' });
    stop();
    await session.resume({ user: 'eve' });
    expect(heard).toEqual([expect.objectContaining({ via: 'resume', userChanged: true })]);
  });
});

describe('session.onSignIn: what the app gives it', () => {
  it('throws a TypeError naming the listener when given something else than a function', () => {
    const session = createSession({ crossTab: false });
    expect(() => session.onSignIn('clear' as never)).toThrow(TypeError);
    expect(() => session.onSignIn('clear' as never)).toThrow(/option "listener" must be a function, got "clear"/);
  });

  it('a listener that throws does not stop the sign-in: the parked request is replayed and the error is reported', async () => {
    const backend = server();
    const { session } = startSession({ fetch: backend.fetch, user: 'ada' });
    const broken = new Error('the app’s cache was not ready');
    session.onSignIn(() => {
      throw broken;
    });
    const { heard } = listen(session); // a later listener still hears it
    backend.state.gone = true;
    const saved = session.fetch(api('/api/notes'), { method: 'POST' });
    await settle();
    const reported: Array<() => void> = [];
    const microtask = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => void reported.push(task));
    backend.state.gone = false;
    const resumed = session.resume({ user: 'ada' });
    microtask.mockRestore();
    await resumed;
    await expect(saved).resolves.toMatchObject({ status: 200 });
    expect(heard).toHaveLength(1);
    expect(reported).toHaveLength(1);
    expect(() => reported[0]!()).toThrow(broken);
  });
});
