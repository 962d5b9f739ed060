// The keepalive target: a URL that cannot work is a TypeError at once (not "offline" at every
// ping); the object form chooses the credentials and sends headers (a CSRF token read at each
// ping); a keepalive the server refuses with 403 says why in development, and so does one whose
// route does not exist yet (404, 405).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createSession } from '../../src/core/session.ts';
import type { SessionOptions } from '../../src/core/options.ts';
import type { InspectEvent } from '../../src/core/inspect.ts';
import { MINUTE, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  stopStartedSessions();
  warn.mockRestore();
});

const create = (options: unknown) => () => createSession({ crossTab: false, ...(options as SessionOptions) });
const HTTP_URL = 'an http(s) URL (absolute, or relative to the page)';

describe('a keepalive that cannot work throws a TypeError naming the option', () => {
  it.each([
    [{ keepalive: 'javascript:alert(1)' }, `option "keepalive" must be ${HTTP_URL}, got "javascript:alert(1)".`],
    [{ keepalive: 'http://' }, `option "keepalive" must be ${HTTP_URL}, got "http://".`],
    [{ keepalive: 'ftp://files.example/keepalive' }, `option "keepalive" must be ${HTTP_URL}, got "ftp://files.example/keepalive".`],
    [{ keepalive: 'data:text/plain,hi' }, `option "keepalive" must be ${HTTP_URL}, got "data:text/plain,hi".`],
    // fetch refuses a URL with credentials in it.
    [{ keepalive: 'https://ada:secret@api.example/keepalive' }, `option "keepalive" must be ${HTTP_URL}, got "https://ada:secret@api.example/keepalive".`],
    [{ keepalive: { url: 'javascript:void 0' } }, `option "keepalive.url" must be ${HTTP_URL}, got "javascript:void 0".`],
    [{ keepalive: { url: 42 } }, `option "keepalive.url" must be ${HTTP_URL}, got 42.`],
    [{ keepalive: {} }, `option "keepalive.url" must be ${HTTP_URL}, got undefined.`],
    [{ keepalive: { url: '/keepalive', credentials: 'always' } }, `option "keepalive.credentials" must be 'omit', 'same-origin' or 'include', got "always".`],
    [
      { keepalive: { url: '/keepalive', headers: 'X-CSRF-Token: abc' } },
      'option "keepalive.headers" must be headers (an object, a Headers or [name, value] pairs) or a function returning them, got "X-CSRF-Token: abc".',
    ],
    [
      { keepalive: { url: '/keepalive', headers: { 'X CSRF': 'abc' } } },
      'option "keepalive.headers" must be headers (an object, a Headers or [name, value] pairs) or a function returning them, got {"X CSRF":"abc"}.',
    ],
    [{ keepalive: [] }, 'option "keepalive" must be a URL, { url, credentials, headers }, a function returning a Promise<Response>, or null, got [].'],
  ])('%j', (options, message) => {
    expect(create(options)).toThrow(TypeError);
    expect(create(options)).toThrow(`[react-session-timeout] ${message}`);
  });

  it('also when session.configure is given one', () => {
    const { session } = startSession({ keepalive: '/keepalive' });
    expect(() => session.configure({ keepalive: 'javascript:alert(1)' })).toThrow(`option "keepalive" must be ${HTTP_URL}, got "javascript:alert(1)".`);
    expect(() => session.configure({ keepalive: { url: '/k', credentials: 'never' as RequestCredentials } })).toThrow('option "keepalive.credentials" must be');
  });

  it.each([
    '/api/session/keepalive',
    'keepalive',
    '../keepalive?x=1',
    'https://api.example/keepalive',
    'HTTP://API.EXAMPLE/keepalive',
    '//api.example/keepalive',
  ])('accepts %j', (url) => {
    expect(create({ keepalive: url })).not.toThrow();
    expect(create({ keepalive: { url } })).not.toThrow();
  });

  it('accepts the object form with each credentials mode, and headers as an object, a Headers, pairs or a function', () => {
    for (const credentials of ['omit', 'same-origin', 'include'] as const) expect(create({ keepalive: { url: '/k', credentials } })).not.toThrow();
    for (const headers of [{ 'X-CSRF-Token': 'a' }, new Headers({ 'X-CSRF-Token': 'a' }), [['X-CSRF-Token', 'a']], () => ({ 'X-CSRF-Token': 'a' })]) {
      expect(create({ keepalive: { url: '/k', headers } })).not.toThrow();
    }
  });
});

