import { afterEach, describe, expect, it, vi } from 'vitest';

import { createSession } from '../../src/core/session.ts';
import type { SessionOptions } from '../../src/core/options.ts';
import { MINUTE, SECOND, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

const restores: Array<() => void> = [];
afterEach(() => {
  stopStartedSessions();
  for (const restore of restores.splice(0).reverse()) restore();
  vi.restoreAllMocks();
});

/** The page hidden or shown, as the browser says it: `document.visibilityState` and the event. */
function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  restores.push(() => Reflect.deleteProperty(document, 'visibilityState')); // jsdom's own getter is on the prototype
  document.dispatchEvent(new Event('visibilitychange'));
}

/** A session asking `/api/session` on return, whose fetch records each request and answers with `answer`. */
function withRevalidate(answer: (request: Request) => Promise<Response> = async () => respond(204), options: Omit<SessionOptions, 'clock'> = {}) {
  const sent: Array<{ at: number; request: Request; init: RequestInit | undefined }> = [];
  const setup = startSession({
    revalidate: '/api/session',
    fetch: async (input, init) => {
      const request = new Request(new URL(String(input), 'https://app.example'), init);
      sent.push({ at: setup.clock.now(), request, init });
      return answer(request);
    },
    ...options,
  });
  const gets = () => sent.filter(({ request }) => request.method === 'GET');
  /** Hidden for `ms` (a frozen page: no timer runs), then shown; lets the answer be read. */
  async function hiddenFor(ms: number) {
    setVisibility('hidden');
    setup.clock.jump(ms);
    setVisibility('visible');
    await settle();
  }
  return { ...setup, sent, gets, hiddenFor };
}

