import { afterEach, describe, expect, it, vi } from 'vitest';

import type { InspectEvent, InspectEventBody, InspectListener } from '../../src/core/inspect.ts';
import { createRecorder } from '../../src/devtools/index.ts';
import { T0, at, inspectSettings } from '../support/inspect.ts';
import { MINUTE, SECOND, answer, settle, startSession, stopStartedSessions } from '../support/session.ts';

/** The first event `session.inspect` gives: the settings. */
const settingsEvent: InspectEvent = {
  type: 'inspect',
  status: 'active',
  reason: null,
  at: T0,
  settings: inspectSettings({ keepalive: null }),
};

/** A stand-in for a session's `inspect`: gives the settings event first, then what the test emits. */
function fakeSession() {
  const listeners = new Set<InspectListener>();
  return {
    inspect(listener: InspectListener) {
      listener(settingsEvent);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(seconds: number, body: InspectEventBody) {
      for (const listener of listeners) listener({ ...body, at: at(seconds) });
    },
    listening: () => listeners.size,
  };
}

const move: InspectEventBody = { type: 'activity', source: 'dom', outcome: 'taken', throttled: 20 };
const ignored: InspectEventBody = { type: 'activity', source: 'dom', outcome: 'duringWarning', throttled: 5 };
type ResponseBody = Extract<InspectEventBody, { type: 'response' }>;
const ok = (path = '/api/orders', dateSkew: number | null = 0): ResponseBody => ({
  type: 'response',
  via: 'fetch',
  method: 'GET',
  path,
  sameOrigin: true,
  status: 200,
  expired: false,
  redirected: false,
  expiryHeader: false,
  dateSkew,
  current: true,
});
const loginPage: InspectEventBody = { ...ok('/login'), redirected: true };
const microtask = () => Promise.resolve();

afterEach(() => vi.restoreAllMocks());

describe('what the recorder keeps', () => {
  it('keeps the last `limit` events, oldest first, with the settings event always first', () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { limit: 4, log: false });
    for (let second = 1; second <= 10; second += 1) session.emit(second, ok(`/api/page/${second}`));

    const paths = recorder.events().map((event) => (event.type === 'response' ? event.path : event.type));
    expect(paths).toEqual(['inspect', '/api/page/8', '/api/page/9', '/api/page/10']);
  });

  it('keeps 500 events by default', () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    for (let second = 1; second <= 600; second += 1) session.emit(second, ok());
    expect(recorder.events()).toHaveLength(500);
    expect(recorder.events()[1]?.at).toBe(at(102));
  });

  it('records a burst of mouse moves as one event with its count and the last one`s time', () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    session.emit(1, move);
    session.emit(2, move);
    session.emit(3, move);
    session.emit(3, ignored);
    session.emit(3, ignored);
    session.emit(4, { type: 'activity', source: 'report', outcome: 'taken', throttled: 0 });
    session.emit(5, ok());
    session.emit(6, move);

    expect(recorder.events().slice(1)).toEqual([
      { ...move, at: at(1), count: 3, until: at(3), throttled: 60 },
      { ...ignored, at: at(3), count: 2, until: at(3), throttled: 10 },
      { type: 'activity', source: 'report', outcome: 'taken', throttled: 0, at: at(4) },
      { ...ok(), at: at(5) },
      { ...move, at: at(6) },
    ]);
  });

  it('forgets the events on clear() but the settings, and records on', () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    session.emit(1, ok());
    recorder.clear();
    expect(recorder.events()).toEqual([settingsEvent]);
    session.emit(2, ok('/api/next'));
    expect(recorder.events()).toEqual([settingsEvent, { ...ok('/api/next'), at: at(2) }]);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => createRecorder(fakeSession(), { limit: 0 })).toThrow(/option "limit" must be a whole number of at least 1, got 0/);
  });
});

describe('for useSyncExternalStore', () => {
  it('gives the same events and findings arrays until something changes, then new ones', () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    const events = recorder.events();
    const findings = recorder.findings();
    expect(recorder.events()).toBe(events);
    expect(recorder.findings()).toBe(findings);
    expect(findings).toEqual([]);

    session.emit(1, loginPage);
    const after = recorder.events();
    expect(after).not.toBe(events);
    expect(events).toEqual([settingsEvent]); // what a render already read stays as it was
    expect(recorder.findings().map((finding) => finding.cause)).toEqual(['login-redirect']);
    expect(recorder.findings()).toBe(recorder.findings());
    expect(recorder.events()).toBe(after);
  });

  it('replaces a coalesced activity event instead of changing the one a render holds', () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    session.emit(1, move);
    const first = recorder.events()[1];
    session.emit(2, move);
    expect(first).toEqual({ ...move, at: at(1) });
    expect(recorder.events()[1]).toMatchObject({ count: 2, until: at(2) });
  });

  it('notifies once for a burst of events, after it, and again for the next change', async () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    const listener = vi.fn();
    recorder.subscribe(listener);
    for (let second = 1; second <= 50; second += 1) session.emit(second, ok());
    expect(listener).not.toHaveBeenCalled();
    await microtask();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(recorder.events()).toHaveLength(51);

    session.emit(51, ok());
    recorder.clear();
    await microtask();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('stops notifying a listener that unsubscribed, and goes on past one that throws', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    const gone = vi.fn();
    const stays = vi.fn();
    recorder.subscribe(() => {
      throw new Error('broken panel');
    });
    recorder.subscribe(gone)();
    recorder.subscribe(stays);
    session.emit(1, ok());
    await microtask();
    expect(gone).not.toHaveBeenCalled();
    expect(stays).toHaveBeenCalledTimes(1);
  });
});

