import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createSession } from '../../src/core/session.ts';
import type { SessionOptions } from '../../src/core/options.ts';

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

const create = (options: unknown) => () => createSession({ crossTab: false, ...(options as SessionOptions) });

describe('invalid options throw a TypeError naming the option and the value', () => {
  it.each([
    [{ idleTimeout: -1 }, 'option "idleTimeout" must be a number of milliseconds, 0 or more, or Infinity, got -1.'],
    [{ idleTimeout: Number.NaN }, 'option "idleTimeout" must be a number of milliseconds, 0 or more, or Infinity, got NaN.'],
    [{ idleTimeout: '15m' }, 'option "idleTimeout" must be a number of milliseconds, 0 or more, or Infinity, got "15m".'],
    [{ idleTimeout: 0 }, 'option "idleTimeout" must be more than 0 milliseconds, got 0.'],
    [{ warningBefore: -5 }, 'option "warningBefore" must be a number of milliseconds, 0 or more, got -5.'],
    [{ warningBefore: Infinity }, 'option "warningBefore" must be a number of milliseconds, 0 or more, got Infinity.'],
    [{ idleTimeout: 60_000, warningBefore: 60_000 }, 'option "warningBefore" must be less than idleTimeout (60000), got 60000.'],
    [{ keepaliveInterval: null }, 'option "keepaliveInterval" must be a number of milliseconds, 0 or more, or Infinity, got null.'],
    [{ expiredStatuses: 440 }, 'option "expiredStatuses" must be an array of HTTP status codes (integers 100 to 599), got 440.'],
    [{ expiredStatuses: ['440'] }, 'option "expiredStatuses" must be an array of HTTP status codes (integers 100 to 599), got ["440"].'],
    [{ expiredStatuses: [44] }, 'option "expiredStatuses" must be an array of HTTP status codes (integers 100 to 599), got [44].'],
    [{ isExpired: true }, 'option "isExpired" must be a function, got true.'],
    [
      { redirectMeansExpired: 'true' },
      `option "redirectMeansExpired" must be true, false, the login page's path or URL (or an array of them), or a function of the URL, got "true".`,
    ],
    [
      { redirectMeansExpired: 'accounts/login/' },
      `option "redirectMeansExpired" must be true, false, the login page's path or URL (or an array of them), or a function of the URL, got "accounts/login/".`,
    ],
    [
      { redirectMeansExpired: [] },
      `option "redirectMeansExpired" must be true, false, the login page's path or URL (or an array of them), or a function of the URL, got [].`,
    ],
    [
      { redirectMeansExpired: ['/login', 7] },
      `option "redirectMeansExpired" must be true, false, the login page's path or URL (or an array of them), or a function of the URL, got ["/login", 7].`,
    ],
    [{ shouldPark: 'same-origin' }, 'option "shouldPark" must be a function, got "same-origin".'],
    [{ prepareReplay: {} }, 'option "prepareReplay" must be a function, got {}.'],
    [{ signOut: '/logout' }, 'option "signOut" must be a function, got "/logout".'],
    [{ fetch: 'fetch' }, 'option "fetch" must be a function, got "fetch".'],
    [{ sessionExpires: 900 }, 'option "sessionExpires" must be a Session-Expires value (delta-seconds or an HTTP-date) or null, got 900.'],
    [{ expiresHeader: 'Session Expires' }, 'option "expiresHeader" must be a header name or null, got "Session Expires".'],
    [{ keepalive: '' }, 'option "keepalive" must be a URL, { url, credentials, headers }, a function returning a Promise<Response>, or null, got "".'],
    [{ keepalive: 42 }, 'option "keepalive" must be a URL, { url, credentials, headers }, a function returning a Promise<Response>, or null, got 42.'],
    [{ crossTab: 1 }, 'option "crossTab" must be true, false, a channel name or a transport factory, got 1.'],
    [{ user: 7 }, 'option "user" must be a string, got 7.'],
    [{ activityEvents: 'keydown' }, 'option "activityEvents" must be an array of event names, got "keydown".'],
    [{ clock: { now: () => 0 } }, 'option "clock" must be an object with now(), setTimeout() and clearTimeout(), got {}.'],
  ])('%j', (options, message) => {
    expect(create(options)).toThrow(TypeError);
    expect(create(options)).toThrow(`[react-session-timeout] ${message}`);
  });

  it('rejects options that are not an object', () => {
    expect(() => createSession(42 as unknown as SessionOptions)).toThrow('option "options" must be an object, got 42.');
  });
});

describe('valid options', () => {
  it('accept Infinity for no idle tracking and for no background pings', () => {
    expect(create({ idleTimeout: Infinity, keepaliveInterval: Infinity })).not.toThrow();
  });

  it('default the warning to at most half the idle timeout, so a short idle timeout alone is valid', () => {
    expect(create({ idleTimeout: 60_000 })).not.toThrow();
  });

  it('accept a keepalive URL or function, a channel name and a custom header', () => {
    expect(create({ keepalive: '/keepalive', crossTab: 'my-app', expiresHeader: 'X-Session-Expiry' })).not.toThrow();
    expect(create({ keepalive: async () => new Response(null, { status: 204 }) })).not.toThrow();
  });
});

describe('development warnings', () => {
  it('warn when the warning leaves less than 20 seconds to respond (WCAG 2.2.1)', () => {
    create({ warningBefore: 10_000 })();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('warningBefore is 10000 ms: WCAG 2.2.1'));
  });

  it('warn about an option name that does not exist (a typo)', () => {
    create({ idleTimout: 5000 })();
    expect(warn).toHaveBeenCalledWith('[react-session-timeout] Unknown option "idleTimout" is ignored.');
  });

  it('stay silent in a production build', () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      create({ warningBefore: 10_000, idleTimout: 5000 })();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('stay silent for the defaults', () => {
    create({})();
    expect(warn).not.toHaveBeenCalled();
  });
});
