import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Session, SessionOptions } from '../../src/core/index.ts';
import { createTestClock, type TestClock } from '../../src/testing/index.ts';
import { MINUTE, SECOND, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

afterEach(stopStartedSessions);

/** A session whose keepalive URL is answered by `answer`; `pings` records when each ping was sent. */
function withKeepalive(answer: () => Promise<Response> = async () => respond(204), options = {}) {
  const pings: Array<{ at: number; request: Request }> = [];
  const setup = startSession({
    keepalive: '/api/session/keepalive',
    fetch: async (input, init) => {
      pings.push({ at: setup.clock.now(), request: new Request(new URL(String(input), 'https://app.example'), init) });
      return answer();
    },
    ...options,
  });
  return { ...setup, pings };
}

const move = (x: number) => window.dispatchEvent(new MouseEvent('pointermove', { clientX: x, clientY: x }));

describe('background keepalive', () => {
  it('never pings for a person who does nothing', () => {
    const { clock, pings } = withKeepalive();
    clock.advance(30 * MINUTE);
    expect(pings).toEqual([]);
  });

  it('never pings once the session is stopped, whatever activity it is told of', async () => {
    const { clock, session, pings } = withKeepalive();
    session.stop();
    clock.advance(2 * MINUTE);
    session.reportActivity();
    await settle();
    expect(pings).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('pings at most once a minute while the person works, so a long form outlives the server timeout', async () => {
    const { clock, pings, startedAt, status } = withKeepalive();
    for (let second = 10; second <= 5 * 60; second += 10) {
      clock.advance(10 * SECOND);
      move(second);
      await settle();
    }
    expect(pings.map((ping) => (ping.at - startedAt) / SECOND)).toEqual([60, 120, 180, 240, 300]);
    expect(status()).toBe('active');
  });

  it('POSTs to the keepalive URL with the page credentials', async () => {
    const { clock, pings } = withKeepalive();
    clock.advance(MINUTE);
    move(1);
    await settle();
    expect(pings[0]!.request).toMatchObject({ method: 'POST', credentials: 'same-origin', cache: 'no-store' });
    expect(pings[0]!.request.url).toBe('https://app.example/api/session/keepalive');
  });

  it('does not ping when the app just talked to the server and it moved the expiry', async () => {
    const { clock, session, pings } = withKeepalive();
    clock.advance(50 * SECOND);
    session.handleResponse(respond(200, { 'Session-Expires': '900' }));
    clock.advance(20 * SECOND);
    move(1);
    await settle();
    expect(pings).toEqual([]);
  });

  it('ends the session when the ping finds it already gone', async () => {
    const { clock, session } = withKeepalive(async () => respond(440));
    clock.advance(MINUTE);
    move(1);
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
  });

  it('never throws into the app when the network fails or the function throws', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const offline = withKeepalive(async () => {
        throw new TypeError('Failed to fetch');
      });
      const broken = startSession({
        keepalive: () => {
          throw new Error('not even a promise');
        },
      });
      for (const { clock } of [offline, broken]) clock.advance(MINUTE);
      move(1);
      await settle();
      expect(offline.status()).toBe('active');
      expect(broken.status()).toBe('active');
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('calls a keepalive function with an abort signal that fires when the session stops', async () => {
    let signal: AbortSignal | undefined;
    const { clock, session } = startSession({
      keepalive: (given) => {
        signal = given;
        return new Promise<Response>(() => {});
      },
    });
    clock.advance(MINUTE);
    move(1);
    expect(signal?.aborted).toBe(false);
    session.stop();
    expect(signal?.aborted).toBe(true);
  });
});

describe('"Stay signed in" (extend)', () => {
  it('pings at once, shows it is busy meanwhile, and restarts the full interval', async () => {
    let answer!: (response: Response) => void;
    const { clock, session, pings, changes } = withKeepalive(() => new Promise((resolve) => (answer = resolve)));
    clock.advance(9 * MINUTE);
    const result = session.extend();
    expect(pings).toHaveLength(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'warning', extending: true });
    clock.advance(2 * SECOND);
    answer(respond(204));
    await expect(result).resolves.toBe('extended');
    expect(session.getSnapshot()).toMatchObject({ status: 'active', extending: false });
    expect(session.getDeadline()).toBe(clock.now() + 10 * MINUTE);
    expect(changes.map(({ status, extending }) => `${status}${extending ? ' (extending)' : ''}`)).toEqual(['warning', 'warning (extending)', 'active']);
  });

  it('sends one ping however often the person presses Escape', async () => {
    const { clock, session, pings } = withKeepalive();
    clock.advance(9 * MINUTE);
    const results = await Promise.all([session.extend(), session.extend(), session.extend(), session.extend(), session.extend()]);
    expect(results).toEqual(Array(5).fill('extended'));
    expect(pings).toHaveLength(1);
  });

  it('reports offline and keeps the warning and its countdown when the server cannot be reached', async () => {
    const { clock, session } = withKeepalive(async () => {
      throw new TypeError('Failed to fetch');
    });
    clock.advance(9 * MINUTE);
    const expiresAt = session.getSnapshot().expiresAt;
    await expect(session.extend()).resolves.toBe('offline');
    expect(session.getSnapshot()).toMatchObject({ status: 'warning', extending: false, expiresAt });
    clock.advance(MINUTE);
    expect(session.getSnapshot().status).toBe('expired');
  });

  it('reports offline when the server fails (5xx): nothing was extended', async () => {
    const { clock, session } = withKeepalive(async () => respond(503));
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('offline');
    expect(session.getSnapshot().status).toBe('warning');
  });

  it.each([401, 403, 404, 400, 410])('reports refused when the server answers %i: it answered, but would not extend', async (code) => {
    const { clock, session } = withKeepalive(async () => respond(code));
    clock.advance(9 * MINUTE);
    const expiresAt = session.getSnapshot().expiresAt;
    await expect(session.extend()).resolves.toBe('refused');
    expect(session.getSnapshot()).toMatchObject({ status: 'warning', extending: false, expiresAt });
    clock.advance(MINUTE);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'idle' });
  });

  it.each([408, 429])('reports offline, not refused, for %i: trying again may work', async (code) => {
    const { clock, session } = withKeepalive(async () => respond(code));
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('offline');
    expect(session.getSnapshot().status).toBe('warning');
  });

  it('reports expired, not refused, for a 4xx the app names as expired', async () => {
    const { clock, session } = withKeepalive(async () => respond(401), { expiredStatuses: [401] });
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('expired');
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
  });

  it('reports expired, and the session expires, when the server session is already gone', async () => {
    const { clock, session } = withKeepalive(async () => respond(440));
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('expired');
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });
  });

  it('reports a hard limit when the server keeps its expiry after a successful ping', async () => {
    let serverExpiresIn = 5 * 60;
    const { clock, session } = withKeepalive(async () => respond(204, { 'Session-Expires': String(serverExpiresIn) }));
    session.handleResponse(respond(200, { 'Session-Expires': String(serverExpiresIn) }));
    clock.advance(4 * MINUTE);
    expect(session.getSnapshot().status).toBe('warning');
    serverExpiresIn = 60; // the same absolute time: the server will not go past it
    await expect(session.extend()).resolves.toBe('extended');
    expect(session.getSnapshot()).toMatchObject({ status: 'warning', hardLimit: true });
  });

  it('clears the hard limit once the server moves its expiry again', async () => {
    const { clock, session } = withKeepalive(async () => respond(204, { 'Session-Expires': '60' }));
    session.handleResponse(respond(200, { 'Session-Expires': '300' }));
    clock.advance(4 * MINUTE);
    await session.extend();
    expect(session.getSnapshot().hardLimit).toBe(true);
    session.handleResponse(respond(200, { 'Session-Expires': '900' }));
    expect(session.getSnapshot()).toMatchObject({ status: 'active', hardLimit: false });
  });

  it('extends locally at once when no keepalive is configured', async () => {
    const { clock, session } = startSession();
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('extended');
    expect(session.getSnapshot().status).toBe('active');
  });

  it('reports expired once the session has ended, without pinging', async () => {
    const { clock, session, pings } = withKeepalive();
    clock.advance(10 * MINUTE);
    await expect(session.extend()).resolves.toBe('expired');
    expect(pings).toEqual([]);
  });

  it('reports expired when the session ended while the ping was out', async () => {
    let answer!: (response: Response) => void;
    const { clock, session } = withKeepalive(() => new Promise((resolve) => (answer = resolve)));
    clock.advance(9 * MINUTE);
    const result = session.extend();
    clock.advance(10 * SECOND);
    session.handleResponse(respond(440)); // another request learns the server session is gone
    answer(respond(204));
    await expect(result).resolves.toBe('expired');
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response', extending: false });
  });
});

