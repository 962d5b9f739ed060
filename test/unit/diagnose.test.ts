import { describe, expect, it } from 'vitest';

import type { InspectEvent, InspectEventBody, InspectSettings } from '../../src/core/inspect.ts';
import { diagnose, type Finding, type FindingCause } from '../../src/devtools/index.ts';
import { at, inspectSettings as settings } from '../support/inspect.ts';
import { MINUTE, SECOND } from '../support/session.ts';

/**
 * A recording written as it happened: `add(seconds, event)` appends an event and returns its index,
 * so a test names the events its finding must cite.
 */
function recording() {
  const events: InspectEvent[] = [];
  const add = (seconds: number, body: InspectEventBody & { count?: number; until?: number }) => events.push({ ...body, at: at(seconds) }) - 1;
  return { events, add };
}

const inspect = (change: Partial<InspectSettings> = {}): InspectEventBody => ({ type: 'inspect', status: 'active', reason: null, settings: settings(change) });
const activity = (outcome: 'taken' | 'duringWarning' = 'taken', throttled = 0): InspectEventBody => ({ type: 'activity', source: 'dom', outcome, throttled });
type ResponseBody = Extract<InspectEventBody, { type: 'response' }>;
const ok = (change: Partial<ResponseBody> = {}): ResponseBody => ({
  type: 'response',
  via: 'fetch',
  method: 'GET',
  path: '/api/orders',
  sameOrigin: true,
  status: 200,
  expired: false,
  redirected: false,
  expiryHeader: false,
  dateSkew: 0,
  current: true,
  ...change,
});
const expired440 = (change: Partial<ResponseBody> = {}) => ok({ method: 'POST', status: 440, expired: true, ...change });
const signedIn = (via: 'resume' | 'refresh' | 'otherTab' = 'resume'): InspectEventBody => ({ type: 'signedIn', via, userChanged: false });
const endedBy = (reason: 'server' | 'response' | 'idle'): InspectEventBody => ({
  type: 'status',
  from: 'active',
  to: 'expired',
  reason,
  event: reason === 'response' ? 'expiredResponse' : 'check',
});
const resumed: InspectEventBody = { type: 'status', from: 'expired', to: 'active', reason: null, event: 'resume' };
const deadline = (idleDeadline: number, serverExpiry: number): InspectEventBody => ({
  type: 'deadline',
  deadline: Math.min(idleDeadline, serverExpiry),
  binds: serverExpiry < idleDeadline ? 'server' : 'idle',
  idleDeadline,
  serverExpiry,
});
const configure = (keepalive: boolean, from: 'here' | 'otherTab' = 'here'): InspectEventBody => ({
  type: 'configure',
  from,
  idleTimeout: 15 * MINUTE,
  warningBefore: 2 * MINUTE,
  keepaliveInterval: MINUTE,
  keepalive,
});

const causes = (findings: readonly Finding[]) => findings.map((finding) => finding.cause);
const finding = (events: readonly InspectEvent[], cause: FindingCause) => diagnose(events).find((found) => found.cause === cause);

describe('a healthy session', () => {
  it('gives no findings: work, keepalives, a warning, an idle end, a re-login and the replayed save', () => {
    const { events, add } = recording();
    add(0, inspect());
    add(0, { type: 'deadline', deadline: at(900), binds: 'idle', idleDeadline: at(900), serverExpiry: null });
    add(5, activity());
    add(6, activity('taken', 40));
    add(6, ok({ sameOrigin: true, expiryHeader: true, dateSkew: 2 * SECOND }));
    add(6, { type: 'expiryHeader', header: 'Session-Expires', value: 'Mon, 03 Mar 2025 09:20:06 GMT', expiry: at(1206), skew: 2 * SECOND, outcome: 'taken' });
    add(6, deadline(at(905), at(1206)));
    add(65, { type: 'keepalive', phase: 'sent', trigger: 'background', status: null, result: null });
    add(65, { type: 'keepalive', phase: 'answered', trigger: 'background', status: 204, result: 'extended' });
    add(65, ok({ via: 'keepalive', path: '/api/session/keepalive', status: 204 }));
    add(785, { type: 'status', from: 'active', to: 'warning', reason: null, event: 'check' });
    add(905, endedBy('idle'));
    add(1500, signedIn('resume'));
    add(1500, resumed);
    add(1501, ok({ method: 'POST', path: '/api/orders' }));
    add(1501, ok({ sameOrigin: false, path: '/v1/reports', expiryHeader: true }));
    expect(diagnose(events)).toEqual([]);
  });

  it('gives no findings for no events at all', () => {
    expect(diagnose([])).toEqual([]);
  });
});

