// A server that says the session ended in its body (GraphQL: 200 and UNAUTHENTICATED), read by an
// `isExpired` that returns a promise, against a real GraphQL server (graphql-yoga, in the loopback
// protocol server at /api/graphql): what the server carried out is the truth.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { createSession, SessionExpiredError, type SessionOptions } from '../../src/core/index.ts';
import { createTestClock } from '../../src/testing/index.ts';
import { sessionEndedInGraphQL } from '../browser/graphql/expired.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.reset();
  vi.restoreAllMocks();
});

const newSession = (options: SessionOptions = {}) =>
  createSession({ crossTab: false, clock: createTestClock(), idleTimeout: 60 * 60_000, isExpired: sessionEndedInGraphQL, ...options });

const graphql = (query: string, variables: Record<string, unknown> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
  body: JSON.stringify({ query, variables }),
});
const ADD_NOTE = 'mutation AddNote($text: String!) { addNote(text: $text) }';
const NOTES = '{ notes }';

async function signInAgain(session: ReturnType<typeof createSession>) {
  await session.fetch(`${server.url}/login`, { method: 'POST', park: false, body: 'ada' });
  await session.resume();
}
const parkedCount = (session: ReturnType<typeof createSession>, count: number) =>
  vi.waitFor(() => expect(session.getSnapshot().parked).toBe(count), { timeout: 5000, interval: 5 });
const added = () => server.accepted.filter((hit) => hit.body.includes('addNote'));

describe('a GraphQL server that answers an ended session with 200 and UNAUTHENTICATED', () => {
  it('parks the mutation, and after the re-login sends it once more: the app reads the answer of the one the server carried out', async () => {
    const session = newSession();
    server.expire();
    const saving = session.fetch(`${server.url}/api/graphql`, graphql(ADD_NOTE, { text: 'Dinner at eight' }));
    await parkedCount(session, 1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response' });

    await signInAgain(session);
    const response = await saving;
    expect(await response.json()).toEqual({ data: { addNote: ['Lunch with Grace', 'Dinner at eight'] } });
    expect(server.hits.filter((hit) => hit.body.includes('addNote'))).toHaveLength(2); // refused once, replayed once
    expect(added().map((hit) => JSON.parse(hit.body).variables)).toEqual([{ text: 'Dinner at eight' }]); // carried out once
  });

  it('gives the app an ordinary answer whole: isExpired read a copy of its body', async () => {
    const session = newSession();
    const response = await session.fetch(`${server.url}/api/graphql`, graphql(NOTES));
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ data: { notes: ['Lunch with Grace'] } });
    expect(session.getSnapshot().status).toBe('active');
  });

  it('still takes a 440 in front of the GraphQL server for the end when expiredStatuses names it', async () => {
    const session = newSession({ expiredStatuses: [440] });
    server.expire();
    const saving = session.fetch(`${server.url}/api/notes`, { method: 'POST', body: 'tea' });
    await parkedCount(session, 1);
    await signInAgain(session);
    expect((await saving).status).toBe(201);
  });

  it('rejects a waiting mutation with SessionExpiredError when the person signs out; the server never carried it out', async () => {
    const session = newSession();
    server.expire();
    const saving = session.fetch(`${server.url}/api/graphql`, graphql(ADD_NOTE, { text: 'Dinner at eight' }));
    await parkedCount(session, 1);
    void session.signOut();
    await expect(saving).rejects.toBeInstanceOf(SessionExpiredError);
    expect(added()).toEqual([]);
  });
});

describe('an isExpired that returns a promise', () => {
  it('that never settles: after 10 s the answer is the app’s as it came, with a development warning', async () => {
    const clock = createTestClock();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let asked = false;
    const session = newSession({
      clock,
      isExpired: () => {
        asked = true;
        return new Promise<boolean>(() => {});
      },
    });
    const listing = session.fetch(`${server.url}/api/graphql`, graphql(NOTES));
    let settled = false;
    void listing.finally(() => (settled = true));
    // The 10 s count from the answer's arrival, not the server's: under load the two are apart.
    await vi.waitFor(() => expect(asked).toBe(true));
    expect(server.accepted).toHaveLength(1);
    clock.advance(9_999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    clock.advance(1);
    const response = await listing;
    expect(await response.json()).toEqual({ data: { notes: ['Lunch with Grace'] } });
    expect(session.getSnapshot().status).toBe('active');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/isExpired did not answer within 10 s/));
  });

  it('that rejects: session.fetch rejects with its error, as when it throws', async () => {
    const session = newSession({ isExpired: () => Promise.reject(new Error('cannot read')) });
    await expect(session.fetch(`${server.url}/api/graphql`, graphql(NOTES))).rejects.toThrow('cannot read');
    expect(session.getSnapshot().status).toBe('active');
  });

  it('for a sign-in that came while it read: the old answer does not end the new session', async () => {
    let answer: ((expired: boolean) => void) | null = null;
    const session = newSession({ isExpired: () => new Promise<boolean>((resolve) => (answer = resolve)) });
    server.expire();
    const listing = session.fetch(`${server.url}/api/graphql`, { ...graphql(NOTES), replay: false });
    await vi.waitFor(() => expect(answer).not.toBeNull()); // the answer arrived, and isExpired reads it
    server.signIn();
    await session.resume(); // the person signed in meanwhile (in another tab, say)
    answer!(true);
    await listing.catch(() => {});
    expect(session.getSnapshot().status).toBe('active');
  });

  it('in handleResponse, which answers at once: not expired now, with a development warning; the verdict still ends the session when it comes', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = newSession({ isExpired: async () => true });
    session.start();
    expect(session.handleResponse(new Response('{}', { headers: { 'Content-Type': 'application/json' } }))).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/handleResponse answers at once/));
    await vi.waitFor(() => expect(session.getSnapshot().status).toBe('expired'));
    session.stop();
  });
});
