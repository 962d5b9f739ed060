/**
 * The composable way (issue 24): a session of the kernel and the features an app names does what
 * those features promise, and nothing it was not given. `createSession` is the same with every
 * feature, so every other test covers that composition.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  busy,
  composeSession,
  configure,
  crossTab,
  essentials,
  inspect,
  keepalive,
  parking,
  refresh,
  revalidate,
  watch,
  type BusyMethods,
  type ConfigureMethods,
  type Feature,
  type InspectMethods,
  type KernelSession,
  type ParkingMethods,
  type SessionOptions,
  type WatchMethods,
} from '../../src/core/index.ts';
import { createMemoryTabs, createTestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, respond, settle } from '../support/session.ts';

const opened: Array<{ stop(): void }> = [];
afterEach(() => {
  for (const session of opened.splice(0)) session.stop();
});

const timing = { idleTimeout: 10 * MINUTE, warningBefore: MINUTE, activityEvents: [] } satisfies SessionOptions;

function started<S extends { start(): void; stop(): void }>(session: S): S {
  session.start();
  opened.push(session);
  return session;
}

describe('the kernel alone', () => {
  it('warns before the idle deadline and ends the session at it', () => {
    const clock = createTestClock();
    const session = started(composeSession({ ...timing, clock, crossTab: false }, []));
    clock.advance(9 * MINUTE);
    expect(session.getSnapshot().status).toBe('warning');
    clock.advance(MINUTE);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
  });

  it("follows the server's expiry and its 440", () => {
    const clock = createTestClock();
    const session = started(composeSession({ ...timing, clock }, []));
    session.handleResponse(respond(200, { 'Session-Expires': '300' }));
    clock.advance(4 * MINUTE + SECOND);
    expect(session.getSnapshot().status).toBe('warning'); // a minute before the server's end, not the idle one
    expect(session.handleResponse(respond(440))).toBe(true);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
  });

  it('"Stay signed in" restarts the idle time, and pings nothing: there is no keepalive feature', async () => {
    const clock = createTestClock();
    const fetch = vi.fn(async () => respond(204));
    const session = started(composeSession({ ...timing, clock, keepalive: '/api/session/keepalive', fetch }, []));
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('extended');
    expect(session.getSnapshot().status).toBe('active');
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says in development that an option of a feature it was not given is ignored, and checks it no further', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = composeSession({ ...timing, keepalive: '/api/session/keepalive', revalidate: 42 as unknown as string }, [crossTab]);
    expect(session.getSnapshot().status).toBe('active'); // no TypeError for revalidate: nothing reads it
    const said = warn.mock.calls.map((call) => String(call[0]));
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Option "keepalive" is ignored: this session has no keepalive feature'),
        expect.stringContaining('Option "revalidate" is ignored: this session has no revalidate feature'),
      ]),
    );
    expect(said.some((text) => text.includes('"crossTab"'))).toBe(false);
    warn.mockRestore();
  });

  it('has no method of a feature it was not given', () => {
    const session = composeSession(timing, []);
    for (const method of ['fetch', 'park', 'inspect', 'busy', 'watch', 'configure']) expect(session).not.toHaveProperty(method);
  });
});

describe('the kernel and crossTab: react-idle-timer’s job', () => {
  it('keeps every tab alive while the person works in one, and signs out every tab from one', async () => {
    const clock = createTestClock();
    const tabs = createMemoryTabs();
    const open = () => started(composeSession({ ...timing, clock, crossTab: tabs.transport }, [crossTab]));
    const [working, other] = [open(), open()];
    for (let i = 0; i < 30; i++) {
      clock.advance(30 * SECOND);
      working.reportActivity();
      await tabs.flush();
    }
    expect(other.getSnapshot().status).toBe('active');
    await working.signOut();
    await tabs.flush();
    expect(other.getSnapshot()).toMatchObject({ status: 'signedOut', reason: 'remote' });
  });
});

describe('essentials: nothing lost', () => {
  it('parks a request that meets a 440 and replays it once after the sign-in', async () => {
    const clock = createTestClock();
    const answers = [respond(440), respond(201)];
    const fetch = vi.fn(async () => answers.shift() ?? respond(500));
    const session = started(composeSession({ ...timing, clock, crossTab: false, fetch }, [...essentials, inspect]));
    const saved = session.fetch(`${location.origin}/api/notes`, { method: 'POST', body: 'note' });
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 1 });
    await session.resume();
    await expect(saved).resolves.toMatchObject({ status: 201 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('each feature alone with the kernel', () => {
  /** What each feature does for the app, done with no other feature there; `world.fetch` saw it. */
  const uses: Record<string, (session: never, world: { fetch: ReturnType<typeof vi.fn>; tabs: ReturnType<typeof createMemoryTabs> }) => Promise<void>> = {
    busy: async (session: BusyMethods) => expect(await session.busy(Promise.resolve('done'))).toBe('done'),
    configure: async (session: ConfigureMethods & KernelSession) => {
      session.configure({ idleTimeout: 20 * MINUTE });
      expect(session.getSnapshot().idleTimeout).toBe(20 * MINUTE);
    },
    crossTab: async (_session, { tabs }) => expect(tabs.stored()?.status).toBe('active'),
    inspect: async (session: InspectMethods & KernelSession) => {
      const heard: string[] = [];
      session.inspect((event) => heard.push(event.type))();
      expect(heard).toContain('deadline'); // where the deadline stands, to each listener as it attaches
    },
    keepalive: async (_session, { fetch }) => expect(fetch.mock.calls.map(([url]) => String(url))).toContain('/api/session/keepalive'),
    parking: async (session: ParkingMethods) => expect((await session.fetch(`${location.origin}/api/notes`)).status).toBe(204),
    refresh: async () => {}, // its failed try is what ended the session at the 440 above
    revalidate: async (_session, { fetch }) => {
      window.dispatchEvent(new Event('online')); // the browser is back online: is the server session still there?
      await settle();
      expect(fetch.mock.calls.map(([url]) => String(url))).toContainEqual(expect.stringMatching(/\/api\/session$/));
    },
    watch: async (session: WatchMethods) => expect(typeof session.watch(window)).toBe('function'),
  };

  it.each([busy, configure, crossTab, inspect, keepalive, parking, refresh, revalidate, watch].map((feature) => [feature.name, feature] as const))(
    '%s: warns, is kept in by "Stay signed in", ends at a 440, signs in again and does its own job, needing no other feature',
    async (name, feature: Feature) => {
      vi.spyOn(console, 'warn').mockImplementation(() => {}); // the other features' options are ignored
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const clock = createTestClock();
      const fetch = vi.fn(async (_url: RequestInfo | URL) => respond(204));
      const tabs = createMemoryTabs();
      const refreshTry = vi.fn(async () => false); // the refresh fails: the 440 ends the session
      const options = {
        ...timing,
        clock,
        fetch,
        crossTab: tabs.transport,
        keepalive: '/api/session/keepalive',
        revalidate: '/api/session',
        refresh: refreshTry,
        user: 'ada',
      } satisfies SessionOptions;
      const session = started(composeSession(options, [feature]));
      const seen: string[] = [];
      session.subscribe(() => seen.push(session.getSnapshot().status));
      clock.advance(9 * MINUTE);
      await expect(session.extend()).resolves.toBe('extended');
      session.handleResponse(respond(440));
      await settle();
      await session.resume({ user: 'ada' });
      await settle();
      clock.advance(9 * MINUTE);
      expect(seen.filter((status, i) => status !== seen[i - 1])).toEqual(['warning', 'active', 'expired', 'active', 'warning']);
      expect(refreshTry).toHaveBeenCalledTimes(name === 'refresh' ? 1 : 0);
      await uses[name]!(session as never, { fetch, tabs });
      expect(error).not.toHaveBeenCalled();
    },
  );
});