describe('sessions-not-shared', () => {
  /** Behind a load balancer without sticky sessions, each save after a re-login lands on a server that never saw the sign-in. */
  it('is found when a save is refused right after each of two re-logins, citing each sign-in and its refusal', () => {
    const { events, add } = recording();
    add(0, inspect());
    add(600, expired440());
    add(600, endedBy('response'));
    add(600, { type: 'request', phase: 'parked', method: 'POST', path: '/api/orders', reason: null });
    const firstSignIn = add(640, signedIn('resume'));
    add(640, resumed);
    add(640, { type: 'request', phase: 'replayed', method: 'POST', path: '/api/orders', reason: null });
    const firstRefusal = add(641, expired440());
    add(641, endedBy('response'));
    const secondSignIn = add(700, signedIn('resume'));
    add(700, resumed);
    const secondRefusal = add(703, expired440());
    add(703, endedBy('response'));

    expect(causes(diagnose(events))).toEqual(['sessions-not-shared']);
    const found = finding(events, 'sessions-not-shared')!;
    expect(found.evidence).toEqual([firstSignIn, firstRefusal, secondSignIn, secondRefusal]);
    expect(found.title).toBe('Right after a sign-in the server said the session had expired, 2 times');
    expect(found.fix).toMatch(/sticky sessions.*shared session store \(Redis, SQL\)/);
  });

  it('counts a silent refresh as a sign-in', () => {
    const { events, add } = recording();
    add(0, inspect({ refresh: true }));
    add(100, signedIn('refresh'));
    add(101, expired440({ method: 'GET' }));
    add(200, signedIn('refresh'));
    add(209, expired440({ method: 'GET' }));
    expect(finding(events, 'sessions-not-shared')?.evidence).toEqual([1, 2, 3, 4]);
  });

  it('is not found for one refusal after a re-login: one can be a race', () => {
    const { events, add } = recording();
    add(0, inspect());
    add(640, signedIn('resume'));
    add(641, expired440());
    add(700, signedIn('resume'));
    add(701, ok({ method: 'POST' }));
    expect(diagnose(events)).toEqual([]);
  });

  it('is not found when the refusals come later than 10 s after each sign-in', () => {
    const { events, add } = recording();
    add(0, inspect());
    add(100, signedIn('resume'));
    add(111, expired440());
    add(200, signedIn('resume'));
    add(215, expired440());
    expect(causes(diagnose(events))).not.toContain('sessions-not-shared');
  });

  it('is not found when the refusals answer requests sent before the sign-in, or follow a sign-in in another tab', () => {
    const { events, add } = recording();
    add(0, inspect());
    add(100, signedIn('resume'));
    add(101, expired440({ current: false }));
    add(150, signedIn('resume'));
    add(151, expired440({ current: false }));
    add(200, signedIn('otherTab'));
    add(201, expired440());
    add(300, signedIn('otherTab'));
    add(301, expired440());
    expect(causes(diagnose(events))).not.toContain('sessions-not-shared');
  });
});