describe('revalidate: back from a long time hidden, the tab asks the server', () => {
  it('sends one GET to the status URL after 61 s hidden, and nothing else', async () => {
    const { gets, sent, hiddenFor } = withRevalidate();
    await hiddenFor(61 * SECOND);
    expect(sent).toHaveLength(1);
    expect(gets()).toHaveLength(1);
    const [{ request, init }] = gets() as [(typeof sent)[number]];
    expect(request.url).toBe('https://app.example/api/session');
    expect(request).toMatchObject({ method: 'GET', credentials: 'same-origin', cache: 'no-store' });
    expect(init).not.toHaveProperty('body');
    expect([...request.headers]).toEqual([]);
  });

  it('ends the session when the server answers 440: reason response, the re-login opens', async () => {
    const signOut = vi.fn();
    const { session, changes, hiddenFor } = withRevalidate(async () => respond(440), { signOut });
    await hiddenFor(5 * MINUTE);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
    expect(changes.map(({ status, reason }) => [status, reason])).toEqual([['expired', 'response']]);
    expect(signOut).not.toHaveBeenCalled(); // the server ended it already
  });

  it('moves the deadline to the Session-Expires of its answer, earlier than the idle deadline', async () => {
    const { clock, session, startedAt, hiddenFor } = withRevalidate(async () => respond(200, { 'Session-Expires': '120' }));
    expect(session.getDeadline()).toBe(startedAt + 10 * MINUTE);
    await hiddenFor(2 * MINUTE);
    expect(session.getDeadline()).toBe(clock.now() + 2 * MINUTE);
    expect(session.getDeadline()).toBeLessThan(startedAt + 10 * MINUTE);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('does not ask after only 30 s hidden (the default hiddenFor is a minute)', async () => {
    const { gets, hiddenFor } = withRevalidate();
    await hiddenFor(30 * SECOND);
    await hiddenFor(59 * SECOND);
    expect(gets()).toEqual([]);
    await hiddenFor(60 * SECOND);
    expect(gets()).toHaveLength(1);
  });

  it('counts the hidden time on the session clock, from the first time the page was hidden', async () => {
    const { clock, gets } = withRevalidate();
    setVisibility('hidden');
    clock.jump(40 * SECOND);
    setVisibility('hidden'); // told again: still hidden since the first time
    clock.jump(30 * SECOND);
    setVisibility('visible');
    await settle();
    expect(gets()).toHaveLength(1);
  });

  it('asks on every return with hiddenFor: 0, and only after hiddenFor with a longer one', async () => {
    const always = withRevalidate(undefined, { revalidate: { url: '/api/session', hiddenFor: 0 } });
    await always.hiddenFor(0);
    expect(always.gets()).toHaveLength(1);
    stopStartedSessions();

    const long = withRevalidate(undefined, { revalidate: { url: '/api/status', hiddenFor: 5 * MINUTE } });
    await long.hiddenFor(4 * MINUTE);
    expect(long.gets()).toEqual([]);
    await long.hiddenFor(5 * MINUTE);
    expect(long.gets().map(({ request }) => request.url)).toEqual(['https://app.example/api/status']);
  });

  it('asks when the page was already hidden when the session started', async () => {
    setVisibility('hidden');
    const { clock, gets } = withRevalidate();
    clock.jump(2 * MINUTE);
    setVisibility('visible');
    await settle();
    expect(gets()).toHaveLength(1);
  });

  it('asks when the browser comes back online, hidden or not', async () => {
    const { gets, session } = withRevalidate(async () => respond(440));
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(gets()).toHaveLength(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
  });

  it('sends one request at a time, and the next once it was answered', async () => {
    const answers: Array<(response: Response) => void> = [];
    const { gets, hiddenFor } = withRevalidate(() => new Promise((resolve) => answers.push(resolve)));
    window.dispatchEvent(new Event('online'));
    await hiddenFor(2 * MINUTE);
    window.dispatchEvent(new Event('online'));
    expect(gets()).toHaveLength(1);
    answers[0]!(respond(204));
    await settle();
    window.dispatchEvent(new Event('online'));
    expect(gets()).toHaveLength(2);
  });

  it('gives up on an answer that does not come within 30 s, and changes nothing', async () => {
    const { clock, gets, session, changes } = withRevalidate(() => new Promise(() => {}));
    window.dispatchEvent(new Event('online'));
    clock.advance(30 * SECOND);
    await settle();
    expect(gets()[0]!.request.signal.aborted).toBe(true);
    window.dispatchEvent(new Event('online'));
    expect(gets()).toHaveLength(2);
    expect(changes).toEqual([]);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('leaves the status alone on a network error: offline is not expiry, and nothing is thrown', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { session, changes, gets, startedAt, hiddenFor } = withRevalidate(async () => {
        throw new TypeError('Failed to fetch');
      });
      await hiddenFor(2 * MINUTE);
      window.dispatchEvent(new Event('online'));
      await settle();
      expect(gets()).toHaveLength(2);
      expect(changes).toEqual([]);
      expect(session.getSnapshot()).toMatchObject({ status: 'active', reason: null });
      expect(session.getDeadline()).toBe(startedAt + 10 * MINUTE);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('is not activity: the idle deadline stays where the person left it', async () => {
    const { session, startedAt, hiddenFor } = withRevalidate(async () => respond(200));
    await hiddenFor(3 * MINUTE);
    expect(session.getDeadline()).toBe(startedAt + 10 * MINUTE);
  });

  it('did not extend the server session: the next background keepalive is due all the same', async () => {
    const { clock, sent, startedAt, hiddenFor } = withRevalidate(async () => respond(200, { 'Session-Expires': '900' }), {
      keepalive: '/api/session/keepalive',
    });
    await hiddenFor(61 * SECOND);
    clock.advance(SECOND);
    window.dispatchEvent(new MouseEvent('pointermove', { clientX: 1, clientY: 1 }));
    await settle();
    expect(sent.map(({ at, request }) => [request.method, request.url, (at - startedAt) / SECOND])).toEqual([
      ['GET', 'https://app.example/api/session', 61],
      ['POST', 'https://app.example/api/session/keepalive', 62],
    ]);
  });

  it('a tab whose session ended asks nothing: expired, idle while hidden, or signed out', async () => {
    const expired = withRevalidate();
    expired.session.handleResponse(respond(440));
    await expired.hiddenFor(5 * MINUTE);
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(expired.gets()).toEqual([]);
    stopStartedSessions();

    // Hidden past the idle deadline: back in view, the wake check ends it first.
    const slept = withRevalidate();
    await slept.hiddenFor(11 * MINUTE);
    expect(slept.session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
    expect(slept.gets()).toEqual([]);
    stopStartedSessions();

    const signedOut = withRevalidate();
    await signedOut.session.signOut();
    await signedOut.hiddenFor(5 * MINUTE);
    expect(signedOut.gets()).toEqual([]);
  });

  it('stops listening with stop(), and reads no answer that comes after', async () => {
    let answer!: (response: Response) => void;
    const { session, gets, hiddenFor } = withRevalidate(() => new Promise((resolve) => (answer = resolve)));
    window.dispatchEvent(new Event('online'));
    session.stop();
    expect(gets()[0]!.request.signal.aborted).toBe(true);
    answer(respond(440));
    await settle();
    expect(session.getSnapshot().status).toBe('active');

    await hiddenFor(5 * MINUTE);
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(gets()).toHaveLength(1);
  });

  it('asks nothing without the option', async () => {
    const sent: string[] = [];
    const { clock } = startSession({ fetch: async (input) => (sent.push(String(input)), respond(204)) });
    setVisibility('hidden');
    clock.jump(5 * MINUTE);
    setVisibility('visible');
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(sent).toEqual([]);
  });

  it('warns once in development when the status URL answers 404: not found is no answer about the session', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { session, hiddenFor } = withRevalidate(async () => respond(404));
    await hiddenFor(2 * MINUTE);
    await hiddenFor(2 * MINUTE);
    expect(session.getSnapshot().status).toBe('active');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('The revalidate URL "/api/session" answered 404');
  });

  it('with redirectMeansExpired, sees a login redirect instead of following it: expired', async () => {
    const { session, gets, hiddenFor } = withRevalidate(async () => respond(302, { Location: 'https://login.example/' }), { redirectMeansExpired: true });
    await hiddenFor(2 * MINUTE);
    expect(gets()[0]!.request.redirect).toBe('manual');
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
  });
});

describe('the revalidate option', () => {
  const create = (revalidate: unknown) => () => createSession({ crossTab: false, revalidate: revalidate as SessionOptions['revalidate'] });

  it.each([
    ['', 'option "revalidate" must be a status URL or { url, hiddenFor }, got "".'],
    [42, 'option "revalidate" must be a status URL or { url, hiddenFor }, got 42.'],
    [null, 'option "revalidate" must be a status URL or { url, hiddenFor }, got null.'],
    [{ hiddenFor: 0 }, 'option "revalidate" must be a status URL or { url, hiddenFor }, got {"hiddenFor":0}.'],
    [{ url: '' }, 'option "revalidate" must be a status URL or { url, hiddenFor }, got {"url":""}.'],
    [{ url: '/api/session', hiddenFor: -1 }, 'option "revalidate.hiddenFor" must be a number of milliseconds, 0 or more, got -1.'],
    [{ url: '/api/session', hiddenFor: Infinity }, 'option "revalidate.hiddenFor" must be a number of milliseconds, 0 or more, got Infinity.'],
    [{ url: '/api/session', hiddenFor: Number.NaN }, 'option "revalidate.hiddenFor" must be a number of milliseconds, 0 or more, got NaN.'],
    [{ url: '/api/session', hiddenFor: '60s' }, 'option "revalidate.hiddenFor" must be a number of milliseconds, 0 or more, got "60s".'],
    // A URL fetch cannot send would fail at every return to the tab, silently: it is refused at once.
    ['ftp://example.com/status', 'option "revalidate" must be an http(s) URL (absolute, or relative to the page), got "ftp://example.com/status".'],
    [{ url: 'javascript:void 0' }, 'option "revalidate.url" must be an http(s) URL (absolute, or relative to the page), got "javascript:void 0".'],
    [
      'https://ada:secret@example.com/status',
      'option "revalidate" must be an http(s) URL (absolute, or relative to the page), got "https://ada:secret@example.com/status".',
    ],
  ])('%j throws a TypeError naming it', (revalidate, message) => {
    expect(create(revalidate)).toThrow(TypeError);
    expect(create(revalidate)).toThrow(`[react-session-timeout] ${message}`);
  });

  it('takes a URL, or { url } with or without hiddenFor, and no warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const revalidate of ['/api/session', { url: '/api/session' }, { url: '/api/session', hiddenFor: 0 }, undefined]) {
      expect(create(revalidate)).not.toThrow();
    }
    expect(warn).not.toHaveBeenCalled();
  });
});