/** A session whose keepalive fetch records each request; `answer` answers it. */
function withKeepalive(keepalive: SessionOptions['keepalive'], answer: () => Response = () => respond(204)) {
  const requests: Request[] = [];
  const setup = startSession({
    keepalive,
    fetch: async (input, init) => {
      requests.push(new Request(new URL(String(input), 'https://app.example'), init));
      return answer();
    },
  });
  return { ...setup, requests };
}

describe('the object form', () => {
  it('sends its credentials and headers with the POST, uncached', async () => {
    const { clock, session, requests } = withKeepalive({
      url: 'https://api.example/keepalive',
      credentials: 'include',
      headers: { 'X-CSRF-Token': 'token-1' },
    });
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('extended');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ url: 'https://api.example/keepalive', method: 'POST', credentials: 'include', cache: 'no-store' });
    expect(requests[0]!.headers.get('X-CSRF-Token')).toBe('token-1');
  });

  it("sends the page's credentials unless told otherwise, as the URL form does", async () => {
    const { clock, session, requests } = withKeepalive({ url: '/keepalive' });
    clock.advance(9 * MINUTE);
    await session.extend();
    expect(requests[0]).toMatchObject({ url: 'https://app.example/keepalive', credentials: 'same-origin' });
  });

  it('calls a headers function at each ping, so a token that changed is sent fresh', async () => {
    let token = 'token-1';
    const headers = vi.fn(() => ({ 'X-CSRF-Token': token }));
    const { clock, session, requests } = withKeepalive({ url: '/keepalive', headers });
    expect(headers).not.toHaveBeenCalled();
    clock.advance(9 * MINUTE);
    await session.extend();
    token = 'token-2';
    clock.advance(9 * MINUTE);
    await session.extend();
    expect(headers).toHaveBeenCalledTimes(2);
    expect(requests.map((request) => request.headers.get('X-CSRF-Token'))).toEqual(['token-1', 'token-2']);
  });

  it('counts a ping whose headers function throws as offline, and says why in development', async () => {
    const { clock, session, requests } = withKeepalive({
      url: '/keepalive',
      headers: () => {
        throw new Error('no csrf meta tag');
      },
    });
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('offline');
    expect(requests).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('The keepalive headers function threw'), expect.any(Error));
  });

  it('is reported as a URL keepalive by session.inspect', () => {
    const { session } = startSession({ keepalive: { url: '/keepalive', credentials: 'include' } });
    const events: InspectEvent[] = [];
    session.inspect((event) => events.push(event))();
    expect(events[0]).toMatchObject({ type: 'inspect', settings: { keepalive: 'url' } });
  });

  it("never parks the keepalive's own URL, as with the URL form", async () => {
    const sent: string[] = [];
    const { session } = startSession({
      keepalive: { url: '/api/keepalive', headers: { 'X-CSRF-Token': 'a' } },
      fetch: async (input) => {
        sent.push(input instanceof Request ? input.url : String(input));
        return respond(440);
      },
    });
    const keepalive = session.fetch(new URL('/api/keepalive', location.href), { method: 'POST' });
    await expect(keepalive).resolves.toMatchObject({ status: 440 }); // answered, not parked
    await settle();
    expect(session.getSnapshot().parked).toBe(0);
  });
});

describe('a keepalive the server refuses with 403', () => {
  const csrfWarning = () => warn.mock.calls.filter(([message]: unknown[]) => String(message).includes('refused the keepalive'));

  it('warns once in development, naming CSRF protection and the object form with headers', async () => {
    const { clock, session } = withKeepalive('/keepalive', () => respond(403));
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('refused');
    await expect(session.extend()).resolves.toBe('refused');
    expect(csrfWarning()).toHaveLength(1);
    const [message] = csrfWarning()[0]!;
    expect(message).toMatch(/^\[react-session-timeout\] The server refused the keepalive \(403 Forbidden\)/);
    expect(message).toContain('CSRF');
    expect(message).toContain("headers: () => ({ 'X-CSRF-Token': token })");
    expect(message).toContain('function form');
  });

  it('warns once per session: a second session that meets it warns too', async () => {
    const first = withKeepalive('/keepalive', () => respond(403));
    first.clock.advance(9 * MINUTE);
    await first.session.extend();
    const second = withKeepalive('/keepalive', () => respond(403));
    second.clock.advance(9 * MINUTE);
    await second.session.extend();
    expect(csrfWarning()).toHaveLength(2);
  });

  it.each([401, 404])('does not blame CSRF for a %i', async (code) => {
    const { clock, session } = withKeepalive('/keepalive', () => respond(code));
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('refused');
    expect(csrfWarning()).toEqual([]);
  });
});