describe('server-timeout-shorter', () => {
  it('is found when the server ends the session while the person types, and says the keepalive is configured', () => {
    const { events, add } = recording();
    add(0, inspect({ keepalive: 'url', keepaliveInterval: 5 * MINUTE }));
    add(10, activity());
    const typing = add(570, activity('taken', 12));
    const end = add(600, endedBy('server'));

    expect(causes(diagnose(events))).toEqual(['server-timeout-shorter']);
    const found = finding(events, 'server-timeout-shorter')!;
    expect(found.evidence).toEqual([typing, end]);
    expect(found.title).toBe('The server ended the session while the person was active');
    expect(found.fix).toBe(
      "Raise the server's session timeout above idleTimeout (15 min) or lower idleTimeout; a keepalive is configured, so also check that keepaliveInterval (5 min) is shorter than the server timeout.",
    );
  });

  it('reads the end of a recorder run of activity (`until`), not its start', () => {
    const { events, add } = recording();
    add(0, inspect());
    const typing = add(10, { ...activity(), until: at(590) });
    const end = add(600, endedBy('response'));
    expect(finding(events, 'server-timeout-shorter')?.evidence).toEqual([typing, end]);
  });

  it("is found when the server's expiry keeps coming before the idle deadline, citing the first event of each expiry", () => {
    const { events, add } = recording();
    add(0, inspect());
    const first = add(10, deadline(at(910), at(610)));
    add(11, deadline(at(911), at(610)));
    const second = add(40, deadline(at(940), at(640)));
    const third = add(95, deadline(at(995), at(695)));
    add(96, deadline(at(996), at(695)));

    expect(causes(diagnose(events))).toEqual(['server-timeout-shorter']);
    const found = finding(events, 'server-timeout-shorter')!;
    expect(found.evidence).toEqual([first, second, third]);
    expect(found.title).toBe("The server's expiry came before the idle deadline 3 times");
  });

  it('is not found when the server ends the session after the person was away for minutes, or within 10 s of a sign-in', () => {
    const { events, add } = recording();
    add(0, inspect());
    add(10, activity());
    add(400, endedBy('server'));
    add(900, signedIn('resume'));
    add(900, activity());
    add(905, endedBy('response'));
    expect(diagnose(events)).toEqual([]);
  });

  it('is not found for one fixed server expiry (a maximum session length), however often it binds, nor for two', () => {
    const { events, add } = recording();
    add(0, inspect());
    for (let second = 10; second < 100; second += 10) add(second, deadline(at(second + 900), at(600)));
    add(100, deadline(at(1000), at(700)));
    expect(diagnose(events)).toEqual([]);
  });
});

describe('no-keepalive', () => {
  /** A long form without requests: the page counts the typing, the server never hears of it. */
  it('is found when a save is refused after typing with no keepalive configured, citing the typing and the refusal', () => {
    const { events, add } = recording();
    add(0, inspect({ keepalive: null }));
    add(5, ok());
    const typing = add(30, { ...activity(), count: 400, until: at(1195) });
    const refusal = add(1200, expired440({ path: '/api/forms/42' }));
    const end = add(1200, endedBy('response'));

    expect(causes(diagnose(events))).toEqual(['server-timeout-shorter', 'no-keepalive']);
    const found = finding(events, 'no-keepalive')!;
    expect(found.evidence).toEqual([typing, refusal]);
    expect(found.fix).toMatch(/^Configure the `keepalive` option/);
    // The other finding of the same refusal says no keepalive is configured.
    expect(finding(events, 'server-timeout-shorter')).toMatchObject({ evidence: [typing, end], fix: expect.stringContaining('none is configured') });
  });

  it("follows this tab's configure: a keepalive removed later counts, another tab's configure does not", () => {
    const { events, add } = recording();
    add(0, inspect({ keepalive: 'url' }));
    add(1, configure(true, 'otherTab'));
    add(2, configure(false));
    add(3, configure(true, 'otherTab'));
    const typing = add(600, activity());
    const refusal = add(610, expired440());
    expect(finding(events, 'no-keepalive')?.evidence).toEqual([typing, refusal]);
  });

  it('is not found with a keepalive configured, with settings unknown, or when the person was idle before the refusal', () => {
    const configured = recording();
    configured.add(0, inspect({ keepalive: 'function' }));
    configured.add(600, activity());
    configured.add(610, expired440());
    expect(causes(diagnose(configured.events))).not.toContain('no-keepalive');

    const unknown = recording();
    unknown.add(600, activity());
    unknown.add(610, expired440());
    expect(causes(diagnose(unknown.events))).not.toContain('no-keepalive');

    const idle = recording();
    idle.add(0, inspect({ keepalive: null }));
    idle.add(10, activity());
    idle.add(610, expired440());
    expect(diagnose(idle.events)).toEqual([]);
  });
});