/**
 * ASP.NET forms authentication's sliding expiration: the ticket is renewed only once more than
 * half of its timeout has passed; a request in the first half leaves the expiry where it was.
 * Every answer says how long is left (Session-Expires, delta-seconds); a dead session answers 440.
 */
function formsAuthentication(clock: { now(): number }, timeout: number, { renews = true } = {}) {
  let issuedAt = clock.now();
  let expires = issuedAt + timeout;
  const alive = () => clock.now() < expires;
  return {
    alive,
    answer(status = 204): Response {
      const now = clock.now();
      if (!alive()) return respond(440);
      if (renews && now - issuedAt > timeout / 2) {
        issuedAt = now;
        expires = now + timeout;
      }
      return respond(status, { 'Session-Expires': String(Math.floor((expires - now) / SECOND)) });
    },
  };
}

/** A session against `formsAuthentication`, its page served with the ticket's first answer. */
function againstFormsAuthentication(timeout: number, options: SessionOptions = {}, server: { renews?: boolean } = {}) {
  const clock = createTestClock();
  const forms = formsAuthentication(clock, timeout, server);
  const pings: number[] = [];
  const setup = startSession({
    ...options,
    clock,
    keepalive: async () => {
      pings.push(clock.now());
      return forms.answer();
    },
  });
  setup.session.handleResponse(forms.answer(200)); // the page itself
  return { ...setup, forms, pings };
}