describe('a keepalive route that does not exist yet (404 or 405)', () => {
  const routeWarnings = () => warn.mock.calls.map(([message]: unknown[]) => String(message)).filter((message: string) => message.includes('answered 40'));
  const move = () => window.dispatchEvent(new MouseEvent('pointermove', { clientX: 1, clientY: 1 }));

  it('warns once in development when "Stay signed in" meets a 404, naming the URL, the status and what the route must do', async () => {
    const { clock, session } = withKeepalive('/api/session/keepalive', () => respond(404));
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('refused');
    await expect(session.extend()).resolves.toBe('refused');
    expect(routeWarnings()).toHaveLength(1);
    const [message] = routeWarnings();
    const resolved = new URL('/api/session/keepalive', location.href).href; // where it went, resolved against the page
    expect(message).toMatch(new RegExp(`^\\[react-session-timeout\\] The keepalive URL "/api/session/keepalive" \\(${resolved}\\) answered 404 Not Found`));
    expect(message).toContain('answers a POST');
    expect(message).toContain('2xx');
    expect(message).toContain('Session-Expires');
  });

  it('reminds that a URL without a leading "/" is relative to the page', async () => {
    const { clock, session } = withKeepalive('api/keepalive', () => respond(404));
    clock.advance(9 * MINUTE);
    await session.extend();
    const [message] = routeWarnings();
    expect(message).toContain(`The keepalive URL "api/keepalive" (${new URL('api/keepalive', location.href).href}) answered 404 Not Found`);
    expect(message).toContain('relative to the page');
    warn.mockClear();
    const absolute = withKeepalive('/api/keepalive', () => respond(404));
    absolute.clock.advance(9 * MINUTE);
    await absolute.session.extend();
    expect(routeWarnings()[0]).not.toContain('relative to the page');
  });

  it('says that the route does not accept POST when it answers 405', async () => {
    const { clock, session } = withKeepalive({ url: 'https://api.example/keepalive', credentials: 'include' }, () => respond(405));
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('refused');
    const [message] = routeWarnings();
    expect(message).toMatch(/The keepalive URL "https:\/\/api\.example\/keepalive" answered 405 Method Not Allowed/);
    expect(message).toContain('does not accept POST');
  });

  it('warns when the background keepalive meets it, before anyone presses "Stay signed in"', async () => {
    const { clock, status } = withKeepalive('/api/session/keepalive', () => respond(404));
    clock.advance(MINUTE);
    move();
    await settle();
    expect(status()).toBe('active');
    expect(routeWarnings()).toHaveLength(1);
    expect(routeWarnings()[0]).toContain('The keepalive URL "/api/session/keepalive"');
    expect(routeWarnings()[0]).toContain('answered 404 Not Found');
  });

  it('names the keepalive function, not a URL, when the function form gets a 404', async () => {
    const { clock, session } = startSession({ keepalive: async () => respond(404) });
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('refused');
    expect(routeWarnings()).toHaveLength(1);
    expect(routeWarnings()[0]).toMatch(/^\[react-session-timeout\] The keepalive function answered 404 Not Found/);
    expect(routeWarnings()[0]).not.toContain('http');
  });

  it('warns once per session: a second session that meets it warns too', async () => {
    for (const setup of [withKeepalive('/keepalive', () => respond(404)), withKeepalive('/keepalive', () => respond(404))]) {
      setup.clock.advance(9 * MINUTE);
      await setup.session.extend();
    }
    expect(routeWarnings()).toHaveLength(2);
  });

  it('says nothing of a missing route when the app counts a 404 as expired', async () => {
    const { clock, session } = startSession({ keepalive: '/keepalive', expiredStatuses: [404], fetch: async () => respond(404) });
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('expired');
    expect(routeWarnings()).toEqual([]);
  });
});