describe('the development log', () => {
  it('logs each finding once per recorder, with its title and fix, as findings appear', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = fakeSession();
    createRecorder(session, { log: true });
    session.emit(1, loginPage);
    session.emit(2, loginPage);
    await microtask();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^\[react-session-timeout\] Responses were redirected to a login page \(\/login\).*login-redirect.*redirectMeansExpired/,
    );

    session.emit(3, loginPage);
    await microtask();
    session.emit(70, ok('/api/a', 3 * MINUTE));
    session.emit(80, ok('/api/b', 3 * MINUTE));
    await microtask();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]?.[0]).toMatch(/The server's clock is 3 min behind this browser/);
  });

  it('stays silent with log: false', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = fakeSession();
    createRecorder(session, { log: false });
    session.emit(1, loginPage);
    await microtask();
    expect(warn).not.toHaveBeenCalled();
  });

  it('is on by default in development', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = fakeSession();
    createRecorder(session);
    session.emit(1, loginPage);
    await microtask();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('stop() and the export', () => {
  it('stop() stops listening to the session and keeps what was recorded', async () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    const listener = vi.fn();
    recorder.subscribe(listener);
    session.emit(1, ok());
    expect(session.listening()).toBe(1);
    recorder.stop();
    recorder.stop();
    expect(session.listening()).toBe(0);
    session.emit(2, ok('/api/after'));
    await microtask();
    expect(recorder.events()).toEqual([settingsEvent, { ...ok(), at: at(1) }]);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('toJSON() holds the version, the events with their own fields only, and the findings', () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    session.emit(1, move);
    session.emit(2, move);
    session.emit(3, loginPage);

    const exported = JSON.parse(JSON.stringify(recorder)) as unknown;
    expect(exported).toEqual({
      version: 1,
      events: [settingsEvent, { ...move, at: at(1), count: 2, until: at(2), throttled: 40 }, { ...loginPage, at: at(3) }],
      findings: [{ cause: 'login-redirect', title: expect.any(String), fix: expect.any(String), evidence: [2] }],
    });
    expect(Object.keys(exported as object)).toEqual(['version', 'events', 'findings']);
    const keys = (exported as { events: object[] }).events.map((event) => Object.keys(event).sort());
    expect(keys[0]).toEqual(Object.keys(settingsEvent).sort());
    expect(keys[1]).toEqual(['at', 'count', 'outcome', 'source', 'throttled', 'type', 'until']);
    expect(keys[2]).toEqual(['at', ...Object.keys(loginPage)].sort());
  });

  it('toJSON() gives copies: changing them changes nothing recorded', () => {
    const session = fakeSession();
    const recorder = createRecorder(session, { log: false });
    session.emit(1, ok());
    const exported = recorder.toJSON();
    exported.events.pop();
    (exported.events[0] as { at: number }).at = 0;
    expect(recorder.events()).toHaveLength(2);
    expect(recorder.events()[0]?.at).toBe(T0);
  });
});

describe('on a real session', () => {
  afterEach(stopStartedSessions);

  const api = (path: string) => `${location.origin}${path}`;

  it('finds nothing in a healthy life: work, Stay signed in, a 440, the re-login and the replayed save', async () => {
    let serverGone = false;
    const { clock, session } = startSession({
      user: 'ada',
      keepalive: `${location.origin}/keepalive`,
      fetch: async (input: RequestInfo | URL) => {
        const path = new URL(new Request(input).url).pathname;
        return serverGone && path !== '/keepalive' ? answer(440, api(path)) : answer(200, api(path), { 'Session-Expires': '1200' });
      },
    });
    const recorder = createRecorder(session, { log: false });
    clock.advance(SECOND);
    session.reportActivity();
    clock.advance(9 * MINUTE);
    await session.extend();
    serverGone = true;
    const saved = session.fetch(`${location.origin}/api/expenses`, { method: 'POST', body: 'lunch' });
    await settle();
    serverGone = false;
    await session.resume({ user: 'ada' });
    await saved;

    expect(recorder.events()[0]).toMatchObject({ type: 'inspect', settings: { keepalive: 'url' } });
    expect(recorder.events().map((event) => event.type)).toContain('signedIn');
    expect(recorder.findings()).toEqual([]);
  });

  it('finds no-keepalive when a save is refused after minutes of typing in a session without keepalive', async () => {
    const { clock, session } = startSession({ user: 'ada', fetch: async () => answer(440, api('/api/forms/42')) });
    const recorder = createRecorder(session, { log: false });
    for (let second = 0; second < 5 * 60; second += 5) {
      clock.advance(5 * SECOND);
      window.dispatchEvent(new KeyboardEvent('keydown'));
    }
    void session.fetch(`${location.origin}/api/forms/42`, { method: 'POST', body: 'long text' }).catch(() => {});
    await settle();

    const events = recorder.events();
    const findings = recorder.findings();
    expect(findings.map((finding) => finding.cause)).toEqual(['server-timeout-shorter', 'no-keepalive']);
    const [typing, refusal] = findings[1]!.evidence.map((index) => events[index]);
    expect(typing).toMatchObject({ type: 'activity', source: 'dom', outcome: 'taken' });
    expect(refusal).toMatchObject({ type: 'response', status: 440, expired: true, path: '/api/forms/42' });
  });
});