/** The person works: activity every 5 s for `ms`, each followed by the pings it causes. */
async function work(setup: { clock: TestClock; session: Session }, ms: number) {
  for (let spent = 0; spent < ms; spent += 5 * SECOND) {
    setup.clock.advance(5 * SECOND);
    setup.session.reportActivity();
    await settle();
  }
}

describe('a short server session (issue 23)', () => {
  it('keeps a one-minute sliding ticket alive while the person works, with the default 60 s interval', async () => {
    const setup = againstFormsAuthentication(MINUTE, { warningBefore: 20 * SECOND, activityEvents: [] });
    await work(setup, 4 * MINUTE);
    expect(setup.forms.alive()).toBe(true); // renewed past half its minute, before it ran out
    expect(setup.statuses()).not.toContain('warning');
    expect(setup.pings.length).toBeLessThanOrEqual(9); // about every half minute, not at every activity
  });

  it("fits a warningBefore longer than the server's session into it, and says so in development", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const setup = againstFormsAuthentication(MINUTE, { warningBefore: 2 * MINUTE, activityEvents: [] });
    expect(setup.status()).toBe('active'); // not a warning the moment the page is served
    await work(setup, 2 * MINUTE);
    expect(setup.statuses()).not.toContain('warning'); // the person works: no warning, no sign-out
    expect(setup.forms.alive()).toBe(true);
    const end = setup.session.getDeadline();
    setup.clock.advanceTo(end - 20 * SECOND - 1);
    expect(setup.status()).toBe('active');
    setup.clock.advance(1);
    expect(setup.status()).toBe('warning'); // 20 s before the end when they stop: WCAG 2.2.1's least
    expect(warn.mock.calls.filter(([message]) => String(message).includes('warningBefore'))).toHaveLength(1);
  });

  it('keeps a one-minute ticket alive for a working person when warningBefore is exactly half of it', async () => {
    // Found against Django (test/backends/django): a ping is due only once less than half the span
    // minus the 2 s tolerance is left, so a warning at half the span opened before any ping could.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const setup = againstFormsAuthentication(MINUTE, { warningBefore: 30 * SECOND, activityEvents: [] });
    await work(setup, 2 * MINUTE);
    expect(setup.statuses()).not.toContain('warning');
    expect(setup.forms.alive()).toBe(true);
  });

  it('says in development when the server session is too short for any keepalive to come before the warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const setup = againstFormsAuthentication(40 * SECOND, { warningBefore: 20 * SECOND, activityEvents: [] });
    setup.clock.advance(SECOND);
    expect(warn.mock.calls.filter(([message]) => String(message).includes('too short for the keepalive'))).toHaveLength(1);
  });

  it('offers "Stay signed in", not a hard limit, after a ping in the first half of the timeout left the expiry', async () => {
    const setup = againstFormsAuthentication(10 * MINUTE, { activityEvents: [] });
    setup.clock.advance(2 * MINUTE);
    await expect(setup.session.extend()).resolves.toBe('extended'); // the server kept its expiry: too early to renew
    expect(setup.session.getSnapshot().hardLimit).toBe(false);
    setup.clock.advance(7 * MINUTE); // the warning: a ping now renews
    expect(setup.session.getSnapshot()).toMatchObject({ status: 'warning', hardLimit: false });
    await expect(setup.session.extend()).resolves.toBe('extended');
    expect(setup.session.getSnapshot()).toMatchObject({ status: 'active', hardLimit: false });
  });

  it("still finds a real cap before the warning, from a working person's pings", async () => {
    const setup = againstFormsAuthentication(10 * MINUTE, { activityEvents: [] }, { renews: false });
    await work(setup, 7 * MINUTE);
    expect(setup.session.getSnapshot()).toMatchObject({ status: 'active', hardLimit: true }); // found in the second half
  });
});
