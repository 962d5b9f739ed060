// session.fetch in real Chromium against the loopback protocol server (cross-origin, with CORS).
import { beforeEach, describe, expect, inject, it, vi } from 'vitest';

import { createSession, type SessionOptions } from '../../src/core/index.ts';
import { createTestClock } from '../../src/testing/index.ts';

const apiUrl = inject('apiUrl');
const api = (path: string) => `${apiUrl}${path}`;
const control = async (action: string, body?: string) => (await fetch(api(`/__control/${action}`), { method: 'POST', body })).json();
const received = async (): Promise<{ accepted: Array<{ path: string; body: string; contentType: string }> }> => control('received');

beforeEach(() => control('reset'));

function newSession(options: SessionOptions = {}) {
  // The API is on another origin than the page: the app says which requests may park.
  return createSession({ crossTab: false, clock: createTestClock(), idleTimeout: 60 * 60_000, shouldPark: () => true, ...options });
}

async function signInAgain(session: ReturnType<typeof createSession>) {
  await session.fetch(api('/login'), { method: 'POST', park: false });
  await session.resume();
}

const parkedCount = (session: ReturnType<typeof createSession>, count: number) =>
  vi.waitFor(() => expect(session.getSnapshot().parked).toBe(count), { timeout: 20_000, interval: 10 });

describe('in Chromium, across origins', () => {
  it('survives a storm of 100 refused requests: one expiry, 100 replays in order, no duplicates', async () => {
    const session = newSession();
    const statuses: string[] = [];
    session.subscribe(() => {
      const { status } = session.getSnapshot();
      if (statuses.at(-1) !== status) statuses.push(status);
    });
    await control('expire');
    const all = Array.from({ length: 100 }, (_, i) => session.fetch(api(`/api/items/${i}`), { method: 'POST', body: String(i) }));
    await parkedCount(session, 100);
    await signInAgain(session);
    expect((await Promise.all(all)).every((response) => response.status === 200)).toBe(true);
    const { accepted } = await received();
    expect(accepted.map((r) => r.body)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    expect(statuses).toEqual(['expired', 'active']);
  });

  it('replays JSON, FormData, Blob and text bodies, each exactly once, in order', async () => {
    const session = newSession();
    await control('expire');
    const form = new FormData();
    form.append('title', 'Notes');
    form.append('file', new File(['attached text'], 'notes.txt', { type: 'text/plain' }));
    const saving = [
      session.fetch(api('/api/json'), { method: 'POST', body: JSON.stringify({ draft: 'long form' }), headers: { 'Content-Type': 'application/json' } }),
      session.fetch(api('/api/form'), { method: 'POST', body: form }),
      session.fetch(api('/api/blob'), { method: 'POST', body: new Blob(['blob body'], { type: 'application/octet-stream' }) }),
      session.fetch(api('/api/text'), { method: 'POST', body: 'text body' }),
    ];
    await parkedCount(session, 4);
    await signInAgain(session);
    await Promise.all(saving);
    const { accepted } = await received();
    expect(accepted.map((r) => r.path)).toEqual(['/api/json', '/api/form', '/api/blob', '/api/text']);
    expect(accepted[0]!.body).toBe('{"draft":"long form"}');
    expect(accepted[1]!.body).toContain('filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nattached text');
    expect(accepted[2]!.body).toBe('blob body');
    expect(accepted[3]!.body).toBe('text body');
  });

  it('reads Session-Expires from a cross-origin response that exposes it', async () => {
    const clock = createTestClock();
    const session = newSession({ clock });
    await session.fetch(api('/api/hello'));
    expect(session.getDeadline()).toBe(clock.now() + 900_000); // 15 minutes, before the 60-minute idle deadline
  });
});

describe('in Chromium, on the page origin, behind an SSO gateway', () => {
  it('with redirectMeansExpired, parks a request the gateway answers with a 302 to its login page on another origin, and replays it once after the re-login', async () => {
    // The default shouldPark: same-origin requests park. /__same-origin is the page's own origin.
    const session = createSession({ crossTab: false, clock: createTestClock(), idleTimeout: 60 * 60_000, redirectMeansExpired: true });
    await control('expire');
    await control('style', 'redirect');
    const saving = session.fetch('/__same-origin/api/draft', { method: 'POST', body: 'draft' });
    await parkedCount(session, 1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });

    await signInAgain(session);
    const response = await saving;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'POST', path: '/api/draft', body: 'draft' });
    const { accepted, hits } = await control('received');
    expect(accepted.map((r: { body: string }) => r.body)).toEqual(['draft']);
    expect(hits.some((r: { path: string }) => r.path.startsWith('/Account/Login'))).toBe(false); // the login page was never fetched
  });
});