describe('login-redirect', () => {
  /** IIS forms authentication answers an expired session with a 302 to its login page, which then answers 200. */
  it('is found when responses end on a login page without counting as expired, citing each', () => {
    const { events, add } = recording();
    add(0, inspect({ redirectMeansExpired: false }));
    add(5, ok());
    const first = add(900, ok({ method: 'POST', path: '/Account/Login', redirected: true }));
    const second = add(950, ok({ path: '/Account/Login', redirected: true }));

    expect(causes(diagnose(events))).toEqual(['login-redirect']);
    const found = finding(events, 'login-redirect')!;
    expect(found.evidence).toEqual([first, second]);
    expect(found.title).toBe('Responses were redirected to a login page (/Account/Login) and not counted as expired');
    expect(found.fix).toMatch(/`redirectMeansExpired: '\/Account\/Login'`.*`isExpired`/);
  });

  it.each(['/login', '/app/login', '/LOGIN.aspx', '/signin', '/sign-in/', '/logon', '/auth/realms/acme/protocol/openid-connect/auth', '/sso'])(
    'recognises %s as a login page',
    (path) => {
      const { events, add } = recording();
      add(0, ok({ path, redirected: true }));
      expect(causes(diagnose(events))).toEqual(['login-redirect']);
    },
  );

  it('is not found for a redirect to another page, a login path reached without redirect, or a redirect counted as expired', () => {
    const { events, add } = recording();
    add(0, inspect({ redirectMeansExpired: true }));
    add(1, ok({ method: 'POST', path: '/orders/42', redirected: true }));
    add(2, ok({ path: '/api/authors', redirected: true }));
    add(3, ok({ path: '/blogin', redirected: true }));
    add(4, ok({ path: '/login', redirected: false }));
    add(5, ok({ path: '/login', redirected: true, expired: true, status: 200 }));
    expect(causes(diagnose(events))).not.toContain('login-redirect');
  });
});

describe('expiry-header-hidden', () => {
  /** The API on another origin sends Session-Expires, but without Access-Control-Expose-Headers the browser hides it. */
  it('is found when same-origin responses carry the expiry header and cross-origin ones never do', () => {
    const { events, add } = recording();
    add(0, inspect({ expiresHeader: 'X-Session-Expires' }));
    const sameOrigin = add(1, ok({ path: '/api/me', expiryHeader: true }));
    add(2, ok({ path: '/api/me', expiryHeader: true }));
    const report = add(10, ok({ sameOrigin: false, path: '/v1/reports' }));
    add(11, ok({ sameOrigin: false, path: '/v1/reports', status: 503 }));
    const orders = add(20, ok({ sameOrigin: false, path: '/v1/orders', method: 'POST', status: 201 }));

    expect(causes(diagnose(events))).toEqual(['expiry-header-hidden']);
    const found = finding(events, 'expiry-header-hidden')!;
    expect(found.evidence).toEqual([sameOrigin, report, orders]);
    expect(found.title).toBe('Cross-origin responses never expose X-Session-Expires, while same-origin ones do');
    expect(found.fix).toBe('Have the cross-origin server send `Access-Control-Expose-Headers: X-Session-Expires, Date`.');
  });

  it('is not found for a same-origin-only app, one cross-origin answer, or a cross-origin server that exposes it once', () => {
    const sameOriginOnly = recording();
    sameOriginOnly.add(0, ok({ expiryHeader: true }));
    sameOriginOnly.add(1, ok({ expiryHeader: false }));
    expect(diagnose(sameOriginOnly.events)).toEqual([]);

    const oneAnswer = recording();
    oneAnswer.add(0, ok({ expiryHeader: true }));
    oneAnswer.add(1, ok({ sameOrigin: false }));
    oneAnswer.add(2, ok({ sameOrigin: false, status: 500 }));
    expect(diagnose(oneAnswer.events)).toEqual([]);

    const exposedOnce = recording();
    exposedOnce.add(0, ok({ expiryHeader: true }));
    exposedOnce.add(1, ok({ sameOrigin: false }));
    exposedOnce.add(2, ok({ sameOrigin: false, expiryHeader: true }));
    exposedOnce.add(3, ok({ sameOrigin: false }));
    expect(diagnose(exposedOnce.events)).toEqual([]);
  });

  it('is not found in Node, where no response has an origin to compare', () => {
    const { events, add } = recording();
    add(0, ok({ sameOrigin: null, expiryHeader: true }));
    add(1, ok({ sameOrigin: null }));
    add(2, ok({ sameOrigin: null }));
    expect(diagnose(events)).toEqual([]);
  });
});

