import { afterEach, describe, expect, it, vi } from 'vitest';

import type { InspectEvent } from '../../src/core/index.ts';
import { MINUTE, SECOND, answer, respond, settle, startSession, stopStartedSessions } from '../support/session.ts';

afterEach(() => {
  stopStartedSessions();
  vi.restoreAllMocks();
});

const api = (path: string) => `${location.origin}${path}`;

/** Listens to `session.inspect` and keeps what it heard; `kinds()` lists the events in a short form. */
function listen(session: { inspect(listener: (event: InspectEvent) => void): () => void }) {
  const events: InspectEvent[] = [];
  const stop = session.inspect((event) => events.push(event));
  const kinds = () =>
    events.map((event) => {
      switch (event.type) {
        case 'activity':
          return `activity ${event.source} ${event.outcome}${event.throttled ? ` (${event.throttled} throttled)` : ''}`;
        case 'status':
          return `status ${event.from}->${event.to} (${event.event})`;
        case 'keepalive':
          return `keepalive ${event.phase}`;
        case 'request':
          return `request ${event.phase} ${event.method} ${event.path}`;
        case 'response':
          return `response ${event.status} ${event.path}${event.expired ? ' expired' : ''}`;
        case 'expiryHeader':
          return `expiryHeader ${event.value} ${event.outcome}`;
        case 'signedIn':
          return `signedIn ${event.via}`;
        default:
          return event.type;
      }
    });
  return { events, stop, kinds };
}