describe('clock-skew', () => {
  it("is found when the server's Date is minutes behind, says how far in the title, and cites the worst readings", () => {
    const { events, add } = recording();
    add(0, inspect());
    add(1, ok({ dateSkew: 5 * MINUTE + 1 * SECOND }));
    const worst = add(2, ok({ dateSkew: 5 * MINUTE + 9 * SECOND }));
    const header = add(2, { type: 'expiryHeader', header: 'Session-Expires', value: '...', expiry: at(1202), skew: 5 * MINUTE + 9 * SECOND, outcome: 'taken' });
    const third = add(3, ok({ dateSkew: 5 * MINUTE + 3 * SECOND }));
    add(4, ok({ dateSkew: null }));

    expect(causes(diagnose(events))).toEqual(['clock-skew']);
    const found = finding(events, 'clock-skew')!;
    expect(found.title).toBe("The server's clock is 5 min behind this browser");
    expect(found.evidence).toEqual([worst, header, third]);
    expect(found.fix).toMatch(/NTP/);
  });

  it('says "ahead of" when the server runs fast', () => {
    const { events, add } = recording();
    add(1, ok({ dateSkew: -75 * SECOND }));
    add(2, ok({ dateSkew: -85 * SECOND }));
    expect(finding(events, 'clock-skew')?.title).toBe("The server's clock is 80 s ahead of this browser");
  });

  it('is not found for a skew of 5 s, nor for one response from an HTTP cache stamped hours ago', () => {
    const { events, add } = recording();
    add(1, ok({ dateSkew: 5 * SECOND }));
    add(2, ok({ dateSkew: -5 * SECOND }));
    add(3, ok({ dateSkew: 60 * SECOND }));
    add(4, ok({ dateSkew: 3 * 60 * MINUTE }));
    add(4, { type: 'expiryHeader', header: 'Session-Expires', value: '...', expiry: null, skew: 3 * 60 * MINUTE, outcome: 'passed' });
    expect(diagnose(events)).toEqual([]);
  });
});

describe('findings together', () => {
  it('come most serious first, one per cause, with evidence ascending, from a frozen list it never changes', () => {
    const { events, add } = recording();
    add(0, inspect({ keepalive: null }));
    add(1, ok({ dateSkew: 2 * MINUTE, path: '/login', redirected: true }));
    add(2, ok({ dateSkew: 2 * MINUTE, path: '/sso', redirected: true }));
    add(100, signedIn());
    add(101, expired440());
    add(200, signedIn());
    add(201, expired440());
    add(300, signedIn());
    add(302, expired440());
    Object.freeze(events).forEach((event) => Object.freeze(event));

    const findings = diagnose(events);
    expect(causes(findings)).toEqual(['sessions-not-shared', 'login-redirect', 'clock-skew']);
    expect(findings[0]!.evidence).toEqual([3, 4, 5, 6, 7, 8]);
    expect(diagnose(events)).toEqual(findings);
  });
});