describe('session.inspect(listener): what the engine decided, and why', () => {
  it('tells a whole session life in order: activity, warning, Stay signed in, a 440, the parked request, the re-login and its replay', async () => {
    let serverGone = false;
    const { clock, session } = startSession({
      keepalive: api('/keepalive'),
      fetch: vi.fn(async (input: RequestInfo | URL) => {
        const request = new Request(input);
        if (serverGone && !request.url.endsWith('/keepalive')) return answer(440, request.url);
        return answer(200, request.url, { 'Session-Expires': '1200' });
      }),
    });
    const { events, kinds } = listen(session);
    expect(events[0]).toMatchObject({ type: 'inspect', status: 'active', settings: { idleTimeout: 10 * MINUTE, warningBefore: MINUTE, keepalive: 'url' } });

    clock.advance(SECOND);
    session.reportActivity();
    clock.advance(9 * MINUTE);
    await expect(session.extend()).resolves.toBe('extended');
    serverGone = true;
    const saved = session.fetch(api('/api/expenses?draft=1'), { method: 'POST', body: 'lunch' });
    await settle();
    serverGone = false;
    await session.resume({ user: 'ada' });
    await expect(saved).resolves.toMatchObject({ status: 200 });

    expect(kinds()).toEqual([
      'inspect',
      'deadline',
      'activity report taken', // moves the idle deadline, which needs no event of its own
      'status active->warning (check)',
      'keepalive sent',
      'response 200 /keepalive',
      'expiryHeader 1200 taken', // 20 minutes: the idle deadline still binds
      'keepalive answered',
      'status warning->active (extended)',
      'deadline',
      'response 440 /api/expenses expired',
      'status active->expired (expiredResponse)',
      'deadline',
      'request parked POST /api/expenses',
      'signedIn resume',
      'status expired->active (resume)',
      'deadline',
      'request replayed POST /api/expenses',
      'response 200 /api/expenses',
      'expiryHeader 1200 taken',
    ]);
    for (let index = 1; index < events.length; index++) expect(events[index]!.at).toBeGreaterThanOrEqual(events[index - 1]!.at);
  });

  it('hears a request park again when its replay meets the expiry again, so the parked queue adds up', async () => {
    const { session } = startSession({ fetch: vi.fn(async (input: RequestInfo | URL) => answer(440, new Request(input).url)) });
    const { kinds } = listen(session);
    void session.fetch(api('/api/expenses'), { method: 'POST', body: 'lunch' }).catch(() => {});
    await settle();
    await session.resume();
    await settle();
    expect(kinds().filter((kind) => kind.startsWith('request'))).toEqual([
      'request parked POST /api/expenses',
      'request replayed POST /api/expenses',
      'request parked POST /api/expenses',
    ]);
    expect(session.getSnapshot().parked).toBe(1);
    await session.signOut();
  });

  it('says why activity was ignored: within a second of the last (counted), or while the warning waits for a deliberate answer', () => {
    const { clock, session } = startSession({ activityEvents: ['keydown'] });
    const { kinds } = listen(session);
    clock.advance(SECOND);
    for (let key = 0; key < 4; key++) window.dispatchEvent(new KeyboardEvent('keydown'));
    clock.advance(9 * MINUTE + SECOND);
    window.dispatchEvent(new KeyboardEvent('keydown'));
    expect(kinds().filter((kind) => kind.startsWith('activity'))).toEqual(['activity dom taken', 'activity dom duringWarning (3 throttled)']);
  });

  it('names the source that binds the deadline: the server expiry, when it comes first', () => {
    const { clock, session } = startSession();
    const { events } = listen(session);
    session.handleResponse(answer(200, api('/api/me'), { 'Session-Expires': '300' }));
    clock.advance(SECOND);
    const deadlines = events.filter((event) => event.type === 'deadline');
    expect(deadlines.at(-1)).toMatchObject({ binds: 'server', serverExpiry: session.getDeadline() });
  });

  it('reports an expiry header it ignored, and why', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { session } = startSession();
    const { kinds } = listen(session);
    session.handleResponse(answer(200, api('/api/a'), { 'Session-Expires': 'soon' }));
    expect(kinds()).toContain('expiryHeader soon malformed');
  });

  it('never carries a body, a query, another header or anything typed', async () => {
    const { session } = startSession({ fetch: vi.fn(async (input: RequestInfo | URL) => answer(440, new Request(input).url, { 'X-Secret': 'hunter2' })) });
    const { events } = listen(session);
    void session
      .fetch(api('/api/orders?card=4242424242424242'), {
        method: 'POST',
        headers: { Authorization: 'Bearer secret-token' },
        body: JSON.stringify({ password: 'correct horse' }),
      })
      .catch(() => {});
    await settle();
    await session.signOut();
    const heard = JSON.stringify(events);
    for (const secret of ['4242', 'secret-token', 'correct horse', 'hunter2', 'card=']) expect(heard).not.toContain(secret);
    expect(heard).toContain('/api/orders');
  });

  it('tells every listener where the deadline stands when it attaches: a second one, or one attached again (StrictMode; found in review)', () => {
    const { session } = startSession();
    const first = listen(session);
    const second = listen(session);
    expect(second.events.map((event) => event.type)).toEqual(['inspect', 'deadline']);
    first.stop();
    second.stop();
    const again = listen(session);
    expect(again.events.map((event) => event.type)).toEqual(['inspect', 'deadline']);
  });

  it('reads nothing of a response while no one listens', () => {
    const { session } = startSession();
    const response = respond(200, { 'Session-Expires': '600' });
    const url = vi.fn(() => api('/api/a'));
    Object.defineProperty(response, 'url', { get: url });
    session.handleResponse(response);
    expect(url).not.toHaveBeenCalled();

    const { stop } = listen(session);
    session.handleResponse(response);
    expect(url).toHaveBeenCalled();
    stop();
    url.mockClear();
    session.handleResponse(response);
    expect(url).not.toHaveBeenCalled();
  });

  it('keeps the session going when a listener throws', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { clock, session } = startSession();
    session.inspect(() => {
      throw new Error('broken panel');
    });
    clock.advance(9 * MINUTE);
    expect(session.getSnapshot().status).toBe('warning');
  });

  it('rejects a listener that is not a function with a TypeError naming it', () => {
    const { session } = startSession();
    expect(() => session.inspect('log' as never)).toThrow(/"listener" must be a function, got "log"/);
  });
});
